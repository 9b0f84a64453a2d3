// The form's groups of inputs: the tokens of one interaction (with the token counter), usage and
// revenue, and the optional steps of the cost tree. Each field shows its own problem beside it.
import { Checkbox, Field, Input, Radio, RadioGroup } from "@fluentui/react-components";
import { featureStrings as s } from "./featureStrings";
import type { DraftField, FeatureDraft } from "./featureDraft";
import { ModelPicker } from "./ModelPicker";
import { TokenCounter } from "./TokenCounter";
import type { FeatureModelState, StepKey } from "./useFeatureModel";
import { fieldProblem, useFeatureModelStyles } from "./useFeatureModelStyles";

type Part = { readonly state: FeatureModelState };

function NumberField({
  state,
  field,
  label,
  hint,
  contentBefore,
}: Part & { field: keyof FeatureDraft & DraftField; label: string; hint?: string; contentBefore?: string }) {
  const styles = useFeatureModelStyles();
  return (
    <Field label={label} hint={hint} {...fieldProblem(state.errors[field])}>
      <Input
        className={styles.fill}
        inputMode="decimal"
        value={state.draft[field] as string}
        contentBefore={contentBefore}
        onChange={(_, d) => state.set({ [field]: d.value } as Partial<FeatureDraft>, field)}
      />
    </Field>
  );
}

export function TokenFields({ state }: Part) {
  const styles = useFeatureModelStyles();
  const chosen = state.chosenModel;
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{s.tokensHeading}</legend>
      <div className={styles.grid}>
        <NumberField state={state} field="systemPromptTokens" label={s.systemPrompt} />
        <NumberField state={state} field="contextTokens" label={s.context} />
        <NumberField state={state} field="queryTokens" label={s.query} />
        <NumberField state={state} field="responseTokens" label={s.response} />
      </div>
      <NumberField
        state={state}
        field="cachedShare"
        label={s.cachedShare}
        hint={chosen && chosen.cachedInput === null ? s.noCachedPrice(chosen.model) : s.cachedShareHint}
      />
      <NumberField state={state} field="callsPerCacheWrite" label={s.callsPerCacheWrite} hint={s.callsPerCacheWriteHint} />
      <TokenCounter onUse={state.applyCount} />
    </fieldset>
  );
}

export function UsageFields({ state }: Part) {
  const styles = useFeatureModelStyles();
  const perDay = state.draft.per === "day";
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{s.usageHeading}</legend>
      <Field label={s.usagePer}>
        <RadioGroup layout="horizontal" value={state.draft.per} onChange={(_, d) => state.set({ per: d.value as "month" | "day" })}>
          <Radio value="month" label={s.perMonth} />
          <Radio value="day" label={s.perDay} />
        </RadioGroup>
      </Field>
      <div className={styles.grid}>
        <NumberField state={state} field="interactions" label={perDay ? s.interactionsDay : s.interactionsMonth} />
        {perDay && <NumberField state={state} field="days" label={s.days} />}
        <NumberField state={state} field="activeUsers" label={s.activeUsers} />
        <NumberField state={state} field="arpu" label={s.arpu} contentBefore="$" />
      </div>
    </fieldset>
  );
}

function StepFields({ state, step: key, label }: Part & { step: StepKey; label: string }) {
  const styles = useFeatureModelStyles();
  const step = state.draft[key];
  return (
    <div className={styles.form}>
      <Checkbox checked={step.on} label={label} onChange={(_, d) => state.setStep(key, { on: Boolean(d.checked) })} />
      {step.on && (
        <div className={styles.grid}>
          <ModelPicker
            className={styles.wide}
            label={s.stepModel(label)}
            value={step.model}
            choices={state.choices}
            error={state.errors[`${key}.model`]}
            onChange={(model) => state.setStep(key, { model }, `${key}.model`)}
          />
          {(["inputTokens", "outputTokens"] as const).map((part) => (
            <Field
              key={part}
              label={part === "inputTokens" ? s.stepInput(label) : s.stepOutput(label)}
              {...fieldProblem(state.errors[`${key}.${part}`])}
            >
              <Input
                className={styles.fill}
                inputMode="decimal"
                value={step[part]}
                onChange={(_, d) => state.setStep(key, { [part]: d.value }, `${key}.${part}`)}
              />
            </Field>
          ))}
        </div>
      )}
    </div>
  );
}

export function TreeFields({ state }: Part) {
  const styles = useFeatureModelStyles();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{s.treeHeading}</legend>
      <StepFields state={state} step="safety" label={s.safety} />
      <StepFields state={state} step="embedding" label={s.embedding} />
      <StepFields state={state} step="evaluation" label={s.evaluation} />
      <Checkbox checked={state.draft.retryOn} label={s.retry} onChange={(_, d) => state.set({ retryOn: Boolean(d.checked) })} />
      {state.draft.retryOn && <NumberField state={state} field="retryProbability" label={s.retryProbability} hint={s.retryHint} />}
    </fieldset>
  );
}
