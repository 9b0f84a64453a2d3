// What "Prepare for sharing" does to a workbook, decided once for both hosts: which cells become
// native formulas, which become their values (and why not, when a cell shows an error or no value,
// or its values would overwrite another cell), which price rows AIECON_Prices needs, and what
// AIECON_Originals keeps. Pure: it reads through a ShareBook and returns the plan; the adapters
// (Office.js in src/workbook/share.ts, the file's scanned cells in src/share/xlsx/fileChange.ts) apply it.
import { messages } from "../../calc/messages";
import type { PriceSource } from "../../calc/prices";
import type { CellValue } from "../../calc/values";
import {
  ORIGINALS_SHEET,
  PRICE_SHEET,
  fingerprint,
  writtenFingerprint,
  type ConversionRecord,
  type OriginalEntry,
  type PricesAdded,
  type XmlAttributes,
} from "../originals";
import { missingPriceRows, PRICE_TABLE_COLUMNS, PRICE_TABLE_NAME, REQUEST_FEE_COLUMN, type PriceCell } from "../priceTable";
import { cellAddress, parseA1, type A1Range } from "../../sheetModel/refs";
import { errorShown, type ShareContext, type Translation } from "../translate";
import { TranslationMemo } from "../translationMemo";
import type { ShareBook } from "./book";
import type { ShareReport } from "./report";

export interface ConversionOptions {
  /** The prices the add-in computes with in this workbook; the native formulas must find the same ones. */
  readonly prices: PriceSource;
  /** The "as of" moment written into notes and AIECON_Originals. */
  readonly now: Date;
  /** The cells to convert (1-based); all by default. */
  readonly within?: (sheet: string, row: number, col: number) => boolean;
  /** The workbook's calculation settings as calcPr attributes (null: none), for the record; undefined: not known. */
  readonly calcPr?: XmlAttributes | null;
  /** Told how far planning is, every PROGRESS_EVERY formulas (a dense workbook plans hundreds of thousands). */
  readonly onProgress?: (stage: string) => void;
  /**
   * Given, takes each write as it is planned, in order, and the plan's writes stay empty: a file's
   * conversion makes its edit at once, where a dense workbook's writes, held until planning ends,
   * were 55 MB at the conversion's peak (860,000 rows).
   */
  readonly writesTo?: (write: CellWrite) => void;
}

/** How many formulas planning reads between two progress reports. */
export const PROGRESS_EVERY = 5_000;

export type CellWrite =
  | {
      readonly kind: "formula";
      readonly sheet: string;
      readonly row: number;
      readonly col: number;
      readonly formula: string;
      readonly note?: string;
    }
  | {
      readonly kind: "values";
      readonly sheet: string;
      readonly row: number;
      readonly col: number;
      /** From the anchor down and right; text stays text. */
      readonly values: CellValue[][];
      readonly note: string;
    };

export type PriceChange =
  /** A new sheet holding a new AIECON_Prices table: header and rows, from A1. */
  | { readonly kind: "create"; readonly sheet: string; readonly cells: PriceCell[][] }
  /** Rows appended to the workbook's table (shaped to its header), after adding the fee column if `addFeeColumn`. */
  | {
      readonly kind: "append";
      readonly sheet: string;
      /** The table before the change, header included. */
      readonly table: A1Range;
      readonly addFeeColumn: boolean;
      readonly rows: PriceCell[][];
    };

export interface ConversionPlan {
  readonly report: ShareReport;
  /** In the order found: sheet by sheet, row by row. */
  readonly writes: readonly CellWrite[];
  readonly prices?: PriceChange;
  /** Rows to append to AIECON_Originals; `record` only when the sheet is new (a workbook converted again keeps its first record). */
  readonly originals?: { readonly entries: readonly OriginalEntry[]; readonly record?: ConversionRecord };
}

const lower = (v: unknown) =>
  String(v ?? "")
    .trim()
    .toLowerCase();
const within = (r: A1Range | undefined, row: number, col: number) =>
  !!r && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
const blockRange = (row: number, col: number, values: readonly (readonly unknown[])[]): A1Range => ({
  top: row,
  left: col,
  bottom: row + values.length - 1,
  right: col + Math.max(1, ...values.map((l) => l.length)) - 1,
});
const rangeText = (r: A1Range) => `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom, r.right)}`;

