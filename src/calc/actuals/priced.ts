// What an actual row would have cost at the list prices in use (the workbook's price table over
// the bundled defaults), so billed and list price can be compared. The cost formula is the one
// every AIECON function uses (callCost); nothing is re-derived here.
import { callCost } from "../interaction";
import type { PriceSource } from "../prices";
import { requestCost, tokenCost, type Tokens } from "../units";
import { ALL_MODELS, type ActualRow } from "./types";

export type PricedOutcome =
  | { readonly usd: number }
  /** No tokens to price (a cost-only or infrastructure row): the cell stays empty, and that is not a problem. */
  | { readonly usd: null; readonly reason: "no-tokens" }
  /** The model is not in the price table (or the export was not grouped by model): the pane lists these. */
  | { readonly usd: null; readonly reason: "unknown-model" };

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
  // Cache writes are billed at their own price; without one they count as plain input.
  const writes = price.cacheWrite === null ? 0 : row.cacheWriteTokens;
  // Without a cached price, cached reads are priced as plain input (what the provider would bill without caching).
  const cached = price.cachedInput === null ? 0 : row.cachedInputTokens;
  const base = callCost(
    { input: (row.inputTokens - writes) as Tokens, cachedInput: cached as Tokens, output: row.outputTokens as Tokens },
    { input: price.input, output: price.output, cachedInput: price.cachedInput },
    price.model,
  );
  // A per-request fee is charged per request the export counted (exports without a count: none).
  const fees = price.perThousandRequests && row.requests ? requestCost(row.requests, price.perThousandRequests) : 0;
  return { usd: base + (writes > 0 ? tokenCost(writes as Tokens, price.cacheWrite!) : 0) + fees };
}
