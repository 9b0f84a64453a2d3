// "New feature cost model" in the Model tab: guided inputs (model from the price table in use,
// the token split of one interaction with a token-count helper, usage, ARPU, optional cost-tree
// steps), models to compare on the same workload, and one write. Opened on a sheet it wrote, the
// form edits that sheet's inputs in place. Loaded lazily with the Model tab's other content.
import { useEffect, useMemo, useRef, useState } from "react";
import {
  Button,
  Checkbox,
  Combobox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
// Already in the functions bundle (TOKENCOUNT); the tokenizer's data itself loads on first count.
import { estimateTokens } from "../../../calc/tokenCount";
import { DEFAULT_PRICE_ROWS } from "../../../data/defaultPrices";
import { openActiveFeatureModel, saveFeatureModel, type OpenFeatureModel, type WrittenFeatureModel } from "../../../workbook/featureModel";
import { COMPARE_MAX, DEFAULT_FEATURE_INPUTS, type FeatureModelInputs } from "../../../sheetModel/featureModelSpec";
import { reloadWorkbookPrices } from "../../../workbook/prices";
import { featureStrings } from "./featureStrings";
import { draftFrom, readDraft, type DraftErrors, type DraftField, type FeatureDraft, type StepDraft } from "./featureDraft";
import { filterModels, findModel, modelChoices } from "./modelChoices";
import { TabSection } from "../TabSection";
import { reviewActiveFeature, type WrittenReview } from "../../../workbook/review";
import { errorText } from "../../../calc/errors";

const s = featureStrings;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, minWidth: 0 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, minWidth: 0 },
  group: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  // Two fields side by side when the pane is wide enough, stacked at 320 px.
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  fill: { minWidth: 0, maxWidth: "100%", width: "100%" },
  // A model picker takes a grid row of its own: squeezed into a column, its open button's target
  // would crowd the text field (axe target-size).
  wide: { gridColumn: "1 / -1" },
  option: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS, alignItems: "center" },
  chosen: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS, margin: 0, paddingLeft: 0, listStyleType: "none" },
  chosenItem: {
    display: "flex",
    justifyContent: "space-between",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    overflowWrap: "anywhere",
  },
});

const price = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

/** A searchable combobox over the price table in use, showing each model's input and output price. */
function ModelPicker(props: {
  label: string;
  hint?: string;
  value: string;
  onChange: (model: string) => void;
  choices: readonly ModelPrice[];
  error?: string;
  className?: string;
}) {
  const styles = useStyles();
  const [query, setQuery] = useState(props.value);
  useEffect(() => setQuery(props.value), [props.value]);
  const matches = useMemo(
    () => filterModels(props.choices, { query: query === props.value ? "" : query }),
    [props.choices, query, props.value],
  );
  return (
    <Field
      className={props.className}
      label={props.label}
      hint={props.hint}
      validationMessage={props.error}
      validationState={props.error ? "error" : "none"}
    >
      <Combobox
        className={styles.fill}
        freeform
        value={query}
        selectedOptions={props.value ? [props.value] : []}
        onChange={(e) => {
          setQuery(e.target.value);
          props.onChange(e.target.value);
        }}
        onOptionSelect={(_, d) => {
          if (!d.optionValue) return;
          setQuery(d.optionValue);
          props.onChange(d.optionValue);
        }}
      >
        {matches.map((m) => (
          <Option key={`${m.provider}/${m.model}`} value={m.model} text={m.model}>
            <span className={styles.option}>
              <span>{m.model}</span>
              <span className={styles.muted}>{s.modelOption(m.provider, price(m.input), price(m.output))}</span>
            </span>
          </Option>
        ))}
      </Combobox>
    </Field>
  );
}

type Status =
  | { kind: "idle" }
  | { kind: "invalid" }
  | { kind: "busy" }
  | { kind: "done"; result: WrittenFeatureModel }
  | { kind: "failed"; reason: string };

export interface FeatureModelProps {
  /** The workbook actions; replaceable in tests. */
  readonly save?: (inputs: FeatureModelInputs, sheet?: string) => Promise<WrittenFeatureModel>;
  readonly open?: () => Promise<OpenFeatureModel | null>;
  readonly review?: () => Promise<WrittenReview>;
}

