// Where a converted workbook keeps its original AIECON formulas: a very hidden sheet, one row per
// converted cell, read back by "Restore live functions" (pane) to put every formula back exactly.
// A column of cells filled down with one formula may take a single row: its range in "Cell" and
// the first cell's formula, each other cell holding it moved to its row as Excel fills a formula
// down (entryRows writes such rows only where that gives every cell's formula exactly; entriesFromRows
// reads them back cell by cell). A dense model converts 100,000 cells: one row, not 100,000.
import { echoed } from "../calc/messages";
import { FormulaShift, tokenize } from "../sheetModel/formula";
import { cellAddress, columnLetters, parseA1, type A1Range } from "../sheetModel/refs";
import { ShapeMemo } from "./formulaSlots";
import { callsAiecon } from "./translate";

export const ORIGINALS_SHEET = "AIECON_Originals";

/** The sheet that holds AIECON_Prices when conversion has to create the table. */
export { PRICE_SHEET_NAME as PRICE_SHEET } from "../sheetModel/priceTable";

export const ORIGINALS_COLUMNS = [
  "Sheet",
  "Cell",
  "Original formula",
  "Array range",
  "Written range",
  "Converted",
  "Written values",
] as const;

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
  /**
   * `writtenFingerprint` of the block a restore clears (the written and array ranges) right after
   * the conversion; "" when there is none (a formula written in place, or an older conversion).
   */
  readonly writtenValues?: string;
}

/**
 * The most cells the filled-down rows of AIECON_Originals may stand for together: a row of a few
 * bytes must not make a restore put back a million formulas (a planted G2:G1048577 took 20 s and
 * 1.2 GB). A conversion writes the cells beyond it a row each, as before, so any conversion restores.
 */
export const MAX_RUN_CELLS = 250_000;

/** The cell or cells of an entry written in place (no array, no written range or values), named on its own sheet without "$", or undefined. */
function placeOf(e: OriginalEntry): A1Range | undefined {
  if (!formulaOnly(e) || e.cell.includes("$")) return undefined;
  const r = parseA1(e.cell);
  return r?.sheet === undefined ? r : undefined;
}

/** The column and rows a filled-down row stands for (a range of two or more cells down one column, and nothing else in its row), or undefined. */
function runOf(e: OriginalEntry): A1Range | undefined {
  const r = e.cell.includes(":") ? placeOf(e) : undefined;
  return r && r.left === r.right && r.bottom > r.top ? r : undefined;
}

/**
 * Parses the sheet's rows (header first) back into entries, a filled-down row into one entry per
 * cell; rows without sheet, cell or formula are skipped. A filled-down row beyond MAX_RUN_CELLS (or
 * whose formula does not read) stays one entry, which entryProblem refuses.
 */
export function entriesFromRows(rows: readonly (readonly unknown[])[]): OriginalEntry[] {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const out: OriginalEntry[] = [];
  let runCells = 0;
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i];
    const e: OriginalEntry = {
      sheet: text(r[0]),
      cell: text(r[1]),
      formula: text(r[2]),
      arrayRange: text(r[3]),
      writtenRange: text(r[4]),
      convertedAt: text(r[5]),
      writtenValues: text(r[6]),
    };
    if (!e.sheet || !e.cell || !e.formula.startsWith("=")) continue;
    const run = runOf(e);
    const cells = run ? run.bottom - run.top + 1 : 0;
    const shift = run && runCells + cells <= MAX_RUN_CELLS ? FormulaShift.of(e.formula.slice(1)) : undefined;
    if (!run || !shift) {
      out.push(e);
      continue;
    }
    runCells += cells;
    for (let row = run.top; row <= run.bottom; row++)
      out.push({ ...e, cell: cellAddress(row, run.left), formula: `=${shift.at(row - run.top, 0)}` });
  }
  return out;
}

export function entryRow(e: OriginalEntry): string[] {
  return [e.sheet, e.cell, e.formula, e.arrayRange, e.writtenRange, e.convertedAt, e.writtenValues ?? ""];
}

/**
 * The rows of `entries` for the sheet: a run of formulas written in place down one column, each
 * the first one moved to its row, as one filled-down row (while the runs stay within
 * MAX_RUN_CELLS); any other entry as its own row (entryRow). Made as they are read.
 */
