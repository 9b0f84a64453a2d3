// Priced $: what an actual row costs at the list prices in use, with the AIECON cost formula.
import { readFileSync } from "node:fs";
import path from "node:path";
import { importActualsText } from "../../../src/calc/actuals/importFile";
import { pricedUsd } from "../../../src/calc/actuals/priced";
import { LayeredPriceSource, PriceTable, type ModelPrice } from "../../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../../src/calc/units";
import { DEFAULT_PRICE_TABLE } from "../../../src/data/defaultPrices";

const fixture = (name: string) => readFileSync(path.resolve(__dirname, "../../fixtures/actuals", name), "utf8");
const usd = (n: number) => n as UsdPerMillionTokens;

describe("Priced $", () => {
  it("prices OpenAI rows with cached input at the cached price (gpt-4o-mini: $0.15 / $0.075 / $0.60 per 1M)", async () => {
    const result = await importActualsText(fixture("openai-usage.json"));
    const mini = result.rows.find((r) => r.month === "2025-09" && r.model === "gpt-4o-mini-2024-07-18")!;
    // 1M uncached × 0.15 + 1M cached × 0.075 + 0.5M output × 0.60, per 1M tokens.
    expect(pricedUsd(mini, DEFAULT_PRICE_TABLE)).toEqual({ usd: expect.closeTo(0.15 + 0.075 + 0.3, 12) });
  });

  it("prices Anthropic cache reads and cache writes at their own prices (Sonnet 4: $3 / $0.30 / $3.75 / $15)", async () => {
    const result = await importActualsText(fixture("anthropic-usage.json"));
    const sonnet = result.rows.find((r) => r.model === "claude-sonnet-4-20250514")!;
    expect(pricedUsd(sonnet, DEFAULT_PRICE_TABLE)).toEqual({ usd: expect.closeTo(3 + 0.6 + 0.15 * 3.75 + 0.3 * 15, 12) });
  });

  it("is empty for a model the table does not know, for ungrouped usage, and for rows without tokens", async () => {
    const usage = await importActualsText(fixture("openai-usage.json"));
    const ungrouped = usage.rows.find((r) => r.model === "(all models)")!;
    expect(pricedUsd(ungrouped, DEFAULT_PRICE_TABLE)).toEqual({ usd: null, reason: "unknown-model" });
    expect(pricedUsd({ ...ungrouped, model: "my-own-llm" }, DEFAULT_PRICE_TABLE)).toEqual({ usd: null, reason: "unknown-model" });
    const costs = await importActualsText(fixture("openai-costs.json"));
    expect(pricedUsd(costs.rows[0], DEFAULT_PRICE_TABLE)).toEqual({ usd: null, reason: "no-tokens" });
  });

  it("uses the workbook's own price row before the bundled default", async () => {
    const mine: ModelPrice = {
      model: "gpt-4o-mini",
      provider: "openai",
      input: usd(1),
      output: usd(2),
      cachedInput: null,
      cacheWrite: null,
      contextWindow: null,
      asOf: "2026-01-01",
      source: "user",
      tiered: false,
      aliases: ["gpt-4o-mini-2024-07-18"],
      perThousandRequests: null,
    };
    const prices = new LayeredPriceSource([new PriceTable([mine], "2026-01-01"), DEFAULT_PRICE_TABLE]);
    const result = await importActualsText(fixture("openai-usage.json"));
    const mini = result.rows.find((r) => r.month === "2025-09" && r.model === "gpt-4o-mini-2024-07-18")!;
    // No cached price in the user's row: cached reads are priced as plain input. 2M × $1 + 0.5M × $2.
    expect(pricedUsd(mini, prices)).toEqual({ usd: expect.closeTo(2 + 1, 12) });
  });

  it("charges a per-request fee for every request the export counted", async () => {
    const result = await importActualsText(fixture("openai-usage.json"));
    const mini = result.rows.find((r) => r.month === "2025-09" && r.model === "gpt-4o-mini-2024-07-18")!;
    expect(mini.requests).toBeGreaterThan(0);
    const without = pricedUsd(mini, DEFAULT_PRICE_TABLE);
    const feeRow: ModelPrice = { ...DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!, perThousandRequests: 5 as ModelPrice["perThousandRequests"] };
    const withFee = pricedUsd(mini, new LayeredPriceSource([new PriceTable([feeRow], "2026-01-01"), DEFAULT_PRICE_TABLE]));
    if (without.usd === null || withFee.usd === null) throw new Error("both rows must be priced");
    expect(withFee.usd - without.usd).toBeCloseTo((mini.requests! * 5) / 1000, 9);
  });
});
