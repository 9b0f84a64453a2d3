// The core custom functions as Excel calls them: numbers, strings, null for omitted optionals,
// "" for blank cells, 2-D arrays for ranges, error objects inside ranges.
import { costPerInteractionFn, costPerUserFn, costTreeFn, marginImpactFn, modelPriceFn, pricesAsOfFn } from "../../src/functions/functions";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { DEFAULT_PRICE_TABLE, DEFAULT_PRICES_AS_OF } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import { ErrorCode } from "../support/customFunctionsGlobal";
import { excelError } from "../support/excelErrors";

const gpt4o = DEFAULT_PRICE_TABLE.find("gpt-4o")!;

describe("AIECON.COSTPERINTERACTION", () => {
  it("with explicit prices per 1M tokens", () => {
    expect(costPerInteractionFn(7000, 1000, 3, 15, null, null)).toBeCloseTo((7000 * 3 + 1000 * 15) / 1e6, 15);
    expect(costPerInteractionFn(7000, 1000, 3, 15, 4000, 0.3)).toBeCloseTo((3000 * 3 + 4000 * 0.3 + 1000 * 15) / 1e6, 15);
  });

  it("with a model name, case and spaces ignored", () => {
    const expected = (7000 * gpt4o.input + 1000 * gpt4o.output) / 1e6;
    expect(costPerInteractionFn(7000, 1000, "  GPT-4o ", null, null, null)).toBeCloseTo(expected, 15);
    expect(costPerInteractionFn(7000, 1000, "openai/gpt-4o", null, "", "")).toBeCloseTo(expected, 15);
  });

  it("blank cells in optional arguments behave as omitted", () => {
    expect(costPerInteractionFn(100, 100, 1, 2, "", undefined)).toBeCloseTo(300 / 1e6, 15);
  });

  it.each([
    ["negative tokens", [-1, 0, 1, 1], ErrorCode.invalidValue, "input_tokens cannot be negative; got -1."],
    ["text tokens", ["lots", 0, 1, 1], ErrorCode.invalidValue, "input_tokens must be a number; got text 'lots'."],
    ["boolean tokens", [1, true, 1, 1], ErrorCode.invalidValue, "output_tokens must be a number; got TRUE."],
    ["empty required", [null, 0, 1, 1], ErrorCode.invalidValue, "input_tokens is required."],
    ["empty model cell", [1, 1, "", 1], ErrorCode.invalidValue, "model_or_input_price is required."],
    ["NaN", [Number.NaN, 0, 1, 1], ErrorCode.invalidValue, "input_tokens must be a finite number."],
    ["Infinity price", [1, 0, Infinity, 1], ErrorCode.invalidValue, "model_or_input_price must be a finite number."],
    ["negative price", [1, 0, 1, -2], ErrorCode.invalidValue, "output_price cannot be negative; got -2."],
    [
      "missing output price",
      [1, 1, 3],
      ErrorCode.invalidValue,
      "output_price ($ per 1M output tokens) is required when model_or_input_price is a price.",
    ],
    [
      "cached above input",
      [10, 0, 1, 1, 11, 0.1],
      ErrorCode.invalidValue,
      "cached_input_tokens (11) cannot exceed input_tokens (10): cached tokens are part of the input.",
    ],
    [
      "cached without its price",
      [10, 0, 1, 1, 5],
      ErrorCode.invalidValue,
      "cached_input_price ($ per 1M cached input tokens) is required when cached_input_tokens is given with a numeric input price.",
    ],
    ["unknown model", [1, 1, "gpt-99-ultra"], ErrorCode.notAvailable, "Unknown model 'gpt-99-ultra' — add it to the price table."],
    [
      "model with prices",
      [1, 1, "gpt-4o", 5, null, 1],
      ErrorCode.invalidValue,
      "'gpt-4o' is a model name, so its prices come from the price table; leave output_price and cached_input_price empty, or give a number instead of the model name.",
    ],
    [
      "error value",
      [{ code: "#REF!" }, 1, 1, 1],
      ErrorCode.invalidValue,
      "input_tokens contains an Excel error value; fix that cell first.",
    ],
  ])("%s → error with a message that says what to fix", (_label, args, code, message) => {
    const error = excelError(() => (costPerInteractionFn as (...a: unknown[]) => number)(...(args as unknown[])));
    expect(error).toEqual({ code, message });
  });
});

