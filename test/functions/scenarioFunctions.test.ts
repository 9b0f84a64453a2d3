import {
  blendedPriceFn,
  costCurveFn,
  gpuCostPerMTokFn,
  tokenCountFn,
  userMixFn,
  valuationImpactFn,
} from "../../src/functions/scenarioFunctions";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import { CustomFunctionsError } from "../support/customFunctionsGlobal";
import { excelError } from "../support/excelErrors";

const VALUE = "#VALUE!";
const NA = "#N/A";

describe("AIECON.COSTCURVE", () => {
  it("spills one column of $ per user per month", () => {
    const out = costCurveFn(4, 0.02, 50, 1000, null, 2000);
    expect(out).toHaveLength(4);
    expect(out.every((row) => row.length === 1)).toBe(true);
    expect(out.map((r) => r[0])).toEqual([1, 1.5, 2, 2.5].map((x) => expect.closeTo(x, 12)));
  });
  it("blank optional arguments behave as omitted", () => {
    expect(costCurveFn(2, 0.02, 50, 0, "", "")).toEqual([[1], [1]]);
    expect(costCurveFn(2, 0.02, 50, 0)).toEqual([[1], [1]]);
  });
  it("caps at context_cap_tokens", () => {
    expect(costCurveFn(4, 0.02, 50, 1000, 3000, 2000).map((r) => r[0])).toEqual([1, 1.5, 1.5, 1.5].map((x) => expect.closeTo(x, 12)));
  });
  it("bad inputs are #VALUE! with a message", () => {
    expect(excelError(() => costCurveFn("24", 0.02, 50, 0))).toEqual({ code: VALUE, message: "months must be a number; got text '24'." });
    expect(excelError(() => costCurveFn(24.5, 0.02, 50, 0)).message).toMatch(/whole number of months/);
    expect(excelError(() => costCurveFn(24, -1, 50, 0)).message).toMatch(/cost_per_interaction_month1 cannot be negative/);
    expect(excelError(() => costCurveFn(24, 0.02, 50, 100)).message).toMatch(/tokens_per_interaction .* is required/);
    expect(excelError(() => costCurveFn(24, 0.02, null, 0)).message).toBe("interactions_per_month is required.");
    // 0 month-1 tokens means nothing (an empty cell in Excel desktop): omitted, so still required here.
    expect(excelError(() => costCurveFn(24, 0.02, 50, 100, null, 0)).message).toMatch(/tokens_per_interaction .* is required/);
    expect(excelError(() => costCurveFn(24, 0.02, 50, 100, null, -5)).message).toBe(
      "tokens_per_interaction must be greater than 0; got -5.",
    );
    expect(excelError(() => costCurveFn(24, 0.02, 50, 100, 1000, 2000)).message).toMatch(/cannot be below tokens_per_interaction/);
  });
});

describe("AIECON.BLENDEDPRICE", () => {
  afterEach(() => priceRuntime.setWorkbookPrices([]));

  it("prices named models from the active price table", () => {
    const mini = DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!;
    const big = DEFAULT_PRICE_TABLE.find("gpt-4o")!;
    expect(blendedPriceFn([["gpt-4o-mini"], ["gpt-4o"]], [[0.9], [0.1]])).toBeCloseTo(0.9 * mini.input + 0.1 * big.input, 12);
    expect(blendedPriceFn([["gpt-4o-mini"], ["gpt-4o"]], [[0.9], [0.1]], "output")).toBeCloseTo(0.9 * mini.output + 0.1 * big.output, 12);
  });

  it("uses the workbook's own prices before the defaults", () => {
    const mine: ModelPrice = {
      ...DEFAULT_PRICE_TABLE.find("gpt-4o")!,
      input: 100 as UsdPerMillionTokens,
      source: "user",
    };
    priceRuntime.setWorkbookPrices([mine]);
    expect(blendedPriceFn([["gpt-4o"], [0]], [[0.5], [0.5]])).toBeCloseTo(50, 12);
  });

  it("shares off by more than 0.001 are #VALUE! saying by how much", () => {
    const e = excelError(() => blendedPriceFn([[1], [2]], [[0.7], [0.2]]));
    expect(e.code).toBe(VALUE);
    expect(e.message).toMatch(/short by 0.1 \(10%\)/);
  });
  it("unknown models are #N/A; a bad kind is #VALUE!", () => {
    expect(excelError(() => blendedPriceFn([["no-such-model"]], [[1]])).code).toBe(NA);
    expect(excelError(() => blendedPriceFn([[1]], [[1]], "blended")).message).toMatch(/kind must be one of "input", "output"/);
  });
  it("a single cell works as a one-entry portfolio", () => {
    expect(blendedPriceFn([[4]], [[1]])).toBe(4);
  });
});

describe("AIECON.GPUCOSTPERMTOK", () => {
  it("defaults utilisation to 1 when omitted or blank", () => {
    expect(gpuCostPerMTokFn(3.6, 1000)).toBeCloseTo(1, 12);
    expect(gpuCostPerMTokFn(3.6, 1000, null)).toBeCloseTo(1, 12);
    expect(gpuCostPerMTokFn(3.6, 1000, 0.25)).toBeCloseTo(4, 12);
  });
  it("bad inputs are #VALUE!", () => {
    expect(excelError(() => gpuCostPerMTokFn(3.6, 0)).message).toBe("tokens_per_second must be greater than 0; got 0.");
    expect(excelError(() => gpuCostPerMTokFn(3.6, 100, 0)).message).toMatch(/utilisation must be a fraction above 0/);
    expect(excelError(() => gpuCostPerMTokFn(-1, 100)).message).toMatch(/gpu_hourly_usd cannot be negative/);
    expect(excelError(() => gpuCostPerMTokFn(3.6, 100, "high")).message).toMatch(/utilisation must be a number/);
  });
});

describe("AIECON.VALUATIONIMPACT", () => {
  it("20% → 15% is −25%", () => {
    expect(valuationImpactFn(0.2, 0.15)).toBeCloseTo(-0.25, 12);
  });
  it("bad inputs are #VALUE!", () => {
    expect(excelError(() => valuationImpactFn(20, 15)).code).toBe(VALUE);
    expect(excelError(() => valuationImpactFn(null, 0.1)).message).toBe("gross_margin_before is required.");
  });
});

describe("AIECON.USERMIX", () => {
  it("spills three labelled rows", () => {
    const out = userMixFn([[1, 125]], [[900, 100]], [[100, 100]]);
    expect(out).toHaveLength(3);
    expect(out.map((r) => r[1])).toEqual([13.4, 0.134, 0.1].map((x) => expect.closeTo(x, 12)));
  });
  it("error values in a range name the argument", () => {
    const err = new CustomFunctionsError("#DIV/0!");
    expect(excelError(() => userMixFn([[1]], [[err]], [[1]])).message).toMatch(/Entry 1: users_by_segment contains an Excel error value/);
  });
});

describe("AIECON.TOKENCOUNT (async, lazy tokenizer)", () => {
  it("returns a promise of the estimated count", async () => {
    const pending = tokenCountFn("hello world");
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toBe(2);
  });
  it("an empty cell counts 0; numbers are counted as their text", async () => {
    expect(await tokenCountFn(null)).toBe(0);
    expect(await tokenCountFn("")).toBe(0);
    expect(await tokenCountFn(12345)).toBeGreaterThan(0);
  });
  it("an error value in the cell rejects with #VALUE!", async () => {
    await expect(tokenCountFn(new CustomFunctionsError("#REF!"))).rejects.toMatchObject({
      code: VALUE,
      message: "text contains an Excel error value; fix that cell first.",
    });
  });
});
