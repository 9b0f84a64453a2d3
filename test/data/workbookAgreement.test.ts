// The workbook path agrees with calcPrice for every entry that is both dated and tiered: the rows
// `insertPriceTable` writes to AIECON_Prices and AIECON_PriceTiers (As of per dated price), read back
// as the add-in reads them at start-up, then priced by COSTPERINTERACTION with as_of the day before
// and the day of each price change, at sizes around every tier threshold.
import { calcPrice, waitForUpdate, type ModelInfo, type Provider } from "@pydantic/genai-prices";
import { costPerInteractionFn } from "../../src/functions/functions";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { insertPriceTable, reloadWorkbookPrices } from "../../src/workbook/prices";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { installExcel, newBook } from "../workbook/mockWorkbook";

interface Entry {
  provider: Provider;
  model: ModelInfo;
  starts: string[];
  thresholds: number[];
}

let entries: Entry[];

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Tier starts (calcPrice's `start`: the first input size billed at the tier) anywhere in a price. */
function tierStarts(prices: unknown): number[] {
  const out: number[] = [];
  for (const value of Object.values((prices ?? {}) as Record<string, unknown>)) {
    if (value && typeof value === "object" && "tiers" in value)
      for (const t of (value as { tiers: Array<{ start: number }> }).tiers) out.push(t.start);
  }
  return out;
}

beforeAll(async () => {
  const providers = (await waitForUpdate()) as Provider[];
  entries = [];
  for (const provider of providers) {
    for (const model of provider.models) {
      if (!Array.isArray(model.prices)) continue;
      const starts = model.prices.flatMap((c) => (c.constraint?.type === "start_date" ? [c.constraint.start_date] : []));
      const thresholds = [...new Set(model.prices.flatMap((c) => tierStarts(c.prices)))].sort((a, b) => a - b);
      if (starts.length && thresholds.length) entries.push({ provider, model, starts, thresholds });
    }
  }
});

beforeEach(() => priceRuntime.reset());

it("the 9 dated and tiered entries, inserted into the workbook, bill as calcPrice before and after each change, around each threshold", async () => {
  expect(entries.map((e) => `${e.provider.id}/${e.model.id}`).sort()).toEqual([
    "anthropic/claude-opus-4-6",
    "anthropic/claude-sonnet-4-6",
    "aws/global.openai.gpt-5.6-sol",
    "aws/regional.openai.gpt-5.6-luna",
    "aws/regional.openai.gpt-5.6-sol",
    "aws/regional.openai.gpt-5.6-terra",
    "openai/gpt-5.6-luna",
    "openai/gpt-5.6-sol",
    "openai/gpt-5.6-terra",
  ]);
  const rows = entries.map((e) => DEFAULT_PRICE_ROWS.find((r) => r.provider === e.provider.id && r.model === e.model.id)!);
  const book = newBook({ sheets: [] });
  installExcel(book);
  await insertPriceTable(rows, { mode: "create" });
  // What the add-in reads from the sheets, not what the insert handed the functions.
  priceRuntime.reset();
  const read = await reloadWorkbookPrices();
  expect([read.problems, read.tiers.problems]).toEqual([[], []]);
  // The tier table holds each dated price's tiers from its date, and says when a model's tiers end.
  expect(book.tierTable!.body.filter((r) => r[0] === "claude-opus-4-6").map((r) => [r[1], r[2]])).toEqual([
    ["", 200000],
    ["2026-03-13", ""],
  ]);

  const mismatches: string[] = [];
  let compared = 0;
  for (const { provider, model, starts, thresholds } of entries) {
    const only: Provider = { ...provider, models: [{ ...model, match: { equals: model.id } }] };
    const window = model.context_window ?? Infinity;
    const sizes = [...new Set(thresholds.flatMap((s) => [s - 1, s, Math.round(s * 1.5)]))].filter((n) => n + 1000 <= window);
    for (const date of starts.flatMap((d) => [dayBefore(d), d])) {
      for (const input of sizes) {
        for (const cached of [0, Math.floor(input / 2)]) {
          const usage = { input_tokens: input, output_tokens: 1000, cache_read_tokens: cached };
          const theirs = calcPrice(usage, model.id, { provider: only, timestamp: new Date(`${date}T12:00:00Z`) })!.total_price;
          const ours = costPerInteractionFn(input, 1000, `${provider.id}/${model.id}`, null, cached || null, null, null, null, date);
          compared++;
          if (Math.abs(ours - theirs) > 1e-15 + 1e-9 * Math.abs(theirs)) {
            mismatches.push(`${provider.id}/${model.id} ${input}+${cached} cached on ${date}: ours ${ours}, calcPrice ${theirs}`);
          }
        }
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(compared).toBeGreaterThanOrEqual(9 * 2 * 3 * 2);
});
