// Model portfolio routing (domain.md §7): easy requests go to a small model, hard ones to a
// frontier API; the price the business pays is the traffic-weighted blend. The shares must cover
// all traffic, or the blend silently under- or over-states cost, so they are checked, not rescaled.
import { CalcError, invalid } from "./errors";
import { messages } from "./messages";
import { parallelEntries, type RangeArg } from "./parallelRanges";
import { priceOfKind, resolveModel, type PriceKind, type PriceSource } from "./prices";
import type { Fraction, UsdPerMillionTokens } from "./units";
import { toNonNegative, unwrap } from "./values";

/** Shares may miss 1 by this much (rounded percentages such as 33.3% × 3). */
export const SHARE_TOLERANCE = 0.001;

export interface PortfolioEntry {
  readonly label: string;
  readonly price: UsdPerMillionTokens;
  readonly share: Fraction;
}

/** Reads the routing table: model names (priced from the table) or prices in $ per 1M, with shares. */
export function parsePortfolio(modelsOrPrices: RangeArg, shares: RangeArg, kind: PriceKind, prices: PriceSource): PortfolioEntry[] {
  const entries = parallelEntries([modelsOrPrices, shares], ["models_or_prices", "traffic_shares"]);
  return entries.map(({ index, cells: [cell, shareCell] }) => {
    const modelCell = unwrap(cell);
    try {
      let price: UsdPerMillionTokens;
      let label: string;
      if (typeof modelCell === "string") {
        const model = resolveModel(prices, modelCell);
        price = priceOfKind(model, kind);
        label = model.model;
      } else {
        price = toNonNegative(modelCell, "models_or_prices ($ per 1M tokens)") as UsdPerMillionTokens;
        label = `$${price}/1M`;
      }
      const share = toNonNegative(shareCell, "traffic_shares") as Fraction;
      return { label, price, share };
    } catch (e) {
      if (e instanceof CalcError) throw new CalcError(e.kind, messages.entryProblem(index, e.message));
      throw e;
    }
  });
}

/** Σ share × price, once the shares are known to add up to 1 (±SHARE_TOLERANCE). */
export function blendedPrice(entries: readonly PortfolioEntry[]): UsdPerMillionTokens {
  const total = entries.reduce((sum, e) => sum + e.share, 0);
  // The tolerance itself is compared with a hair of float slack: 0.999 must pass, 0.9989 must not.
  if (Math.abs(total - 1) > SHARE_TOLERANCE + 1e-12) throw invalid(messages.sharesDontSumToOne(total, SHARE_TOLERANCE));
  return entries.reduce((sum, e) => sum + e.share * e.price, 0) as UsdPerMillionTokens;
}
