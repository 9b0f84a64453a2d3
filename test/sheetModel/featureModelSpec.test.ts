// The feature cost model's own formulas, recalculated in HyperFormula with the AIECON functions
// registered: the domain's normal-user and power-user figures (domain.md §4), the cost tree, the
// per-day usage, the comparison's ranking following a price change, and reading inputs back.
import { DetailedCellError } from "hyperformula";
import type { ModelPrice } from "../../src/calc/prices";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import {
  BREAKDOWN_TOP,
  DEFAULT_FEATURE_INPUTS,
  FEATURE_INPUTS,
  FEATURE_OUTPUTS as O,
  TORNADO_DRIVERS,
  TORNADO_TOP,
  buildFeatureSheet,
  featureSheetName,
  isFeatureSheet,
  readFeatureInputs,
  type FeatureModelInputs,
} from "../../src/sheetModel/featureModelSpec";
import { loadWorkbook, type LoadedWorkbook } from "../support/hyperformulaAiecon";

const SHEET = "Feature cost";
const price = (model: string, input: number, output: number, cachedInput?: number): ModelPrice =>
  ({ model, provider: "custom", input, output, cachedInput, asOf: "2026-11-01", source: "user" }) as unknown as ModelPrice;

// "~2,000 tokens at $0.01 per 1,000 tokens" is $10 per 1M; the power user's model is $0.05 per 1,000.
beforeAll(() => priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)]));
afterAll(() => priceRuntime.setWorkbookPrices([]));

const noTree = { ...DEFAULT_FEATURE_INPUTS };
const normal: FeatureModelInputs = {
  ...noTree,
  feature: "Support chat",
  model: "normal-llm",
  systemPromptTokens: 1000,
  contextTokens: 500,
  queryTokens: 300,
  responseTokens: 200,
  usage: { per: "month", interactions: 50 },
  arpu: 100,
};
const power: FeatureModelInputs = {
  ...normal,
  model: "power-llm",
  systemPromptTokens: 2500,
  contextTokens: 1500,
  queryTokens: 500,
  responseTokens: 500,
  usage: { per: "month", interactions: 500 },
};

function load(inputs: FeatureModelInputs): LoadedWorkbook {
  const cells: Record<string, string | number> = {};
  for (const cell of buildFeatureSheet(inputs).cells) cells[cell.address] = cell.formula ?? cell.value!;
  return loadWorkbook({ [SHEET]: cells });
}

function num(wb: LoadedWorkbook, address: string): number {
  const v = wb.value(SHEET, address);
  if (typeof v !== "number") throw new Error(`${address} is ${v instanceof DetailedCellError ? `${v.value} ${v.message}` : String(v)}`);
  return v;
}