export function FeatureModel({ save = saveFeatureModel, open = openActiveFeatureModel, review = reviewActiveFeature }: FeatureModelProps) {
  const styles = useStyles();
  const [draft, setDraft] = useState<FeatureDraft>(() => draftFrom(DEFAULT_FEATURE_INPUTS));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [editing, setEditing] = useState<string>();
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [workbookRows, setWorkbookRows] = useState<readonly ModelPrice[]>([]);
  const [notice, setNotice] = useState<string>();
  const [reviewed, setReviewed] = useState<{ ok: boolean; text: string }>();
  const statusRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const choices = useMemo(() => modelChoices(workbookRows, DEFAULT_PRICE_ROWS), [workbookRows]);
  const known = (name: string) => findModel(choices, name) !== undefined;

  const loadActive = async (quiet: boolean) => {
    try {
      const found = await open();
      if (found) {
        setDraft(draftFrom(found.inputs));
        setEditing(found.sheet);
        setErrors({});
        setNotice(undefined);
      } else if (!quiet) setNotice(s.noModelOnSheet);
    } catch (error) {
      if (!quiet) setNotice(errorText(error));
    }
  };

  useEffect(() => {
    reloadWorkbookPrices().then(
      (table) => setWorkbookRows(table.rows),
      () => undefined,
    );
    void loadActive(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (status.kind === "done" || status.kind === "failed") statusRef.current?.focus();
    // A refused write takes the user to the first field to fix.
    if (status.kind === "invalid") formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [status]);

  const set = (patch: Partial<FeatureDraft>, ...cleared: DraftField[]) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (cleared.some((f) => errors[f]))
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !cleared.includes(k as DraftField))));
  };
  const err = (field: DraftField) => ({
    validationMessage: errors[field],
    validationState: errors[field] ? ("error" as const) : ("none" as const),
  });

  const numberField = (field: keyof FeatureDraft & DraftField, label: string, hint?: string, contentBefore?: string) => (
    <Field label={label} hint={hint} {...err(field)}>
      <Input
        className={styles.fill}
        inputMode="decimal"
        value={draft[field] as string}
        contentBefore={contentBefore}
        onChange={(_, d) => set({ [field]: d.value } as Partial<FeatureDraft>, field)}
      />
    </Field>
  );

  const stepFields = (key: "safety" | "embedding" | "evaluation", label: string) => {
    const step = draft[key];
    const update = (patch: Partial<StepDraft>, field?: DraftField) =>
      set({ [key]: { ...step, ...patch } } as Partial<FeatureDraft>, ...(field ? [field] : []));
    return (
      <div className={styles.form}>
        <Checkbox checked={step.on} label={label} onChange={(_, d) => update({ on: Boolean(d.checked) })} />
        {step.on && (
          <div className={styles.grid}>
            <ModelPicker
              className={styles.wide}
              label={s.stepModel(label)}
              value={step.model}
              choices={choices}
              error={errors[`${key}.model`]}
              onChange={(model) => update({ model }, `${key}.model`)}
            />
            <Field label={s.stepInput(label)} {...err(`${key}.inputTokens`)}>
              <Input
                className={styles.fill}
                inputMode="decimal"
                value={step.inputTokens}
                onChange={(_, d) => update({ inputTokens: d.value }, `${key}.inputTokens`)}
              />
            </Field>
            <Field label={s.stepOutput(label)} {...err(`${key}.outputTokens`)}>
              <Input
                className={styles.fill}
                inputMode="decimal"
                value={step.outputTokens}
                onChange={(_, d) => update({ outputTokens: d.value }, `${key}.outputTokens`)}
              />
            </Field>
          </div>
        )}
      </div>
    );
  };

  const write = async () => {
    const read = readDraft(draft, known);
    if (read.errors) {
      setErrors(read.errors);
      setStatus({ kind: "invalid" });
      return;
    }
    setErrors({});
    setStatus({ kind: "busy" });
    try {
      const result = await save(read.inputs, editing);
      setEditing(result.sheet);
      setStatus({ kind: "done", result });
    } catch (error) {
      setStatus({ kind: "failed", reason: errorText(error) });
    }
  };

  const chosenModel = findModel(choices, draft.model);

  const runReview = async () => {
    setReviewed({ ok: true, text: s.reviewBusy });
    try {
      const r = await review();
      setReviewed({ ok: true, text: s.reviewDone(r.sheet, r.months, r.refreshed, r.merged) });
    } catch (error) {
      setReviewed({ ok: false, text: errorText(error) });
    }
  };

  return (
    <TabSection heading={s.heading} className={styles.root}>
      <Text>{s.intro}</Text>
      {editing ? (
        <MessageBar intent="info">
          <MessageBarBody>
            {s.editing(editing)}{" "}
            <Button
              size="small"
              onClick={() => {
                setEditing(undefined);
                setStatus({ kind: "idle" });
                setDraft((d) => ({ ...d, feature: "" }));
              }}
            >
              {s.startNew}
            </Button>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <div className={styles.row}>
          <Button size="small" onClick={() => loadActive(false)}>
            {s.readActive}
          </Button>
          {notice && <Text size={200}>{notice}</Text>}
        </div>
      )}
      <Field
        hint={s.reviewHint}
        validationState={reviewed && !reviewed.ok ? "error" : "none"}
        validationMessage={reviewed?.text}
        validationMessageIcon={reviewed?.ok ? null : undefined}
      >
        <Button size="small" onClick={runReview} disabled={reviewed?.text === s.reviewBusy}>
          {s.reviewButton}
        </Button>
      </Field>
      <form
        ref={formRef}
        className={styles.form}
        noValidate
        aria-label={s.heading}
        onSubmit={(e) => {
          e.preventDefault();
          void write();
        }}
      >
        <Field label={s.feature} {...err("feature")}>
          <Input className={styles.fill} value={draft.feature} onChange={(_, d) => set({ feature: d.value }, "feature")} />
        </Field>
        <ModelPicker
          label={s.model}
          hint={s.modelHint}
          value={draft.model}
          choices={choices}
          error={errors.model}
          onChange={(model) => set({ model }, "model")}
        />
        <Field label={s.pricingDate} hint={s.pricingDateHint} {...err("pricingDate")}>
          <Input
            className={styles.fill}
            value={draft.pricingDate}
            placeholder="yyyy-mm-dd"
            onChange={(_, d) => set({ pricingDate: d.value }, "pricingDate")}
          />
        </Field>

        <fieldset className={styles.group}>
          <legend className={styles.legend}>{s.tokensHeading}</legend>
          <div className={styles.grid}>
            {numberField("systemPromptTokens", s.systemPrompt)}
            {numberField("contextTokens", s.context)}
            {numberField("queryTokens", s.query)}
            {numberField("responseTokens", s.response)}
          </div>
          {numberField(
            "cachedShare",
            s.cachedShare,
            chosenModel && chosenModel.cachedInput === null ? s.noCachedPrice(chosenModel.model) : s.cachedShareHint,
            undefined,
          )}
          {numberField("callsPerCacheWrite", s.callsPerCacheWrite, s.callsPerCacheWriteHint)}
          <TokenCounter onUse={(field, count) => set({ [field]: String(count) } as Partial<FeatureDraft>, field)} />
        </fieldset>

        <fieldset className={styles.group}>
          <legend className={styles.legend}>{s.usageHeading}</legend>
          <Field label={s.usagePer}>
            <RadioGroup layout="horizontal" value={draft.per} onChange={(_, d) => set({ per: d.value as "month" | "day" })}>
              <Radio value="month" label={s.perMonth} />
              <Radio value="day" label={s.perDay} />
            </RadioGroup>
          </Field>
          <div className={styles.grid}>
            {numberField("interactions", draft.per === "day" ? s.interactionsDay : s.interactionsMonth)}
            {draft.per === "day" && numberField("days", s.days)}
            {numberField("activeUsers", s.activeUsers)}
            {numberField("arpu", s.arpu, undefined, "$")}
          </div>
        </fieldset>

        <fieldset className={styles.group}>
          <legend className={styles.legend}>{s.treeHeading}</legend>
          {stepFields("safety", s.safety)}
          {stepFields("embedding", s.embedding)}
          {stepFields("evaluation", s.evaluation)}
          <Checkbox checked={draft.retryOn} label={s.retry} onChange={(_, d) => set({ retryOn: Boolean(d.checked) })} />
          {draft.retryOn && numberField("retryProbability", s.retryProbability, s.retryHint)}
        </fieldset>

        <ComparePicker choices={choices} chosen={draft.compare} onChange={(compare) => set({ compare })} />

        <div>
          <Button appearance="primary" type="submit" disabled={status.kind === "busy"}>
            {status.kind === "busy" ? s.writing : editing ? s.update(editing) : s.write}
          </Button>
        </div>
      </form>
      {status.kind === "done" && (
        <MessageBar intent="success" ref={statusRef} tabIndex={-1}>
          <MessageBarBody role="status">
            {status.result.created ? s.written(status.result.sheet) : s.updated(status.result.sheet)}
          </MessageBarBody>
        </MessageBar>
      )}
      {status.kind === "failed" && (
        <MessageBar intent="error" ref={statusRef} tabIndex={-1}>
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

type CountTarget = "systemPromptTokens" | "contextTokens" | "queryTokens" | "responseTokens";

/** Pasted text → an estimated token count (the tokenizer chunk loads on first use). */
function TokenCounter({ onUse }: { onUse: (field: CountTarget, count: number) => void }) {
  const styles = useStyles();
  const [textValue, setText] = useState("");
  const [target, setTarget] = useState<CountTarget>("systemPromptTokens");
  const [count, setCount] = useState<number | "counting">();
  const [problem, setProblem] = useState<string>();
  const run = async () => {
    setCount("counting");
    setProblem(undefined);
    try {
      setCount(await estimateTokens(textValue));
    } catch (error) {
      setCount(undefined);
      setProblem(errorText(error));
    }
  };
  return (
    <details>
      <summary>{s.countHeading}</summary>
      <div className={styles.form}>
        <Field label={s.countText} validationMessage={problem} validationState={problem ? "error" : "none"}>
          <Textarea className={styles.fill} value={textValue} onChange={(_, d) => setText(d.value)} resize="vertical" />
        </Field>
        <Field label={s.countTarget}>
          <Select className={styles.fill} value={target} onChange={(_, d) => setTarget(d.value as CountTarget)}>
            <option value="systemPromptTokens">{s.systemPrompt}</option>
            <option value="contextTokens">{s.context}</option>
            <option value="queryTokens">{s.query}</option>
            <option value="responseTokens">{s.response}</option>
          </Select>
        </Field>
        <div className={styles.row}>
          <Button size="small" onClick={run} disabled={count === "counting"}>
            {count === "counting" ? s.counting : s.countButton}
          </Button>
          {typeof count === "number" && (
            <Button size="small" appearance="primary" onClick={() => onUse(target, count)}>
              {s.countUse}
            </Button>
          )}
        </div>
        {typeof count === "number" && <Text role="status">{s.counted(count.toLocaleString("en-US"))}</Text>}
      </div>
    </details>
  );
}

/** Models to compare: search, filter by provider and context window, add; each chosen one removable. */
function ComparePicker(props: { choices: readonly ModelPrice[]; chosen: readonly string[]; onChange: (models: string[]) => void }) {
  const styles = useStyles();
  const [query, setQuery] = useState("");
  const [provider, setProvider] = useState("");
  const [minContext, setMinContext] = useState("");
  const providers = useMemo(() => [...new Set(props.choices.map((c) => c.provider))].sort(), [props.choices]);
  const min = Number(minContext.replace(/,/g, "")) || 0;
  const matches = useMemo(
    () =>
      filterModels(props.choices, { query, provider: provider || undefined, minContext: min || undefined }, 8).filter(
        (m) => !props.chosen.includes(m.model),
      ),
    [props.choices, query, provider, min, props.chosen],
  );
  const full = props.chosen.length >= COMPARE_MAX;
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{s.compareHeading}</legend>
      <Text size={200}>{s.compareIntro}</Text>
      <div className={styles.grid}>
        <Field label={s.compareSearch}>
          <Input className={styles.fill} type="search" value={query} onChange={(_, d) => setQuery(d.value)} />
        </Field>
        <Field label={s.compareProvider}>
          <Dropdown
            className={styles.fill}
            value={provider || s.compareAllProviders}
            selectedOptions={[provider]}
            onOptionSelect={(_, d) => setProvider(d.optionValue ?? "")}
          >
            <Option value="">{s.compareAllProviders}</Option>
            {providers.map((p) => (
              <Option key={p} value={p}>
                {p}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={s.compareContext}>
          <Input className={styles.fill} inputMode="numeric" value={minContext} onChange={(_, d) => setMinContext(d.value)} />
        </Field>
      </div>
      {!full && (query || provider || min > 0) && (
        <ul className={styles.chosen}>
          {matches.map((m) => (
            <li key={`${m.provider}/${m.model}`} className={styles.chosenItem}>
              <span>
                {m.model} <span className={styles.muted}>{s.modelOption(m.provider, price(m.input), price(m.output))}</span>
              </span>
              <Button size="small" aria-label={s.compareAdd(m.model)} onClick={() => props.onChange([...props.chosen, m.model])}>
                +
              </Button>
            </li>
          ))}
        </ul>
      )}
      {full && <Text size={200}>{s.compareFull(COMPARE_MAX)}</Text>}
      {props.chosen.length === 0 ? (
        <Text size={200}>{s.compareNone}</Text>
      ) : (
        <ul className={styles.chosen} aria-label={s.compareChosen(props.chosen.join(", "))}>
          {props.chosen.map((model) => (
            <li key={model} className={styles.chosenItem}>
              <span>{model}</span>
              <Button
                size="small"
                appearance="subtle"
                aria-label={s.compareRemove(model)}
                onClick={() => props.onChange(props.chosen.filter((c) => c !== model))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
