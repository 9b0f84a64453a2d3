import { LayeredPriceSource, PriceTable, priceOfKind, resolveModel, type ModelPrice } from "../../src/calc/prices";
import { calcFailure } from "../support/calcFailure";
import type { UsdPerMillionTokens } from "../../src/calc/units";

const usd = (n: number) => n as UsdPerMillionTokens;
const row = (model: string, input: number, extra: Partial<ModelPrice> = {}): ModelPrice => ({
  model,
  provider: "acme",
  input: usd(input),
  output: usd(input * 4),
  cachedInput: usd(input / 10),
  cacheWrite: null,
  contextWindow: null,
  asOf: "2026-01-01",
  source: "default",
  tiered: false,
  ...extra,
});

describe("PriceTable lookup", () => {
  const table = new PriceTable(
    [
      row("fast-1", 1, { aliases: ["fast-1-2026-01-01"], prefixes: ["fast-1"] }),
      row("fast-1-mini", 0.5, { prefixes: ["fast-1-mini"] }),
      row("fast-1", 9, { provider: "reseller" }),
    ],
    "2026-01-01",
  );

  it("ignores case and surrounding spaces", () => {
    expect(table.find("  FAST-1 ")?.input).toBe(1);
  });

  it("resolves provider-qualified names, including another provider's copy", () => {
    expect(table.find("acme/fast-1")?.input).toBe(1);
    expect(table.find("reseller/fast-1")?.input).toBe(9);
  });

  it("a plain id resolves to the first provider listed (the model's maker)", () => {
    expect(table.find("fast-1")?.provider).toBe("acme");
  });

  it("resolves aliases and dated snapshots by the longest matching prefix", () => {
    expect(table.find("fast-1-2026-01-01")?.model).toBe("fast-1");
    expect(table.find("fast-1-mini-2026-02-02")?.model).toBe("fast-1-mini");
    expect(table.find("fast-1-2099")?.model).toBe("fast-1");
  });

  it("does not know what it does not hold", () => {
    expect(table.find("slow-9")).toBeUndefined();
  });
});

describe("layering: workbook rows before bundled defaults", () => {
  const defaults = new PriceTable([row("fast-1", 1), row("other", 2)], "2026-01-01");
  const workbook = new PriceTable([row("Fast-1", 7, { source: "user", asOf: "2025-12-01" })], "2025-12-01");
  const layered = new LayeredPriceSource([workbook, defaults]);

  it("a user row with the same model name wins, whatever its case", () => {
    expect(layered.find("fast-1")?.input).toBe(7);
    expect(layered.find("fast-1")?.source).toBe("user");
  });
  it("falls through to the defaults for other models", () => {
    expect(layered.find("other")?.input).toBe(2);
  });
  it("reports the oldest as-of date of its layers", () => {
    expect(layered.asOf).toBe("2025-12-01");
  });
});

describe("resolveModel and priceOfKind", () => {
  const table = new PriceTable([row("fast-1", 1)], "2026-01-01");

  it("unknown model: #N/A telling the user to add it", () => {
    const e = calcFailure(() => resolveModel(table, " nope "));
    expect(e.kind).toBe("notAvailable");
    expect(e.message).toBe("Unknown model 'nope' — add it to the price table.");
  });
  it("empty model name: #VALUE!", () => {
    expect(calcFailure(() => resolveModel(table, "   ")).kind).toBe("value");
  });
  it("each kind of price, and #N/A for a price the table lacks", () => {
    const m = resolveModel(table, "fast-1");
    expect(priceOfKind(m, "input")).toBe(1);
    expect(priceOfKind(m, "output")).toBe(4);
    expect(priceOfKind(m, "cached_input")).toBe(0.1);
    const e = calcFailure(() => priceOfKind(m, "cache_write"));
    expect(e.kind).toBe("notAvailable");
    expect(e.message).toMatch(/no cache-write price/);
  });
});
