import { costCurve, tokensByMonth, MAX_CURVE_MONTHS } from "../../src/calc/tenureCurve";
import { CalcError } from "../../src/calc/errors";
import type { InteractionsPerMonth, Tokens, UsdPerInteraction } from "../../src/calc/units";

const base = {
  costPerInteractionMonth1: 0.02 as UsdPerInteraction,
  interactionsPerMonth: 50 as InteractionsPerMonth,
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("tokens per interaction over tenure", () => {
  it("adds the growth once per month after the first", () => {
    expect(tokensByMonth(4, 2000 as Tokens, 500 as Tokens)).toEqual([2000, 2500, 3000, 3500]);
  });
  it("stops at the cap", () => {
    expect(tokensByMonth(5, 2000 as Tokens, 500 as Tokens, 3000 as Tokens)).toEqual([2000, 2500, 3000, 3000, 3000]);
  });
});

describe("COSTCURVE model", () => {
  it("month 1 is cost per interaction × interactions, and cost scales with tokens", () => {
    const curve = costCurve({ ...base, months: 3, contextGrowthPerMonth: 1000 as Tokens, tokensPerInteraction: 2000 as Tokens });
    // $0.02 × 50 = $1.00 in month 1; 3,000 tokens in month 2 = 1.5×; 4,000 in month 3 = 2×.
    expect(curve[0]).toBeCloseTo(1.0, 12);
    expect(curve[1]).toBeCloseTo(1.5, 12);
    expect(curve[2]).toBeCloseTo(2.0, 12);
  });

  it("without a cap the cumulative cost grows faster than linearly in tenure", () => {
    const curve = costCurve({ ...base, months: 24, contextGrowthPerMonth: 500 as Tokens, tokensPerInteraction: 2000 as Tokens });
    const first12 = sum(curve.slice(0, 12));
    const all24 = sum(curve);
    expect(all24).toBeGreaterThan(2 * first12);
    // Per-month cost keeps rising every month.
    for (let m = 1; m < curve.length; m++) expect(curve[m]).toBeGreaterThan(curve[m - 1]);
  });

  it("with a cap (summarisation) growth stops and the cumulative cost returns to linear", () => {
    const capped = costCurve({
      ...base,
      months: 24,
      contextGrowthPerMonth: 500 as Tokens,
      contextCap: 4000 as Tokens,
      tokensPerInteraction: 2000 as Tokens,
    });
    // 4,000 tokens is reached in month 5; from then on every month costs 2× month 1 = $2.00.
    expect(capped[3]).toBeCloseTo(1.75, 12);
    for (const month of capped.slice(4)) expect(month).toBeCloseTo(2.0, 12);
    // Cumulative growth over months 13..24 equals that over months 5..16: linear.
    expect(sum(capped.slice(12, 24))).toBeCloseTo(sum(capped.slice(4, 16)), 9);
    // Domain §4: summarisation cuts per-user cost by about half over the first two years here.
    const uncapped = costCurve({ ...base, months: 24, contextGrowthPerMonth: 500 as Tokens, tokensPerInteraction: 2000 as Tokens });
    const saving = 1 - sum(capped) / sum(uncapped);
    expect(saving).toBeGreaterThan(0.4);
    expect(saving).toBeLessThan(0.6);
  });

  it("no growth and no cap: a flat curve even without tokens_per_interaction", () => {
    expect(costCurve({ ...base, months: 3, contextGrowthPerMonth: 0 as Tokens })).toEqual([1, 1, 1]);
  });

  it("refuses growth or a cap without the month-1 token count", () => {
    expect(() => costCurve({ ...base, months: 3, contextGrowthPerMonth: 10 as Tokens })).toThrow(
      /tokens_per_interaction .* required when context_growth_per_month is above 0/,
    );
    expect(() => costCurve({ ...base, months: 3, contextGrowthPerMonth: 0 as Tokens, contextCap: 10 as Tokens })).toThrow(
      /required when context_cap_tokens is given/,
    );
  });

  it("refuses a cap below the month-1 tokens", () => {
    expect(() =>
      costCurve({
        ...base,
        months: 3,
        contextGrowthPerMonth: 10 as Tokens,
        contextCap: 1000 as Tokens,
        tokensPerInteraction: 2000 as Tokens,
      }),
    ).toThrow(/context_cap_tokens \(1000\) cannot be below tokens_per_interaction \(2000\)/);
  });

  it.each([0, -1, 2.5, MAX_CURVE_MONTHS + 1])("refuses %p months as #VALUE!", (months) => {
    let error: unknown;
    try {
      costCurve({ ...base, months, contextGrowthPerMonth: 0 as Tokens });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalcError);
    expect((error as CalcError).kind).toBe("value");
    expect((error as CalcError).message).toMatch(/months must be a whole number of months from 1 to 1200/);
  });
});
