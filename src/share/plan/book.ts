// The cell access the sharing plan needs, and nothing more. Two adapters answer it: the open
// workbook through Office.js (src/workbook/share.ts, from a snapshot read in a fixed number of
// syncs) and the cells a streaming scan of a file kept (src/share/xlsx/scannedBook.ts). Rows and
// columns are 1-based, as A1 addresses count them.
import type { CellValue } from "../../calc/values";
import type { A1Range } from "../../sheetModel/refs";

/** A cell holding a formula, as the workbook stores it. */
export interface FormulaCell {
  readonly row: number;
  readonly col: number;
  /** With its leading "=". */
  readonly formula: string;
  /** The block a file's array formula covers ("D1:G5": a legacy array, or a spill as Excel saves it); else undefined. */
  readonly arrayRange?: string;
}

/** A block of cells and what they show. */
export interface Block {
  /** Local to its sheet. */
  readonly range: A1Range;
  readonly values: CellValue[][];
}

export interface TableAt {
  readonly sheet: string;
  /** The table's whole range, header included. */
  readonly range: A1Range;
  /** Its cells, header first. */
  readonly values: readonly (readonly unknown[])[];
}

/** The AIECON_Originals sheet as stored: columns A:G (header first) and the record's pairs in H:I. */
export interface OriginalsSheet {
  readonly rows: readonly (readonly unknown[])[];
  readonly record: readonly (readonly unknown[])[];
}

export interface ShareBook {
  /** Where the cells come from, for the words of a warning. */
  readonly where: "file" | "open workbook";
  /** Sheet names in workbook order. */
  readonly sheetNames: readonly string[];
  /** A sheet's formula cells, row by row (made as they are read, where a host holds them compactly). */
  formulaCells(sheet: string): Iterable<FormulaCell>;
  /** What the cells show (a formula's result; null for blank), or undefined when the sheet does not exist. */
  read(sheet: string, range: A1Range): CellValue[][] | undefined;
  /** The formula a cell holds, or undefined. */
  formulaAt(sheet: string, row: number, col: number): string | undefined;
  /** What a formula cell shows now; undefined when it shows no value at all (a file saved without one). */
  shown(sheet: string, row: number, col: number): CellValue | undefined;
  /** The block a formula cell spills into now (its values included), or undefined when it spills nothing. */
  spill(sheet: string, row: number, col: number): Block | undefined;
  /** A table by name (case-insensitive), or undefined. */
  table(name: string): TableAt | undefined;
  /** True when the sheet holds a value outside `range` (or another table). */
  holdsOutside(sheet: string, range: A1Range): boolean;
  /** AIECON_Originals, or undefined when the workbook has none. */
  originals(): OriginalsSheet | undefined;
  /** Whether this host can add a column to an existing table (Office.js can; the file patcher cannot yet). */
  readonly canAddTableColumns: boolean;
}
