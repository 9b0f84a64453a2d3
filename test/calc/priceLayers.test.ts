// The workbook's rows as the engine bills them: dated rows, tier rows, and what a copy of a bundled
// row keeps from it.
import { priceInForce, ratesForCall } from "../../src/calc/billing";
import { layeredPrices, layerWorkbookPrices } from "../../src/calc/priceLayers";
import { PriceTable, type ModelPrice } from "../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../src/calc/units";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";

const usd = (n: number) => n as UsdPerMillionTokens;
const t = (n: number) => n as Tokens;
const bundled = (name: string) => DEFAULT_PRICE_TABLE.find(name)!;

/** A workbook row as the pane reads it: the flat columns of a bundled row, or edited ones. */
const workbookRow = (from: ModelPrice, over: Partial<ModelPrice> = {}): ModelPrice => ({
  model: from.model,
  provider: from.provider,
  input: from.input,
  output: from.output,
  cachedInput: from.cachedInput,
  cacheWrite: from.cacheWrite,
  perThousandRequests: from.perThousandRequests,
  contextWindow: from.contextWindow,
  asOf: "2026-09-23",
  source: "default",
  tiered: from.tiered,
  ...over,
});

describe("layerWorkbookPrices", () => {
  it("a copy of a bundled row bills as the bundled model: its tiers, time-of-day windows and dated prices", () => {
    const [pro, chat, flash] = layerWorkbookPrices(
      [workbookRow(bundled("gemini-2.5-pro")), workbookRow(bundled("deepseek-chat")), workbookRow(bundled("gemini-3.6-flash"))],
      [],
      DEFAULT_PRICE_TABLE,
      "2026-09-23",
    );
    expect(ratesForCall(pro, t(300_000)).input).toBe(2.5);
    expect(priceInForce(chat, "2026-09-23").input).toBeCloseTo((16 * 0.27 + 8 * 0.135) / 24, 15);
    expect(priceInForce(flash, "2027-01-01").input).toBe(1.5);
  });

  it("an edited row keeps the bundled tiers but not the windows or dates that described the old price", () => {
    const [pro, chat] = layerWorkbookPrices(
      [
        workbookRow(bundled("gemini-2.5-pro"), { input: usd(1), source: "user" }),
        workbookRow(bundled("deepseek-chat"), { input: usd(0.2), source: "user" }),
      ],
      [],
      DEFAULT_PRICE_TABLE,
      "2026-09-23",
    );
    expect([pro.input, ratesForCall(pro, t(300_000)).input]).toEqual([1, 2.5]);
    expect(priceInForce(chat, "2026-09-23").input).toBe(0.2);
    expect(chat.conditional).toBe(false);
  });

  it("AIECON_PriceTiers rows replace a model's tiers, lowest threshold first", () => {
    const tier = (above: number, input: number) => ({
      model: "GEMINI-2.5-PRO ",
      aboveInputTokens: t(above),
      input: usd(input),
      output: usd(20),
      cachedInput: null,
      cacheWrite: null,
    });
    const [pro] = layerWorkbookPrices(
      [workbookRow(bundled("gemini-2.5-pro"))],
      [tier(500_000, 4), tier(128_000, 3)],
      DEFAULT_PRICE_TABLE,
      "2026-09-23",
    );
    expect([200_000, 600_000, 100_000].map((n) => ratesForCall(pro, t(n)).input)).toEqual([3, 4, 1.25]);
    expect(pro.tiered).toBe(true);
  });

  it("rows of one model with several As of dates are its dated prices, each in force from its date", () => {
    const mine = (asOf: string, input: number): ModelPrice => ({
      ...workbookRow(bundled("gpt-4o"), { input: usd(input), source: "user" }),
      model: "our-gpt",
      provider: "custom",
      asOf,
    });
    const rows = layerWorkbookPrices(
      [mine("2027-01-01", 3), mine("2026-01-15", 2.5), mine("2026-01-15", 9)],
      [],
      DEFAULT_PRICE_TABLE,
      "2026-09-23",
    );
    expect(rows).toHaveLength(1);
    const [ours] = rows;
    expect([ours.input, ours.asOf]).toEqual([2.5, "2026-01-15"]); // the row in force on the pricing date, the first of a date
    const table = new PriceTable(rows, "2026-09-23");
    expect(priceInForce(table.find("our-gpt")!, "2026-12-31").input).toBe(2.5);
    expect(priceInForce(table.find("our-gpt")!, "2027-01-01").input).toBe(3);
    expect(priceInForce(table.find("our-gpt")!, "2020-01-01").input).toBe(2.5);
  });
});

