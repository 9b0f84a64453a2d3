// Model prices and how a model name is resolved to them. Sources are layered so the workbook's own
// price table (edited by the user) is consulted before the bundled defaults.
import { notAvailable, invalid } from "./errors";
import { messages } from "./messages";
import type { Tokens, UsdPerMillionTokens, UsdPerThousandRequests } from "./units";

export type PriceSourceKind = "default" | "user";

/** A calendar date as text, yyyy-mm-dd (the day starts at 00:00 UTC, as providers date price changes). */
export type IsoDate = string;
/** A time of day in UTC as text, "hh:mm" or "hh:mm:ss" (a trailing "Z" allowed). */
export type UtcTime = string;

/** What one call's tokens cost in one band of call sizes, in $ per 1M tokens; null = the model lists no such price. */
export interface TokenRates {
  readonly input: UsdPerMillionTokens;
  readonly output: UsdPerMillionTokens;
  /** Reading a cached prompt prefix; null = no cached price (cached tokens cannot be priced). */
  readonly cachedInput: UsdPerMillionTokens | null;
  /** Writing the prompt cache (Anthropic's 5-minute cache; the only one elsewhere); null = billed at the input price. */
  readonly cacheWrite: UsdPerMillionTokens | null;
  /** Writing a 1-hour prompt cache; absent or null = none listed. */
  readonly cacheWrite1h?: UsdPerMillionTokens | null;
}

/**
 * A long-context tier: once a call's input tokens (cached and cache-write included) are above
 * `aboveInputTokens`, every token of that call (input, cached input, cache write, output) is billed
 * at these rates.
 */
export interface PriceTier extends TokenRates {
  readonly aboveInputTokens: Tokens;
}

/** Everything one price bills per call: token rates, the long-context tiers, the request fee. */
export interface CallPricing extends TokenRates {
  /** $ per 1,000 requests, charged once per model call on top of the tokens; null when none. */
  readonly perThousandRequests: UsdPerThousandRequests | null;
  /** Long-context tiers, lowest threshold first; absent or [] = one rate at every size. */
  readonly tiers?: readonly PriceTier[];
}

/**
 * Hours of the day (UTC) when other rates replace the price's own. `endUtc` before `startUtc`
 * wraps past midnight. A forecast has no hour: the engine bills the day's average (billing.ts).
 */
export interface TimeOfDayWindow extends CallPricing {
  readonly startUtc: UtcTime;
  readonly endUtc: UtcTime;
}

/** A price that applies from a date until the next dated price of the same model. */
export interface DatedPrice extends CallPricing {
  /** First day it applies; null = since before any other dated price of the model. */
  readonly from: IsoDate | null;
  /** Windows of the day billed at other rates; a later window wins where two overlap. */
  readonly windows?: readonly TimeOfDayWindow[];
}

/**
 * One model's price as a table lists it, all token prices in $ per 1M tokens: the rates in force on
 * `asOf` (outside any time-of-day window, below any tier), with the tiers, windows and other dated
 * prices that complete the provider's bill. billing.ts turns it into what a given call costs.
 */
export interface ModelPrice extends Omit<DatedPrice, "from"> {
  /** The name the row is listed under: the dataset id for defaults, whatever the user typed for user rows. */
  readonly model: string;
  readonly provider: string;
  readonly displayName?: string;
  /** Most tokens (input + output) one call may hold; null = unknown (then any size is priced). */
  readonly contextWindow: number | null;
  /** ISO date (yyyy-mm-dd) the price was taken or last edited. */
  readonly asOf: string;
  readonly source: PriceSourceKind;
  /** True when the provider charges more above an input size (`tiers` holds the higher rates). */
  readonly tiered: boolean;
  /** True when other rates apply at some times of day (`windows` holds them). */
  readonly conditional?: boolean;
  /** Absent on a row read from a table, as `from` is: see DatedPrice. */
  readonly from?: IsoDate | null;
  /** Every dated price of the model, oldest first, this row's own included; absent = this one price at any date. */
  readonly versions?: readonly DatedPrice[];
  /** Other names that resolve to this row exactly (dated snapshots, dataset aliases). */
  readonly aliases?: readonly string[];
  /** Name prefixes that resolve to this row when nothing matches exactly (e.g. "claude-sonnet-4"). */
  readonly prefixes?: readonly string[];
  /** Plain names other providers list too that resolve to this row (the maker's listing). */
  readonly preferredFor?: readonly string[];
}

/** Kinds of price in $ per 1M tokens (what BLENDEDPRICE blends). */
export type PriceKind = "input" | "output" | "cached_input" | "cache_write";
export const PRICE_KINDS: readonly PriceKind[] = ["input", "output", "cached_input", "cache_write"];
/** Token prices MODELPRICE can return: those, and the 1-hour cache write. */
export type TokenPriceKind = PriceKind | "cache_write_1h";
/** What MODELPRICE can return: a token price, the fee in $ per 1K requests, or the provider listed. */
export type ModelPriceKind = TokenPriceKind | "request" | "provider";
export const MODEL_PRICE_KINDS: readonly ModelPriceKind[] = [...PRICE_KINDS, "cache_write_1h", "request", "provider"];

export interface PriceSource {
  /** Resolves a model name as a user types it, or undefined when this source does not know it. */
  find(name: string): ModelPrice | undefined;
  /** The date of the data this source holds (the oldest "as of" of its rows for a mixed source). */
  readonly asOf: string;
}