describe("feature cost model recalculated by a spreadsheet engine", () => {
  it("normal user: $0.02 per interaction, $1.00 per user-month, 1% of ARPU", () => {
    const wb = load(normal);
    expect(num(wb, O.primaryCost)).toBeCloseTo(0.02, 12);
    expect(num(wb, O.treeCost)).toBeCloseTo(0.02, 12);
    expect(num(wb, O.costPerUser)).toBeCloseTo(1.0, 12);
    expect(num(wb, O.marginImpact)).toBeCloseTo(0.01, 12);
    expect(num(wb, O.tokensPerInteraction)).toBe(2000);
    expect(num(wb, O.tokensPerUser)).toBe(100_000);
    expect(num(wb, O.monthlyCost)).toBeCloseTo(1000, 9);
    expect(wb.value(SHEET, O.marginNegative)).toBe("No");
    expect(wb.value(SHEET, "A1")).toBe("Support chat: AI feature cost model");
  });

  it("power user: $0.25 per interaction, $125 per user-month, 125% of ARPU: margin-negative", () => {
    const wb = load(power);
    expect(num(wb, O.treeCost)).toBeCloseTo(0.25, 12);
    expect(num(wb, O.costPerUser)).toBeCloseTo(125, 9);
    expect(num(wb, O.marginImpact)).toBeCloseTo(1.25, 12);
    expect(wb.value(SHEET, O.marginNegative)).toBe("Yes");
  });

  it("prompt caching bills the cached share of the system prompt at the cached price", () => {
    const wb = load({ ...power, cachedShare: 0.8 });
    // 2,000 of 4,500 input tokens at $5 instead of $50 per 1M.
    expect(num(wb, "B16")).toBe(2000);
    expect(num(wb, O.primaryCost)).toBeCloseTo((2500 * 50 + 2000 * 5 + 500 * 50) / 1e6, 12);
  });

  it("a prompt cache written once per N calls bills prefix ÷ N tokens per interaction at the cache-write price, live", () => {
    // power-llm has no cache-write price in this table: written tokens are billed as plain input.
    const writePrice = { ...price("writer-llm", 50, 50, 5), cacheWrite: 62.5 } as ModelPrice;
    priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1), writePrice]);
    try {
      const wb = load({ ...power, model: "writer-llm", cachedShare: 0.9, callsPerCacheWrite: 10 });
      // 2,500-token prompt written once per 10 calls: 250 write tokens per interaction, 2,250 read.
      expect(num(wb, "H29")).toBe(250);
      const expected = (2000 * 50 + 2250 * 5 + 250 * 62.5 + 500 * 50) / 1e6;
      expect(num(wb, O.primaryCost)).toBeCloseTo(expected, 12);
      // The cost tree bills the same cache writes on the primary call.
      expect(num(wb, O.treeCost)).toBeCloseTo(expected, 12);
      // Blank: never written.
      expect(num(load({ ...power, callsPerCacheWrite: 0 }), "H29")).toBe(0);
    } finally {
      priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)]);
    }
  });

  it("the pricing date is passed as as_of: a dated price change applies from its date", () => {
    const dated = [
      { ...price("dated-llm", 10, 10), asOf: "2026-01-01" },
      { ...price("dated-llm", 20, 20), asOf: "2027-01-01" },
    ] as ModelPrice[];
    priceRuntime.setWorkbookPrices([...dated, price("normal-llm", 10, 10)], [], [], "2026-12-06");
    try {
      const before = load({ ...normal, model: "dated-llm", pricingDate: "2026-12-31" });
      const after = load({ ...normal, model: "dated-llm", pricingDate: "2027-01-01" });
      expect(num(before, "B6")).toBe(10);
      expect(num(after, "B6")).toBe(20);
      expect(num(after, O.primaryCost)).toBeCloseTo(2 * num(before, O.primaryCost), 12);
      // The whole tree (and its breakdown) is priced on the same date as the primary call.
      expect(num(after, O.treeCost)).toBeCloseTo(2 * num(before, O.treeCost), 12);
    } finally {
      priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)]);
    }
  });

  it("the cost tree multiplies the primary call: guardrail, retrieval, evaluation and a retry with a probability", () => {
    const wb = load({
      ...normal,
      safety: { model: "small-llm", inputTokens: 500, outputTokens: 10, calls: 1 },
      embedding: { model: "small-llm", inputTokens: 1000, outputTokens: 0, calls: 1 },
      evaluation: { model: "normal-llm", inputTokens: 2000, outputTokens: 50, calls: 1 },
      retryProbability: 0.2,
    });
    const primary = 0.02;
    const expected = 510 / 1e6 + 1000 / 1e6 + primary + (2050 * 10) / 1e6 + 0.2 * primary;
    expect(num(wb, O.treeCost)).toBeCloseTo(expected, 12);
    expect(num(wb, O.treeMultiple)).toBeCloseTo(expected / primary, 12);
    expect(num(wb, O.costPerUser)).toBeCloseTo(expected * 50, 12);
    // The breakdown spills under its anchor: step names, expected calls, and the total.
    expect(wb.value(SHEET, `A${BREAKDOWN_TOP + 5}`)).toBe("Retry");
    expect(num(wb, `B${BREAKDOWN_TOP + 5}`)).toBeCloseTo(0.2, 12);
    expect(num(wb, `C${BREAKDOWN_TOP + 6}`)).toBeCloseTo(expected, 12);
    expect(num(wb, O.tokensPerInteraction)).toBeCloseTo(510 + 1000 + 2000 + 2050 + 0.2 * 2000, 9);
  });

  it("usage per day × days: 10 a day over 30 days is 300 interactions a month", () => {
    const wb = load({ ...normal, usage: { per: "day", interactions: 10, days: 30 } });
    expect(num(wb, FEATURE_INPUTS.perMonth)).toBe(300);
    expect(num(wb, O.costPerUser)).toBeCloseTo(0.02 * 300, 12);
    wb.set(SHEET, FEATURE_INPUTS.perDay, 1);
    expect(num(wb, O.costPerUser)).toBeCloseTo(0.02 * 30, 12); // "$0.02 ≈ $0.60 per user-month at 1/day"
  });

  it("compares models on the same workload, ranked by formulas that follow the token cells, with the chosen model marked", () => {
    const wb = load({ ...normal, compare: ["power-llm", "normal-llm", "small-llm"] });
    // Rows in the order picked; the ranking below them, cheapest first.
    expect([num(wb, "J27"), num(wb, "J28"), num(wb, "J29")].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.1, 0.02, 0.002]);
    expect([num(wb, "N27"), num(wb, "N28"), num(wb, "N29")]).toEqual([3, 2, 1]);
    expect(num(wb, "M27")).toBeCloseTo(50, 9);
    expect(wb.value(SHEET, "O28")).toBe("◀ chosen");
    expect(wb.value(SHEET, "O27")).toBe("");
    expect([wb.value(SHEET, "J33"), wb.value(SHEET, "J34"), wb.value(SHEET, "J35")]).toEqual(["small-llm", "normal-llm", "power-llm"]);
    expect(num(wb, "K33")).toBeCloseTo(0.002 * 50, 12);
    expect(wb.value(SHEET, "M34")).toBe("◀ chosen");
    // The chosen model follows the model cell.
    wb.set(SHEET, FEATURE_INPUTS.model, "small-llm");
    expect(wb.value(SHEET, "M33")).toBe("◀ chosen");
    // A token cell re-prices every row: without response tokens, power-llm costs 1,800 input tokens at $50.
    wb.set(SHEET, FEATURE_INPUTS.responseTokens, 0);
    expect(num(wb, "K35")).toBeCloseTo(((1800 * 50) / 1e6) * 50, 12);
  });

  it("re-ranks when a price changes, and ties keep the order picked", () => {
    const wb = load({ ...normal, compare: ["normal-llm", "small-llm"] });
    expect(wb.value(SHEET, "J32")).toBe("small-llm");
    priceRuntime.setWorkbookPrices([price("normal-llm", 0.5, 0.5), price("small-llm", 1, 1)]);
    wb.hf.rebuildAndRecalculate();
    expect(wb.value(SHEET, "J32")).toBe("normal-llm");
    priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)]);
    wb.hf.rebuildAndRecalculate();
    wb.set(SHEET, "I28", "normal-llm"); // the same model twice: equal cost, stable order
    expect([num(wb, "N27"), num(wb, "N28")]).toEqual([1, 2]);
  });

  it("reads its own inputs back from the sheet and recognises its layout", () => {
    const inputs: FeatureModelInputs = {
      ...normal,
      usage: { per: "day", interactions: 4, days: 22 },
      cachedShare: 0.5,
      callsPerCacheWrite: 20,
      pricingDate: "2027-01-01",
      evaluation: { model: "small-llm", inputTokens: 900, outputTokens: 20, calls: 1 },
      retryProbability: 0.1,
      compare: ["normal-llm", "small-llm"],
    };
    const cells = new Map(buildFeatureSheet(inputs).cells.map((c) => [c.address, c]));
    const valueAt = (a: string) => cells.get(a)?.value ?? (cells.get(a)?.formula === "=B19*B20" ? 88 : undefined);
    const formulaAt = (a: string) => cells.get(a)?.formula ?? cells.get(a)?.value;
    expect(isFeatureSheet(valueAt)).toBe(true);
    expect(readFeatureInputs(valueAt, formulaAt)).toEqual(inputs);
    expect(isFeatureSheet((a) => (a === "A4" ? "something else" : valueAt(a)))).toBe(false);
  });

  it("names the sheet after the feature, within Excel's rules, never reusing a name", () => {
    expect(featureSheetName("Support chat", [])).toBe("Support chat cost");
    expect(featureSheetName("Support chat", ["support CHAT cost"])).toBe("Support chat cost (2)");
    expect(featureSheetName("a/b:c*[d]?", [])).toBe("a b c d cost");
    expect(featureSheetName("x".repeat(40), []).length).toBeLessThanOrEqual(31);
    expect(featureSheetName("", [])).toBe("Feature cost");
  });
});

