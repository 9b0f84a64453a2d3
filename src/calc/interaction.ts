// The formula chain of domain.md §2: interaction → user → share of revenue → gross margin.
import { invalid, notAvailable } from "./errors";
import { messages } from "./messages";
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

/** Tokens one model call consumes. `cachedInput` is the part of `input` billed at the cached price. */
export interface CallTokens {
  readonly input: Tokens;
  readonly output: Tokens;
  readonly cachedInput: Tokens;
}

/** The three prices a call is billed at, in $ per 1M tokens. */
export interface CallPrices {
  readonly input: UsdPerMillionTokens;
  readonly output: UsdPerMillionTokens;
  /** null when the model has no cached-input price; then cached tokens cannot be priced. */
  readonly cachedInput: UsdPerMillionTokens | null;
  /** Fee per 1,000 requests, charged once per call (Perplexity's Sonar models); absent or null = none. */
  readonly perThousandRequests?: UsdPerThousandRequests | null;
}


/**
 * Cost of one model call: uncached input + cached input + output, each at its own price, plus the
 * model's per-request fee (one request per call).
 * Tokens and prices are assumed already validated as non-negative finite numbers.
 */
export function callCost(tokens: CallTokens, prices: CallPrices, modelName?: string): Usd {
  if (tokens.cachedInput > tokens.input) {
    throw invalid(messages.cachedAboveInput(tokens.cachedInput, tokens.input));
  }
  let cachedCost = 0;
  if (tokens.cachedInput > 0) {
    if (prices.cachedInput === null) {
      throw modelName ? notAvailable(messages.noCachedPrice(modelName)) : invalid(messages.cachedPriceRequired());
    }
    cachedCost = tokenCost(tokens.cachedInput, prices.cachedInput);
  }
  const uncached = (tokens.input - tokens.cachedInput) as Tokens;
  const tokens$ = tokenCost(uncached, prices.input) + cachedCost + tokenCost(tokens.output, prices.output);
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
