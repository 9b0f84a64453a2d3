// One long-context tier as a form: its threshold and rates, each field's problem shown beside it;
// nothing is saved until every field is valid.
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import type { TierDraft, TierDraftErrors } from "../../../sheetModel/tierEdits";
import { strings } from "../../strings";
import { buttonRow, fieldPair, filledPanel, fullWidthInput } from "../formStyles";
import { useDraftForm } from "../useDraftForm";
import { rateFields } from "./rateFields";

const useStyles = makeStyles({
  form: filledPanel(tokens.colorNeutralBackground3),
  pair: fieldPair,
  input: fullWidthInput,
  actions: buttonRow,
});

export interface TierFormProps {
  readonly label: string;
  readonly initial: TierDraft;
  readonly busy: boolean;
  readonly onSave: (draft: TierDraft) => Promise<TierDraftErrors | undefined>;
  readonly onCancel: () => void;
}

export function TierForm(props: TierFormProps) {
  const styles = useStyles();
  const { field, submit } = useDraftForm(props.initial, props.onSave, styles.input);

  return (
    <form className={styles.form} aria-label={props.label} onSubmit={submit} noValidate>
      {field("asOf", strings.fieldTierAsOf, strings.fieldTierAsOfHint, "text")}
      {field("aboveInputTokens", strings.fieldTierAbove, strings.fieldTierAboveHint, "numeric")}
      {rateFields(field, styles.pair)}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={props.busy}>
          {props.busy ? strings.saving : strings.save}
        </Button>
        <Button onClick={props.onCancel} disabled={props.busy}>
          {strings.cancel}
        </Button>
      </div>
    </form>
  );
}
