// The feature form's pure parts: which models it offers (workbook rows first), the comparison
// filters, and reading the typed fields into inputs with each problem keyed to its field.
import type { ModelPrice } from "../../src/calc/prices";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { draftFrom, readDraft } from "../../src/taskpane/components/FeatureModel/featureDraft";
import { filterModels, findModel, modelChoices } from "../../src/taskpane/components/FeatureModel/modelChoices";
import { DEFAULT_FEATURE_INPUTS } from "../../src/sheetModel/featureModelSpec";

const mine = { ...DEFAULT_PRICE_ROWS.find((r) => r.model === "gpt-4o")!, input: 1, source: "user" } as ModelPrice;
const choices = modelChoices([mine], DEFAULT_PRICE_ROWS);
const known = (name: string) => findModel(choices, name) !== undefined;

describe("models offered by the feature form", () => {
  it("lists the workbook's rows first and drops the defaults they override", () => {
    expect(choices[0]).toBe(mine);
    expect(choices.filter((r) => r.model === "gpt-4o")).toEqual([mine]);
    expect(choices).toHaveLength(DEFAULT_PRICE_ROWS.length);
    expect(findModel(choices, "GPT-4o")).toBe(mine);
  });

  it("filters by text, provider and a minimum context window", () => {
    const big = filterModels(choices, { provider: "anthropic", minContext: 200_000 }, 1000);
    expect(big.length).toBeGreaterThan(0);
    expect(big.every((r) => r.provider === "anthropic" && r.contextWindow !== null && r.contextWindow >= 200_000)).toBe(true);
    expect(filterModels(choices, { query: "mini" }, 5).every((r) => /mini/i.test(r.model) || /mini/i.test(r.provider))).toBe(true);
    expect(filterModels(choices, {}, 5)).toHaveLength(5);
  });
});

describe("reading the form", () => {
  const draft = { ...draftFrom({ ...DEFAULT_FEATURE_INPUTS, feature: "Search" }) };

  it("round-trips the inputs it was filled from", () => {
    const inputs = {
      ...DEFAULT_FEATURE_INPUTS,
      feature: "Search",
      cachedShare: 0.8,
      usage: { per: "day" as const, interactions: 3, days: 22 },
    };
    expect(readDraft(draftFrom(inputs), known)).toEqual({ inputs });
  });

  it("reads amounts as typed by a finance user: thousands separators, a $ sign, a % sign", () => {
    const read = readDraft({ ...draft, activeUsers: "12,500", arpu: "$49.50", cachedShare: "80%" }, known);
    expect(read.errors).toBeUndefined();
    expect(read.inputs).toMatchObject({ activeUsers: 12500, arpu: 49.5, cachedShare: 0.8 });
  });

  it("keys each problem to its field, in the pane's words", () => {
    const read = readDraft(
      {
        ...draft,
        feature: " ",
        model: "no-such-model",
        contextTokens: "lots",
        cachedShare: "120",
        arpu: "0",
        evaluation: { on: true, model: "", inputTokens: "-1", outputTokens: "50" },
        retryOn: true,
        retryProbability: "150",
      },
      known,
    );
    expect(read.errors).toEqual({
      feature: "Enter the feature's name, e.g. Support chat.",
      model: "'no-such-model' is not in the price table: add it on the Prices tab, or formulas will show #N/A.",
      contextTokens: "Context (tokens): enter a number of 0 or more.",
      cachedShare: "Cached share of the system prompt (%): enter a percent from 0 to 100.",
      arpu: "Enter ARPU above $0 (revenue per user per month).",
      "evaluation.model": "Choose a model.",
      "evaluation.inputTokens": "Evaluation pass: input tokens: enter a number of 0 or more.",
      retryProbability: "Retry probability (%): enter a percent from 0 to 100.",
    });
  });

  it("keeps a switched-off step in the tree at no cost", () => {
    const read = readDraft({ ...draft, safety: { on: false, model: "", inputTokens: "x", outputTokens: "" } }, known);
    expect(read.inputs!.safety).toEqual({ model: DEFAULT_FEATURE_INPUTS.model, inputTokens: 0, outputTokens: 0, calls: 0 });
  });
});

describe("the form's cache-write frequency and pricing date", () => {
  const base = { ...draftFrom(DEFAULT_FEATURE_INPUTS), feature: "Chat" };

  it("reads calls per cache write and a pricing date, blank meaning never written and the prices' own date", () => {
    const read = readDraft({ ...base, callsPerCacheWrite: "10", pricingDate: "2027-01-01" }, known);
    expect(read.inputs).toMatchObject({ callsPerCacheWrite: 10, pricingDate: "2027-01-01" });
    expect(readDraft(base, known).inputs).toMatchObject({ callsPerCacheWrite: 0, pricingDate: "" });
    expect(draftFrom(read.inputs!)).toMatchObject({ callsPerCacheWrite: "10", pricingDate: "2027-01-01" });
  });

  it("refuses fewer than 1 call per write and a date that is not one, each beside its field", () => {
    const read = readDraft({ ...base, callsPerCacheWrite: "0.5", pricingDate: "2027-02-30" }, known);
    expect(read.errors).toEqual({
      callsPerCacheWrite: expect.stringContaining("1 or more"),
      pricingDate: expect.stringContaining("'2027-02-30' is not a date"),
    });
    expect(readDraft({ ...base, pricingDate: "next year" }, known).errors).toEqual({ pricingDate: expect.stringContaining("yyyy-mm-dd") });
  });
});
