// The file adapter of the sharing plan (src/share/plan/book.ts): the cells the streaming scan kept
// (scanPlan.ts), read as the plan reads a workbook. Values are given as Office.js gives them (a
// date as its serial number, an error as { error }), so a file and the open workbook plan alike.
// Every cell the plan asks for that the scan did not keep is noted in `missed`: the planner then
// reads those cells and plans again, so what was kept can never change the plan.
import type { CellValue } from "../../calc/values";
import { parseA1, type A1Range } from "../../sheetModel/refs";
import { ORIGINALS_COLUMNS, ORIGINALS_SHEET, RECORD_COLUMN } from "../originals";
import type { FormulaCell, ShareBook, TableAt } from "../plan/book";
import type { TableArea } from "./dependents";
import type { ScannedCell } from "./sheetScan";
import type { CellEdit } from "./sheetXml";

/** What the scan kept, as this adapter reads it. */
export interface KeptCells {
  /** The cell as stored, or undefined when the sheet has none there (or it was not kept). */
  cellAt(sheet: string, row: number, col: number): ScannedCell | undefined;
  /** True when the scan kept this cell (or knows it is empty). */
  has(sheet: string, row: number, col: number): boolean;
  /** The cells kept of a sheet, in no particular order. */
  cellsOf(sheet: string): Iterable<ScannedCell>;
  /** A shared string's text. */
  sharedString(index: number): string | undefined;
}

type Area = { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };

// Excel's day 0 is 1899-12-30 (keeping the 1900 leap-year bug).
const serialOf = (iso: string) =>
  (Date.parse(iso.length <= 10 ? `${iso}T00:00:00Z` : /Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) - Date.UTC(1899, 11, 30)) /
  86_400_000;

/** What a stored value shows: text resolved, numbers parsed; null for none. */
export function storedValue(c: ScannedCell, strings: (i: number) => string | undefined): CellValue {
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
export function storedEdit(c: ScannedCell | undefined, strings: (i: number) => string | undefined): CellEdit | undefined {
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
  if (a.kind === "formula") return a.formula === (b as typeof a).formula;
  if (a.kind === "blank") return true;
  return a.value === (b as typeof a).value;
}

/** The scanned cells as a ShareBook; `missed` collects, per sheet, the area of cells read that were not kept. */
export class ScannedBook implements ShareBook {
  readonly where = "file";
  readonly canAddTableColumns = false;
  readonly missed = new Map<string, Area>();
  private readonly sheets: ReadonlySet<string>;

  constructor(
    readonly sheetNames: readonly string[],
    private readonly tables: readonly TableArea[],
    private readonly kept: KeptCells,
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
    this.touch(sheet, row, col);
    return this.kept.cellAt(sheet, row, col);
  }

  private readonly strings = (i: number) => this.kept.sharedString(i);

  /** A cell's content as the patcher would write it (blank for none). */
  editAt(sheet: string, row: number, col: number): CellEdit | undefined {
    return storedEdit(this.cell(sheet, row, col), this.strings);
  }

  formulaCells(sheet: string): readonly FormulaCell[] {
    const out: FormulaCell[] = [];
    for (const c of this.kept.cellsOf(sheet))
      if (c.formula !== undefined) out.push({ row: c.row, col: c.col, formula: `=${c.formula}`, arrayRange: c.arrayRef });
    return out.sort((a, b) => a.row - b.row || a.col - b.col);
  }

  read(sheet: string, range: A1Range): CellValue[][] | undefined {
    if (!this.sheets.has(sheet)) return undefined;
    const out: CellValue[][] = [];
    for (let row = range.top; row <= range.bottom; row++) {
      const line: CellValue[] = [];
      for (let col = range.left; col <= range.right; col++) {
        const c = this.cell(sheet, row, col);
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
    for (const c of this.kept.cellsOf(sheet)) if (c.row > last) last = c.row;
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
