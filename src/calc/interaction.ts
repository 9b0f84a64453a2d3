// The formula chain of domain.md §2: interaction → user → share of revenue → gross margin.
import { invalid, notAvailable } from "./errors";
import { ratesForCall } from "./billing";
import { messages } from "./messages";
import type { PriceTier, TokenRates } from "./prices";
import {
  requestCost,
  tokenCost,
  type Fraction,
  type InteractionsPerMonth,
  type Tokens,
  type Usd,
  type UsdPerInteraction,
  type UsdPerMillionTokens,
  type UsdPerThousandRequests,
  type UsdPerUserMonth,
} from "./units";

/**
 * Tokens one model call consumes. `cachedInput` and `cacheWrite` are the parts of `input` billed at
 * the cached-input and the cache-write price; the rest of `input` is billed at the input price.
 */
export interface CallTokens {
  readonly input: Tokens;
  readonly output: Tokens;
  readonly cachedInput: Tokens;
  /** Absent = 0. */
  readonly cacheWrite?: Tokens;
}

/** The prices a call is billed at, in $ per 1M tokens (a ModelPrice in force is one). */
export interface CallPrices extends Omit<TokenRates, "cacheWrite"> {
  /** Absent or null = cache writes billed at the input price. */
  readonly cacheWrite?: UsdPerMillionTokens | null;
  /** Fee per 1,000 requests, charged once per call (Perplexity's Sonar models); absent or null = none. */
  readonly perThousandRequests?: UsdPerThousandRequests | null;
  /** Long-context tiers: the whole call is billed at the highest one its input tokens pass. */
  readonly tiers?: readonly PriceTier[];
  /** Most tokens (input + output) one call may hold; absent or null = unknown, any size is priced. */
  readonly contextWindow?: number | null;
}

/**
 * Cost of one model call: uncached input + cached input + cache write + output, each at its own
 * price in the tier the call's input tokens reach, plus the model's per-request fee (one request per
 * call). A call above the model's context window has no price: the provider refuses it.
 * Tokens and prices are assumed already validated as non-negative finite numbers.
 */
export function callCost(tokens: CallTokens, prices: CallPrices, modelName?: string): Usd {
  const cacheWrite = tokens.cacheWrite ?? (0 as Tokens);
  if (tokens.cachedInput + cacheWrite > tokens.input) {
    throw invalid(
      cacheWrite > 0
        ? messages.cachedAndWriteAboveInput(tokens.cachedInput, cacheWrite, tokens.input)
        : messages.cachedAboveInput(tokens.cachedInput, tokens.input),
    );
  }
  const window = prices.contextWindow;
  if (window && tokens.input + tokens.output > window) {
    throw invalid(messages.aboveContextWindow(modelName ?? "the model", window, tokens.input + tokens.output));
  }
  const rates: CallPrices = ratesForCall(prices, tokens.input);
  let cachedCost = 0;
  if (tokens.cachedInput > 0) {
    if (rates.cachedInput === null) {
      throw modelName ? notAvailable(messages.noCachedPrice(modelName)) : invalid(messages.cachedPriceRequired());
    }
    cachedCost = tokenCost(tokens.cachedInput, rates.cachedInput);
  }
  // No cache-write price: the provider bills those tokens as plain input (as calcPrice does).
  const writeCost = cacheWrite > 0 ? tokenCost(cacheWrite, rates.cacheWrite ?? rates.input) : 0;
  const uncached = (tokens.input - tokens.cachedInput - cacheWrite) as Tokens;
  const tokens$ = tokenCost(uncached, rates.input) + cachedCost + writeCost + tokenCost(tokens.output, rates.output);
  return (prices.perThousandRequests ? tokens$ + requestCost(1, prices.perThousandRequests) : tokens$) as Usd;
}

/** $ per interaction for a single-call interaction. Multi-call interactions use the cost tree. */
export function costPerInteraction(tokens: CallTokens, prices: CallPrices, modelName?: string): UsdPerInteraction {
  return callCost(tokens, prices, modelName) as number as UsdPerInteraction;
}

/** $ per user per month = $ per interaction × interactions per user per month. */
export function costPerUser(perInteraction: UsdPerInteraction, interactions: InteractionsPerMonth): UsdPerUserMonth {
  return (perInteraction * interactions) as UsdPerUserMonth;
}

/** AI cost as a fraction of revenue per user (0.01 = 1%; above 1 the user is margin-negative). */
export function marginImpact(costPerUserMonth: UsdPerUserMonth, revenuePerUserMonth: UsdPerUserMonth): Fraction {
  if (!(revenuePerUserMonth > 0)) throw invalid(messages.revenueZero());
  return (costPerUserMonth / revenuePerUserMonth) as Fraction;
}

/** Gross margin after AI cost = gross margin before − margin impact (both fractions of revenue). */
export function grossMarginAfter(grossMarginBefore: Fraction, impact: Fraction): Fraction {
  return (grossMarginBefore - impact) as Fraction;
}
