// A genai-prices data set (the Provider[] JSON the @pydantic/genai-prices package embeds and
// publishes as data.json) turned into price rows, priced the way the dataset's own calcPrice prices
// them. One home for the rules: scripts/generate-prices.mjs builds the bundled defaults with it, and
// the pane's "Update from a price file…" reads a newer file with it. No imports: the generator
// transpiles this file on its own.

/** Per-token rates of one band of call sizes, $ per 1M tokens; null where the entry lists none. */
export interface DatasetRates {
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number | null;
  /** Writing the prompt cache (Anthropic's 5-minute cache; the only cache write elsewhere). */
  readonly cacheWrite: number | null;
  /** Writing a 1-hour prompt cache. */
  readonly cacheWrite1h: number | null;
}

/** Rates of a whole call whose input tokens (cached and cache-write included) exceed `aboveInputTokens`. */
export interface DatasetTier extends DatasetRates {
  readonly aboveInputTokens: number;
}

/** Everything one dated price of an entry bills per call. */
export interface DatasetPricing extends DatasetRates {
  /** $ per 1,000 requests (calcPrice charges one request per call), null when none. */
  readonly perThousandRequests: number | null;
  /** Long-context tiers, lowest threshold first; [] when the price is flat. */
  readonly tiers: readonly DatasetTier[];
}

/** A UTC time-of-day window ("hh:mm:ss", end before start wraps midnight) with its own rates. */
export interface DatasetWindow extends DatasetPricing {
  readonly startUtc: string;
  readonly endUtc: string;
}

/** A price in force from a date (null: from the start of the data) until the next one's. */
export interface DatasetVersion extends DatasetPricing {
  readonly from: string | null;
  /** Windows whose rates replace this price's during their hours; a later window wins where two overlap. */
  readonly windows: readonly DatasetWindow[];
}

/**
 * One priced entry of the dataset: its price in force on the as-of date (all prices in $ per 1M
 * tokens except the request fee), and every dated price it lists, the future ones included.
 */
export interface DatasetRow extends DatasetVersion {
  readonly provider: string;
  readonly id: string;
  readonly name: string;
  readonly contextWindow: number | null;
  /** A higher price above an input size exists (the row's own rates are the base tier; `tiers` the others). */
  readonly tiered: boolean;
  /** Another price applies at some times of day (the row's own rates apply outside `windows`). */
  readonly conditional: boolean;
  /** Every dated price of the entry, oldest first, the one in force on the as-of date included; [] when it has one. */
  readonly versions: readonly DatasetVersion[];
  /** Other exact names of this entry (the dataset's `equals` match rules). */
  readonly aliases: readonly string[];
  /** Name prefixes of this entry (the dataset's `starts_with` match rules). */
  readonly prefixes: readonly string[];
  /** Plain names several providers list that resolve to this entry (the maker's listing). */
  readonly preferredFor: readonly string[];
}

export interface ConvertedDataset {
  readonly rows: readonly DatasetRow[];
  /** Provider ids in the order plain names prefer them. */
  readonly providers: readonly string[];
  /** Provider → providers whose models it also sells under the same names (the dataset's fallbacks). */
  readonly fallbacks: Readonly<Record<string, readonly string[]>>;
  /** `provider/id` of entries with no per-token price (audio hours, pages, free tiers with no price). */
  readonly excluded: readonly string[];
}

/** Model makers first, so a plain name several providers list goes to its maker before resellers. */
const PROVIDER_RANK = [
  "openai",
  "anthropic",
  "google",
  "mistral",
  "deepseek",
  "x-ai",
  "cohere",
  "moonshotai",
  "minimax",
  "zhipuai",
  "zai",
  "voyageai",
  "perplexity",
  "arcee",
  "cursor",
  "groq",
  "cerebras",
  "together",
  "fireworks",
  "novita",
  "aws",
  "azure",
];