export function* entryRows(entries: readonly OriginalEntry[]): Generator<string[]> {
  let runCells = 0;
  for (let i = 0; i < entries.length;) {
    const first = entries[i];
    // (Once the runs stand for MAX_RUN_CELLS, no address is read: every other entry is a row of its own.)
    const at = runCells + 2 <= MAX_RUN_CELLS ? inPlace(first) : undefined;
    let j = i + 1;
    const letters = at ? columnLetters(at.left) : "";
    // Cells named as the conversion names them ("G7"; one named otherwise, such as "g7", keeps a
    // row of its own, so the text read back is the text written): no address parsed per cell of a long run.
    if (at && first.cell === letters + at.top) {
      let shift: FormulaShift | undefined | null;
      for (; j < entries.length && runCells + (j - i + 1) <= MAX_RUN_CELLS; j++) {
        const e = entries[j];
        const next = e.sheet === first.sheet && e.convertedAt === first.convertedAt && e.cell === letters + (at.top + (j - i));
        if (!next || !writtenInPlace(e)) break;
        shift ??= FormulaShift.of(first.formula.slice(1)) ?? null;
        if (!shift?.is(e.formula.slice(1), j - i, 0)) break;
      }
    }
    if (j - i < 2) yield entryRow(first);
    else {
      runCells += j - i;
      yield [first.sheet, `${first.cell}:${entries[j - 1].cell}`, first.formula, "", "", first.convertedAt, ""];
    }
    i = j;
  }
}

/** True when the conversion wrote the entry's formula and nothing else: no array, no written range or values. */
function formulaOnly(e: OriginalEntry): boolean {
  return !e.arrayRange && !e.writtenRange && !e.writtenValues;
}

/** True when the entry's formula was written in place (formulaOnly, with its leading "="). */
const writtenInPlace = (e: OriginalEntry) => e.formula.startsWith("=") && formulaOnly(e);

/** Where an entry's formula went, when it was written in place in one cell (no array, no values), given as "C7". */
function inPlace(e: OriginalEntry): A1Range | undefined {
  const r = e.formula.startsWith("=") ? placeOf(e) : undefined;
  return r && r.top === r.bottom && r.left === r.right ? r : undefined;
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
  if (runOf(e))
    return `its cells ${shown(e.cell)}, filled down, would make more than ${MAX_RUN_CELLS.toLocaleString("en-US")} formulas with the rows before it, or its formula cannot be filled down`;
  if (!cell || cell.sheet !== undefined || cell.top !== cell.bottom || cell.left !== cell.right)
    return `its cell ${shown(e.cell)} is not one cell`;
  const formula = formulaCheck.get(e.formula);
  if (formula === NO_AIECON) return `its formula ${shown(e.formula)} calls no AIECON function`;
  if (formula) return `its formula ${shown(e.formula)} calls ${formula}, which the conversion never writes`;
  for (const [label, text] of [
    ["written range", e.writtenRange],
    ["array range", e.arrayRange],
  ] as const) {
    if (!text) continue;
    const r = parseA1(text);
    if (!r || r.sheet !== undefined || r.top !== cell.top || r.left !== cell.left)
      return `its ${label} ${shown(text)} is not the block its cell ${e.cell} spilled into`;
    const cells = (r.bottom - r.top + 1) * (r.right - r.left + 1);
    if (cells > MAX_SPILL_CELLS)
      return `its ${label} ${shown(text)} covers ${cells.toLocaleString("en-US")} cells, more than the ${MAX_SPILL_CELLS.toLocaleString("en-US")} a call's values can take`;
  }
  return undefined;
}

/** The block a restore clears for an entry: its written and array ranges together (anchored at its cell), or undefined. */
export function clearedBlock(e: OriginalEntry): A1Range | undefined {
  const ranges = [e.writtenRange, e.arrayRange].filter(Boolean).map((t) => parseA1(t));
  if (ranges.length === 0 || ranges.some((r) => !r)) return undefined;
  const rs = ranges as A1Range[];
  return {
    top: Math.min(...rs.map((r) => r.top)),
    left: Math.min(...rs.map((r) => r.left)),
    bottom: Math.max(...rs.map((r) => r.bottom)),
    right: Math.max(...rs.map((r) => r.right)),
  };
}

/** A cell as both hosts show it: a date as its serial number (Office.js and the file scan give serials; a Date counts as its serial too), an error as its text. */
function comparable(v: unknown): unknown {
  if (v instanceof Date) return Math.round((v.getTime() / 86_400_000 + 25_569) * 1e8) / 1e8;
  if (v && typeof v === "object" && "error" in v) return String((v as { error: unknown }).error);
  return v;
}