/** Plans the conversion of every AIECON formula `options.within` takes. */
export function planConversion(book: ShareBook, options: ConversionOptions): ConversionPlan {
  const { prices } = options;
  const when = options.now.toISOString().slice(0, 10);
  const table = book.table(PRICE_TABLE_NAME);
  const header = table?.values[0] ?? [];
  const hasFee = !table || header.some((h) => lower(h) === REQUEST_FEE_COLUMN.toLowerCase());
  // A table from before the fee column gets it where the host can add it, so every formula carries
  // its fee; where it cannot, calls on a model with a fee keep their values, with a note saying why.
  const requestFeeColumn = hasFee || book.canAddTableColumns;
  const warnings: string[] = [];
  const models = new Set<string>();
  const writes: CellWrite[] = [];
  const put = options.writesTo ?? ((w: CellWrite) => writes.push(w));
  // AIECON_Originals lists the cells converted to formulas first, then those written as values.
  const entries: OriginalEntry[] = [];
  const valueEntries: OriginalEntry[] = [];
  let formulas = 0;
  let values = 0;
  let read = 0;

  for (const sheet of book.sheetNames) {
    if (sheet === ORIGINALS_SHEET) continue;
    const ctx: ShareContext = { prices, requestFeeColumn, readRange: (range) => book.read(range.sheet ?? sheet, range) };
    const memo = new TranslationMemo(ctx);
    for (const cell of book.formulaCells(sheet)) {
      if (++read % PROGRESS_EVERY === 0) options.onProgress?.(`converting ${read.toLocaleString("en-US")} formulas`);
      if (options.within && !options.within(sheet, cell.row, cell.col)) continue;
      const t = memo.translate(cell.formula);
      if (t.kind === "none") continue;
      const array = cell.arrayRange ? parseA1(cell.arrayRange) : undefined;
      if (t.kind === "formula") {
        t.models.forEach((m) => models.add(m));
        put(new FormulaWrite(sheet, cell.row, cell.col, t));
        const arrayRange = cell.arrayRange?.includes(":") ? cell.arrayRange : "";
        const cleared = array && arrayRange ? book.read(sheet, array) : undefined;
        entries.push(
          arrayRange
            ? {
                sheet,
                cell: cellAddress(cell.row, cell.col),
                formula: cell.formula,
                arrayRange,
                writtenRange: "",
                convertedAt: when,
                writtenValues: cleared ? writtenFingerprint(cleared) : "",
              }
            : new InPlaceEntry(sheet, cell.row, cell.col, cell.formula, when),
        );
        formulas++;
        continue;
      }
      // Values: the translator's own (a breakdown), or what the cell shows now, its whole spill.
      const address = cellAddress(cell.row, cell.col);
      const where = `${sheet}!${address}`;
      const spill = book.spill(sheet, cell.row, cell.col);
      let block = t.values;
      if (!block) {
        const shown = book.shown(sheet, cell.row, cell.col);
        if (shown === undefined) {
          warnings.push(book.where === "file" ? messages.shareNoValue(where) : messages.shareNoValueShown(where));
          continue;
        }
        block = spill ? spill.values : [[shown]];
        const error = block.flat().map(errorShown).find(Boolean);
        if (error) {
          warnings.push(messages.shareErrorValue(where, error));
          continue;
        }
      }
      // A spill is what a file stores as the anchor's array range: both hosts record it alike.
      const own = spill?.range ?? array;
      const arrayRange = cell.arrayRange ?? (spill ? rangeText(spill.range) : "");
      const blocker = spillBlocker(book, sheet, cell.row, cell.col, block, own);
      if (blocker) {
        warnings.push(messages.shareSpillBlocked(where, `${sheet}!${blocker}`));
        continue;
      }
      const written = blockRange(cell.row, cell.col, block);
      put({
        kind: "values",
        sheet,
        row: cell.row,
        col: cell.col,
        values: block,
        note: messages.shareValuesNote(t.functionName, when, prices.asOf, cell.formula, t.reason),
      });
      valueEntries.push({
        sheet,
        cell: address,
        formula: cell.formula,
        arrayRange,
        writtenRange: rangeText(written),
        convertedAt: when,
        writtenValues: writtenFingerprint(afterWrite(book, sheet, written, own, block)),
      });
      values++;
    }
  }

  if (formulas + values === 0) return { report: { formulas, values, priceRowsAdded: 0, warnings }, writes };
  const change = priceChange(book, table, models, prices, !hasFee && models.size > 0 && book.canAddTableColumns);
  const existing = book.originals();
  const record: ConversionRecord | undefined = existing
    ? undefined
    : { ...(options.calcPr !== undefined ? { calcPr: options.calcPr } : {}), ...(change?.record ? { prices: change.record } : {}) };
  return {
    report: { formulas, values, priceRowsAdded: change?.rows ?? 0, warnings },
    writes,
    ...(change ? { prices: change.change } : {}),
    originals: { entries: [...entries, ...valueEntries], ...(record ? { record } : {}) },
  };
}

/**
 * A formula write whose text is the translation's, read when the cell is written: a memoised
 * translation (translationMemo.ts) makes it then, so the plan holds no translated text per cell.
 * A class: an object literal with a getter costs a dictionary of its own per cell.
 */
class FormulaWrite {
  constructor(
    readonly sheet: string,
    readonly row: number,
    readonly col: number,
    /** What makes the text when it is read: an edit may hold it and let the write go (formulaText). */
    readonly translation: Extract<Translation, { kind: "formula" }>,
  ) {}
  // Read from the class, not held per cell.
  get kind(): "formula" {
    return "formula";
  }
  get note(): string | undefined {
    return this.translation.notes.join("\n") || undefined;
  }
  get formula(): string {
    return this.translation.formula;
  }
}