describe("AIECON.COSTPERUSER and AIECON.MARGINIMPACT (domain §4)", () => {
  it("normal user: $0.02 × 50 = $1.00 per month, 1% of $100 ARPU", () => {
    const perInteraction = costPerInteractionFn(2000, 0, 10, 10, null, null); // $0.01 per 1K = $10 per 1M
    expect(perInteraction).toBeCloseTo(0.02, 12);
    const perUser = costPerUserFn(perInteraction, 50);
    expect(perUser).toBeCloseTo(1, 12);
    expect(marginImpactFn(perUser, 100)).toBeCloseTo(0.01, 12);
  });

  it("power user: $0.25 × 500 = $125 per month, 125% of ARPU", () => {
    const perUser = costPerUserFn(costPerInteractionFn(5000, 0, 50, 50, null, null), 500);
    expect(perUser).toBeCloseTo(125, 9);
    expect(marginImpactFn(perUser, 100)).toBeCloseTo(1.25, 12);
  });

  it("refuses zero or missing revenue and negative interactions", () => {
    expect(excelError(() => marginImpactFn(1, 0))).toEqual({
      code: ErrorCode.invalidValue,
      message: "revenue_per_user must be greater than 0; got 0.",
    });
    expect(excelError(() => marginImpactFn(1, ""))).toEqual({ code: ErrorCode.invalidValue, message: "revenue_per_user is required." });
    expect(excelError(() => costPerUserFn(0.02, -5)).message).toBe("interactions_per_month cannot be negative; got -5.");
  });
});

describe("AIECON.COSTTREE", () => {
  const tree = [
    ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
    ["Primary", null, "gpt-4o", 7000, 1000, 1],
    ["Retry", "Primary", 2, 7000, 1000, 0.25],
  ];
  const primary = (7000 * gpt4o.input + 1000 * gpt4o.output) / 1e6;
  const retry = (0.25 * (8000 * 2)) / 1e6;

  it("total (default) is the expected $ per user action", () => {
    expect(costTreeFn(tree)).toEqual([[expect.closeTo(primary + retry, 14)]]);
    expect(costTreeFn(tree, "TOTAL")[0][0]).toBeCloseTo(primary + retry, 14);
  });

  it("breakdown spills Step | Expected calls | Cost $ | Share of total with a total row", () => {
    const out = costTreeFn(tree, "breakdown");
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual(["Step", "Expected calls", "Cost $", "Share of total"]);
    expect(out[2][0]).toBe("Retry");
    expect(out[2][1]).toBe(0.25);
    expect(out[2][2]).toBeCloseTo(retry, 14);
    expect(out[3][0]).toBe("Total");
    expect(out[3][2]).toBeCloseTo(primary + retry, 14);
  });

  it("rejects an unknown output mode and an error value inside the range", () => {
    expect(excelError(() => costTreeFn(tree, "detail")).message).toBe('output must be one of "total", "breakdown"; got \'detail\'.');
    const broken = tree.map((r) => [...r]);
    broken[2][3] = { code: "#N/A" } as never;
    expect(excelError(() => costTreeFn(broken))).toEqual({
      code: ErrorCode.invalidValue,
      message: "Cost tree row 3 ('Retry'): Input tokens contains an Excel error value; fix that cell first.",
    });
  });
});

describe("AIECON.MODELPRICE and AIECON.PRICESASOF", () => {
  afterEach(() => priceRuntime.setWorkbookPrices([]));

  it("returns each kind of price in $ per 1M tokens", () => {
    expect(modelPriceFn("gpt-4o")).toBe(gpt4o.input);
    expect(modelPriceFn("gpt-4o", "output")).toBe(gpt4o.output);
    expect(modelPriceFn("gpt-4o", " Cached_Input ")).toBe(gpt4o.cachedInput);
    expect(modelPriceFn("gpt-4o", "provider")).toBe("openai");
    expect(modelPriceFn("gpt-4o", "request")).toBe(0);
    expect(modelPriceFn("sonar", "request")).toBe(12);
    expect(modelPriceFn("groq/openai/gpt-oss-120b", "provider")).toBe("groq");
    expect(excelError(() => modelPriceFn("gpt-4o", "cache_write"))).toEqual({
      code: ErrorCode.notAvailable,
      message: "Model 'gpt-4o' has no cache-write price in the price table — add one in the AI Prices sheet.",
    });
    expect(excelError(() => modelPriceFn("gpt-4o", "monthly")).code).toBe(ErrorCode.invalidValue);
    expect(excelError(() => modelPriceFn(42)).message).toBe("model must be text; got 42.");
  });

  it("workbook rows override the defaults, and PRICESASOF reports the oldest date in use", () => {
    expect(pricesAsOfFn()).toBe(DEFAULT_PRICES_AS_OF);
    const own: ModelPrice = {
      ...gpt4o,
      input: 1.23 as UsdPerMillionTokens,
      source: "user",
      asOf: "2026-01-15",
    };
    priceRuntime.setWorkbookPrices([own, { ...own, model: "my-finetune", input: 0.05 as UsdPerMillionTokens }]);
    expect(modelPriceFn("GPT-4O")).toBe(1.23);
    expect(modelPriceFn("my-finetune")).toBe(0.05);
    expect(modelPriceFn("gpt-4o-mini")).toBe(DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!.input);
    expect(pricesAsOfFn()).toBe("2026-01-15");
    priceRuntime.setWorkbookPrices([]);
    expect(modelPriceFn("gpt-4o")).toBe(gpt4o.input);
  });
});
