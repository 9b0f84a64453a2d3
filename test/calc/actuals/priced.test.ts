// Priced $: what an actual row costs at the list prices in use, with the AIECON cost formula.
import { readFileSync } from "node:fs";
import path from "node:path";
import { importActualsText } from "../../../src/calc/actuals/importFile";
import { pricedUsd } from "../../../src/calc/actuals/priced";
import type { ActualRow } from "../../../src/calc/actuals/types";
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

describe("Priced $ as the provider bills", () => {
  const row = (model: string, month: string, input: number, output: number, requests: number | null): ActualRow => ({
    month,
    provider: "google",
    model,
    feature: "f",
    source: "CSV",
    inputTokens: input,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: output,
    requests,
    billedUsd: null,
  });

  it("prices each month at the price in force in that month (an announced change applies from its month)", () => {
    const flash = DEFAULT_PRICE_TABLE.find("gemini-3.6-flash")!;
    const [before, after] = flash.versions!;
    expect(after.from).toBe("2027-01-01");
    const december = pricedUsd(row("gemini-3.6-flash", "2026-12", 1_000_000, 1_000_000, null), DEFAULT_PRICE_TABLE);
    const january = pricedUsd(row("gemini-3.6-flash", "2027-01", 1_000_000, 1_000_000, null), DEFAULT_PRICE_TABLE);
    expect(december).toEqual({ usd: expect.closeTo(before.input + before.output, 12) });
    expect(january).toEqual({ usd: expect.closeTo(after.input + after.output, 12) });
  });

  it("splits a month with a price change by its days, usage spread evenly", () => {
    const mine = (input: number, asOf: string): ModelPrice => ({
      model: "my-model",
      provider: "custom",
      input: usd(input),
      output: usd(0),
      cachedInput: null,
      cacheWrite: null,
      perThousandRequests: null,
      contextWindow: null,
      asOf,
      source: "user",
      tiered: false,
      versions: [
        { from: null, input: usd(1), output: usd(0), cachedInput: null, cacheWrite: null, perThousandRequests: null },
        { from: "2026-03-11", input: usd(4), output: usd(0), cachedInput: null, cacheWrite: null, perThousandRequests: null },
      ],
    });
    const prices = new PriceTable([mine(1, "2026-01-01")], "2026-01-01");
    // 10 of March's 31 days at $1, 21 at $4, per 1M input tokens.
    expect(pricedUsd(row("my-model", "2026-03", 1_000_000, 0, null), prices)).toEqual({ usd: expect.closeTo((10 * 1 + 21 * 4) / 31, 12) });
    expect(pricedUsd(row("my-model", "2026-04", 1_000_000, 0, null), prices)).toEqual({ usd: expect.closeTo(4, 12) });
  });

  it("bills the tier the average call reaches when the export counts requests, else the base rates", () => {
    const pro = DEFAULT_PRICE_TABLE.find("gemini-2.5-pro")!;
    const tier = pro.tiers![0];
    // 10 calls of 300,000 input tokens: above the 200k threshold, every token at the tier's rates.
    const long = pricedUsd(row("gemini-2.5-pro", "2026-10", 3_000_000, 10_000, 10), DEFAULT_PRICE_TABLE);
    expect(long).toEqual({ usd: expect.closeTo(3 * tier.input + 0.01 * tier.output, 12) });
    // 100 calls of 30,000: below it.
    const short = pricedUsd(row("gemini-2.5-pro", "2026-10", 3_000_000, 10_000, 100), DEFAULT_PRICE_TABLE);
    expect(short).toEqual({ usd: expect.closeTo(3 * pro.input + 0.01 * pro.output, 12) });
    // No request count: no call size, so the base rates (and no context-window check on a month's tokens).
    const unknown = pricedUsd(row("gemini-2.5-pro", "2026-10", 3_000_000, 10_000, null), DEFAULT_PRICE_TABLE);
    expect(unknown).toEqual({ usd: expect.closeTo(3 * pro.input + 0.01 * pro.output, 12) });
  });

  it("prices a time-of-day model at the day's average", () => {
    const chat = DEFAULT_PRICE_TABLE.find("deepseek-chat")!;
    const window = chat.windows![0];
    const result = pricedUsd({ ...row("deepseek-chat", "2026-10", 1_000_000, 0, null), provider: "deepseek" }, DEFAULT_PRICE_TABLE);
    // 00:30–16:30 UTC (16 of 24 hours) at the window's rate, the other 8 at the model's own.
    expect(result).toEqual({ usd: expect.closeTo((16 * window.input + 8 * chat.input) / 24, 12) });
  });
});
