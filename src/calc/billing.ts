// How a provider bills one call (domain.md §8), from a model's price as a table lists it:
// 1. the dated price in force on the pricing date (priceOn);
// 2. time-of-day windows averaged over a day with traffic spread evenly (dayAverage);
// 3. the long-context tier the call's input tokens reach (ratesForCall).
// Pure: every function takes its prices as arguments; results are cached per price object, since a
// recalculation asks for the same few models thousands of times.
import {
  resolveModel,
  type CallPricing,
  type DatedPrice,
  type IsoDate,
  type ModelPrice,
  type PriceSource,
  type PriceTier,
  type TimeOfDayWindow,
  type TokenRates,
  type UtcTime,
} from "./prices";
import type { Tokens, UsdPerMillionTokens, UsdPerThousandRequests } from "./units";

const SECONDS_PER_DAY = 86_400;

/**
 * The model's dated price in force on `date`: the latest dated on or before it; the earliest when
 * every one is later (as the dataset's calcPrice falls back to its first price). A row with one
 * price is that price at any date.
 */
export function priceOn(price: ModelPrice, date: IsoDate): ModelPrice {
  const versions = price.versions;
  if (!versions || versions.length === 0) return price;
  let chosen: DatedPrice = versions[0];
  for (const v of versions) if (v.from === null || v.from <= date) chosen = v;
  return asModelPrice(price, chosen);
}

const versionRows = new WeakMap<ModelPrice, Map<DatedPrice, ModelPrice>>();

/** `price`'s identity (name, provider, window…) with `version`'s rates, one object per pair. */
function asModelPrice(price: ModelPrice, version: DatedPrice): ModelPrice {
  let byVersion = versionRows.get(price);
  if (!byVersion) versionRows.set(price, (byVersion = new Map()));
  let row = byVersion.get(version);
  if (!row) {
    const windows = version.windows ?? [];
    row = {
      ...price,
      ...version,
      cacheWrite1h: version.cacheWrite1h ?? null,
      tiers: version.tiers ?? [],
      windows,
      tiered: (version.tiers ?? []).length > 0,
      conditional: windows.length > 0,
    };
    byVersion.set(version, row);
  }
  return row;
}

/** Seconds after 00:00 UTC of "hh:mm", "hh:mm:ss" or either with a trailing "Z". */
export function secondsOfDay(time: UtcTime): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?Z?$/.exec(time.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw new Error(`Not a UTC time of day: '${time}'`);
  }
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)) % SECONDS_PER_DAY;
}

/** Whether `second` of the day falls in the window (end before start wraps past midnight). */
function inWindow(second: number, start: number, end: number): boolean {
  return end < start ? second >= start || second < end : second >= start && second < end;
}

/** Each pricing of the day with the share of the day it is in force: the last window holding an hour wins it. */
export function shareOfDay(
  price: CallPricing & { readonly windows?: readonly TimeOfDayWindow[] },
): Array<{ share: number; pricing: CallPricing }> {
  const windows = (price.windows ?? []).map((w) => ({ w, start: secondsOfDay(w.startUtc), end: secondsOfDay(w.endUtc) }));
  const cuts = [...new Set([0, SECONDS_PER_DAY, ...windows.flatMap((w) => [w.start, w.end])])].sort((a, b) => a - b);
  const shares = new Map<CallPricing, number>();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const mid = (cuts[i] + cuts[i + 1]) / 2;
    let pricing: CallPricing = price;
    for (const { w, start, end } of windows) if (inWindow(mid, start, end)) pricing = w;
    shares.set(pricing, (shares.get(pricing) ?? 0) + (cuts[i + 1] - cuts[i]) / SECONDS_PER_DAY);
  }
  return [...shares].map(([pricing, share]) => ({ share, pricing }));
}

const averages = new WeakMap<ModelPrice, ModelPrice>();

/**
 * What a day of calls spread evenly over the hours costs, as one price: each rate is the average of
 * the window rates weighted by their hours (UTC). Since a call's cost is linear in its rates, this
 * prices every call at the day's average cost. A price without windows is returned as it is.
 */
