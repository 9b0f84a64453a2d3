// How a provider bills a call (domain.md §8): dated prices, the day's average over time-of-day
// windows, and the long-context tier, on small hand-made prices whose results are worked by hand.
import { dayAverage, modelPriceOn, priceInForce, priceOn, ratesForCall, secondsOfDay, shareOfDay } from "../../src/calc/billing";
import { callCost } from "../../src/calc/interaction";
import { PriceTable, type ModelPrice, type PriceTier } from "../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../src/calc/units";

const usd = (n: number) => n as UsdPerMillionTokens;
const t = (n: number) => n as Tokens;

const base = (over: Partial<ModelPrice> = {}): ModelPrice => ({
  model: "m",
  provider: "acme",
  input: usd(1),
  output: usd(4),
  cachedInput: usd(0.1),
  cacheWrite: null,
  perThousandRequests: null,
  contextWindow: null,
  asOf: "2026-09-23",
  source: "default",
  tiered: false,
  ...over,
});

const tier = (above: number, input: number, output: number, cachedInput: number | null = null): PriceTier => ({
  aboveInputTokens: t(above),
  input: usd(input),
  output: usd(output),
  cachedInput: cachedInput === null ? null : usd(cachedInput),
  cacheWrite: null,
});

describe("long-context tiers: the whole call at the tier its input passes", () => {
  // gemini-2.5-pro's shape: $1.25/$10 up to 200k input tokens, $2.50/$15 above.
  const pro = base({ input: usd(1.25), output: usd(10), cachedInput: usd(0.125), tiered: true, tiers: [tier(200_000, 2.5, 15, 0.25)] });

  it("at the threshold the base rates, one token above it the tier's", () => {
    expect(ratesForCall(pro, t(200_000)).input).toBe(1.25);
    expect(ratesForCall(pro, t(200_001)).input).toBe(2.5);
  });

  it("bills input, cached input and output of a 300k call at the tier: 300,000 × 2.50 + 1,000 × 15 per 1M", () => {
    expect(callCost({ input: t(300_000), output: t(1000), cachedInput: t(0) }, pro)).toBeCloseTo(0.765, 12);
    // 100k of the 300k cached: billed at the tier's cached price, not the base's.
    expect(callCost({ input: t(300_000), output: t(1000), cachedInput: t(100_000) }, pro)).toBeCloseTo(
      (200_000 * 2.5 + 100_000 * 0.25 + 1000 * 15) / 1e6,
      12,
    );
  });

  it("counts cached and cache-write tokens towards the threshold (they are part of the input)", () => {
    const cost = callCost({ input: t(250_000), output: t(0), cachedInput: t(200_000), cacheWrite: t(40_000) }, pro);
    // All at the tier: 10k input × 2.5, 200k cached × 0.25, 40k write at the input price 2.5 (no write price).
    expect(cost).toBeCloseTo((10_000 * 2.5 + 200_000 * 0.25 + 40_000 * 2.5) / 1e6, 12);
  });

  it("several tiers in any order: the highest threshold passed wins", () => {
    const two = base({ tiers: [tier(512_000, 3, 12), tier(128_000, 2, 8)] });
    expect(ratesForCall(two, t(100_000)).input).toBe(1);
    expect(ratesForCall(two, t(200_000)).input).toBe(2);
    expect(ratesForCall(two, t(600_000)).input).toBe(3);
  });
});

describe("cache writes", () => {
  it("are billed at the cache-write price, the rest of the input at the input price", () => {
    const anthropic = base({ input: usd(3), output: usd(15), cachedInput: usd(0.3), cacheWrite: usd(3.75) });
    const cost = callCost({ input: t(10_000), output: t(500), cachedInput: t(4000), cacheWrite: t(5000) }, anthropic);
    expect(cost).toBeCloseTo((1000 * 3 + 4000 * 0.3 + 5000 * 3.75 + 500 * 15) / 1e6, 12);
  });

  it("a model without a cache-write price bills them at its input price", () => {
    const cost = callCost({ input: t(10_000), output: t(0), cachedInput: t(0), cacheWrite: t(5000) }, base());
    expect(cost).toBeCloseTo((10_000 * 1) / 1e6, 12);
  });

  it("cached + cache-write above input is refused, naming both", () => {
    expect(() => callCost({ input: t(100), output: t(0), cachedInput: t(60), cacheWrite: t(50) }, base())).toThrow(
      /cached_input_tokens \(60\) \+ cache_write_tokens \(50\) cannot exceed input_tokens \(100\)/,
    );
  });
});

describe("context window", () => {
  const small = base({ model: "gpt-4o", contextWindow: 128_000 });

  it("input + output above the window is #VALUE! naming the model and its window", () => {
    expect(() => callCost({ input: t(1_000_000), output: t(2000), cachedInput: t(0) }, small, "gpt-4o")).toThrow(
      /'gpt-4o' takes at most 128,000 tokens per call \(input \+ output\); this call has 1,002,000/,
    );
  });

  it("exactly the window is priced; an unknown window prices any size", () => {
    expect(callCost({ input: t(127_000), output: t(1000), cachedInput: t(0) }, small, "gpt-4o")).toBeCloseTo(0.127 + 0.004, 12);
    expect(callCost({ input: t(1_000_000), output: t(0), cachedInput: t(0) }, base(), "m")).toBeCloseTo(1, 12);
  });
});

