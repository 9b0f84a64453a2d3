// What an actual row would have cost at the list prices in use (the workbook's price table over
// the bundled defaults), so billed and list price can be compared. The cost formula is the one
// every AIECON function uses (callCost); nothing is re-derived here. As the provider bills
// (domain.md §8): each month at the prices in force in that month, time-of-day windows at the day's
// average, and the long-context tier of the row's average call.
import { priceInForce, ratesForCall } from "../billing";
import { callCost } from "../interaction";
import type { IsoDate, ModelPrice, PriceSource } from "../prices";
import { requestCost, type Tokens } from "../units";
import { ALL_MODELS, type ActualRow, type Month } from "./types";

export type PricedOutcome =
  | { readonly usd: number }
  /** No tokens to price (a cost-only or infrastructure row): the cell stays empty, and that is not a problem. */
  | { readonly usd: null; readonly reason: "no-tokens" }
  /** The model is not in the price table (or the export was not grouped by model): the pane lists these. */
  | { readonly usd: null; readonly reason: "unknown-model" };

/** Each price in force during the month (yyyy-mm), with the share of the month's days it is in force. */
export function pricesOfMonth(price: ModelPrice, month: Month): Array<{ share: number; price: ModelPrice }> {
  const [year, monthIndex] = month.split("-").map(Number);
  const days = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
  const byPrice = new Map<ModelPrice, number>();
  for (let day = 1; day <= days; day++) {
    const date: IsoDate = `${month}-${String(day).padStart(2, "0")}`;
    // priceInForce returns one object per dated price, so the days of one price add up.
    const inForce = priceInForce(price, date);
    byPrice.set(inForce, (byPrice.get(inForce) ?? 0) + 1);
  }
  return [...byPrice].map(([inForce, n]) => ({ share: n / days, price: inForce }));
}

/**
 * The month's usage at one price. A monthly total has no call sizes: with a request count, every
 * call is taken to be the row's average (input tokens ÷ requests) and billed at the tier that size
 * reaches; without one, at the base rates (no tier). The context window is not checked, since the
 * tokens are a month's, not one call's.
 */
function costAt(row: ActualRow, price: ModelPrice): number {
  const averageInput = row.requests ? row.inputTokens / row.requests : 0;
  const rates = ratesForCall(price, averageInput as Tokens);
  // Without a cached price, cached reads are priced as plain input (what the provider would bill without caching).
  const cached = rates.cachedInput === null ? 0 : row.cachedInputTokens;
  // callCost bills cache writes at their own price, or as plain input when the model has none.
  const tokens$ = callCost(
    {
      input: row.inputTokens as Tokens,
      cachedInput: cached as Tokens,
      cacheWrite: row.cacheWriteTokens as Tokens,
      output: row.outputTokens as Tokens,
    },
    { input: rates.input, output: rates.output, cachedInput: rates.cachedInput, cacheWrite: rates.cacheWrite },
    price.model,
  );
  // A per-request fee is charged per request the export counted (exports without a count: none).
  const fees = price.perThousandRequests && row.requests ? requestCost(row.requests, price.perThousandRequests) : 0;
  return tokens$ + fees;
}

export function pricedUsd(row: ActualRow, prices: PriceSource): PricedOutcome {
  if (row.inputTokens === 0 && row.outputTokens === 0) return { usd: null, reason: "no-tokens" };
  if (row.model === ALL_MODELS) return { usd: null, reason: "unknown-model" };
  let price;
  try {
    price = prices.find(row.model) ?? prices.find(`${row.provider}/${row.model}`);
  } catch {
    price = undefined; // a price row the workbook rejects is as good as unknown for this comparison
  }
  if (!price) return { usd: null, reason: "unknown-model" };
  // Usage spread evenly over the month's days: a price change mid-month bills each part at its price.
  const usd = pricesOfMonth(price, row.month).reduce((sum, part) => sum + part.share * costAt(row, part.price), 0);
  return { usd };
}