type Match = Record<string, unknown>;
interface RawModel {
  id: string;
  name?: string;
  match: Match;
  context_window?: number;
  prices: unknown;
}
interface RawProvider {
  id: string;
  models: RawModel[];
  model_match?: Match;
  fallback_model_providers?: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A price (or tier start, or context window) read from a file: finite and not negative (JSON's 1e400 reads as Infinity). */
const isPriceNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/**
 * The first price in a model's `prices` (one set, or a list of dated/conditional sets) that is not a
 * number ≥ 0 or tiers of them ({ base, tiers: [{ start, price }] }), as "input_mtok base = -3"; null when all are.
 */
function badPrice(prices: unknown): string | null {
  const sets = Array.isArray(prices) ? prices.map((p) => (isObject(p) ? p.prices : p)) : [prices];
  for (const set of sets) {
    if (!isObject(set)) return "a price set that is not an object";
    for (const [field, value] of Object.entries(set)) {
      if (isObject(value)) {
        if (!isPriceNumber(value.base)) return `${field} base = ${String(value.base)}`;
        const tiers = value.tiers === undefined ? [] : value.tiers;
        if (!Array.isArray(tiers)) return `${field} tiers that are not a list`;
        for (const tier of tiers) {
          if (!isObject(tier) || !isPriceNumber(tier.start) || !isPriceNumber(tier.price)) return `${field} tier ${JSON.stringify(tier)}`;
        }
      } else if (!isPriceNumber(value)) return `${field} = ${typeof value === "number" ? String(value) : JSON.stringify(value)}`;
    }
  }
  return null;
}

/**
 * Why `data` is not a genai-prices data set (a JSON array of providers, each with an id and models
 * that have an id, a match rule and prices), or null when it is one.
 */
export function datasetProblem(data: unknown): string | null {
  if (!Array.isArray(data) || data.length === 0) return "it is not a list of providers";
  for (const [i, p] of data.entries()) {
    if (!isObject(p) || typeof p.id !== "string" || !Array.isArray(p.models)) return `provider ${i + 1} has no id or no models`;
    for (const m of p.models) {
      if (!isObject(m) || typeof m.id !== "string" || !isObject(m.match) || !(isObject(m.prices) || Array.isArray(m.prices))) {
        return `a model of provider '${p.id}' has no id, match rule or prices`;
      }
      const bad = badPrice(m.prices);
      if (bad) return `model '${p.id}/${m.id}' has ${bad}: every price must be a number of 0 or more`;
      if (m.context_window !== undefined && m.context_window !== null && !isPriceNumber(m.context_window)) {
        return `model '${p.id}/${m.id}' has context_window = ${String(m.context_window)}: it must be a number of 0 or more`;
      }
    }
  }
  return null;
}

/** The dataset's matcher (case-insensitive, as calcPrice lower-cases the name first), for plain-name rules only. */
export function matches(rule: unknown, name: string): boolean {
  if (!isObject(rule)) return false;
  const n = name.toLowerCase();
  const s = (k: string) => String(rule[k]).toLowerCase();
  if (Array.isArray(rule.or)) return rule.or.some((r) => matches(r, name));
  if (Array.isArray(rule.and)) return rule.and.every((r) => matches(r, name));
  if ("equals" in rule) return n === s("equals");
  if ("starts_with" in rule) return n.startsWith(s("starts_with"));
  if ("ends_with" in rule) return n.endsWith(s("ends_with"));
  if ("contains" in rule) return n.includes(s("contains"));
  // A regex rule from a file is never run: `^(a+)+$` would take exponential time, and a price file is
  // data, not code. Names are matched by the plain rules above; on the pinned dataset this changes no
  // row of the conversion (its regex rules only repeat what its equals/starts_with rules already claim).
  return false;
}

interface RawEntry {
  constraint?: unknown;
  prices: Record<string, unknown>;
}

/** The entry's price list as calcPrice reads it: one unconstrained price, or a list of constrained ones. */
function entriesOf(prices: unknown): RawEntry[] {
  if (isObject(prices)) return [{ prices }];
  if (!Array.isArray(prices)) return [];
  return prices.filter((p): p is RawEntry => isObject(p) && isObject(p.prices));
}

const startDateOf = (e: RawEntry) =>
  isObject(e.constraint) && typeof e.constraint.start_date === "string" ? e.constraint.start_date : null;
const isWindow = (e: RawEntry) => isObject(e.constraint) && e.constraint.type === "time_of_date";

/**
 * calcPrice takes the last entry whose constraint holds. Outside every window on `date` (null:
 * before every start date), that is the last unconstrained or started entry (the first entry when
 * none is); the windows listed after it win during their hours.
 */
function entryOn(entries: readonly RawEntry[], date: string | null): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    const c = entries[i].constraint;
    if (c === undefined || c === null) return i;
    const start = startDateOf(entries[i]);
    if (start !== null && date !== null && start <= date) return i;
  }
  return 0;
}