describe("time of day: the day's uniform average", () => {
  // deepseek-chat's shape: 0.135/0.55 outside, 0.27/1.10 from 00:30 to 16:30 UTC (16 of 24 hours).
  const chat = base({
    input: usd(0.135),
    output: usd(0.55),
    cachedInput: usd(0.035),
    conditional: true,
    windows: [
      {
        startUtc: "00:30:00Z",
        endUtc: "16:30:00Z",
        input: usd(0.27),
        output: usd(1.1),
        cachedInput: usd(0.07),
        cacheWrite: null,
        perThousandRequests: null,
      },
    ],
  });

  it("weights each window by its hours", () => {
    const avg = dayAverage(chat);
    expect(avg.input).toBeCloseTo((16 * 0.27 + 8 * 0.135) / 24, 15);
    expect(avg.output).toBeCloseTo((16 * 1.1 + 8 * 0.55) / 24, 15);
    expect(avg.cachedInput).toBeCloseTo((16 * 0.07 + 8 * 0.035) / 24, 15);
    expect(dayAverage(chat)).toBe(avg); // cached per price
  });

  it("a window past midnight wraps, and a later window wins where two overlap", () => {
    const w = (start: string, end: string, input: number) => ({
      startUtc: start,
      endUtc: end,
      input: usd(input),
      output: usd(0),
      cachedInput: null,
      cacheWrite: null,
      perThousandRequests: null,
    });
    const night = base({ windows: [w("22:00", "02:00", 3)] });
    expect(dayAverage(night).input).toBeCloseTo((4 * 3 + 20 * 1) / 24, 15);
    const overlap = base({ windows: [w("00:00", "12:00", 2), w("06:00", "18:00", 5)] });
    expect(shareOfDay(overlap).map((p) => [p.pricing.input, p.share * 24])).toEqual([
      [2, 6],
      [5, 12],
      [1, 6],
    ]);
  });

  it("reads UTC times with or without seconds and Z; refuses others", () => {
    expect(secondsOfDay("16:30")).toBe(59_400);
    expect(secondsOfDay("00:30:15Z")).toBe(1815);
    expect(() => secondsOfDay("4pm")).toThrow(/Not a UTC time/);
  });

  it("averages tiers threshold by threshold, and a missing cache-write price as the input price", () => {
    const tiered = base({
      cacheWrite: usd(2),
      tiers: [tier(100, 10, 40)],
      windows: [
        {
          startUtc: "00:00",
          endUtc: "12:00",
          input: usd(3),
          output: usd(4),
          cachedInput: usd(0.1),
          cacheWrite: null,
          perThousandRequests: null,
        },
      ],
    });
    const avg = dayAverage(tiered);
    expect(avg.cacheWrite).toBeCloseTo((2 + 3) / 2, 15);
    // Above 100 input tokens: the tier (10) half the day, the window's only rate (3) the other half.
    expect(ratesForCall(avg, t(101)).input).toBeCloseTo((10 + 3) / 2, 15);
    expect(ratesForCall(avg, t(100)).input).toBeCloseTo((1 + 3) / 2, 15);
  });
});

describe("dated prices", () => {
  const flash = base({
    input: usd(0.75),
    versions: [
      { from: null, input: usd(0.75), output: usd(3.75), cachedInput: usd(0.075), cacheWrite: null, perThousandRequests: null },
      { from: "2027-01-01", input: usd(1.5), output: usd(7.5), cachedInput: usd(0.15), cacheWrite: null, perThousandRequests: null },
    ],
  });

  it("the latest price dated on or before the date applies", () => {
    expect(priceOn(flash, "2026-12-31").input).toBe(0.75);
    expect(priceOn(flash, "2027-01-01").input).toBe(1.5);
    expect(priceOn(flash, "2030-06-01").output).toBe(7.5);
    expect(priceOn(flash, "2027-01-01")).toBe(priceOn(flash, "2027-05-01")); // one object per dated price
  });

  it("before every dated price, the earliest applies; a row with one price is that price at any date", () => {
    const later = base({
      versions: [{ from: "2026-05-01", input: usd(2), output: usd(2), cachedInput: null, cacheWrite: null, perThousandRequests: null }],
    });
    expect(priceOn(later, "2020-01-01").input).toBe(2);
    const one = base();
    expect(priceOn(one, "1999-01-01")).toBe(one);
  });

  it("a dated price keeps its own tiers and windows, and the model's name and context window", () => {
    const dated = base({
      contextWindow: 1_000_000,
      versions: [
        { from: null, input: usd(1), output: usd(1), cachedInput: null, cacheWrite: null, perThousandRequests: null },
        {
          from: "2026-08-01",
          input: usd(2),
          output: usd(2),
          cachedInput: null,
          cacheWrite: null,
          perThousandRequests: null,
          tiers: [tier(200_000, 4, 4)],
        },
      ],
    });
    expect(priceOn(dated, "2026-07-31").tiered).toBe(false);
    const after = priceOn(dated, "2026-08-01");
    expect([after.model, after.contextWindow, after.tiered, ratesForCall(after, t(300_000)).input]).toEqual(["m", 1_000_000, true, 4]);
  });

  it("without a date, a source's own as-of date applies (so results do not move with today's date)", () => {
    const table = new PriceTable([flash], "2026-09-23");
    expect(modelPriceOn(table, "m").input).toBe(0.75);
    expect(modelPriceOn(table, "m", "2027-02-01").input).toBe(1.5);
    expect(priceInForce(flash, "2027-02-01")).toBe(priceOn(flash, "2027-02-01"));
  });
});
