// The providers' JSON exports: OpenAI Usage API (completions), OpenAI Costs API, and Anthropic's
// Admin usage report for messages. A file may hold one page, an array of pages, or one page per line.
//
// Input-token conventions differ: OpenAI's input_tokens already includes input_cached_tokens, while
// Anthropic reports uncached input, cache reads and cache creation apart. Both are normalised to
// OpenAI's (Input tokens = everything sent; Cached input tokens = the cache-read part).
import { messages } from "../messages";
import { ActualsAggregator, monthOfTimestamp, monthOfUnixSeconds, usdFactor } from "./aggregate";
import { ALL_MODELS, ActualsFileError, FORMAT_LABELS, type ActualsImport, type ImportOptions } from "./types";
import { errorText } from "../errors";

type Json = Record<string, unknown>;
export type JsonFormat = "openai-usage" | "openai-costs" | "anthropic-usage";

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `line ${line}, column ${offset - last}`;
}

/** JSON.parse with the failure located by line: engines word their messages differently. */
function parseJson(text: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const raw = errorText(error);
    const lc = /line (\d+) column (\d+)/.exec(raw);
    const pos = /position (\d+)/.exec(raw);
    let where: string;
    if (lc) where = `line ${Number(lc[1]) + lineOffset}, column ${lc[2]}`;
    else if (pos) where = lineColumn(text, Number(pos[1]));
    else if (/end of (JSON|data)|Unterminated/i.test(raw))
      where = `line ${text.split("\n").length + lineOffset} (the file ends early: truncated)`;
    else where = `line ${1 + lineOffset}`;
    if (lineOffset && pos) where = where.replace(/line (\d+)/, (_, n) => `line ${Number(n) + lineOffset}`);
    const problem = raw
      .replace(/^[^:]*JSON\.parse: /, "")
      .replace(/\s*\(line \d+ column \d+[^)]*\)/, "")
      .replace(/ in JSON at position \d+.*$/, "");
    throw new ActualsFileError(messages.actualsBadJson(where, problem));
  }
}

/** The pages in a file: one object, an array of them, or JSON Lines. */
export function readPages(text: string): Json[] {
  const trimmed = text.trim();
  const lines = trimmed.split("\n");
  let parsed: unknown;
  if (lines.length > 1 && lines.every((l) => l.trim() === "" || l.trim().startsWith("{")) && lines.filter((l) => l.trim()).length > 1) {
    // One page per line: parse each so a bad page is reported by its own line number.
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = lines.flatMap((l, i) => (l.trim() ? [parseJson(l, i)] : []));
    }
  } else parsed = parseJson(trimmed);
  const pages = Array.isArray(parsed) ? parsed : [parsed];
  pages.forEach((p, i) => {
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw new ActualsFileError(messages.actualsUnknownJson());
    if (!Array.isArray((p as Json).data))
      throw new ActualsFileError(messages.actualsField(`Page ${i + 1}`, "data", "is missing or not a list"));
  });
  return pages as Json[];
}

/** Which export a set of pages is, from the fields its buckets and results carry. */
export function detectJsonFormat(pages: readonly Json[]): JsonFormat {
  for (const page of pages) {
    for (const bucket of page.data as unknown[]) {
      if (typeof bucket !== "object" || bucket === null) continue;
      const b = bucket as Json;
      if ("starting_at" in b) return "anthropic-usage";
      const results = Array.isArray(b.results) ? (b.results as Json[]) : [];
      for (const r of results) {
        if (typeof r !== "object" || r === null) continue;
        if ("amount" in r || r.object === "organization.costs.result") return "openai-costs";
        if ("uncached_input_tokens" in r) return "anthropic-usage";
        if ("input_tokens" in r || "num_model_requests" in r || String(r.object ?? "").startsWith("organization.usage"))
          return "openai-usage";
      }
    }
  }
  throw new ActualsFileError(messages.actualsUnknownJson());
}

// ---- field readers that name the field when it is wrong ----

const where = (page: number, bucket: number, result?: number) =>
  `Page ${page + 1}, data[${bucket}]${result === undefined ? "" : `.results[${result}]`}`;

function count(r: Json, field: string, at: () => string, optional = true): number {
  const path = field.split(".");
  let v: unknown = r;
  for (const p of path) v = v === null || v === undefined ? undefined : (v as Json)[p];
  if (v === null || v === undefined) {
    if (optional) return 0;
    throw new ActualsFileError(messages.actualsField(at(), field, "is missing"));
  }
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    throw new ActualsFileError(messages.actualsField(at(), field, `must be a number of 0 or more; got ${JSON.stringify(v)}`));
  return v;
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : String(v));

function bucketsOf(page: Json, p: number): Json[] {
  return (page.data as unknown[]).map((b, i) => {
    if (typeof b !== "object" || b === null) throw new ActualsFileError(messages.actualsField(where(p, i), "bucket", "is not an object"));
    const results = (b as Json).results;
    if (!Array.isArray(results)) throw new ActualsFileError(messages.actualsField(where(p, i), "results", "is missing or not a list"));
    return b as Json;
  });
}

function unixMonth(b: Json, at: string): string {
  const t = b.start_time;
  if (typeof t !== "number" || !Number.isFinite(t))
    throw new ActualsFileError(messages.actualsField(at, "start_time", `must be unix seconds; got ${JSON.stringify(t)}`));
  return monthOfUnixSeconds(t);
}