/**
 * The fingerprint of a block a restore would clear, as the conversion left it: its anchor counts as
 * blank (the anchor gets the formula back whatever it shows), dates and errors as both hosts show them.
 */
export function writtenFingerprint(block: readonly (readonly unknown[])[]): string {
  return fingerprint(block.map((row, r) => row.map((v, c) => (r === 0 && c === 0 ? null : comparable(v)))));
}

/** What a restore finds in the block it would clear for an entry. */
export interface ClearedCells {
  readonly values: readonly (readonly unknown[])[];
  /** The first cell other than the anchor that holds a formula, as an address. */
  readonly formulaAt?: string;
}

/**
 * Why the block a restore would clear for `e` is not exactly what the conversion wrote there, or
 * undefined. A conversion records the fingerprint of that block (column G): the block must hold
 * exactly those values, so a range stretched over the user's cells, or cells typed over since,
 * stop the restore. A row from before that column must at least hold no formula but its anchor's.
 */
export function writtenBlockProblem(e: OriginalEntry, cells: ClearedCells): string | undefined {
  const label = e.writtenRange ? `written range ${shown(e.writtenRange)}` : `array range ${shown(e.arrayRange)}`;
  if (e.writtenValues) {
    if (writtenFingerprint(cells.values) !== e.writtenValues)
      return `its ${label} does not hold the values the conversion wrote there (the cells were changed since, or the range is not the block its cell ${e.cell} spilled into)`;
    return undefined;
  }
  if (cells.formulaAt)
    return `its ${label} holds a formula at ${cells.formulaAt}, which the conversion never leaves inside a spill it wrote`;
  return undefined;
}

/**
 * The refusal for the first row of `entries` (row numbers as the sheet shows them) that cannot be
 * restored. With `cleared`, also the check that each block to clear is exactly what the conversion wrote.
 */
export function restoreRefusal(
  entries: readonly OriginalEntry[],
  sheetExists: (name: string) => boolean,
  cleared?: (sheet: string, block: A1Range) => ClearedCells,
): string | undefined {
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let problem = entryProblem(e, sheetExists);
    const block = problem || !cleared ? undefined : clearedBlock(e);
    if (block) problem = writtenBlockProblem(e, cleared!(e.sheet, block));
    if (problem)
      return `Nothing was restored: ${ORIGINALS_SHEET} entry ${i + 1} (${echoed(e.sheet)}!${echoed(e.cell)}) cannot be restored as written: ${problem}. The sheet may have been edited; restore from a copy saved before sharing.`;
  }
  return undefined;
}

const NO_AIECON = Symbol("calls no AIECON function");

/**
 * What keeps a formula from being restored (no AIECON call, or what it calls that reaches outside
 * the workbook), or undefined. It depends on the formula's tokens only, not on the cells named, so
 * the rows of a filled-down call are checked once (formulaSlots.ts ShapeMemo).
 */
