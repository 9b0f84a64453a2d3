import { callCost, costPerInteraction, costPerUser, grossMarginAfter, marginImpact } from "../../src/calc/interaction";
import { CalcError } from "../../src/calc/errors";
import { perThousandToPerMillion, perMillionToPerThousand } from "../../src/calc/units";
import type {
  Fraction,
  InteractionsPerMonth,
  Tokens,
  UsdPerInteraction,
  UsdPerMillionTokens,
  UsdPerThousandTokens,
  UsdPerUserMonth,
} from "../../src/calc/units";

const t = (n: number) => n as Tokens;
const p = (n: number) => n as UsdPerMillionTokens;

describe("cost per interaction", () => {
  it("prices input, cached input and output at their own prices", () => {
    // 7,000 input of which 4,000 cached; 1,000 output; $3 / $0.30 / $15 per 1M.
    const cost = callCost({ input: t(7000), cachedInput: t(4000), output: t(1000) }, { input: p(3), cachedInput: p(0.3), output: p(15) });
    expect(cost).toBeCloseTo((3000 * 3 + 4000 * 0.3 + 1000 * 15) / 1e6, 15);
  });

  it("domain §2 token split: the system prompt is half the tokens before the user types", () => {
    const prices = { input: p(2.5), cachedInput: p(1.25), output: p(10) };
    const full = callCost({ input: t(7000), cachedInput: t(0), output: t(1000) }, prices);
    const cached = callCost({ input: t(7000), cachedInput: t(4000), output: t(1000) }, prices);
    expect(full).toBeCloseTo(0.0275, 12);
    expect(full - cached).toBeCloseTo((4000 * (2.5 - 1.25)) / 1e6, 12);
  });

  it("refuses cached tokens above input tokens", () => {
    expect(() => callCost({ input: t(10), cachedInput: t(11), output: t(0) }, { input: p(1), cachedInput: p(1), output: p(1) })).toThrow(
      /cannot exceed input_tokens/,
    );
  });

  it("cached tokens without a cached price: #N/A naming the model, or #VALUE! asking for the price", () => {
    const prices = { input: p(1), cachedInput: null, output: p(1) };
    const tokens = { input: t(10), cachedInput: t(5), output: t(0) };
    const named = (() => {
      try {
        callCost(tokens, prices, "m1");
      } catch (e) {
        return e as CalcError;
      }
    })();
    expect(named?.kind).toBe("notAvailable");
    expect(named?.message).toMatch(/'m1' has no cached-input price/);
    expect(() => callCost(tokens, prices)).toThrow(/cached_input_price/);
    expect(callCost({ ...tokens, cachedInput: t(0) }, prices)).toBeCloseTo(10 / 1e6, 15);
  });
});

describe("domain §4 worked example (ARPU $100/month)", () => {
  // Prices in the example are quoted per 1,000 tokens; the add-in works per 1M.
  const normalPrice = perThousandToPerMillion(0.01 as UsdPerThousandTokens);
  const powerPrice = perThousandToPerMillion(0.05 as UsdPerThousandTokens);
  const arpu = 100 as UsdPerUserMonth;

  it("normal user: $0.02 per interaction, $1.00 per user-month, 1% of revenue", () => {
    const perInteraction = costPerInteraction(
      { input: t(2000), cachedInput: t(0), output: t(0) },
      { input: normalPrice, output: normalPrice, cachedInput: null },
    );
    expect(perInteraction).toBeCloseTo(0.02, 12);
    const perUser = costPerUser(perInteraction, 50 as InteractionsPerMonth);
    expect(perUser).toBeCloseTo(1.0, 12);
    expect(marginImpact(perUser, arpu)).toBeCloseTo(0.01, 12);
  });

  it("power user: $0.25 per interaction, $125 per user-month, 125% of ARPU (margin-negative)", () => {
    const perInteraction = costPerInteraction(
      { input: t(5000), cachedInput: t(0), output: t(0) },
      { input: powerPrice, output: powerPrice, cachedInput: null },
    );
    expect(perInteraction).toBeCloseTo(0.25, 12);
    const perUser = costPerUser(perInteraction, 500 as InteractionsPerMonth);
    expect(perUser).toBeCloseTo(125, 9);
    const impact = marginImpact(perUser, arpu);
    expect(impact).toBeCloseTo(1.25, 12);
    expect(impact).toBeGreaterThan(1);
  });

  it("usage intensity: 1/day over 30 days at $0.02 is $0.60, a tenth of 10/day", () => {
    const once = costPerUser(0.02 as UsdPerInteraction, 30 as InteractionsPerMonth);
    const tenTimes = costPerUser(0.02 as UsdPerInteraction, 300 as InteractionsPerMonth);
    expect(once).toBeCloseTo(0.6, 12);
    expect(once / tenTimes).toBeCloseTo(0.1, 12);
  });
});

describe("units and margins", () => {
  it("converts per-1K to per-1M and back without loss", () => {
    expect(perThousandToPerMillion(0.003 as UsdPerThousandTokens)).toBeCloseTo(3, 12);
    expect(perMillionToPerThousand(15 as UsdPerMillionTokens)).toBeCloseTo(0.015, 12);
  });
  it("gross margin after = before − impact", () => {
    expect(grossMarginAfter(0.8 as Fraction, 0.125 as Fraction)).toBeCloseTo(0.675, 12);
  });
  it("refuses zero revenue", () => {
    expect(() => marginImpact(1 as UsdPerUserMonth, 0 as UsdPerUserMonth)).toThrow(/revenue_per_user/);
  });
});

describe("per-request fee ($ per 1K requests)", () => {
  it("one call pays one request on top of its tokens", () => {
    const prices = { input: p(1), output: p(1), cachedInput: null, perThousandRequests: 12 as never };
    // 7,000 + 1,000 tokens at $1/1M = $0.008, plus $12 / 1,000 requests = $0.012
    expect(callCost({ input: t(7000), output: t(1000), cachedInput: t(0) }, prices)).toBeCloseTo(0.02, 15);
  });
  it("no fee, or a null fee, adds nothing", () => {
    const tokens = { input: t(7000), output: t(1000), cachedInput: t(0) };
    expect(callCost(tokens, { input: p(1), output: p(1), cachedInput: null, perThousandRequests: null })).toBe(
      callCost(tokens, { input: p(1), output: p(1), cachedInput: null }),
    );
  });
});