describe("which assumption matters most (the tornado block)", () => {
  // A tree with an evaluation pass and a 30% retry (the primary call runs 1.3 times per action), a cached system prompt.
  const base: FeatureModelInputs = {
    ...power,
    cachedShare: 0.5,
    evaluation: { model: "small-llm", inputTokens: 8000, outputTokens: 50, calls: 1 },
    retryProbability: 0.3,
    arpu: 100,
  };
  const costPerUser = (inputs: FeatureModelInputs) => num(load(inputs), O.costPerUser);
  const rowOf = (driver: string) => TORNADO_TOP + 2 + TORNADO_DRIVERS.indexOf(driver as (typeof TORNADO_DRIVERS)[number]);

  it("gives each driver's cost per user at −25% and +25% equal to the whole model recomputed with that input changed", () => {
    const wb = load(base);
    const at = (driver: string, end: "E" | "F") => num(wb, `${end}${rowOf(driver)}`);
    const scaled = (f: number) => ({
      "Interactions per user per month": { ...base, usage: { per: "month" as const, interactions: 500 * f } },
      "System prompt tokens": { ...base, systemPromptTokens: 2500 * f },
      "Context tokens": { ...base, contextTokens: 1500 * f },
      "Response tokens (output)": { ...base, responseTokens: 500 * f },
      "Cached share of the system prompt": { ...base, cachedShare: 0.5 * f },
    });
    for (const [f, end] of [
      [0.75, "E"],
      [1.25, "F"],
    ] as const) {
      for (const [driver, inputs] of Object.entries(scaled(f)))
        expect([driver, end, at(driver, end)]).toEqual([driver, end, expect.closeTo(costPerUser(inputs), 9)]);
    }
    // Prices: the same model re-priced in the price table.
    const priced = (input: number, output: number) => {
      priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", input, output, 5), price("small-llm", 1, 1)]);
      try {
        return costPerUser(base);
      } finally {
        priceRuntime.setWorkbookPrices([price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)]);
      }
    };
    expect(at("Input price, primary model ($ / 1M tokens)", "E")).toBeCloseTo(priced(37.5, 50), 9);
    expect(at("Output price, primary model ($ / 1M tokens)", "F")).toBeCloseTo(priced(50, 62.5), 9);
    // Calls per action scale the whole tree.
    expect(num(wb, `B${TORNADO_TOP - 2}`)).toBeCloseTo(1 + 1 + 0.3, 12);
    expect(at("Calls per action (the whole cost tree)", "E")).toBeCloseTo(0.75 * num(wb, O.costPerUser), 9);
    // Margin impact at each end: cost per user ÷ ARPU.
    expect(num(wb, `G${rowOf("Context tokens")}`)).toBeCloseTo(at("Context tokens", "E") / 100, 12);
  });

  it("ranks the drivers by swing with formulas, largest first, and re-ranks when an end changes", () => {
    const wb = load(base);
    const swings = TORNADO_DRIVERS.map((d) => num(wb, `I${rowOf(d)}`));
    const order = TORNADO_DRIVERS.map((d, i) => ({ d, s: swings[i] }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.d);
    const rankedFirst = TORNADO_TOP + 2 + TORNADO_DRIVERS.length + 3;
    expect(TORNADO_DRIVERS.map((_, i) => wb.value(SHEET, `B${rankedFirst + i}`))).toEqual(order);
    // Interactions and calls per action swing the whole cost: they tie at the top, in listed order.
    expect(order.slice(0, 2)).toEqual(["Interactions per user per month", "Calls per action (the whole cost tree)"]);
    // Widen context tokens' range to ±400%: it moves to the top.
    wb.set(SHEET, `C${rowOf("Context tokens")}`, -4);
    wb.set(SHEET, `D${rowOf("Context tokens")}`, 4);
    expect(wb.value(SHEET, `B${rankedFirst}`)).toBe("Context tokens");
  });
});
