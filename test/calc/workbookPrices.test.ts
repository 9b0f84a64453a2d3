import { priceOn, ratesForCall } from "../../src/calc/billing";
import { PriceTable, type ModelPrice, type PriceTier } from "../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../src/calc/units";
import { layerWorkbookPrices } from "../../src/calc/workbookPrices";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";

const usd = (n: number) => n as UsdPerMillionTokens;

function row(model: string, input: number, asOf: string, provider = "custom"): ModelPrice {
  return {
    model,
    provider,
    input: usd(input),
    output: usd(input * 4),
    cachedInput: null,
    cacheWrite: null,
    perThousandRequests: null,
    contextWindow: null,
    asOf,
    source: "user",
    tiered: false,
  };
}

function tier(above: number, input: number): PriceTier {
  return { aboveInputTokens: above as Tokens, input: usd(input), output: usd(input * 4), cachedInput: null, cacheWrite: null };
}

const ON = "2026-12-06";

describe("layerWorkbookPrices: dated rows", () => {
  it("a model's single row is its price at any date", () => {
    const [only] = layerWorkbookPrices({ rows: [row("m", 1, "2026-01-01")], tiers: [], on: ON });
    expect(only.versions).toBeUndefined();
    expect(priceOn(only, "2020-01-01").input).toBe(1);
  });

  it("several rows of one model are its dated prices: the latest dated on or before the pricing date applies", () => {
    const rows = [row("m", 3, "2027-01-01"), row("m", 1, "2025-01-01"), row("m", 2, "2026-06-01"), row("other", 9, "2026-01-01")];
    const layered = layerWorkbookPrices({ rows, tiers: [], on: ON });
    expect(layered.map((r) => r.model)).toEqual(["m", "other"]);
    const m = layered[0];
    // Listed fields: the row in force today (2026-06-01), not the announced change.
    expect([m.input, m.asOf]).toEqual([2, "2026-06-01"]);
    expect(m.versions!.map((v) => v.from)).toEqual(["2025-01-01", "2026-06-01", "2027-01-01"]);
    expect(priceOn(m, "2025-03-01").input).toBe(1);
    expect(priceOn(m, "2026-06-01").input).toBe(2);
    expect(priceOn(m, "2026-12-31").input).toBe(2);
    expect(priceOn(m, "2027-01-01").input).toBe(3);
    // Before every date: the earliest price, as the dataset's own calculator does.
    expect(priceOn(m, "2024-01-01").input).toBe(1);
  });

  it("the same name under two providers is two models, and a blank As of is in force before any date", () => {
    const rows = [row("m", 1, "2026-01-01", "a"), row("m", 5, "", "b"), row("m", 6, "2026-03-01", "b")];
    const layered = layerWorkbookPrices({ rows, tiers: [], on: ON });
    expect(layered).toHaveLength(2);
    const b = layered.find((r) => r.provider === "b")!;
    expect(priceOn(b, "2025-01-01").input).toBe(5);
    expect(priceOn(b, "2026-03-01").input).toBe(6);
  });
});

describe("layerWorkbookPrices: tier rows", () => {
  it("tier rows replace a model's tiers in every dated price, lowest threshold first, whatever the name's case", () => {
    const rows = [row("m", 1, "2025-01-01"), row("m", 2, "2026-01-01")];
    const tiers = [
      { model: "M", tier: tier(500_000, 8) },
      { model: "m ", tier: tier(200_000, 4) },
    ];
    const [m] = layerWorkbookPrices({ rows, tiers, on: ON });
    expect(m.tiered).toBe(true);
    expect(m.tiers!.map((t) => t.aboveInputTokens)).toEqual([200_000, 500_000]);
    const old = priceOn(m, "2025-06-01");
    expect(ratesForCall(old, 200_000 as Tokens).input).toBe(1);
    expect(ratesForCall(old, 200_001 as Tokens).input).toBe(4);
    expect(ratesForCall(priceOn(m, ON), 600_000 as Tokens).input).toBe(8);
  });

  it("a tier row naming a bundled model the workbook lacks overrides that model's bundled tiers", () => {
    const bundled = DEFAULT_PRICE_TABLE.find("gemini-2.5-pro")!;
    expect(bundled.tiers!.length).toBeGreaterThan(0);
    const layered = layerWorkbookPrices({ rows: [], tiers: [{ model: "gemini-2.5-pro", tier: tier(100_000, 7) }], bundled: DEFAULT_PRICE_TABLE, on: ON });
    expect(layered).toHaveLength(1);
    const over = new PriceTable(layered, ON).find("gemini-2.5-pro")!;
    expect(over.input).toBe(bundled.input);
    expect(over.tiers).toEqual([tier(100_000, 7)]);
    expect(ratesForCall(over, 150_000 as Tokens).input).toBe(7);
  });

  it("withheld models are left out entirely, so a formula reaches the rejection instead of another price", () => {
    const rows = [row("m", 1, "2025-01-01"), row("m", 2, "2026-01-01"), row("n", 1, "2026-01-01"), row("n", 1, "2026-01-01", "x")];
    const layered = layerWorkbookPrices({
      rows,
      tiers: [{ model: "gemini-2.5-pro", tier: tier(100_000, 7) }],
      withheld: [{ model: "m", provider: "custom" }, { model: "N", provider: "x" }, { model: "gemini-2.5-pro" }],
      bundled: DEFAULT_PRICE_TABLE,
      on: ON,
    });
    expect(layered.map((r) => `${r.provider}/${r.model}`)).toEqual(["custom/n"]);
  });
});
