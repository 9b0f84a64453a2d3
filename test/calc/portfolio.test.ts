import { blendedPrice, parsePortfolio } from "../../src/calc/portfolio";
import { calcFailure } from "../support/calcFailure";
import { PriceTable, type ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";

const usd = (n: number) => n as UsdPerMillionTokens;
const row = (model: string, input: number, output: number, cachedInput: number | null): ModelPrice => ({
  model,
  provider: "test",
  input: usd(input),
  output: usd(output),
  cachedInput: cachedInput === null ? null : usd(cachedInput),
  cacheWrite: null,
  contextWindow: null,
  asOf: "2026-01-01",
  source: "user",
  perThousandRequests: null,
  tiered: false,
});
const table = new PriceTable([row("small", 0.2, 0.8, 0.05), row("frontier", 3, 15, null)], "2026-01-01");

describe("BLENDEDPRICE portfolio", () => {
  it("traffic-weights named models at the chosen price kind", () => {
    const names = [["small"], ["frontier"]];
    const shares = [[0.8], [0.2]];
    expect(blendedPrice(parsePortfolio(names, shares, "input", table))).toBeCloseTo(0.8 * 0.2 + 0.2 * 3, 12);
    expect(blendedPrice(parsePortfolio(names, shares, "output", table))).toBeCloseTo(0.8 * 0.8 + 0.2 * 15, 12);
  });

  it("mixes names and numeric $ per 1M prices, a row against a column", () => {
    const entries = parsePortfolio([["small", 10]], [[0.5], [0.5]], "input", table);
    expect(entries.map((e) => e.label)).toEqual(["small", "$10/1M"]);
    expect(blendedPrice(entries)).toBeCloseTo(0.5 * 0.2 + 0.5 * 10, 12);
  });

  it("skips entries blank in both ranges", () => {
    const entries = parsePortfolio([["small"], [null], ["frontier"]], [[0.5], [""], [0.5]], "input", table);
    expect(entries).toHaveLength(2);
  });

  it("accepts shares within ±0.001 of 1 and refuses beyond, saying by how much they miss", () => {
    const third = [[0.333], [0.333], [0.333]];
    expect(() => blendedPrice(parsePortfolio([[1], [2], [3]], third, "input", table))).not.toThrow();
    const short = calcFailure(() => blendedPrice(parsePortfolio([[1], [2]], [[0.6], [0.35]], "input", table)));
    expect(short.kind).toBe("value");
    expect(short.message).toMatch(/add up to 0.95 \(95%\), short by 0.05 \(5%\)/);
    const over = calcFailure(() => blendedPrice(parsePortfolio([[1], [2]], [[0.6], [0.5]], "input", table)));
    expect(over.message).toMatch(/over by 0.1 \(10%\)/);
    const percent = calcFailure(() => blendedPrice(parsePortfolio([[1], [2]], [[60], [40]], "input", table)));
    expect(percent.message).toMatch(/not as 60/);
  });

  it("refuses ranges of different sizes and half-filled entries", () => {
    expect(() => parsePortfolio([["small"], ["frontier"]], [[1]], "input", table)).toThrow(
      /models_or_prices and traffic_shares must have the same number of cells; got 2 and 1/,
    );
    expect(() => parsePortfolio([["small"], ["frontier"]], [[1], [null]], "input", table)).toThrow(
      /Entry 2: traffic_shares is blank while models_or_prices is filled/,
    );
    expect(() => parsePortfolio([[null]], [[null]], "input", table)).toThrow(/contain no values/);
  });

  it("unknown model and missing price kind are #N/A naming the entry", () => {
    const unknown = calcFailure(() => parsePortfolio([["nope"]], [[1]], "input", table));
    expect(unknown.kind).toBe("notAvailable");
    expect(unknown.message).toMatch(/Entry 1: Unknown model 'nope'/);
    const noCached = calcFailure(() => parsePortfolio([["small"], ["frontier"]], [[0.5], [0.5]], "cached_input", table));
    expect(noCached.kind).toBe("notAvailable");
    expect(noCached.message).toMatch(/Entry 2: Model 'frontier' has no cached-input price/);
  });

  it("refuses negative shares and prices, and text shares", () => {
    expect(() => parsePortfolio([[1]], [[-1]], "input", table)).toThrow(/Entry 1: traffic_shares cannot be negative/);
    expect(() => parsePortfolio([[-1]], [[1]], "input", table)).toThrow(/cannot be negative/);
    expect(() => parsePortfolio([[1]], [["half"]], "input", table)).toThrow(/traffic_shares must be a number; got text 'half'/);
  });
});