/**
 * AIECON_Originals' entry for a formula converted in place (no array range, nothing written around
 * it), the common case: a dense workbook has one per row, so what every such entry holds alike
 * comes from the class, and its address is made when it is read.
 */
class InPlaceEntry implements OriginalEntry {
  constructor(
    readonly sheet: string,
    private readonly row: number,
    private readonly col: number,
    readonly formula: string,
    readonly convertedAt: string,
  ) {}
  get cell(): string {
    return cellAddress(this.row, this.col);
  }
  get arrayRange(): string {
    return "";
  }
  get writtenRange(): string {
    return "";
  }
  get writtenValues(): string {
    return "";
  }
}

/**
 * What reads a formula write's text when it is read: the translation itself for a write the plan
 * made, so a file's edit (fileChange.ts) holds neither the write nor its text through the writing.
 */
export function formulaText(w: Extract<CellWrite, { kind: "formula" }>): { readonly kind: "formula"; readonly formula: string } {
  return w instanceof FormulaWrite ? w.translation : w;
}

/** The block a restore clears (the written values, and the rest of an array range as it stands). */
function afterWrite(book: ShareBook, sheet: string, written: A1Range, array: A1Range | undefined, block: CellValue[][]): unknown[][] {
  const all: A1Range = array
    ? {
        top: written.top,
        left: written.left,
        bottom: Math.max(written.bottom, array.bottom),
        right: Math.max(written.right, array.right),
      }
    : written;
  const current = all === written ? undefined : book.read(sheet, all);
  const out: unknown[][] = [];
  for (let r = all.top; r <= all.bottom; r++) {
    const line: unknown[] = [];
    for (let c = all.left; c <= all.right; c++)
      line.push(
        within(written, r, c) ? (block[r - written.top]?.[c - written.left] ?? null) : (current?.[r - all.top]?.[c - all.left] ?? null),
      );
    out.push(line);
  }
  return out;
}

/** A cell the values would cover that is not this call's own output (its spill or array), or undefined. */
function spillBlocker(
  book: ShareBook,
  sheet: string,
  row: number,
  col: number,
  block: CellValue[][],
  own: A1Range | undefined,
): string | undefined {
  const range = blockRange(row, col, block);
  if (range.bottom === range.top && range.right === range.left) return undefined;
  const current = book.read(sheet, range) ?? [];
  for (let r = 0; r < block.length; r++)
    for (let c = 0; c < block[r].length; c++) {
      if (r === 0 && c === 0) continue;
      const R = row + r;
      const C = col + c;
      if (within(own, R, C)) continue;
      const formula = book.formulaAt(sheet, R, C);
      const v = current[r]?.[c];
      if (formula === undefined && (v === null || v === undefined || v === "")) continue;
      return cellAddress(R, C);
    }
  return undefined;
}

/** The price rows the converted formulas look up, and what the restore will check of them. */
function priceChange(
  book: ShareBook,
  table: ReturnType<ShareBook["table"]>,
  models: ReadonlySet<string>,
  prices: PriceSource,
  addFeeColumn: boolean,
): { change: PriceChange; rows: number; record?: PricesAdded } | undefined {
  if (models.size === 0) return undefined;
  if (!table) {
    const rows = missingPriceRows([], models, prices);
    if (rows.length === 0) return undefined;
    let sheet = PRICE_SHEET;
    for (let n = 2; book.sheetNames.includes(sheet); n++) sheet = `${PRICE_SHEET} ${n}`;
    const cells: PriceCell[][] = [[...PRICE_TABLE_COLUMNS], ...rows];
    const ref = rangeText(blockRange(1, 1, cells));
    return {
      change: { kind: "create", sheet, cells },
      rows: rows.length,
      record: { sheet, createdSheet: true, tableRef: ref, added: ref, fingerprint: fingerprint(cells) },
    };
  }
  const header = [...table.values[0], ...(addFeeColumn ? [REQUEST_FEE_COLUMN] : [])].map(lower);
  const modelCol = header.indexOf("model");
  const missing = missingPriceRows(
    table.values.slice(1).map((r) => String(r[modelCol] ?? "")),
    models,
    prices,
  );
  if (missing.length === 0 && !addFeeColumn) return undefined;
  // Each value under its own header, whatever order the user's table has.
  const rows = missing.map((cells) =>
    header.map((h) => {
      const k = PRICE_TABLE_COLUMNS.findIndex((c) => c.toLowerCase() === h);
      return k >= 0 ? (cells[k] ?? null) : null;
    }),
  );
  const r = table.range;
  const after: A1Range = { top: r.top, left: r.left, bottom: r.bottom + rows.length, right: r.left + header.length - 1 };
  const added: A1Range = { top: r.bottom + 1, left: r.left, bottom: after.bottom, right: after.right };
  return {
    change: { kind: "append", sheet: table.sheet, table: r, addFeeColumn, rows },
    rows: rows.length,
    ...(rows.length
      ? {
          record: {
            sheet: table.sheet,
            createdSheet: false,
            tableRef: rangeText(after),
            added: rangeText(added),
            fingerprint: fingerprint(rows),
          },
        }
      : {}),
  };
}