const formulaCheck = new ShapeMemo((formula: string): typeof NO_AIECON | string | undefined => {
  if (!callsAiecon(formula)) return NO_AIECON;
  return functionsCalled(formula).find((f) => REACHES_OUT.has(f)) ?? (externalReference(formula) ? "a link to another file" : undefined);
});

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
    return tokenize(formula.replace(/^=/, "")).some(
      (t) => (t.type === "ref" && /^'?\[/.test(t.text)) || (t.type === "op" && t.text === "|"),
    );
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The conversion record: what a conversion changed beyond the converted cells, so a restore can
// give it back. It sits in the same very hidden sheet, as key/value text in columns H:I, because
// (1) the restore already reads that sheet and deletes it, so the record goes with what it undoes;
// (2) Excel keeps a cell's text exactly when it saves the file, while it rewrites workbook.xml's
// calcPr (calcId, fullCalcOnLoad dropped after the recalculation) and a defined name's value must
// be a formula it re-parses; a custom document property lives in a part the scanner does not read
// and that "Inspect Document" strips; (3) entriesFromRows reads columns A:G only, so the pane's
// restore and older versions read the entries exactly as before.

/** The column (1-based) of the record's keys; their values are in the next one. */
export const RECORD_COLUMN = 8;
export const RECORD_HEADER = ["Conversion record", "Value"] as const;

/** Attributes of an XML element, in document order. */
export type XmlAttributes = Readonly<Record<string, string>>;

/** The AIECON_Prices content a conversion added, and how it looked right after. */
export interface PricesAdded {
  /** The sheet holding the table. */
  readonly sheet: string;
  /** True: the conversion created the sheet (and the table); false: it appended rows to the user's table. */
  readonly createdSheet: boolean;
  /** The table's ref right after the conversion ("A1:J4"). */
  readonly tableRef: string;
  /** The block the conversion wrote: the whole table when it created it, else the appended rows. */
  readonly added: string;
  /** `fingerprint` of that block's values right after the conversion. */
  readonly fingerprint: string;
}

export interface ConversionRecord {
  /** workbook.xml's calcPr before the conversion; null when it had none; undefined when not recorded. */
  readonly calcPr?: XmlAttributes | null;
  readonly prices?: PricesAdded;
}

const RECORD_KEYS = {
  calcPr: "calcPr before",
  sheet: "Prices sheet",
  createdSheet: "Prices sheet created",
  tableRef: "Prices table ref after",
  added: "Prices added",
  fingerprint: "Prices fingerprint",
} as const;

const ATTRIBUTE_NAME = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

/** The record as [key, value] rows (header first), to write from RECORD_COLUMN. */
export function recordRows(record: ConversionRecord): string[][] {
  const rows: string[][] = [[...RECORD_HEADER]];
  if (record.calcPr !== undefined) rows.push([RECORD_KEYS.calcPr, record.calcPr === null ? "none" : JSON.stringify(record.calcPr)]);
  const p = record.prices;
  if (p) {
    rows.push([RECORD_KEYS.sheet, p.sheet], [RECORD_KEYS.createdSheet, p.createdSheet ? "yes" : "no"]);
    rows.push([RECORD_KEYS.tableRef, p.tableRef], [RECORD_KEYS.added, p.added], [RECORD_KEYS.fingerprint, p.fingerprint]);
  }
  return rows;
}

/**
 * Reads the record back from the sheet's [key, value] pairs. Anything malformed counts as not
 * recorded (a restore then leaves that part as it is), so an edited record changes nothing it
 * should not: calcPr attributes must be plain names with text values.
 */
export function recordFromRows(pairs: readonly (readonly unknown[])[]): ConversionRecord {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const map = new Map(pairs.map((r) => [text(r[0]), text(r[1])]));
  let calcPr: XmlAttributes | null | undefined;
  const rawCalc = map.get(RECORD_KEYS.calcPr);
  if (rawCalc === "none") calcPr = null;
  else if (rawCalc) {
    try {
      const parsed = JSON.parse(rawCalc) as unknown;
      if (
        parsed &&
        typeof parsed === "object" &&
        !Array.isArray(parsed) &&
        Object.entries(parsed).every(([k, v]) => ATTRIBUTE_NAME.test(k) && typeof v === "string")
      )
        calcPr = parsed as XmlAttributes;
    } catch {
      calcPr = undefined;
    }
  }
  const sheet = map.get(RECORD_KEYS.sheet);
  const created = map.get(RECORD_KEYS.createdSheet);
  const tableRef = map.get(RECORD_KEYS.tableRef) ?? "";
  const added = map.get(RECORD_KEYS.added) ?? "";
  const fp = map.get(RECORD_KEYS.fingerprint) ?? "";
  const prices =
    sheet && (created === "yes" || created === "no") && parseA1(tableRef)?.sheet === undefined && parseA1(added)?.sheet === undefined && fp
      ? { sheet, createdSheet: created === "yes", tableRef, added, fingerprint: fp }
      : undefined;
  return { ...(calcPr !== undefined ? { calcPr } : {}), ...(prices ? { prices } : {}) };
}

/**
 * A short digest of a block of cell values (two 32-bit FNV-1a hashes of its JSON), to tell at
 * restore whether the user changed what the conversion added. Blank, null and "" count the same,
 * as Excel keeps no empty strings.
 */
export function fingerprint(block: readonly (readonly unknown[])[]): string {
  const json = JSON.stringify(
    block.map((row) => row.map((v) => (v === undefined || v === "" ? null : v instanceof Date ? v.toISOString() : v))),
  );
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < json.length; i++) h = Math.imul(h ^ json.charCodeAt(i), 16777619) >>> 0;
    return h.toString(16).padStart(8, "0");
  };
  return fnv(2166136261) + fnv(0x811c9dc5 ^ 0x5bd1e995);
}