/** A price field: a number, or tiers ({ base, tiers }) of which the base is returned. */
function basePrice(value: unknown): number | null {
  if (isPriceNumber(value)) return value;
  if (isObject(value) && isPriceNumber(value.base)) return value.base;
  return null;
}

/** The rate of a price field for a call of more than `above` input tokens: the tier with the highest start at or below it. */
function priceAbove(value: unknown, above: number): number | null {
  if (!isObject(value) || !Array.isArray(value.tiers)) return basePrice(value);
  let price = basePrice(value);
  let best = -Infinity;
  for (const tier of value.tiers) {
    if (!isObject(tier) || typeof tier.start !== "number" || typeof tier.price !== "number") continue;
    if (tier.start <= above && tier.start > best) {
      best = tier.start;
      price = tier.price;
    }
  }
  return price;
}

const RATE_KEYS = {
  input: "input_mtok",
  output: "output_mtok",
  cachedInput: "cache_read_mtok",
  cacheWrite: "cache_write_mtok",
  cacheWrite1h: "cache_write_1h_mtok",
} as const;

function ratesAbove(prices: Record<string, unknown>, above: number): DatasetRates {
  return {
    input: priceAbove(prices[RATE_KEYS.input], above) ?? 0,
    output: priceAbove(prices[RATE_KEYS.output], above) ?? 0,
    cachedInput: priceAbove(prices[RATE_KEYS.cachedInput], above),
    cacheWrite: priceAbove(prices[RATE_KEYS.cacheWrite], above),
    cacheWrite1h: priceAbove(prices[RATE_KEYS.cacheWrite1h], above),
  };
}

/** One price of the dataset as rates, tiers (every threshold of any token price) and request fee. */
function pricingOf(prices: Record<string, unknown>): DatasetPricing {
  const starts = new Set<number>();
  for (const key of Object.values(RATE_KEYS)) {
    const value = prices[key];
    if (isObject(value) && Array.isArray(value.tiers)) {
      for (const tier of value.tiers) if (isObject(tier) && typeof tier.start === "number") starts.add(tier.start);
    }
  }
  const tiers = [...starts].sort((a, b) => a - b).map((above) => ({ aboveInputTokens: above, ...ratesAbove(prices, above) }));
  return { ...ratesAbove(prices, -1), perThousandRequests: basePrice(prices.requests_kcount), tiers };
}

function versionOf(entries: readonly RawEntry[], chosen: number, from: string | null): DatasetVersion {
  const windows: DatasetWindow[] = [];
  for (let i = chosen + 1; i < entries.length; i++) {
    const c = entries[i].constraint;
    if (isWindow(entries[i]) && isObject(c)) {
      windows.push({ startUtc: String(c.start_time), endUtc: String(c.end_time), ...pricingOf(entries[i].prices) });
    }
  }
  return { from, ...pricingOf(entries[chosen].prices), windows };
}

/** Every distinct price of the entry by date, oldest first (the first from null). */
function versionsOf(entries: readonly RawEntry[]): Array<{ chosen: number; version: DatasetVersion }> {
  const dates = [...new Set(entries.map(startDateOf).filter((d): d is string => d !== null))].sort();
  const out: Array<{ chosen: number; version: DatasetVersion }> = [];
  for (const date of [null, ...dates]) {
    const chosen = entryOn(entries, date);
    if (out.length && out[out.length - 1].chosen === chosen) continue;
    out.push({ chosen, version: versionOf(entries, chosen, out.length ? date : null) });
  }
  return out;
}