export function dayAverage(price: ModelPrice): ModelPrice {
  if (!price.windows || price.windows.length === 0) return price;
  let averaged = averages.get(price);
  if (!averaged) {
    const parts = shareOfDay(price);
    const thresholds = [...new Set(parts.flatMap((p) => (p.pricing.tiers ?? []).map((t) => t.aboveInputTokens)))].sort((a, b) => a - b);
    const base = averageRates(parts.map((p) => ({ share: p.share, rates: p.pricing })));
    const tiers: PriceTier[] = thresholds.map((above) => ({
      aboveInputTokens: above as Tokens,
      ...averageRates(parts.map((p) => ({ share: p.share, rates: tierAbove(p.pricing, above) }))),
    }));
    const fees = parts.filter((p) => p.pricing.perThousandRequests !== null);
    averaged = {
      ...price,
      ...base,
      perThousandRequests: fees.length
        ? (fees.reduce((sum, p) => sum + p.share * p.pricing.perThousandRequests!, 0) as UsdPerThousandRequests)
        : null,
      tiers,
    };
    averages.set(price, averaged);
  }
  return averaged;
}

/** The rates of a call of more than `above` input tokens: the tier with the highest threshold at or below it. */
function tierAbove(pricing: CallPricing, above: number): TokenRates {
  let rates: TokenRates = pricing;
  let best = -Infinity;
  for (const tier of pricing.tiers ?? []) {
    if (tier.aboveInputTokens <= above && tier.aboveInputTokens > best) [rates, best] = [tier, tier.aboveInputTokens];
  }
  return rates;
}

/**
 * Rates weighted by share. A missing cache-write price is billed at the input price (and a missing
 * 1-hour one at the cache-write price), so it averages as that; a missing cached-input price stays
 * missing, since cached tokens cannot be priced in those hours.
 */
function averageRates(parts: ReadonlyArray<{ share: number; rates: TokenRates }>): TokenRates {
  const sum = (pick: (r: TokenRates) => number) => parts.reduce((total, p) => total + p.share * pick(p.rates), 0) as UsdPerMillionTokens;
  const write = (r: TokenRates) => r.cacheWrite ?? r.input;
  return {
    input: sum((r) => r.input),
    output: sum((r) => r.output),
    cachedInput: parts.some((p) => p.rates.cachedInput === null) ? null : sum((r) => r.cachedInput!),
    cacheWrite: parts.every((p) => p.rates.cacheWrite === null) ? null : sum(write),
    cacheWrite1h: parts.every((p) => (p.rates.cacheWrite1h ?? null) === null) ? null : sum((r) => r.cacheWrite1h ?? write(r)),
  };
}

/**
 * The price a forecast for `date` bills the model at: its dated price in force then, with its
 * time-of-day windows averaged over the day. Tiers stay, to be chosen per call by ratesForCall.
 */
export function priceInForce(price: ModelPrice, date: IsoDate): ModelPrice {
  return dayAverage(priceOn(price, date));
}

/**
 * A model name resolved in `source` (#N/A when unknown) and priced for `date`; without a date, the
 * source's own as-of date (PRICESASOF), so a workbook's results do not change with the day it is opened.
 */
export function modelPriceOn(source: PriceSource, name: string, date?: IsoDate): ModelPrice {
  return priceInForce(resolveModel(source, name), date ?? source.asOf);
}

/**
 * The rates every token of a call with `inputTokens` input tokens (cached and cache-write included)
 * is billed at: those of the highest tier whose threshold the call is above, else the base rates.
 */
export function ratesForCall<R extends Partial<TokenRates> & { readonly tiers?: readonly PriceTier[] }>(
  pricing: R,
  inputTokens: Tokens,
): R | PriceTier {
  const tiers = pricing.tiers;
  if (!tiers || tiers.length === 0) return pricing;
  let rates: R | PriceTier = pricing;
  let best = -Infinity;
  for (const tier of tiers) {
    if (inputTokens > tier.aboveInputTokens && tier.aboveInputTokens > best) [rates, best] = [tier, tier.aboveInputTokens];
  }
  return rates;
}
