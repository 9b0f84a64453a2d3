// One long-context tier as a form: its threshold and rates, each field's problem shown beside it;
// nothing is saved until every field is valid.
import { useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import type { TierDraft, TierDraftErrors } from "../../../workbook/tierEdits";
import { strings } from "../../strings";
import { buttonRow, fieldPair, filledPanel, fullWidthInput } from "../formStyles";

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
  const [draft, setDraft] = useState<TierDraft>(props.initial);
  const [errors, setErrors] = useState<TierDraftErrors>({});

  const field = (name: keyof TierDraft, label: string, hint?: string, inputMode: "decimal" | "numeric" = "decimal") => (
    <Field label={label} hint={errors[name] ? undefined : hint} validationState={errors[name] ? "error" : "none"} validationMessage={errors[name]}>
      <Input
        className={styles.input}
        name={name}
        value={draft[name]}
        inputMode={inputMode}
        onChange={(_, data) => {
          setDraft((d) => ({ ...d, [name]: data.value }));
          if (errors[name]) setErrors((e) => ({ ...e, [name]: undefined }));
        }}
      />
    </Field>
  );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setErrors((await props.onSave(draft)) ?? {});
  };

  return (
    <form className={styles.form} aria-label={props.label} onSubmit={submit} noValidate>
      {field("aboveInputTokens", strings.fieldTierAbove, strings.fieldTierAboveHint, "numeric")}
      <div className={styles.pair}>
        {field("input", strings.fieldInput)}
        {field("output", strings.fieldOutput)}
      </div>
      <div className={styles.pair}>
        {field("cachedInput", strings.fieldCachedInput, strings.optional)}
        {field("cacheWrite", strings.fieldCacheWrite, strings.optional)}
      </div>
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
