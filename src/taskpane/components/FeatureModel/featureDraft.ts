// The feature form's fields as typed (text), and their reading into FeatureModelInputs: each
// problem is keyed by its field so the pane shows it beside that field, in the pane's words.
import type { FeatureModelInputs, TreeStepInput } from "../../../sheetModel/featureModelSpec";
import { featureStrings } from "./featureStrings";

const s = featureStrings;

export interface StepDraft {
  readonly on: boolean;
  readonly model: string;
  readonly inputTokens: string;
  readonly outputTokens: string;
}

export interface FeatureDraft {
  readonly feature: string;
  readonly model: string;
  readonly systemPromptTokens: string;
  readonly contextTokens: string;
  readonly queryTokens: string;
  readonly responseTokens: string;
  /** Percent. */
  readonly cachedShare: string;
  /** Calls per prompt-cache write; blank = never written. */
  readonly callsPerCacheWrite: string;
  /** yyyy-mm-dd; blank = the prices' own as-of date. */
  readonly pricingDate: string;
  readonly per: "month" | "day";
  readonly interactions: string;
  readonly days: string;
  readonly activeUsers: string;
  readonly arpu: string;
  readonly safety: StepDraft;
  readonly embedding: StepDraft;
  readonly evaluation: StepDraft;
  readonly retryOn: boolean;
  /** Percent. */
  readonly retryProbability: string;
  readonly compare: readonly string[];
}

export type DraftField =
  | Exclude<keyof FeatureDraft, "safety" | "embedding" | "evaluation" | "per" | "retryOn" | "compare">
  | `${"safety" | "embedding" | "evaluation"}.${"model" | "inputTokens" | "outputTokens"}`;

export type DraftErrors = Partial<Record<DraftField, string>>;

const text = (n: number) => String(Math.round(n * 1e9) / 1e9);
const percent = (fraction: number) => text(fraction * 100);

const stepDraft = (step: TreeStepInput): StepDraft => ({
  on: step.calls > 0,
  model: step.model,
  inputTokens: text(step.inputTokens),
  outputTokens: text(step.outputTokens),
});

export function draftFrom(inputs: FeatureModelInputs): FeatureDraft {
  return {
    feature: inputs.feature,
    model: inputs.model,
    systemPromptTokens: text(inputs.systemPromptTokens),
    contextTokens: text(inputs.contextTokens),
    queryTokens: text(inputs.queryTokens),
    responseTokens: text(inputs.responseTokens),
    cachedShare: percent(inputs.cachedShare),
    callsPerCacheWrite: inputs.callsPerCacheWrite > 0 ? text(inputs.callsPerCacheWrite) : "",
    pricingDate: inputs.pricingDate,
    per: inputs.usage.per,
    interactions: text(inputs.usage.interactions),
    days: text(inputs.usage.per === "day" ? inputs.usage.days : 30),
    activeUsers: text(inputs.activeUsers),
    arpu: text(inputs.arpu),
    safety: stepDraft(inputs.safety),
    embedding: stepDraft(inputs.embedding),
    evaluation: stepDraft(inputs.evaluation),
    retryOn: inputs.retryProbability > 0,
    retryProbability: inputs.retryProbability > 0 ? percent(inputs.retryProbability) : "20",
    compare: inputs.compare,
  };
}

/** A number as a finance user types it: "1,200", "$100" and " 5 " are fine. */
function parseAmount(typed: string): number | undefined {
  const cleaned = typed.trim().replace(/^\$/, "").replace(/,/g, "");
  if (cleaned === "") return undefined;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : undefined;
}

/** The inputs, or every field's problem. `isKnownModel` checks a name against the price table in use. */
export function readDraft(
  draft: FeatureDraft,
  isKnownModel: (name: string) => boolean,
): { inputs: FeatureModelInputs; errors?: undefined } | { inputs?: undefined; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const count = (field: DraftField, typed: string, label: string): number => {
    const n = parseAmount(typed);
    if (n === undefined || n < 0) {
      errors[field] = s.notNumber(label);
      return 0;
    }
    return n;
  };
  const share = (field: DraftField, typed: string, label: string): number => {
    const n = parseAmount(typed.replace(/%$/, ""));
    if (n === undefined || n < 0 || n > 100) {
      errors[field] = s.percentRange(label);
      return 0;
    }
    return n / 100;
  };
  const model = (field: DraftField, name: string): string => {
    if (!name.trim()) errors[field] = s.modelRequired;
    else if (!isKnownModel(name)) errors[field] = s.modelUnknown(name.trim());
    return name.trim();
  };
  const step = (key: "safety" | "embedding" | "evaluation", label: string): TreeStepInput => {
    const d = draft[key];
    if (!d.on) {
      // Kept in the tree at no cost, with what was typed, so switching it on later starts from there.
      return {
        model: d.model.trim() || draft.model.trim(),
        inputTokens: parseAmount(d.inputTokens) ?? 0,
        outputTokens: parseAmount(d.outputTokens) ?? 0,
        calls: 0,
      };
    }
    return {
      model: model(`${key}.model`, d.model),
      inputTokens: count(`${key}.inputTokens`, d.inputTokens, s.stepInput(label)),
      outputTokens: count(`${key}.outputTokens`, d.outputTokens, s.stepOutput(label)),
      calls: 1,
    };
  };

  const callsPerWrite = (typed: string): number => {
    if (!typed.trim()) return 0;
    const n = parseAmount(typed);
    if (n === undefined || n < 1) {
      errors.callsPerCacheWrite = s.callsPerCacheWriteRange;
      return 0;
    }
    return n;
  };
  const date = (typed: string): string => {
    const t = typed.trim();
    if (!t) return "";
    // The date must read back as typed: 2027-02-30 is not a date.
    const at = /^\d{4}-\d{2}-\d{2}$/.test(t) ? Date.parse(`${t}T00:00:00Z`) : NaN;
    const ok = Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === t;
    if (!ok) errors.pricingDate = s.pricingDateInvalid(t);
    return ok ? t : "";
  };

  if (!draft.feature.trim()) errors.feature = s.featureRequired;
  const inputs: FeatureModelInputs = {
    feature: draft.feature.trim(),
    model: model("model", draft.model),
    systemPromptTokens: count("systemPromptTokens", draft.systemPromptTokens, s.systemPrompt),
    contextTokens: count("contextTokens", draft.contextTokens, s.context),
    queryTokens: count("queryTokens", draft.queryTokens, s.query),
    responseTokens: count("responseTokens", draft.responseTokens, s.response),
    cachedShare: share("cachedShare", draft.cachedShare, s.cachedShare),
    callsPerCacheWrite: callsPerWrite(draft.callsPerCacheWrite),
    pricingDate: date(draft.pricingDate),
    usage:
      draft.per === "day"
        ? {
            per: "day",
            interactions: count("interactions", draft.interactions, s.interactionsDay),
            days: count("days", draft.days, s.days),
          }
        : { per: "month", interactions: count("interactions", draft.interactions, s.interactionsMonth) },
    activeUsers: count("activeUsers", draft.activeUsers, s.activeUsers),
    arpu: parseAmount(draft.arpu) ?? 0,
    safety: step("safety", s.safety),
    embedding: step("embedding", s.embedding),
    evaluation: step("evaluation", s.evaluation),
    retryProbability: draft.retryOn ? share("retryProbability", draft.retryProbability, s.retryProbability) : 0,
    compare: draft.compare,
  };
  if (!(inputs.arpu > 0)) errors.arpu = s.arpuPositive;
  return Object.keys(errors).length > 0 ? { errors } : { inputs };
}
