// Where a converted workbook keeps its original AIECON formulas: a very hidden sheet, one row per
// converted cell, read back by "Restore live functions" (pane) to put every formula back exactly.

export const ORIGINALS_SHEET = "AIECON_Originals";

/** The sheet that holds AIECON_Prices when conversion has to create the table. */
export { PRICE_SHEET_NAME as PRICE_SHEET } from "../workbook/priceTable";

export const ORIGINALS_COLUMNS = ["Sheet", "Cell", "Original formula", "Array range", "Written range", "Converted"] as const;

export interface OriginalEntry {
  readonly sheet: string;
  /** A1 address of the converted cell, e.g. "C7". */
  readonly cell: string;
  /** The formula exactly as it was, with its leading "=". */
  readonly formula: string;
  /** For a legacy array formula (Ctrl+Shift+Enter), the range it covered; else "". */
  readonly arrayRange: string;
  /** For a call written as values, the range the values took (to clear before restoring); else "". */
  readonly writtenRange: string;
  /** yyyy-mm-dd of the conversion. */
  readonly convertedAt: string;
}

/** Parses the sheet's rows (header first) back into entries; rows without sheet, cell or formula are skipped. */
export function entriesFromRows(rows: readonly (readonly unknown[])[]): OriginalEntry[] {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return rows
    .slice(1)
    .map((r) => ({
      sheet: text(r[0]),
      cell: text(r[1]),
      formula: text(r[2]),
      arrayRange: text(r[3]),
      writtenRange: text(r[4]),
      convertedAt: text(r[5]),
    }))
    .filter((e) => e.sheet && e.cell && e.formula.startsWith("="));
}

export function entryRow(e: OriginalEntry): string[] {
  return [e.sheet, e.cell, e.formula, e.arrayRange, e.writtenRange, e.convertedAt];
}

/** The notes conversion writes start with these words (messages.shareValuesNote / shareTreeStructureNote). */
export const isShareNote = (text: string): boolean => /^(Values as of |Native formula for the cost tree )/.test(text);
