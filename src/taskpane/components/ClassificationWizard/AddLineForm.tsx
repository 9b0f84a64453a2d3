// The add-a-cost-line form: a form, so Enter in any of its fields adds the line; each field shows its
// own problem beside it.
import type { FormEvent, RefObject } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { strings } from "../../strings";
import { useClassificationWizardStyles } from "./useClassificationWizardStyles";
import type { DraftErrors, LineDraft } from "./useClassificationWizard";

const s = strings.classification;

export interface AddLineFormProps {
  readonly draft: LineDraft;
  readonly errors: DraftErrors;
  readonly onChange: (field: keyof LineDraft, value: string) => void;
  readonly onSubmit: (event: FormEvent) => void;
  readonly workloadRef: RefObject<HTMLInputElement | null>;
  readonly monthlyRef: RefObject<HTMLInputElement | null>;
}

export function AddLineForm({ draft, errors, onChange, onSubmit, workloadRef, monthlyRef }: AddLineFormProps) {
  const styles = useClassificationWizardStyles();
  return (
    <form className={styles.row} onSubmit={onSubmit} aria-label={s.addHeading} noValidate>
      <Field
        label={s.workloadLabel}
        className={styles.field}
        validationMessage={errors.workload}
        validationState={errors.workload ? "error" : "none"}
      >
        <Input ref={workloadRef} className={styles.fill} value={draft.workload} onChange={(_, d) => onChange("workload", d.value)} />
      </Field>
      <Field
        label={s.monthlyLabel}
        className={styles.field}
        validationMessage={errors.monthly}
        validationState={errors.monthly ? "error" : "none"}
      >
        <Input
          ref={monthlyRef}
          className={styles.fill}
          inputMode="decimal"
          value={draft.monthly}
          onChange={(_, d) => onChange("monthly", d.value)}
          contentBefore="$"
        />
      </Field>
      <Field label={s.vendorLabel} className={styles.field}>
        <Input className={styles.fill} value={draft.vendor} onChange={(_, d) => onChange("vendor", d.value)} />
      </Field>
      <div className={styles.buttonRow}>
        <Button type="submit">{s.addLine}</Button>
      </div>
    </form>
  );
}
