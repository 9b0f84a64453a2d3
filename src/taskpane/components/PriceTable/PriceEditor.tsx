// One model's prices as a form: editing a row of the table, or adding a custom model. Each field
// shows its own problem beside it; nothing is saved until every field is valid.
import { useState } from "react";
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { DraftErrors, PriceDraft } from "../../../sheetModel/priceEdits";
import { strings } from "../../strings";
import { buttonRow, fieldPair, filledPanel, fullWidthInput } from "../formStyles";
import { useDraftForm } from "../useDraftForm";
import { rateFields } from "./rateFields";

const useStyles = makeStyles({
  form: filledPanel(tokens.colorNeutralBackground2),
  // Two prices side by side when the pane is wide enough, stacked when it is not.
  pair: fieldPair,
  input: fullWidthInput,
  actions: buttonRow,
});

export interface PriceEditorProps {
  readonly initial: PriceDraft;
  /** Adding a new model: name and provider are editable; editing a bundled model keeps its identity. */
  readonly nameEditable: boolean;
  /** Adding a row: the date its price applies from may be given (a dated price of a model already listed). */
  readonly dateEditable?: boolean;
  readonly busy: boolean;
  /** Returns field errors to show, or undefined when the draft was accepted. */
  readonly onSave: (draft: PriceDraft) => Promise<DraftErrors | undefined>;
  readonly onCancel: () => void;
  readonly onReset?: () => void;
  readonly onDelete?: () => void;
  readonly label: string;
}

export function PriceEditor(props: PriceEditorProps) {
  const styles = useStyles();
  const { field, submit } = useDraftForm(props.initial, props.onSave, styles.input);
  // Deleting drops the user's own price from the workbook: it takes a second, deliberate click.
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  return (
    <form className={styles.form} aria-label={props.label} onSubmit={submit} noValidate>
      {props.nameEditable && field("model", strings.fieldModel, undefined, "text")}
      {props.nameEditable && field("provider", strings.fieldProvider, strings.fieldProviderHint, "text")}
      {props.dateEditable && field("asOf", strings.fieldAsOf, strings.fieldAsOfHint, "text")}
      {rateFields(field, styles.pair)}
      <div className={styles.pair}>
        {field("perThousandRequests", strings.fieldRequestFee, strings.optional)}
        {field("contextWindow", strings.fieldContextWindow, strings.optional, "numeric")}
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={props.busy}>
          {props.busy ? strings.saving : strings.save}
        </Button>
        <Button onClick={props.onCancel} disabled={props.busy}>
          {strings.cancel}
        </Button>
        {props.onReset && (
          <Button onClick={props.onReset} disabled={props.busy}>
            {strings.resetToDefault}
          </Button>
        )}
        {props.onDelete && !confirmingDelete && (
          <Button onClick={() => setConfirmingDelete(true)} disabled={props.busy}>
            {strings.deleteRow}
          </Button>
        )}
      </div>
      {props.onDelete && confirmingDelete && (
        <div className={styles.actions} role="group" aria-label={strings.deleteConfirm(props.initial.model)}>
          <Text>{strings.deleteConfirm(props.initial.model)}</Text>
          <Button appearance="primary" onClick={props.onDelete} disabled={props.busy}>
            {strings.deleteConfirmButton}
          </Button>
          <Button onClick={() => setConfirmingDelete(false)} disabled={props.busy}>
            {strings.keepRow}
          </Button>
        </div>
      )}
    </form>
  );
}