function namesIn(rule: unknown, exact: Set<string>, prefixes: Set<string>): void {
  if (!isObject(rule)) return;
  if (typeof rule.equals === "string") exact.add(rule.equals);
  if (typeof rule.starts_with === "string") prefixes.add(rule.starts_with);
  if (Array.isArray(rule.or)) for (const r of rule.or) namesIn(r, exact, prefixes);
}

/** Every per-token-priced entry of a genai-prices data set, priced as calcPrice prices it on `asOf`. */
export function convertDataset(data: unknown, asOf: string): ConvertedDataset {
  const problem = datasetProblem(data);
  if (problem) throw new Error(problem);
  const providers = data as RawProvider[];
  const rank = (id: string) => {
    const at = PROVIDER_RANK.indexOf(id);
    return at >= 0 ? at : PROVIDER_RANK.length + providers.findIndex((p) => p.id === id);
  };
  const ordered = [...providers].sort((a, b) => rank(a.id) - rank(b.id));
  type Building = Omit<DatasetRow, "preferredFor"> & { preferredFor: string[]; rule: Match };
  const rows: Building[] = [];
  const excluded: string[] = [];
  for (const provider of ordered) {
    for (const model of provider.models) {
      const entries = entriesOf(model.prices);
      const input = entries.length ? basePrice(entries[entryOn(entries, asOf)].prices.input_mtok) : null;
      if (input === null) {
        excluded.push(`${provider.id}/${model.id}`);
        continue;
      }
      const versions = versionsOf(entries);
      const current = versions.filter((v) => v.version.from === null || v.version.from <= asOf).pop()!.version;
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      namesIn(model.match, exact, prefixes);
      exact.delete(model.id);
      rows.push({
        provider: provider.id,
        id: model.id,
        name: model.name ?? model.id,
        ...current,
        contextWindow: typeof model.context_window === "number" ? model.context_window : null,
        tiered: current.tiers.length > 0,
        conditional: current.windows.length > 0,
        versions: versions.length > 1 ? versions.map((v) => v.version) : [],
        aliases: [...exact].sort(),
        prefixes: [...prefixes].sort(),
        preferredFor: [],
        rule: model.match,
      });
    }
  }
  choosePlainNameOwners(rows, providers);
  const fallbacks: Record<string, string[]> = {};
  for (const p of providers) if (p.fallback_model_providers?.length) fallbacks[p.id] = [...p.fallback_model_providers];
  return {
    rows: rows.map(({ rule: _rule, ...row }) => row),
    providers: ordered.map((p) => p.id),
    fallbacks,
    excluded,
  };
}

/**
 * A plain name several providers list goes to the provider calcPrice picks for it without a
 * provider (the first whose model_match claims the name: the maker), else to the best-ranked one.
 * Within that provider, the first entry whose match rule takes the name, as calcPrice does.
 */
function choosePlainNameOwners(
  rows: Array<{ provider: string; id: string; aliases: readonly string[]; preferredFor: string[]; rule: Match }>,
  providers: readonly RawProvider[],
): void {
  const claims = new Map<string, number[]>();
  rows.forEach((row, i) => {
    for (const name of [row.id, ...row.aliases]) {
      const key = name.trim().toLowerCase();
      const list = claims.get(key);
      if (list) {
        if (!list.includes(i)) list.push(i);
      } else claims.set(key, [i]);
    }
  });
  for (const [name, claimants] of claims) {
    if (new Set(claimants.map((i) => rows[i].provider)).size < 2) continue;
    const maker = providers.find((p) => p.model_match && matches(p.model_match, name) && claimants.some((i) => rows[i].provider === p.id));
    const provider = maker?.id ?? rows[claimants[0]].provider;
    const own = claimants.filter((i) => rows[i].provider === provider);
    const winner = own.find((i) => matches(rows[i].rule, name)) ?? own[0];
    // Rows are in rank order and the first row to claim a name keeps it: mark only the exceptions.
    if (winner !== claimants[0]) rows[winner].preferredFor.push(name);
  }
}