describe("dated tier rows", () => {
  const tier = (asOf: string, above: number, input: number) => ({
    model: "my-llm",
    asOf,
    aboveInputTokens: t(above),
    input: usd(input),
    output: usd(input),
    cachedInput: null,
    cacheWrite: null,
  });
  const row = (asOf: string, input: number): ModelPrice => ({
    model: "my-llm",
    provider: "custom",
    input: usd(input),
    output: usd(input),
    cachedInput: null,
    cacheWrite: null,
    perThousandRequests: null,
    contextWindow: null,
    asOf,
    source: "user",
    tiered: false,
  });

  it("each dated price bills the tier rows of the latest As of on or before its date; a tier date alone changes the tiers too", () => {
    const [llm] = layerWorkbookPrices(
      [row("", 1), row("2026-06-01", 2)],
      [tier("", 100_000, 5), tier("2026-06-01", 100_000, 7), tier("2026-09-01", 100_000, 9)],
      undefined,
      "2026-07-01",
    );
    const rate = (date: string) => ratesForCall(priceInForce(llm, date), t(150_000)).input;
    expect([rate("2026-05-31"), rate("2026-06-01"), rate("2026-08-31"), rate("2026-09-01")]).toEqual([5, 7, 7, 9]);
    expect(priceInForce(llm, "2026-09-01").input).toBe(2);
  });

  it("a 'no tiers' row ends the earlier tiers; before a model's first dated tier row it keeps the tiers it had", () => {
    const [llm] = layerWorkbookPrices(
      [row("", 1)],
      [tier("", 100_000, 5), { ...tier("2026-03-13", 100_000, 0), aboveInputTokens: t(Infinity) }],
      undefined,
      "2026-07-01",
    );
    expect(ratesForCall(priceInForce(llm, "2026-03-12"), t(150_000)).input).toBe(5);
    expect(ratesForCall(priceInForce(llm, "2026-03-13"), t(150_000)).input).toBe(1);
    expect(llm.tiered).toBe(false);
    const [pro] = layerWorkbookPrices(
      [workbookRow(bundled("gemini-2.5-pro"))],
      [{ ...tier("2027-01-01", 250_000, 3), model: "gemini-2.5-pro" }],
      DEFAULT_PRICE_TABLE,
      "2026-09-23",
    );
    expect(ratesForCall(priceInForce(pro, "2026-12-31"), t(220_000)).input).toBe(2.5);
    expect(ratesForCall(priceInForce(pro, "2027-01-01"), t(220_000)).input).toBe(1.25);
  });
});

describe("layeredPrices", () => {
  const mine = (input: number, asOf = "2026-01-01"): ModelPrice => ({
    ...workbookRow(bundled("gpt-4o"), { model: "my-llama", provider: "custom", source: "user", tiered: false }),
    input: usd(input),
    asOf,
  });

  it("without rows or rejected rows is the defaults themselves", () => {
    expect(layeredPrices([], [], { defaults: DEFAULT_PRICE_TABLE })).toBe(DEFAULT_PRICE_TABLE);
  });

  it("puts the workbook's rows over the defaults, and dates the table by its oldest row", () => {
    const prices = layeredPrices([mine(0.1, "2025-06-01")], [], { defaults: DEFAULT_PRICE_TABLE });
    expect(prices.find("my-llama")!.input).toBe(0.1);
    expect(prices.find("gpt-4o")).toBe(bundled("gpt-4o"));
    expect(prices.asOf).toBe("2025-06-01");
  });

  it("a rejected row's model fails with the row's problem instead of falling through to the defaults", () => {
    const prices = layeredPrices([], [], {
      rejected: [{ model: "GPT-4o", message: "Input $/1M must be a number" }],
      defaults: DEFAULT_PRICE_TABLE,
    });
    expect(() => prices.find("gpt-4o")).toThrow("Input $/1M must be a number");
  });

  it("the pricing date picks which dated row stands for the model", () => {
    const rows = [mine(1, "2026-01-01"), mine(2, "2026-06-01")];
    expect(layeredPrices(rows, [], { defaults: DEFAULT_PRICE_TABLE, pricingDate: "2026-03-01" }).find("my-llama")!.input).toBe(1);
    expect(layeredPrices(rows, [], { defaults: DEFAULT_PRICE_TABLE, pricingDate: "2026-07-01" }).find("my-llama")!.input).toBe(2);
  });
});
