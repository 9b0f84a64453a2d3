// A genai-prices data set (the Provider[] JSON the @pydantic/genai-prices package embeds and
// publishes as data.json) turned into price rows, priced the way the dataset's own calcPrice prices
// them. One home for the rules: scripts/generate-prices.mjs builds the bundled defaults with it, and
// the pane's "Update from a price file…" reads a newer file with it. No imports: the generator
// transpiles this file on its own.

/** One priced entry of the dataset, all prices in $ per 1M tokens except the request fee. */
export interface DatasetRow {
  readonly provider: string;
  readonly id: string;
  readonly name: string;
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number | null;
  readonly cacheWrite: number | null;
  /** $ per 1,000 requests (calcPrice charges one request per call), null when none. */
  readonly perThousandRequests: number | null;
  readonly contextWindow: number | null;
  /** A higher price above a context length exists; the row holds the base tier. */
  readonly tiered: boolean;
  /** Another price applies at some times of day; the row holds the unconditional rate. */
  readonly conditional: boolean;
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
  "openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "cohere", "moonshotai", "minimax",
  "zhipuai", "zai", "voyageai", "perplexity", "arcee", "cursor",
  "groq", "cerebras", "together", "fireworks", "novita", "aws", "azure",
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

/**
 * The prices calcPrice applies on `asOf` when no time-of-day condition holds: the latest entry
 * started by then, skipping time-of-day entries; the first entry when none applies.
 */
function unconditionalPrices(prices: unknown, asOf: string): { prices: Record<string, unknown>; conditional: boolean } | null {
  if (isObject(prices)) return { prices, conditional: false };
  if (!Array.isArray(prices) || prices.length === 0) return null;
  const conditional = prices.some((p) => isObject(p) && isObject(p.constraint) && p.constraint.type !== "start_date" && !("start_date" in p.constraint));
  for (let i = prices.length - 1; i >= 0; i--) {
    const p = prices[i];
    if (!isObject(p) || !isObject(p.prices)) continue;
    const c = p.constraint;
    if (c === undefined || c === null) return { prices: p.prices, conditional };
    if (isObject(c) && typeof c.start_date === "string" && c.start_date <= asOf) return { prices: p.prices, conditional };
  }
  const first = prices[0];
  return isObject(first) && isObject(first.prices) ? { prices: first.prices, conditional } : null;
}

/** A price field: a number, or tiers ({ base, tiers }) of which the base tier is held. */
function basePrice(value: unknown): { price: number | null; tiered: boolean } {
  if (isPriceNumber(value)) return { price: value, tiered: false };
  if (isObject(value) && isPriceNumber(value.base)) {
    return { price: value.base, tiered: Array.isArray(value.tiers) && value.tiers.length > 0 };
  }
  return { price: null, tiered: false };
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
      const chosen = unconditionalPrices(model.prices, asOf);
      const input = basePrice(chosen?.prices.input_mtok);
      if (!chosen || input.price === null) {
        excluded.push(`${provider.id}/${model.id}`);
        continue;
      }
      const output = basePrice(chosen.prices.output_mtok);
      const cached = basePrice(chosen.prices.cache_read_mtok);
      const cacheWrite = basePrice(chosen.prices.cache_write_mtok);
      const requests = basePrice(chosen.prices.requests_kcount);
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      namesIn(model.match, exact, prefixes);
      exact.delete(model.id);
      rows.push({
        provider: provider.id,
        id: model.id,
        name: model.name ?? model.id,
        input: input.price,
        output: output.price ?? 0,
        cachedInput: cached.price,
        cacheWrite: cacheWrite.price,
        perThousandRequests: requests.price,
        contextWindow: typeof model.context_window === "number" ? model.context_window : null,
        tiered: input.tiered || output.tiered || cached.tiered || cacheWrite.tiered,
        conditional: chosen.conditional,
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