/** Case-insensitive, surrounding spaces ignored: "  GPT-4o " and "gpt-4o" are the same model. */
export function normaliseModelName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * A price source over a list of rows. Resolution order:
 * 1. an exact `provider/id` (or `provider/alias`), the provider as the dataset names it;
 * 2. a plain id or alias: a user's own row, then the listing marked as preferred for that name (the
 *    maker's), then the first row listing it (rows come makers first);
 * 3. the longest name prefix (dated snapshots), provider-qualified ones first;
 * 4. `provider/name` for a provider that resells others' models (fallbacks), under those providers.
 */
export class PriceTable implements PriceSource {
  readonly asOf: string;
  readonly rows: readonly ModelPrice[];
  private readonly exact = new Map<string, ModelPrice>();
  private readonly prefixes: Array<[string, ModelPrice]> = [];
  private readonly fallbacks: Readonly<Record<string, readonly string[]>>;
  /** Names exactly as cells spell them: a recalculation asks for the same few names thousands of times. */
  private readonly asTyped = new Map<string, ModelPrice | undefined>();

  constructor(rows: readonly ModelPrice[], asOf: string, fallbacks: Readonly<Record<string, readonly string[]>> = {}) {
    this.rows = rows;
    this.asOf = asOf;
    this.fallbacks = fallbacks;
    const claim = (key: string, row: ModelPrice) => {
      const k = normaliseModelName(key);
      if (k && !this.exact.has(k)) this.exact.set(k, row);
    };
    const plainNames = (row: ModelPrice) => [row.model, ...(row.aliases ?? [])];
    for (const row of rows) for (const name of plainNames(row)) if (row.provider) claim(`${row.provider}/${name}`, row);
    for (const row of rows) if (row.source === "user") claim(row.model, row);
    for (const row of rows) for (const name of row.preferredFor ?? []) claim(name, row);
    for (const row of rows) for (const name of plainNames(row)) claim(name, row);
    for (const row of rows) {
      for (const prefix of row.prefixes ?? []) this.prefixes.push([normaliseModelName(`${row.provider}/${prefix}`), row]);
    }
    for (const row of rows) for (const prefix of row.prefixes ?? []) this.prefixes.push([normaliseModelName(prefix), row]);
    // Longest prefix first: "gpt-4o-mini" must win over "gpt-4o" for "gpt-4o-mini-2024-07-18".
    // The sort is stable, so at equal length qualified prefixes and makers' rows keep their lead.
    this.prefixes.sort((a, b) => b[0].length - a[0].length);
  }

  find(name: string): ModelPrice | undefined {
    if (this.asTyped.has(name)) return this.asTyped.get(name);
    const found = this.lookup(normaliseModelName(name), true);
    if (this.asTyped.size < 10_000) this.asTyped.set(name, found);
    return found;
  }

  private lookup(key: string, withFallbacks: boolean): ModelPrice | undefined {
    const hit = this.exact.get(key);
    if (hit) return hit;
    for (const [prefix, row] of this.prefixes) if (key.startsWith(prefix)) return row;
    if (!withFallbacks) return undefined;
    const slash = key.indexOf("/");
    for (const other of slash > 0 ? (this.fallbacks[key.slice(0, slash)] ?? []) : []) {
      const found = this.lookup(`${other}/${key.slice(slash + 1)}`, false);
      if (found) return found;
    }
    return undefined;
  }
}

/** The first source that knows a name answers: workbook rows before bundled defaults. */
export class LayeredPriceSource implements PriceSource {
  readonly layers: readonly PriceSource[];
  constructor(layers: readonly PriceSource[]) {
    this.layers = layers;
  }
  find(name: string): ModelPrice | undefined {
    for (const layer of this.layers) {
      const hit = layer.find(name);
      if (hit) return hit;
    }
    return undefined;
  }
  get asOf(): string {
    return (
      this.layers
        .map((l) => l.asOf)
        .filter(Boolean)
        .sort()[0] ?? ""
    );
  }
}

/** Resolves a model name or fails with the message Excel shows on #N/A. */
export function resolveModel(source: PriceSource, name: string): ModelPrice {
  if (name.trim() === "") throw invalid(messages.emptyModel());
  const found = source.find(name);
  if (!found) throw notAvailable(messages.unknownModel(name.trim()));
  return found;
}

/** The rate of one token kind, or null where the price lists none (the 1-hour cache write). */
export function rateOfKind(rates: TokenRates, kind: TokenPriceKind): UsdPerMillionTokens | null {
  return {
    input: rates.input,
    output: rates.output,
    cached_input: rates.cachedInput,
    cache_write: rates.cacheWrite,
    cache_write_1h: rates.cacheWrite1h ?? null,
  }[kind];
}

/** The price of one kind for a model, or #N/A when the table has none (e.g. no cache-write price). */
export function priceOfKind(price: TokenRates & { readonly model: string }, kind: TokenPriceKind): UsdPerMillionTokens;
export function priceOfKind(price: ModelPrice, kind: "request"): UsdPerThousandRequests;
export function priceOfKind(price: ModelPrice, kind: TokenPriceKind | "request"): UsdPerMillionTokens | UsdPerThousandRequests;
export function priceOfKind(
  price: TokenRates & { readonly model: string; readonly perThousandRequests?: UsdPerThousandRequests | null },
  kind: TokenPriceKind | "request",
): UsdPerMillionTokens | UsdPerThousandRequests {
  // No per-request fee listed means none is charged: 0, as the dataset's calcPrice counts it.
  if (kind === "request") return price.perThousandRequests ?? (0 as UsdPerThousandRequests);
  const value = rateOfKind(price, kind);
  if (value === null) throw notAvailable(messages.noPriceOfKind(price.model, kind.replace(/_/g, "-")));
  return value;
}
