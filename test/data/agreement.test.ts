// Every entry of the pinned @pydantic/genai-prices dataset, priced by the dataset's own calcPrice and
// by the built AIECON.COSTPERINTERACTION (dist/functions.js, loaded as Excel loads it), must agree
// to 1e-9 relative: by `provider/id`, by the plain id, and by every alias. Entries with no per-token
// price are counted and printed. After bumping the dataset, `npm run generate:prices` and this test
// show the delta. Needs `npm run build` first (npm test builds before running jest).
import { calcPrice, waitForUpdate, type ModelInfo, type Provider } from "@pydantic/genai-prices";
import { DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_EXCLUDED } from "../../src/data/defaultPrices";
import { loadBuiltFunctions, type LoadedAddin } from "../support/customFunctionsHost.cjs";

let addin: LoadedAddin;
let providers: Provider[];
let at: Date;

const OUTPUT_TOKENS = 1000;
const INPUT_TOKENS = 7000;

/** Seconds after midnight UTC of "hh:mm:ssZ". */
const secondsOf = (time: string) => {
  const [h, m, s] = time.replace(/Z$/, "").split(":").map(Number);
  return h * 3600 + m * 60 + (s || 0);
};

/** A time on the as-of date outside every time-of-day window, so calcPrice applies unconditional rates. */
function unconditionalMoment(all: readonly Provider[]): Date {
  const windows: Array<[number, number]> = [];
  for (const p of all) {
    for (const m of p.models) {
      if (!Array.isArray(m.prices)) continue;
      for (const c of m.prices) {
        if (c.constraint?.type === "time_of_date") windows.push([secondsOf(c.constraint.start_time), secondsOf(c.constraint.end_time)]);
      }
    }
  }
  const inside = (t: number, [s, e]: [number, number]) => (e < s ? t >= s || t < e : t >= s && t < e);
  for (let t = 0; t < 86_400; t += 1800) {
    if (!windows.some((w) => inside(t, w))) return new Date(Date.parse(`${DEFAULT_PRICES_AS_OF}T00:00:00Z`) + t * 1000);
  }
  throw new Error("every half hour of the day falls in some time-of-day window");
}

beforeAll(async () => {
  addin = loadBuiltFunctions();
  providers = (await waitForUpdate()) as Provider[];
  at = unconditionalMoment(providers);
});

/** calcPrice for exactly this entry (its own prices, the dataset's own units, tiers and dates). */
function datasetPrice(provider: Provider, model: ModelInfo, usage: Record<string, number>) {
  const only: Provider = { ...provider, models: [{ ...model, match: { equals: model.id } }] };
  return calcPrice(usage, model.id, { provider: only, timestamp: at });
}

/** Input tokens at or below every tier threshold of the entry, so the base tier applies. */
function inputTokensFor(prices: Record<string, unknown>): number {
  let tokens = INPUT_TOKENS;
  for (const value of Object.values(prices)) {
    if (value && typeof value === "object" && "tiers" in value) {
      for (const tier of (value as { tiers: Array<{ start: number }> }).tiers) tokens = Math.min(tokens, tier.start);
    }
  }
  return tokens;
}

function equalsNames(rule: unknown, out: string[] = []): string[] {
  if (rule && typeof rule === "object") {
    const r = rule as Record<string, unknown>;
    if (typeof r.equals === "string") out.push(r.equals);
    if (Array.isArray(r.or)) r.or.forEach((x) => equalsNames(x, out));
  }
  return out;
}

interface Mismatch {
  name: string;
  ours: unknown;
  theirs: number;
}

const agree = (ours: unknown, theirs: number) =>
  typeof ours === "number" && Math.abs(ours - theirs) <= 1e-15 + 1e-9 * Math.abs(theirs);

/** Our cost by `name` against the dataset's for `entry`, without and with cached tokens. */
function compare(name: string, provider: Provider, model: ModelInfo, out: Mismatch[]): boolean {
  const base = datasetPrice(provider, model, { input_tokens: 1, output_tokens: 1 })!;
  const input = inputTokensFor(base.model_price);
  const usages = [{ input_tokens: input, output_tokens: OUTPUT_TOKENS }];
  if (base.model_price.cache_read_mtok !== undefined) {
    usages.push({ input_tokens: input, output_tokens: OUTPUT_TOKENS, cache_read_tokens: Math.floor(input / 2) } as never);
  }
  let ok = true;
  for (const usage of usages) {
    const theirs = datasetPrice(provider, model, usage)!.total_price;
    let ours: unknown;
    try {
      ours = addin.call("COSTPERINTERACTION", usage.input_tokens, usage.output_tokens, name, null, (usage as { cache_read_tokens?: number }).cache_read_tokens ?? null, null);
    } catch (e) {
      ours = `${(e as Error).message}`;
    }
    if (!agree(ours, theirs)) {
      out.push({ name, ours, theirs });
      ok = false;
    }
  }
  return ok;
}

/**
 * The entry of `providerId` that lists `name` as its id or an exact alias; a name spelled
 * `provider/id` (an exact provider/id wins over a reseller's plain id of that spelling) by its id.
 */
