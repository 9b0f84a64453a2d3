// The bundled table against the dataset it was generated from: same version, and the same dollars
// as @pydantic/genai-prices' own calcPrice for real models.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { calcPrice } from "@pydantic/genai-prices";
import { DEFAULT_PRICE_ROWS, DEFAULT_PRICE_TABLE, DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_VERSION } from "../../src/data/defaultPrices";
import { costPerInteractionFn } from "../../src/functions/functions";

const installed = JSON.parse(readFileSync(join(__dirname, "../../node_modules/@pydantic/genai-prices/package.json"), "utf8")).version;

// The as-of date. DeepSeek's rates change with the UTC hour: the add-in bills the day's average, so
// calcPrice is averaged over every half hour of the day (its windows start and end on the half hour).
const DAY = Date.parse(`${DEFAULT_PRICES_AS_OF}T00:00:00Z`);
const dayAverage = (usage: Record<string, number>, name: string, providerId: string) => {
  let total = 0;
  for (let half = 0; half < 48; half++) {
    total += calcPrice(usage, name, { providerId, timestamp: new Date(DAY + (half + 0.5) * 1_800_000) })!.total_price;
  }
  return total / 48;
};

// [name as a user types it, provider for calcPrice]
const MODELS: Array<[string, string]> = [
  ["gpt-4o", "openai"],
  ["gpt-4o-mini", "openai"],
  ["gpt-4.1", "openai"],
  ["gpt-4.1-mini", "openai"],
  ["gpt-4.1-nano", "openai"],
  ["o3", "openai"],
  ["o4-mini", "openai"],
  ["gpt-5", "openai"],
  ["gpt-5-mini", "openai"],
  ["claude-sonnet-4", "anthropic"],
  ["claude-sonnet-4-20250514", "anthropic"],
  ["claude-opus-4", "anthropic"],
  ["claude-3-5-haiku-latest", "anthropic"],
  ["claude-3-haiku", "anthropic"],
  ["gemini-2.5-pro", "google"],
  ["gemini-2.5-flash", "google"],
  ["gemini-2.0-flash", "google"],
  ["deepseek-chat", "deepseek"],
  ["deepseek-reasoner", "deepseek"],
  ["grok-3", "x-ai"],
  ["mistral-small-latest", "mistral"],
  ["command-r-plus", "cohere"],
  ["llama-3.3-70b-versatile", "groq"],
];

describe("bundled default prices", () => {
  it("were generated from the installed, pinned dataset version", () => {
    expect(DEFAULT_PRICES_VERSION).toBe(installed);
    expect(DEFAULT_PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("hold hundreds of token-priced models with non-negative prices", () => {
    expect(DEFAULT_PRICE_ROWS.length).toBeGreaterThan(300);
    for (const row of DEFAULT_PRICE_ROWS) {
      expect(row.input).toBeGreaterThanOrEqual(0);
      expect(row.output).toBeGreaterThanOrEqual(0);
    }
  });

  it("mark tiered models, holding their base tier", () => {
    const tiered = DEFAULT_PRICE_ROWS.filter((r) => r.tiered);
    expect(tiered.length).toBeGreaterThan(0);
    expect(DEFAULT_PRICE_TABLE.find("gemini-2.5-pro")?.tiered).toBe(true);
  });

  it("flag rows whose price changes with the time of day, holding the unconditional rate", () => {
    const chat = DEFAULT_PRICE_TABLE.find("deepseek-chat")!;
    expect(chat.conditional).toBe(true);
    expect(chat.input).toBe(0.135);
    expect(DEFAULT_PRICE_TABLE.find("deepseek-v4-flash")?.conditional).toBe(true);
    expect(DEFAULT_PRICE_TABLE.find("gpt-4o")?.conditional).toBe(false);
  });

  it("bundle the tiers of every tiered entry: each threshold with the whole call's rates above it", () => {
    const pro = DEFAULT_PRICE_TABLE.find("gemini-2.5-pro")!;
    expect(pro.tiers).toEqual([
      { aboveInputTokens: 200_000, input: 2.5, output: 15, cachedInput: 0.25, cacheWrite: null, cacheWrite1h: null },
    ]);
    const tiered = DEFAULT_PRICE_ROWS.filter((r) => r.tiered);
    expect(tiered.length).toBeGreaterThanOrEqual(53);
    for (const row of tiered) {
      expect(row.tiers!.length).toBeGreaterThan(0);
      for (const tier of row.tiers!) expect(tier.aboveInputTokens).toBeGreaterThanOrEqual(128_000);
    }
    expect(DEFAULT_PRICE_ROWS.filter((r) => !r.tiered && (r.tiers?.length ?? 0) > 0)).toEqual([]);
  });

  it("bundle dated prices, the future ones included, and the row's own price is the one in force on the as-of date", () => {
    const flash = DEFAULT_PRICE_TABLE.find("gemini-3.6-flash")!;
    expect(flash.input).toBe(0.75);
    expect(flash.versions!.map((v) => [v.from, v.input, v.output])).toEqual([
      [null, 0.75, 3.75],
      ["2027-01-01", 1.5, 7.5],
    ]);
    const v4 = DEFAULT_PRICE_TABLE.find("deepseek-v4-flash")!;
    expect(v4.from).toBe("2026-08-17");
    expect(v4.input).toBe(0.22);
  });

  it("bundle the time-of-day windows with their rates, and the 1-hour cache write", () => {
    const chat = DEFAULT_PRICE_TABLE.find("deepseek-chat")!;
    expect(chat.windows!.map((w) => [w.startUtc, w.endUtc, w.input, w.output])).toEqual([["00:30:00Z", "16:30:00Z", 0.27, 1.1]]);
    expect(DEFAULT_PRICE_ROWS.filter((r) => r.conditional).length).toBe(4);
    expect(DEFAULT_PRICE_TABLE.find("claude-opus-4-1")!.cacheWrite1h).toBe(30);
    expect(DEFAULT_PRICE_ROWS.filter((r) => r.cacheWrite1h !== null).length).toBeGreaterThanOrEqual(23);
  });

  it("bundle every provider of the dataset, with the per-request fee as its own price", () => {
    expect(new Set(DEFAULT_PRICE_ROWS.map((r) => r.provider)).size).toBeGreaterThanOrEqual(43);
    expect(DEFAULT_PRICE_TABLE.find("openrouter/openai/gpt-4o")?.provider).toBe("openrouter");
    expect(DEFAULT_PRICE_TABLE.find("perplexity/sonar")?.perThousandRequests).toBe(12);
    expect(DEFAULT_PRICE_TABLE.find("gpt-4o")?.perThousandRequests).toBeNull();
  });

  describe.each(MODELS)("%s agrees with calcPrice", (name, providerId) => {
    it("for input + cached input + output tokens, via AIECON.COSTPERINTERACTION", () => {
      const model = DEFAULT_PRICE_TABLE.find(name);
      expect(model).toBeDefined();
      // Below every tier threshold; cached tokens only where the model has a cached price.
      const usage = { input_tokens: 12_000, output_tokens: 1_500, cache_read_tokens: model!.cachedInput === null ? 0 : 5_000 };
      const expected = dayAverage(usage, name, providerId);
      const ours = costPerInteractionFn(usage.input_tokens, usage.output_tokens, name, null, usage.cache_read_tokens, null);
      expect(ours).toBeGreaterThan(0);
      expect(Math.abs(ours - expected)).toBeLessThanOrEqual(1e-12 + 1e-9 * expected);
    });
  });
});
