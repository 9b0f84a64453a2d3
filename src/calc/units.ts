// Branded number types: a price per 1M tokens must never be passed where a per-1K price or a
// dollar amount is expected. Brands cost nothing at run time.
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

export type Tokens = Brand<number, "Tokens">;
export type UsdPerMillionTokens = Brand<number, "UsdPerMillionTokens">;
export type UsdPerThousandTokens = Brand<number, "UsdPerThousandTokens">;
export type Usd = Brand<number, "Usd">;
/** A per-request fee, quoted per 1,000 requests (as providers such as Perplexity list it). */
export type UsdPerThousandRequests = Brand<number, "UsdPerThousandRequests">;
export type UsdPerInteraction = Brand<number, "UsdPerInteraction">;
export type UsdPerUserMonth = Brand<number, "UsdPerUserMonth">;
export type InteractionsPerMonth = Brand<number, "InteractionsPerMonth">;
/** A share expressed as a fraction: 0.01 = 1%. */
export type Fraction = Brand<number, "Fraction">;
/** Expected number of runs of a step (1 = always, 0.2 = a 20% retry). */
export type ExpectedCalls = Brand<number, "ExpectedCalls">;

export const TOKENS_PER_MILLION = 1_000_000;

/** Older material quotes prices per 1,000 tokens; every price in this add-in is per 1M. */
export function perThousandToPerMillion(price: UsdPerThousandTokens): UsdPerMillionTokens {
  return (price * 1000) as UsdPerMillionTokens;
}

export function perMillionToPerThousand(price: UsdPerMillionTokens): UsdPerThousandTokens {
  return (price / 1000) as UsdPerThousandTokens;
}

/** Dollar cost of a token count at a price per 1M tokens. Dividing first keeps every valid input
 * finite: 1e308 tokens at $3 per 1M is 3e302, where multiplying first would overflow to Infinity. */
export function tokenCost(tokens: Tokens, price: UsdPerMillionTokens): Usd {
  return ((tokens / TOKENS_PER_MILLION) * price) as Usd;
}

/** Dollar cost of a number of requests at a fee per 1,000 requests. */
export function requestCost(requests: number, fee: UsdPerThousandRequests): Usd {
  return ((requests * fee) / 1000) as Usd;
}
