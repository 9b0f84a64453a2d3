// "New feature cost model" in the Model tab: guided inputs (model from the price table in use,
// the token split of one interaction with a token-count helper, usage, ARPU, optional cost-tree
// steps), models to compare on the same workload, and one write. Opened on a sheet it wrote, the
// form edits that sheet's inputs in place. Loaded lazily with the Model tab's other content.
// As Fluent's own components: state in useFeatureModel, styles in useFeatureModelStyles, markup here.
import { Button, Field, Input, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import { TabSection } from "../TabSection";
import { ComparePicker } from "./ComparePicker";
import { TokenFields, TreeFields, UsageFields } from "./FeatureFieldsets";
import { featureStrings as s } from "./featureStrings";
import { ModelPicker } from "./ModelPicker";
import { useFeatureModel, type FeatureModelProps, type FeatureModelState } from "./useFeatureModel";
import { fieldProblem, useFeatureModelStyles, type FeatureModelStyles } from "./useFeatureModelStyles";

export type { FeatureModelProps } from "./useFeatureModel";

export function FeatureModel(props: FeatureModelProps) {
  const state = useFeatureModel(props);
  const styles = useFeatureModelStyles();
  return renderFeatureModel(state, styles);
}

export function renderFeatureModel(state: FeatureModelState, styles: FeatureModelStyles) {
  const { draft, errors, editing, status, reviewed } = state;
  return (
    <TabSection heading={s.heading} className={styles.root}>
      <Text>{s.intro}</Text>
      {editing ? (
        <MessageBar intent="info">
          <MessageBarBody>
            {s.editing(editing)}{" "}
            <Button size="small" onClick={state.startNew}>
              {s.startNew}
            </Button>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.row}>
          <Button size="small" onClick={state.readActive}>
            {s.readActive}
          </Button>
          {state.notice && <Text size={200}>{state.notice}</Text>}
        </div>
      )}
      <Field
        hint={s.reviewHint}
        validationState={reviewed && !reviewed.ok ? "error" : "none"}
        validationMessage={reviewed?.text}
        validationMessageIcon={reviewed?.ok ? null : undefined}
      >
        <Button size="small" onClick={state.runReview} disabled={state.reviewing}>
          {s.reviewButton}
        </Button>
      </Field>
      <form
        ref={state.formRef}
        className={styles.form}
        noValidate
        aria-label={s.heading}
        onSubmit={(e) => {
          e.preventDefault();
          void state.write();
        }}
      >
        <Field label={s.feature} {...fieldProblem(errors.feature)}>
          <Input className={styles.fill} value={draft.feature} onChange={(_, d) => state.set({ feature: d.value }, "feature")} />
        </Field>
        <ModelPicker
          label={s.model}
          hint={s.modelHint}
          value={draft.model}
          choices={state.choices}
          error={errors.model}
          onChange={(model) => state.set({ model }, "model")}
        />
        <Field label={s.pricingDate} hint={s.pricingDateHint} {...fieldProblem(errors.pricingDate)}>
          <Input
            className={styles.fill}
            value={draft.pricingDate}
            placeholder="yyyy-mm-dd"
            onChange={(_, d) => state.set({ pricingDate: d.value }, "pricingDate")}
          />
        </Field>
        <TokenFields state={state} />
        <UsageFields state={state} />
        <TreeFields state={state} />
        <ComparePicker choices={state.choices} chosen={draft.compare} onChange={(compare) => state.set({ compare })} />
        <div>
          <Button appearance="primary" type="submit" disabled={status.kind === "busy"}>
            {status.kind === "busy" ? s.writing : editing ? s.update(editing) : s.write}
          </Button>
        </div>
      </form>
      {status.kind === "done" && (
        <MessageBar intent="success" ref={state.statusRef} tabIndex={-1}>
          <MessageBarBody role="status">
            {status.result.created ? s.written(status.result.sheet) : s.updated(status.result.sheet)}
          </MessageBarBody>
        </MessageBar>
      )}
      {status.kind === "failed" && (
        <MessageBar intent="error" ref={state.statusRef} tabIndex={-1}>
          <MessageBarBody role="alert">{s.failed(status.reason)}</MessageBarBody>
        </MessageBar>
      )}
      {status.kind === "invalid" && Object.keys(errors).length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody role="alert">{s.fixFirst}</MessageBarBody>
        </MessageBar>
      )}
    </TabSection>
  );
}
