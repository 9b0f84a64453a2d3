// The file adapter of the sharing plan (src/share/plan/book.ts): the cells the streaming scan kept
// (scanPlan.ts), read as the plan reads a workbook. Values are given as Office.js gives them (a
// date as its serial number, an error as { error }), so a file and the open workbook plan alike.
// Every cell the plan asks for that the scan did not keep is noted in `missed`: the planner then
// reads those cells and plans again, so what was kept can never change the plan.
import { messages } from "../../calc/messages";
import type { CellValue } from "../../calc/values";
import { cellAddress, parseA1, type A1Range } from "../../sheetModel/refs";
import { ORIGINALS_COLUMNS, ORIGINALS_SHEET, RECORD_COLUMN } from "../originals";
import type { FormulaCell, ShareBook, TableAt } from "../plan/book";
import { fits, ints, type TableArea } from "./dependents";
import { RefusedInput } from "./refused";
import type { ScannedCell } from "./sheetScan";
import { storedFormula } from "./rowPatch";
import type { CellEdit } from "./sheetXml";

/** What the scan kept, as this adapter reads it. */
export interface KeptCells {
  /** The cell as stored, or undefined when the sheet has none there (or it was not kept). */
  cellAt(sheet: string, row: number, col: number): ScannedCell | undefined;
  /** True when the scan kept this cell (or knows it is empty). */
  has(sheet: string, row: number, col: number): boolean;
  /** The cells kept of a sheet, in no particular order. */
  cellsOf(sheet: string): Iterable<ScannedCell>;
  /** The row of each cell kept of a sheet (as cellsOf tells them), without making the cells. */
  eachRowOf(sheet: string, f: (row: number) => void): void;
  /** The formulas of the cells kept of a sheet (as cellsOf tells them), each with its leading "=", without making the cells. */
  formulaCellsOf(sheet: string, f: (row: number, col: number, formula: string, arrayRef: string | undefined) => void): void;
  /** A shared string's text. */
  sharedString(index: number): string | undefined;
}

type Area = { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };

/** The most cells one read may span (a range, a table, a spill), 2,000 by 1,000, or a whole column twice over. */
export const MAX_READ_CELLS = 2_097_152;
/**
 * The most cells the plan may read in all: a small file whose formulas each name a whole column
 * would otherwise cost minutes (each read is walked by the translator).
 */
export const MAX_CELLS_READ = 100_000_000;

/** The last row and column of a sheet that hold a cell, as the scan found them. */
export interface Extent {
  readonly rows: number;
  readonly cols: number;
}

// Excel's day 0 is 1899-12-30 (keeping the 1900 leap-year bug).
const serialOf = (iso: string) =>
  (Date.parse(iso.length <= 10 ? `${iso}T00:00:00Z` : /Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) - Date.UTC(1899, 11, 30)) /
  86_400_000;

/** What a stored value shows: text resolved, numbers parsed; null for none. */
function storedValue(c: ScannedCell, strings: (i: number) => string | undefined): CellValue {
  const v = c.value;
  switch (c.type) {
    case "s":
      return c.formula !== undefined ? (v ?? null) : (strings(Number(v)) ?? null);
    case "inlineStr":
      return c.inline ?? "";
    case "str":
      return v ?? (c.formula !== undefined ? null : "");
    case "b":
      return v === undefined ? null : v === "1" || v === "true";
    case "e":
      return v === undefined ? null : { error: v };
    case "d": {
      if (v === undefined) return null;
      const serial = serialOf(v);
      return Number.isFinite(serial) ? serial : v;
    }
    default:
      return v === undefined || v === "" ? null : Number(v);
  }
}

/** The cell as the patcher would write it, or undefined for what it cannot write (an error). */
function storedEdit(c: ScannedCell | undefined, strings: (i: number) => string | undefined): CellEdit | undefined {
  if (!c) return { kind: "blank" };
  if (c.formula !== undefined) return { kind: "formula", formula: c.formula };
  return valueEdit(storedValue(c, strings));
}

