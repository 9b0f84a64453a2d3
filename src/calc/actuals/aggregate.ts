// Rolls parsed records up to month × provider × model × feature, resolving feature keys through the
// workbook's feature map and converting non-USD money with a rate the user gave. Called once per
// input record, so the hot path allocates nothing but the row key string.
import { messages } from "../messages";
import {
  ActualsFileError,
  UNASSIGNED,
  type ActualRow,
  type ActualsFormat,
  type Amounts,
  type ActualsImport,
  type ImportOptions,
  type Month,
  type UnmappedKey,
} from "./types";

/** Feature-map keys compare trimmed and case-insensitively: "proj_ABC" typed as "proj_abc" still matches. */
export const featureKey = (key: string): string => key.trim().toLowerCase();

export function toFeatureLookup(map: ImportOptions["featureMap"]): Map<string, string> {
  const lookup = new Map<string, string>();
  if (!map) return lookup;
  const entries = map instanceof Map ? [...map.entries()] : Object.entries(map);
  for (const [key, feature] of entries) {
    const k = featureKey(String(key));
    const f = String(feature ?? "").trim();
    if (k && f && !lookup.has(k)) lookup.set(k, f);
  }
  return lookup;
}

/** "USD"/"usd"/"" are dollars; anything else needs a rate. Returns the USD factor or throws naming `where`. */
export function usdFactor(currency: string, rates: ImportOptions["usdRates"], where: () => string): number {
  const c = currency.trim().toUpperCase();
  if (c === "USD" || c === "" || c === "NULL") return 1;
  const rate = rates?.[c];
  if (rate === undefined) throw new ActualsFileError(messages.actualsCurrency(where(), c), "currency-rate");
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) throw new ActualsFileError(messages.actualsRate(c, rate));
  return rate;
}

export class ActualsAggregator {
  readonly format: ActualsFormat;
  private readonly rows = new Map<string, ActualRow>();
  private readonly coverage = new Map<string, { source: string; provider: string; month: Month }>();
  private readonly features: Map<string, string>;
  private readonly unmapped = new Map<string, UnmappedKey>();
  private readonly converted = new Set<string>();
  private readonly modelMissing = new Set<string>();
  recordsRead = 0;

  constructor(format: ActualsFormat, options: ImportOptions = {}) {
    this.format = format;
    this.features = toFeatureLookup(options.featureMap);
  }

  /** The feature of the first candidate key the map knows; else Unassigned (the first key is reported). */
  resolveFeature(keys: readonly (string | null | undefined)[]): string {
    let first: string | undefined;
    for (const key of keys) {
      if (key === null || key === undefined || key === "") continue;
      const hit = this.features.get(featureKey(key));
      if (hit !== undefined) return hit;
      first ??= key.trim();
    }
    return first === undefined ? UNASSIGNED : this.noteUnmapped(first);
  }

  private pendingUnmapped: UnmappedKey | undefined;
  /** Counts the next added record against an unmapped key (resolveFeature does this itself). */
  noteUnmapped(key: string): string {
    let entry = this.unmapped.get(key);
    if (!entry) {
      entry = { key, rows: 0, billedUsd: 0, tokens: 0 };
      this.unmapped.set(key, entry);
    }
    this.pendingUnmapped = entry;
    return UNASSIGNED;
  }

  /** Marks a source/provider/month as covered by this file even when it holds no rows for it. */
  cover(source: string, provider: string, month: Month): void {
    const key = `${source}\u0001${provider}\u0001${month}`;
    if (!this.coverage.has(key)) this.coverage.set(key, { source, provider, month });
  }

  noteConverted(currency: string): void {
    this.converted.add(currency.trim().toUpperCase());
  }

  /** A token row whose model the file does not name: it is recorded under `label` (its service), and the import says so. */
  noteModelMissing(label: string): void {
    this.modelMissing.add(label);
  }

  /** Adds one record. Call resolveFeature for its feature first (that also notes an unmapped key). */
  add(month: Month, provider: string, model: string, feature: string, source: string, a: Amounts): void {
    const key = `${month}\u0001${provider}\u0001${model}\u0001${feature}\u0001${source}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        month,
        provider,
        model,
        feature,
        source,
        inputTokens: 0,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 0,
        requests: null,
        billedUsd: null,
        noTokens: true,
      };
      this.rows.set(key, row);
      this.cover(source, provider, month);
    }
    if (!a.noTokens) row.noTokens = false;
    row.inputTokens += a.inputTokens;
    row.cachedInputTokens += a.cachedInputTokens;
    row.cacheWriteTokens += a.cacheWriteTokens;
    row.outputTokens += a.outputTokens;
    if (a.requests !== null) row.requests = (row.requests ?? 0) + a.requests;
    if (a.billedUsd !== null) row.billedUsd = (row.billedUsd ?? 0) + a.billedUsd;
    const pending = this.pendingUnmapped;
    if (pending) {
      pending.rows += 1;
      pending.billedUsd += a.billedUsd ?? 0;
      pending.tokens += a.inputTokens + a.outputTokens;
      this.pendingUnmapped = undefined;
    }
  }

  result(): ActualsImport {
    const rows = [...this.rows.values()].sort(
      (a, b) =>
        cmp(a.month, b.month) ||
        cmp(a.provider, b.provider) ||
        cmp(a.feature, b.feature) ||
        cmp(a.model, b.model) ||
        cmp(a.source, b.source),
    );
    return {
      format: this.format,
      rows,
      coverage: [...this.coverage.values()],
      unmapped: [...this.unmapped.values()].sort((a, b) => b.billedUsd - a.billedUsd || b.tokens - a.tokens || cmp(a.key, b.key)),
      recordsRead: this.recordsRead,
      converted: [...this.converted].sort(),
      modelMissing: [...this.modelMissing].sort(),
    };
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "yyyy-mm" of a unix time in seconds, in UTC (the providers bill in UTC). */
export function monthOfUnixSeconds(seconds: number): Month {
  return new Date(seconds * 1000).toISOString().slice(0, 7);
}

const ISO_MONTH = /^(\d{4})-(\d{2})/;

/**
 * "yyyy-mm" of a timestamp as exports write it: "2024-09-18 23:00:00", "2024-09-18T22:00:00Z",
 * or an offset time (converted to UTC). undefined when it is not a date.
 */
export function monthOfTimestamp(text: string): Month | undefined {
  const t = text.trim();
  const m = ISO_MONTH.exec(t);
  if (!m) return undefined;
  // An explicit non-UTC offset can move the instant across a month boundary.
  if (/[+-]\d{2}:?\d{2}$/.test(t) && !/[+-]00:?00$/.test(t)) {
    const ms = Date.parse(t.replace(" ", "T"));
    if (Number.isFinite(ms)) return new Date(ms).toISOString().slice(0, 7);
  }
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}` : undefined;
}
