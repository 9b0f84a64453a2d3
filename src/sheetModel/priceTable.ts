// The AIECON_Prices table as the workbook holds it: its name, its columns (headers defined here
// only), and the mapping between one table row and one ModelPrice. Pure: no Excel API here, so the
// pane, the workbook code and the tests share one definition of what a valid price row is.
import { priceOn } from "../calc/billing";
import { normaliseModelName, type ModelPrice, type PriceSourceKind } from "../calc/prices";
import { messages } from "../calc/messages";
import type { UsdPerMillionTokens, UsdPerThousandRequests } from "../calc/units";
import { DEFAULT_PRICE_ROWS } from "../data/defaultPrices";

export const PRICE_TABLE_NAME = "AIECON_Prices";
export const PRICE_SHEET_NAME = "AI Prices";

/** Header of each column, units in the header as a reviewer expects. */
export const PRICE_COLUMNS = {
  model: "Model",
  provider: "Provider",
  input: "Input $/1M",
  output: "Output $/1M",
  cachedInput: "Cached input $/1M",
  cacheWrite: "Cache write $/1M",
  perThousandRequests: "$ per 1K requests",
  contextWindow: "Context window",
  asOf: "As of",
  source: "Source",
} as const;

export type PriceColumn = keyof typeof PRICE_COLUMNS;
export const PRICE_COLUMN_ORDER = Object.keys(PRICE_COLUMNS) as PriceColumn[];
export const PRICE_HEADERS: readonly string[] = PRICE_COLUMN_ORDER.map((c) => PRICE_COLUMNS[c]);
/** Columns a table written by an older version lacks: such a table keeps working without them. */
export const OPTIONAL_PRICE_COLUMNS: readonly PriceColumn[] = ["perThousandRequests"];

/** Number formats per column, applied when the table is inserted. */
export const PRICE_NUMBER_FORMATS: Record<PriceColumn, string> = {
  model: "@",
  provider: "@",
  input: "0.00####",
  output: "0.00####",
  cachedInput: "0.00####",
  cacheWrite: "0.00####",
  perThousandRequests: "0.00####",
  contextWindow: "#,##0",
  asOf: "yyyy-mm-dd",
  source: "@",
};

/** What Excel hands back for a cell through range.values. */
export type Cell = string | number | boolean | null;
/** What we write into a cell: never null (a blank is ""). */
export type WritableCell = string | number | boolean;

/** Provider for a user's own model when they give none (a self-hosted or fine-tuned model). */
export const CUSTOM_PROVIDER = "custom";

/** Provider + model, case-insensitive: the identity of a model in the table (its dated rows share it). */
export function rowKey(provider: string, model: string): string {
  return `${normaliseModelName(provider)}/${normaliseModelName(model)}`;
}

export const modelKey = (price: ModelPrice): string => rowKey(price.provider, price.model);

/** Provider + model + "As of": the identity of one row, since a model may hold one row per date. */
export function datedRowKey(provider: string, model: string, asOf: string): string {
  return `${rowKey(provider, model)}@${asOf}`;
}

export const keyOf = (price: ModelPrice): string => datedRowKey(price.provider, price.model, price.asOf);

const DEFAULTS_BY_KEY = new Map(DEFAULT_PRICE_ROWS.map((row) => [modelKey(row), row] as const));

/** The bundled default this row overrides or copies, if any. */
export function defaultFor(provider: string, model: string): ModelPrice | undefined {
  return DEFAULTS_BY_KEY.get(rowKey(provider, model));
}

/** One ModelPrice as the cells of a table row, in PRICE_COLUMN_ORDER. */
export function toTableRow(price: ModelPrice): WritableCell[] {
  const cells: Record<PriceColumn, WritableCell> = {
    model: price.model,
    provider: price.provider,
    input: price.input,
    output: price.output,
    cachedInput: price.cachedInput ?? "",
    cacheWrite: price.cacheWrite ?? "",
    perThousandRequests: price.perThousandRequests ?? "",
    contextWindow: price.contextWindow ?? "",
    asOf: price.asOf,
    source: price.source,
  };
  return PRICE_COLUMN_ORDER.map((c) => cells[c]);
}