/**
 * Every result of every bucket of every page, with its bucket's month and where it is in the file;
 * each bucket's month is covered even when it holds no results (so a re-import replaces it).
 */
function eachResult(
  pages: readonly Json[],
  agg: ActualsAggregator,
  provider: string,
  monthOf: (bucket: Json, at: string) => string,
  read: (result: Json, month: string, at: () => string) => void,
): ActualsImport {
  const source = FORMAT_LABELS[agg.format];
  pages.forEach((page, p) =>
    bucketsOf(page, p).forEach((b, i) => {
      const month = monthOf(b, where(p, i));
      agg.cover(source, provider, month);
      (b.results as Json[]).forEach((r, j) => {
        agg.recordsRead++;
        read(r, month, () => where(p, i, j));
      });
    }),
  );
  return agg.result();
}

export function importOpenAiUsage(pages: readonly Json[], options: ImportOptions = {}): ActualsImport {
  const agg = new ActualsAggregator("openai-usage", options);
  const source = FORMAT_LABELS["openai-usage"];
  return eachResult(pages, agg, "OpenAI", unixMonth, (r, month, at) => {
    const input = count(r, "input_tokens", at, false);
    const cached = count(r, "input_cached_tokens", at);
    if (cached > input)
      throw new ActualsFileError(
        messages.actualsField(at(), "input_cached_tokens", `(${cached}) exceeds input_tokens (${input}), which includes cached tokens`),
      );
    const feature = agg.resolveFeature([text(r.project_id), text(r.api_key_id), text(r.user_id)]);
    agg.add(month, "OpenAI", text(r.model) ?? ALL_MODELS, feature, source, {
      inputTokens: input,
      cachedInputTokens: cached,
      cacheWriteTokens: 0,
      outputTokens: count(r, "output_tokens", at, false),
      requests: count(r, "num_model_requests", at),
      billedUsd: null,
    });
  });
}

/** "gpt-4o-2024-08-06, input" → "gpt-4o-2024-08-06"; null or non-model line items stay as they are. */
export function modelOfLineItem(lineItem: string | null): string {
  if (!lineItem) return ALL_MODELS;
  const comma = lineItem.indexOf(",");
  return (comma >= 0 ? lineItem.slice(0, comma) : lineItem).trim();
}

export function importOpenAiCosts(pages: readonly Json[], options: ImportOptions = {}): ActualsImport {
  const agg = new ActualsAggregator("openai-costs", options);
  const source = FORMAT_LABELS["openai-costs"];
  return eachResult(pages, agg, "OpenAI", unixMonth, (r, month, at) => {
    const amount = r.amount as Json | undefined;
    if (typeof amount !== "object" || amount === null) throw new ActualsFileError(messages.actualsField(at(), "amount", "is missing"));
    const value = amount.value;
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new ActualsFileError(messages.actualsField(at(), "amount.value", `must be a number; got ${JSON.stringify(value)}`));
    const currency = String(amount.currency ?? "usd");
    const factor = usdFactor(currency, options.usdRates, () => `${at()}.amount.currency`);
    if (factor !== 1) agg.noteConverted(currency);
    const feature = agg.resolveFeature([text(r.project_id)]);
    agg.add(month, "OpenAI", modelOfLineItem(text(r.line_item)), feature, source, {
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      requests: null,
      billedUsd: value * factor,
      noTokens: true,
    });
  });
}

export function importAnthropicUsage(pages: readonly Json[], options: ImportOptions = {}): ActualsImport {
  const agg = new ActualsAggregator("anthropic-usage", options);
  const source = FORMAT_LABELS["anthropic-usage"];
  const monthOf = (b: Json, at: string) => {
    const month = typeof b.starting_at === "string" ? monthOfTimestamp(b.starting_at) : undefined;
    if (!month)
      throw new ActualsFileError(
        messages.actualsField(at, "starting_at", `must be a date like 2025-08-01T00:00:00Z; got ${JSON.stringify(b.starting_at)}`),
      );
    return month;
  };
  return eachResult(pages, agg, "Anthropic", monthOf, (r, month, at) => {
    const uncached = count(r, "uncached_input_tokens", at, false);
    const cacheRead = count(r, "cache_read_input_tokens", at);
    const cacheWrite = count(r, "cache_creation.ephemeral_5m_input_tokens", at) + count(r, "cache_creation.ephemeral_1h_input_tokens", at);
    const feature = agg.resolveFeature([text(r.workspace_id), text(r.api_key_id)]);
    agg.add(month, "Anthropic", text(r.model) ?? ALL_MODELS, feature, source, {
      inputTokens: uncached + cacheRead + cacheWrite,
      cachedInputTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
      outputTokens: count(r, "output_tokens", at, false),
      requests: null,
      billedUsd: null,
    });
  });
}

export function importJson(textContent: string, options: ImportOptions = {}): ActualsImport {
  const pages = readPages(textContent);
  const format = detectJsonFormat(pages);
  const result =
    format === "openai-costs"
      ? importOpenAiCosts(pages, options)
      : format === "anthropic-usage"
        ? importAnthropicUsage(pages, options)
        : importOpenAiUsage(pages, options);
  if (result.coverage.length === 0) throw new ActualsFileError(messages.actualsNoBuckets(FORMAT_LABELS[format]));
  return result;
}