/** A value as the patcher writes it; undefined for one it cannot (an error, a non-finite number). */
export function valueEdit(v: CellValue): CellEdit | undefined {
  if (v === null || v === undefined) return { kind: "blank" };
  if (typeof v === "number") return Number.isFinite(v) ? { kind: "number", value: v } : undefined;
  if (typeof v === "string") return { kind: "string", value: v };
  if (typeof v === "boolean") return { kind: "boolean", value: v };
  if (v instanceof Date) return { kind: "number", value: (v.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000 };
  return undefined;
}

export function sameEdit(a: CellEdit | undefined, b: CellEdit | undefined): boolean {
  if (a === undefined || b === undefined || a.kind !== b.kind) return a === b;
  if (a.kind === "formula") return storedFormula(a) === storedFormula(b as typeof a);
  if (a.kind === "blank") return true;
  return a.value === (b as typeof a).value;
}

/** The scanned cells as a ShareBook; `missed` collects, per sheet, the area of cells read that were not kept. */
export class ScannedBook implements ShareBook {
  readonly where = "file";
  readonly canAddTableColumns = false;
  readonly missed = new Map<string, Area>();
  private readonly sheets: ReadonlySet<string>;

  /** Cells the plan read so far. */
  private cellsRead = 0;

  constructor(
    readonly sheetNames: readonly string[],
    private readonly tables: readonly TableArea[],
    private readonly kept: KeptCells,
    /** Where each sheet's cells end (nothing lies beyond); undefined when not known. */
    private readonly extentOf: (sheet: string) => Extent | undefined = () => undefined,
  ) {
    this.sheets = new Set(sheetNames);
  }

  /** Notes a read of a cell the scan may not have kept. */
  touch(sheet: string, row: number, col: number): void {
    if (!this.sheets.has(sheet) || this.kept.has(sheet, row, col)) return;
    const m = this.missed.get(sheet);
    this.missed.set(
      sheet,
      m
        ? { top: Math.min(m.top, row), left: Math.min(m.left, col), bottom: Math.max(m.bottom, row), right: Math.max(m.right, col) }
        : { top: row, left: col, bottom: row, right: col },
    );
  }

  private cell(sheet: string, row: number, col: number): ScannedCell | undefined {
    const c = this.kept.cellAt(sheet, row, col);
    // A cell kept is one the scan has: only an absent one may be a miss.
    if (!c) this.touch(sheet, row, col);
    return c;
  }

  private readonly strings = (i: number) => this.kept.sharedString(i);

  /** A cell's content as the patcher would write it (blank for none). */
  editAt(sheet: string, row: number, col: number): CellEdit | undefined {
    return storedEdit(this.cell(sheet, row, col), this.strings);
  }

  /**
   * Each cell is made as it is read: a dense workbook's planning holds 860,000 of them otherwise, for
   * the whole of a sheet's planning. Their formulas are the kept texts themselves (no copy is made).
   */
  formulaCells(sheet: string): Iterable<FormulaCell> {
    const rows = ints(64);
    const cols = ints(64);
    const formulas: string[] = [];
    // The few cells with an array range, or a row or column beyond an Int32Array's (a file may state one).
    const rare = new Map<number, { row: number; col: number; arrayRange?: string }>();
    let sorted = true;
    let lastRow = 0;
    let lastCol = 0;
    this.kept.formulaCellsOf(sheet, (row, col, formula, arrayRange) => {
      const n = formulas.length;
      if (n > 0 && (row < lastRow || (row === lastRow && col < lastCol))) sorted = false;
      lastRow = row;
      lastCol = col;
      const far = !fits(row) || !fits(col);
      if (far || arrayRange !== undefined) rare.set(n, { row, col, arrayRange });
      rows.push(far ? 0 : row);
      cols.push(far ? 0 : col);
      formulas.push(formula);
    });
    // (Most sheets have no rare cell: no lookup then.)
    const rareAt = (i: number) => (rare.size ? rare.get(i) : undefined);
    const rowOf = (i: number) => rareAt(i)?.row ?? rows.data[i];
    const colOf = (i: number) => rareAt(i)?.col ?? cols.data[i];
    // The scan keeps cells row by row; cells fetched by a later scan come after.
    const order = Int32Array.from(formulas, (_, i) => i);
    if (!sorted) order.sort((a, b) => rowOf(a) - rowOf(b) || colOf(a) - colOf(b));
    return {
      *[Symbol.iterator]() {
        for (const i of order) yield { row: rowOf(i), col: colOf(i), formula: formulas[i], arrayRange: rareAt(i)?.arrayRange };
      },
    };
  }

  /** The last reads: a translation reads a model argument's range more than once. */
  private readonly recent = new Map<string, CellValue[][]>();

  read(sheet: string, range: A1Range): CellValue[][] | undefined {
    if (!this.sheets.has(sheet)) return undefined;
    // Counted at every read, remembered or not: what bounds the work is each reader walking the cells.
    const cells = (range.bottom - range.top + 1) * (range.right - range.left + 1);
    if (cells > MAX_READ_CELLS) {
      const where = `'${sheet.replace(/'/g, "''")}'!${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`;
      throw new RefusedInput(`aiecon-share: ${messages.shareReadTooLarge(where, cells, MAX_READ_CELLS)}`);
    }
    this.cellsRead += cells;
    if (this.cellsRead > MAX_CELLS_READ)
      throw new RefusedInput(`aiecon-share cannot convert this workbook: ${messages.shareReadsTooMuch(MAX_CELLS_READ)}`);
    const key = `${range.top}:${range.left}:${range.bottom}:${range.right}!${sheet}`;
    const again = this.recent.get(key);
    if (again) return again;
    const values = this.readCells(sheet, range);
    if (this.recent.size >= 16) this.recent.clear();
    this.recent.set(key, values);
    return values;
  }

  private readCells(sheet: string, range: A1Range): CellValue[][] {
    const width = range.right - range.left + 1;
    // Nothing lies beyond the sheet's last cell: those rows are one shared blank row, read from no cell.
    const extent = this.extentOf(sheet);
    const lastRow = extent ? Math.min(range.bottom, extent.rows) : range.bottom;
    const lastCol = extent ? Math.min(range.right, extent.cols) : range.right;
    let blank: CellValue[] | undefined;
    const out: CellValue[][] = [];
    for (let row = range.top; row <= range.bottom; row++) {
      if (row > lastRow) {
        out.push((blank ??= Object.freeze(new Array<CellValue>(width).fill(null)) as CellValue[]));
        continue;
      }
      const line: CellValue[] = [];
      for (let col = range.left; col <= range.right; col++) {
        const c = col > lastCol ? undefined : this.cell(sheet, row, col);
        line.push(c ? storedValue(c, this.strings) : null);
      }
      out.push(line);
    }
    return out;
  }

  formulaAt(sheet: string, row: number, col: number): string | undefined {
    const f = this.cell(sheet, row, col)?.formula;
    return f === undefined ? undefined : `=${f}`;
  }

  shown(sheet: string, row: number, col: number): CellValue | undefined {
    const c = this.cell(sheet, row, col);
    if (!c) return null;
    // A formula saved without its result shows nothing the conversion could keep.
    if (c.formula !== undefined && c.value === undefined) return undefined;
    return storedValue(c, this.strings);
  }

  spill(sheet: string, row: number, col: number) {
    const ref = this.cell(sheet, row, col)?.arrayRef;
    // Excel saves a dynamic array as an array formula over its spill, the spilled cells as values.
    const range = ref?.includes(":") ? parseA1(ref) : undefined;
    return range ? { range, values: this.read(sheet, range)! } : undefined;
  }

  private tableArea(name: string): TableArea | undefined {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  table(name: string): TableAt | undefined {
    const t = this.tableArea(name);
    const values = t && this.read(t.sheet, t.range);
    return t && values ? { sheet: t.sheet, range: t.range, values } : undefined;
  }

  holdsOutside(sheet: string, table: A1Range): boolean {
    if (this.tables.filter((t) => t.sheet === sheet).length !== 1) return true;
    for (const c of this.kept.cellsOf(sheet)) {
      const inTable = c.row >= table.top && c.row <= table.bottom && c.col >= table.left && c.col <= table.right;
      if (!inTable && storedValue(c, this.strings) !== null) return true;
    }
    return false;
  }

  /** The last row of a sheet holding a kept cell (0 for none). */
  lastRow(sheet: string): number {
    let last = 0;
    this.kept.eachRowOf(sheet, (row) => {
      if (row > last) last = row;
    });
    return last;
  }

  originals() {
    if (!this.sheets.has(ORIGINALS_SHEET)) return undefined;
    const rows: unknown[][] = [];
    const record: unknown[][] = [];
    const last = this.lastRow(ORIGINALS_SHEET);
    const value = (row: number, col: number) => {
      const c = this.cell(ORIGINALS_SHEET, row, col);
      return c ? storedValue(c, this.strings) : null;
    };
    for (let row = 1; row <= last; row++) {
      rows.push(ORIGINALS_COLUMNS.map((_, c) => value(row, c + 1)));
      record.push([RECORD_COLUMN, RECORD_COLUMN + 1].map((c) => value(row, c)));
    }
    return { rows, record };
  }
}