function entryListing(providerId: string, name: string): { provider: Provider; model: ModelInfo } | undefined {
  const provider = providers.find((p) => p.id === providerId);
  const qualified = name.toLowerCase().startsWith(`${providerId.toLowerCase()}/`);
  const key = (qualified ? name.slice(providerId.length + 1) : name).toLowerCase();
  const model = provider?.models.find((m) => m.id.toLowerCase() === key || equalsNames(m.match).some((n) => n.toLowerCase() === key));
  return provider && model ? { provider, model } : undefined;
}

const isPriced = (provider: Provider, model: ModelInfo) =>
  datasetPrice(provider, model, { input_tokens: 1, output_tokens: 1 })?.model_price.input_mtok !== undefined;

describe("every entry of the pinned dataset agrees with calcPrice through the built COSTPERINTERACTION", () => {
  it("by provider/id, plain id and every alias; unpriced entries counted (and listed when that count changes)", () => {
    const mismatches: Mismatch[] = [];
    const excluded: string[] = [];
    let entries = 0;
    let priced = 0;
    let names = 0;
    for (const provider of providers) {
      for (const model of provider.models) {
        entries++;
        if (!isPriced(provider, model)) {
          excluded.push(`${provider.id}/${model.id}`);
          continue;
        }
        priced++;
        // Exact provider/id and provider/alias: this very entry.
        for (const name of [model.id, ...equalsNames(model.match)]) {
          names++;
          compare(`${provider.id}/${name}`, provider, model, mismatches);
        }
        // Plain id and aliases: the listing the add-in says it chose (MODELPRICE "provider").
        for (const name of [model.id, ...equalsNames(model.match)]) {
          names++;
          const chosen = addin.call("MODELPRICE", name, "provider");
          const listing = typeof chosen === "string" ? entryListing(chosen, name) : undefined;
          if (!listing) mismatches.push({ name, ours: `resolved to ${String(chosen)}, which does not list it`, theirs: NaN });
          else compare(name, listing.provider, listing.model, mismatches);
        }
      }
    }
    // A passing run prints nothing; the full list comes with a failure (a dataset bump to review),
    // or on request: AIECON_PRICES_REPORT=1 npx jest test/data/agreement.
    const report = [
      `genai-prices agreement at ${at.toISOString()}: ${entries} entries, ${priced} priced per token, ${names} names compared, ${mismatches.length} mismatches.`,
      `Not priced per token (excluded): ${excluded.length} (expected ${DEFAULT_PRICES_EXCLUDED})`,
      ...excluded.map((e) => `  ${e}`),
      ...mismatches.slice(0, 50).map((m) => `MISMATCH ${m.name}: ours ${String(m.ours)} vs calcPrice ${m.theirs}`),
    ].join("\n");
    if (mismatches.length > 0 || excluded.length !== DEFAULT_PRICES_EXCLUDED) throw new Error(report);
    if (process.env.AIECON_PRICES_REPORT) console.log(report);
    expect(mismatches).toEqual([]);
    expect(priced + excluded.length).toBe(entries);
    expect(excluded.length).toBe(DEFAULT_PRICES_EXCLUDED);
    expect(priced).toBeGreaterThan(1500);
  });

  it("a plain id several providers list resolves to the provider calcPrice picks for it (the maker)", () => {
    const listedBy = new Map<string, Set<string>>();
    for (const p of providers) {
      for (const m of p.models) {
        if (!isPriced(p, m)) continue;
        for (const name of [m.id, ...equalsNames(m.match)]) {
          const key = name.toLowerCase();
          if (!listedBy.has(key)) listedBy.set(key, new Set());
          listedBy.get(key)!.add(p.id);
        }
      }
    }
    let checked = 0;
    for (const [name, by] of listedBy) {
      if (by.size < 2) continue;
      const theirs = calcPrice({ input_tokens: 1, output_tokens: 1 }, name, { timestamp: at });
      if (!theirs || !by.has(theirs.provider.id)) continue;
      checked++;
      expect([name, addin.call("MODELPRICE", name, "provider")]).toEqual([name, theirs.provider.id]);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("the defects this dataset once showed", () => {
  it("DeepSeek V4: the unconditional rate, not the time-of-day surcharge", () => {
    expect(addin.call("MODELPRICE", "deepseek-v4-flash")).toBe(0.22);
    expect(addin.call("MODELPRICE", "deepseek-v4-pro")).toBe(0.66);
  });

  it("openai/gpt-oss-120b is OpenAI's own listing, the same as the plain id", () => {
    expect(addin.call("MODELPRICE", "openai/gpt-oss-120b")).toBe(0.039);
    expect(addin.call("MODELPRICE", "openai/gpt-oss-120b", "output")).toBe(0.18);
    expect(addin.call("MODELPRICE", "gpt-oss-120b", "provider")).toBe("openai");
    expect(addin.call("MODELPRICE", "groq/openai/gpt-oss-120b")).toBe(0.15);
  });

  it("Perplexity's per-request fee is charged once per interaction", () => {
    expect(addin.call("MODELPRICE", "sonar", "request")).toBe(12);
    expect(addin.call("MODELPRICE", "gpt-4o", "request")).toBe(0);
    // 7,000 × $1/1M + 1,000 × $1/1M + 1 request × $12/1K = 0.008 + 0.012
    expect(addin.call("COSTPERINTERACTION", 7000, 1000, "sonar")).toBeCloseTo(0.02, 12);
  });
});