/** Where each of our columns sits in the table (users may reorder or add columns of their own);
 * -1 for an optional column the table lacks. */
export type ColumnIndex = Record<PriceColumn, number>;

export function locateColumns(header: readonly Cell[]): { columns: ColumnIndex } | { missing: string[] } {
  return locateByHeader(header, PRICE_COLUMN_ORDER, PRICE_COLUMNS, OPTIONAL_PRICE_COLUMNS);
}

/**
 * Where each of a table's columns sits, found by its header name (trimmed, any case), the way both
 * of our tables are read; the names of required columns the header lacks, when any.
 */
export function locateByHeader<C extends string>(
  header: readonly Cell[],
  order: readonly C[],
  names: Readonly<Record<C, string>>,
  optional: readonly C[],
): { columns: Record<C, number> } | { missing: string[] } {
  const wanted = header.map((h) =>
    String(h ?? "")
      .trim()
      .toLowerCase(),
  );
  const columns = {} as Record<C, number>;
  const missing: string[] = [];
  for (const c of order) {
    columns[c] = wanted.indexOf(names[c].toLowerCase());
    if (columns[c] < 0 && !optional.includes(c)) missing.push(names[c]);
  }
  return missing.length ? { missing } : { columns };
}

type Parsed<T> = { value: T } | { problem: string };

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

export const isBlankCell = (cell: Cell | undefined): boolean =>
  cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");

/** A number cell, or text that reads as one (a pane input); NaN otherwise. */
export function cellNumber(cell: Cell | undefined): number {
  return typeof cell === "number" ? cell : typeof cell === "string" && NUMERIC_TEXT.test(cell.trim()) ? Number(cell) : NaN;
}

/** A price cell (or a pane input, which is text): a finite number ≥ 0; blank is null. */
export function parsePrice(cell: Cell | undefined, column: string, required: boolean, unit?: string): Parsed<UsdPerMillionTokens | null> {
  if (isBlankCell(cell)) return required ? { problem: messages.priceRequired(column) } : { value: null };
  const n = cellNumber(cell);
  if (!Number.isFinite(n)) return { problem: messages.priceNotANumber(column, cell, unit) };
  if (n < 0) return { problem: messages.priceNegative(column, n) };
  return { value: n as UsdPerMillionTokens };
}

