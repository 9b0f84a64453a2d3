// Where a converted workbook keeps its original AIECON formulas: a very hidden sheet, one row per
// converted cell, read back by "Restore live functions" (pane) to put every formula back exactly.
import { echoed } from "../calc/messages";
import { tokenize } from "./formula";
import { parseA1 } from "./refs";
import { callsAiecon } from "./translate";

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

/**
 * The most cells a call written as values may cover (a spill or a legacy array): restore clears
 * them cell by cell, so a planted "Written range" of A1:XFD1048576 must not be walked.
 */
export const MAX_SPILL_CELLS = 250_000;

/** A name or a formula from the sheet, as a refusal quotes it (cut short, controls shown). */
const shown = (text: string) => `'${echoed(text)}'`;

/** Functions that reach outside the workbook (the web, programs, other files): never restored. */
const REACHES_OUT = new Set(["WEBSERVICE", "HYPERLINK", "RTD", "CALL", "REGISTER", "REGISTER.ID", "EXEC", "IMAGE", "DDE", "DDEAUTO"]);

/**
 * Why an AIECON_Originals row cannot be restored as it stands, or undefined when it can: the sheet
 * must exist (and not be AIECON_Originals), the cell be one cell, the formula call AIECON and
 * nothing that reaches outside the workbook, and a written or array range be the block that the
 * call's values took: anchored at the cell, at most MAX_SPILL_CELLS cells. The CLI and the pane
 * both refuse the whole restore on the first such row, so a planted row changes nothing.
 */
export function entryProblem(e: OriginalEntry, sheetExists: (name: string) => boolean): string | undefined {
  if (e.sheet === ORIGINALS_SHEET || !sheetExists(e.sheet)) return `its sheet ${shown(e.sheet)} is not in the workbook`;
  const cell = parseA1(e.cell);
  if (!cell || cell.sheet !== undefined || cell.top !== cell.bottom || cell.left !== cell.right) return `its cell ${shown(e.cell)} is not one cell`;
  if (!callsAiecon(e.formula)) return `its formula ${shown(e.formula)} calls no AIECON function`;
  const outside = functionsCalled(e.formula).find((f) => REACHES_OUT.has(f)) ?? (externalReference(e.formula) ? "a link to another file" : undefined);
  if (outside) return `its formula ${shown(e.formula)} calls ${outside}, which the conversion never writes`;
  for (const [label, text] of [["written range", e.writtenRange], ["array range", e.arrayRange]] as const) {
    if (!text) continue;
    const r = parseA1(text);
    if (!r || r.sheet !== undefined || r.top !== cell.top || r.left !== cell.left) return `its ${label} ${shown(text)} is not the block its cell ${e.cell} spilled into`;
    const cells = (r.bottom - r.top + 1) * (r.right - r.left + 1);
    if (cells > MAX_SPILL_CELLS)
      return `its ${label} ${shown(text)} covers ${cells.toLocaleString("en-US")} cells, more than the ${MAX_SPILL_CELLS.toLocaleString("en-US")} a call's values can take`;
  }
  return undefined;
}

/** The refusal for the first row of `entries` (row numbers as the sheet shows them) that cannot be restored. */
export function restoreRefusal(entries: readonly OriginalEntry[], sheetExists: (name: string) => boolean): string | undefined {
  for (let i = 0; i < entries.length; i++) {
    const problem = entryProblem(entries[i], sheetExists);
    if (problem)
      return `Nothing was restored: ${ORIGINALS_SHEET} entry ${i + 1} (${echoed(entries[i].sheet)}!${echoed(entries[i].cell)}) cannot be restored as written: ${problem}. The sheet may have been edited; restore from a copy saved before sharing.`;
  }
  return undefined;
}

function functionsCalled(formula: string): string[] {
  try {
    return tokenize(formula.replace(/^=/, ""))
      .filter((t) => t.type === "func")
      .map((t) => t.text.toUpperCase().replace(/^(_XLFN\.|_XLWS\.)/, ""));
  } catch {
    return [];
  }
}

/** A reference into another workbook ([1]Sheet!A1) or a DDE link (app|topic!item). */
function externalReference(formula: string): boolean {
  try {
    return tokenize(formula.replace(/^=/, "")).some((t) => (t.type === "ref" && /^'?\[/.test(t.text)) || (t.type === "op" && t.text === "|"));
  } catch {
    return true;
  }
}
