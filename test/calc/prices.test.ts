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
  perThousandRequests: null,
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

describe("resolution order across providers", () => {
  const table = new PriceTable(
    [
      row("gpt-oss-120b", 0.039, { provider: "openai" }),
      row("openai/gpt-oss-120b", 0.15, { provider: "groq" }),
      row("gpt-oss-120b", 0.35, { provider: "cerebras" }),
      row("shared-model", 5, { provider: "reseller-a" }),
      row("shared-model", 4, { provider: "maker", preferredFor: ["shared-model"] }),
      row("gpt-4o", 2.5, { provider: "openai", prefixes: ["gpt-4o"] }),
    ],
    "2026-01-01",
    { azure: ["openai"] },
  );

  it("an exact provider/id wins over a reseller's plain id of the same spelling", () => {
    expect(table.find("openai/gpt-oss-120b")?.input).toBe(0.039);
    expect(table.find("groq/openai/gpt-oss-120b")?.input).toBe(0.15);
    expect(table.find("cerebras/gpt-oss-120b")?.input).toBe(0.35);
  });
  it("a plain id goes to the listing marked as the maker's, whatever the row order", () => {
    expect(table.find("shared-model")?.provider).toBe("maker");
    expect(table.find("reseller-a/shared-model")?.input).toBe(5);
  });
  it("a plain id otherwise goes to the first provider listing it (makers come first)", () => {
    expect(table.find("gpt-oss-120b")?.provider).toBe("openai");
  });
  it("a reseller's provider/name not in its own list falls back to the providers it resells", () => {
    expect(table.find("azure/gpt-4o")?.input).toBe(2.5);
    expect(table.find("azure/gpt-4o-2024-08-06")?.input).toBe(2.5);
    expect(table.find("other/gpt-4o")).toBeUndefined();
  });
  it("a user row of a plain name wins over every default listing in its table", () => {
    const mixed = new PriceTable(
      [
        row("shared-model", 9, { provider: "custom", source: "user" }),
        row("shared-model", 4, { provider: "maker", preferredFor: ["shared-model"] }),
      ],
      "2026-01-01",
    );
    expect(mixed.find("shared-model")?.input).toBe(9);
  });
});

describe("the request fee as a kind of price", () => {
  it("is the fee per 1K requests, 0 when none is listed", () => {
    expect(priceOfKind(row("sonar", 1, { perThousandRequests: 12 as never }), "request")).toBe(12);
    expect(priceOfKind(row("plain", 1), "request")).toBe(0);
  });
});