export function parseContextWindow(cell: Cell | undefined): Parsed<number | null> {
  if (isBlankCell(cell)) return { value: null };
  const n = cellNumber(cell);
  if (!Number.isInteger(n) || n <= 0) return { problem: messages.contextWindowInvalid(cell) };
  return { value: n };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serial 0 of the 1904 date system (Excel for Mac's old default, still found in workbooks). */
const EXCEL_1904_EPOCH_MS = Date.UTC(1904, 0, 1);
const DAY_MS = 86_400_000;

/** A workbook's date system (Workbook.use1904DateSystem), so date serials read as the dates Excel shows.
 * The price runtime (src/runtime/priceRuntime.ts) holds the open workbook's; files default to 1900. */
export type DateSystem = "1900" | "1904";

/** "As of" comes back as an Excel date serial (Excel turns typed ISO dates into dates) or as text. */
export function parseAsOf(cell: Cell | undefined, dateSystem: DateSystem = "1900"): string {
  if (typeof cell === "number" && Number.isFinite(cell)) {
    const epochMs = dateSystem === "1904" ? EXCEL_1904_EPOCH_MS : EXCEL_EPOCH_MS;
    return new Date(epochMs + Math.round(cell) * DAY_MS).toISOString().slice(0, 10);
  }
  const text = String(cell ?? "").trim();
  // An unreadable date does not change any price; it shows as unknown in the pane.
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : "";
}

/** A row someone typed straight into the table without a Source is theirs. */
export function parseSource(cell: Cell | undefined): Parsed<PriceSourceKind> {
  if (isBlankCell(cell)) return { value: "user" };
  const word = String(cell).trim().toLowerCase();
  if (word === "default" || word === "user") return { value: word };
  return { problem: messages.sourceInvalid(cell) };
}

export interface RowProblem {
  /** 0-based position in the table body. */
  readonly index: number;
  readonly model: string;
  /** The row's provider (CUSTOM_PROVIDER when blank); absent for a table without one (AIECON_PriceTiers). */
  readonly provider?: string;
  readonly message: string;
  /** A row that is not used (a tier row for a model the price table does not list): shown, holding nothing back. */
  readonly unused?: true;
}

export interface ParsedTable {
  /** Valid rows in table order. */
  readonly rows: readonly ModelPrice[];
  readonly problems: readonly RowProblem[];
  readonly missingColumns: readonly string[];
}

/** The numeric fields of a price row, as cells or pane inputs hold them. */
export interface PriceFieldCells {
  readonly input: Cell | undefined;
  readonly output: Cell | undefined;
  readonly cachedInput: Cell | undefined;
  readonly cacheWrite: Cell | undefined;
  readonly perThousandRequests: Cell | undefined;
  readonly contextWindow: Cell | undefined;
}

export interface PriceFields {
  readonly input: UsdPerMillionTokens;
  readonly output: UsdPerMillionTokens;
  readonly cachedInput: UsdPerMillionTokens | null;
  readonly cacheWrite: UsdPerMillionTokens | null;
  readonly perThousandRequests: UsdPerThousandRequests | null;
  readonly contextWindow: number | null;
}

export type PriceFieldErrors = Partial<Record<keyof PriceFields, string>>;

/**
 * Parses the prices and context window of a row, read from the sheet or typed in the pane: the
 * same rules either way. Errors come in column order, so a caller may report only the first.
 */
export function parsePriceFields(cells: PriceFieldCells): { fields: PriceFields } | { errors: PriceFieldErrors } {
  const errors: PriceFieldErrors = {};
  const input = parsePrice(cells.input, PRICE_COLUMNS.input, true);
  if ("problem" in input) errors.input = input.problem;
  const output = parsePrice(cells.output, PRICE_COLUMNS.output, true);
  if ("problem" in output) errors.output = output.problem;
  const cachedInput = parsePrice(cells.cachedInput, PRICE_COLUMNS.cachedInput, false);
  if ("problem" in cachedInput) errors.cachedInput = cachedInput.problem;
  const cacheWrite = parsePrice(cells.cacheWrite, PRICE_COLUMNS.cacheWrite, false);
  if ("problem" in cacheWrite) errors.cacheWrite = cacheWrite.problem;
  const perThousandRequests = parsePrice(cells.perThousandRequests, PRICE_COLUMNS.perThousandRequests, false, "dollars per 1,000 requests");
  if ("problem" in perThousandRequests) errors.perThousandRequests = perThousandRequests.problem;
  const contextWindow = parseContextWindow(cells.contextWindow);
  if ("problem" in contextWindow) errors.contextWindow = contextWindow.problem;
  if (
    "value" in input &&
    "value" in output &&
    "value" in cachedInput &&
    "value" in cacheWrite &&
    "value" in perThousandRequests &&
    "value" in contextWindow
  ) {
    return {
      fields: {
        input: input.value!,
        output: output.value!,
        cachedInput: cachedInput.value,
        cacheWrite: cacheWrite.value,
        perThousandRequests: perThousandRequests.value as number | null as UsdPerThousandRequests | null,
        contextWindow: contextWindow.value,
      },
    };
  }
  return { errors };
}

/**
 * A row's ModelPrice. A row matching a bundled default keeps that default's display name, tier
 * flag and aliases, so a dated snapshot name ("gpt-4o-2024-08-06") resolves to the workbook's
 * price, not the bundled one. What a flat row cannot hold (tiers, windows, dated prices) is added
 * when the functions layer the rows (calc/priceLayers.ts).
 */
export function priceRow(model: string, provider: string, fields: PriceFields, asOf: string, source: PriceSourceKind): ModelPrice {
  const base = defaultFor(provider, model);
  return {
    model,
    provider,
    displayName: base?.displayName,
    ...fields,
    asOf,
    source,
    tiered: base?.tiered ?? false,
    conditional: base?.conditional,
    aliases: base?.aliases,
    prefixes: base?.prefixes,
    preferredFor: base?.preferredFor,
  };
}

/**
 * The table rows that copy a bundled price: the row itself and, for a model with dated prices, one
 * row per other dated price with its date as "As of" (blank for the oldest, in force before any
 * date), so the table holds the model's history and announced changes.
 */
export function datedRowsOf(price: ModelPrice): ModelPrice[] {
  const versions = price.versions ?? [];
  if (versions.length < 2) return [price];
  const current = priceOn(price, price.asOf);
  const others = versions
    .filter((v) => v.from !== (current.from ?? null))
    .map((v) => {
      const fields: PriceFields = {
        input: v.input,
        output: v.output,
        cachedInput: v.cachedInput,
        cacheWrite: v.cacheWrite,
        perThousandRequests: v.perThousandRequests,
        contextWindow: price.contextWindow,
      };
      return priceRow(price.model, price.provider, fields, v.from ?? "", price.source);
    });
  return [price, ...others];
}

/** Reads one body row; its first problem, if any, is reported with the row's number. */
export function fromTableRow(
  cells: readonly Cell[],
  columns: ColumnIndex,
  index: number,
  dateSystem: DateSystem = "1900",
): { price: ModelPrice } | RowProblem {
  const model = String(cells[columns.model] ?? "").trim();
  const provider = String(cells[columns.provider] ?? "").trim() || CUSTOM_PROVIDER;
  const fail = (problem: string): RowProblem => ({
    index,
    model,
    provider,
    message: messages.tableRowInvalid(index + 1, model, problem),
  });
  if (!model) return fail(messages.modelNameEmpty());
  const parsed = parsePriceFields({
    input: cells[columns.input],
    output: cells[columns.output],
    cachedInput: cells[columns.cachedInput],
    cacheWrite: cells[columns.cacheWrite],
    perThousandRequests: columns.perThousandRequests >= 0 ? cells[columns.perThousandRequests] : null,
    contextWindow: cells[columns.contextWindow],
  });
  if ("errors" in parsed) return fail(Object.values(parsed.errors)[0]!);
  const source = parseSource(cells[columns.source]);
  if ("problem" in source) return fail(source.problem);
  return { price: priceRow(model, provider, parsed.fields, parseAsOf(cells[columns.asOf], dateSystem), source.value) };
}

/** The whole table: header row and body rows as range.values returns them. Blank rows are skipped;
 * a second row of one model, provider and "As of" is a problem. */
export function parseTable(header: readonly Cell[], body: readonly (readonly Cell[])[], dateSystem: DateSystem = "1900"): ParsedTable {
  const located = locateColumns(header);
  if ("missing" in located) return { rows: [], problems: [], missingColumns: located.missing };
  const rows: ModelPrice[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    if (cells.every(isBlankCell)) return;
    const read = fromTableRow(cells, located.columns, index, dateSystem);
    if (!("price" in read)) return problems.push(read);
    // A model may hold one row per date (its history and announced changes), never two for one date.
    const { model, provider, asOf } = read.price;
    if (!seen.has(keyOf(read.price))) {
      seen.add(keyOf(read.price));
      return rows.push(read.price);
    }
    problems.push({
      index,
      model,
      provider,
      message: messages.tableRowInvalid(index + 1, model, messages.modelDateDuplicate(model, provider, asOf)),
    });
  });
  return { rows, problems, missingColumns: [] };
}

/** Order for the price context: user rows first, so a user row wins over a default of the same name. */
export function userRowsFirst(rows: readonly ModelPrice[]): ModelPrice[] {
  return [...rows.filter((r) => r.source === "user"), ...rows.filter((r) => r.source !== "user")];
}
