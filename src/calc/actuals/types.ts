// What every billing export is read into: one aggregated row per month × provider × model × feature.
// Pure data, shared by the parsers, the aggregator, the worker and the workbook writer.

export type ActualsFormat = "openai-usage" | "openai-costs" | "anthropic-usage" | "focus" | "csv";

/** The label written to the Source column, per format. */
export const FORMAT_LABELS: Record<ActualsFormat, string> = {
  "openai-usage": "OpenAI usage",
  "openai-costs": "OpenAI costs",
  "anthropic-usage": "Anthropic usage",
  focus: "FOCUS",
  csv: "CSV",
};

/** Calendar month as "yyyy-mm" (UTC), the grain of the actuals table. */
export type Month = string;

/** Model label when an export was not grouped by model: it is shown, never guessed. */
export const ALL_MODELS = "(all models)";
/** Feature of every row whose key is not in AIECON_FeatureMap: shown, never dropped. */
export const UNASSIGNED = "Unassigned";

/** What one record (or a sum of them) carries. */
export interface Amounts {
  /** All input tokens, cached ones included (OpenAI's convention; Anthropic's parts are added up). */
  inputTokens: number;
  /** The part of inputTokens read from the prompt cache. */
  cachedInputTokens: number;
  /** The part of inputTokens written to the prompt cache (Anthropic cache creation); priced at the cache-write price. */
  cacheWriteTokens: number;
  outputTokens: number;
  /** null when the export carries no request count (Anthropic usage, cost exports). */
  requests: number | null;
  /** null when the export carries no money (usage exports). */
  billedUsd: number | null;
  /**
   * The export carries no tokens at all (a cost export): the token counts above are 0 only as a sum,
   * and the table shows them blank, so token-based metrics do not average in zeros.
   */
  noTokens?: boolean;
}

export interface ActualRow extends Amounts {
  readonly month: Month;
  readonly provider: string;
  readonly model: string;
  readonly feature: string;
  /** Source label, e.g. "OpenAI usage" or "FOCUS (billing 2024-09)". */
  readonly source: string;
}

/** A key seen in the file that the feature map does not know, with what it carried. */
export interface UnmappedKey {
  readonly key: string;
  rows: number;
  billedUsd: number;
  tokens: number;
}

export interface ActualsImport {
  readonly format: ActualsFormat;
  readonly rows: ActualRow[];
  /** source|provider|month triples this import covers: re-importing replaces exactly these. */
  readonly coverage: ReadonlyArray<{ source: string; provider: string; month: Month }>;
  readonly unmapped: UnmappedKey[];
  /** Input records read (buckets' results or CSV data rows). */
  readonly recordsRead: number;
  /** Currencies converted to USD with a rate the user gave. */
  readonly converted: readonly string[];
  /** Labels (services) of token rows whose model the file does not name anywhere: shown under that label, and said so. */
  readonly modelMissing?: readonly string[];
}

/** How a generic CSV's columns map to the table; remembered per workbook. Values are header names. */
export interface CsvMapping {
  readonly date: string;
  readonly model?: string;
  readonly provider?: string;
  readonly inputTokens?: string;
  readonly cachedInputTokens?: string;
  readonly outputTokens?: string;
  readonly requests?: string;
  readonly cost?: string;
  readonly currency?: string;
  readonly featureKey?: string;
}
export const CSV_MAPPING_FIELDS = [
  "date",
  "model",
  "provider",
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "requests",
  "cost",
  "currency",
  "featureKey",
] as const satisfies ReadonlyArray<keyof CsvMapping>;

export interface ImportOptions {
  /** key → feature, from AIECON_FeatureMap. */
  readonly featureMap?: ReadonlyMap<string, string> | Record<string, string>;
  /** USD per one unit of a currency ("EUR" → 1.08), from a cell the user named. */
  readonly usdRates?: Readonly<Record<string, number>>;
  /** Needed for a CSV that is not FOCUS. */
  readonly csvMapping?: CsvMapping;
  /** Provider written for a generic CSV without a provider column. */
  readonly csvProvider?: string;
}

/** A file that cannot be imported: the message names the line or field; nothing is written. */
export class ActualsFileError extends Error {
  /** What the user can do about it in the pane: map the CSV's columns, or name a currency rate. */
  readonly remedy?: "map-columns" | "currency-rate";
  constructor(message: string, remedy?: ActualsFileError["remedy"]) {
    super(message);
    this.name = "ActualsFileError";
    this.remedy = remedy;
  }
}
