// The sharing plan (src/share/plan) applied to a file: the plan reads the scanned cells
// (ScannedBook) and what it decides becomes the edits patchPackage.ts makes to the original
// package: changed cells, notes, grown tables, new and removed sheets. What to convert, warn about,
// add to AIECON_Prices and keep in AIECON_Originals is the plan's, shared with the pane.
import { normaliseModelName, type PriceSource } from "../../calc/prices";
import { layeredPrices } from "../../calc/priceLayers";
import type { CellValue } from "../../calc/values";
import { DEFAULT_PRICE_TABLE } from "../../data/defaultPrices";
import { parseTierTable, TIER_TABLE_NAME } from "../../sheetModel/priceTierTable";
import type { Cell } from "../../sheetModel/priceTable";
import { cellAddress, type A1Range } from "../../sheetModel/refs";
import {
  ORIGINALS_COLUMNS,
  ORIGINALS_SHEET,
  RECORD_COLUMN,
  entryRows,
  recordRows,
  type ConversionRecord,
  type OriginalEntry,
  type XmlAttributes,
} from "../originals";
import type { ShareBook } from "../plan/book";
import { formulaText, planConversion, type CellWrite, type ConversionPlan, type PriceChange } from "../plan/convert";
import type { RestoreReport, ShareReport } from "../plan/report";
import { planRestore } from "../plan/restore";
import { PRICE_TABLE_COLUMNS, PRICE_TABLE_NAME, rowsFromTable } from "../priceTable";
import { CellEdits } from "./cellEdits";
import { RefusedInput } from "./refused";
import { sameEdit, valueEdit, type ScannedBook } from "./scannedBook";
import { splitRef, type CellEdit } from "./sheetXml";

export interface ConvertOptions {
  /** The "as of" moment written into notes; injectable so tests are deterministic. */
  readonly now?: Date;
  /**
   * workbook.xml's calcPr as the file has it (null: none), recorded in AIECON_Originals so a restore
   * gives it back; undefined when the caller cannot read the package (nothing is recorded).
   */
  readonly calcPr?: XmlAttributes | null;
  /** Called at each stage, for a progress line. */
  readonly onProgress?: (stage: string) => void;
}

/** The one report type of a conversion (src/share/plan/report.ts), under the name the CLI used. */
export type ConvertReport = ShareReport;

/** A sheet the change adds, row by row from A1 (null, undefined or "": no cell). */
export interface NewSheet {
  readonly name: string;
  readonly veryHidden: boolean;
  /** Made as they are written (AIECON_Originals of a dense workbook holds a row per converted cell); iterable again. */
  readonly rows: Iterable<readonly CellValue[]>;
  readonly widths: ReadonlyMap<number, number>;
  readonly tables: readonly { readonly name: string; readonly ref: string; readonly columns: readonly string[]; readonly style?: string }[];
}

/** What the change does to the package (patchPackage.ts applies it). */
export interface FileEdits {
  /** Sheet name → A1 address → the cell's new content. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, CellEdit>>;
  /** Table name → its new ref (rows appended to, or taken from, an existing table). */
  readonly tableRefs: ReadonlyMap<string, string>;
  readonly newSheets: readonly NewSheet[];
  /** Sheet name → A1 → the note the conversion puts on the cell (legacy comments, as Excel's "notes"). */
  readonly notes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Sheet name → A1 addresses whose note goes if the conversion wrote it (a restore takes its "as of" notes away; a user's own stays). */
  readonly removedNotes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Sheets the change deletes (a restore deletes AIECON_Originals). */
  readonly removedSheets: readonly string[];
}

/** A change that edits nothing (a restore refused until the plan is final, a test that only reads). */
export const NO_EDITS: FileEdits = {
  cells: new Map(),
  tableRefs: new Map(),
  newSheets: [],
  notes: new Map(),
  removedNotes: new Map(),
  removedSheets: [],
};

/** The edits as they are gathered: each cell written only when it differs from what the file holds. */
class Edits {
  readonly cells = new Map<string, CellEdits>();
  readonly tableRefs = new Map<string, string>();
  readonly newSheets: NewSheet[] = [];
  readonly notes = new Map<string, Map<string, string>>();
  readonly removedNotes = new Map<string, Set<string>>();
  readonly removedSheets: string[] = [];

  constructor(private readonly book: ScannedBook) {}

  /**
   * The edits alone: the package is written from them while the scanned cells are let go (a dense
   * workbook's are tens of MB), so they must not hold the book.
   */
  done(): FileEdits {
    const { cells, tableRefs, newSheets, notes, removedNotes, removedSheets } = this;
    return { cells, tableRefs, newSheets, notes, removedNotes, removedSheets };
  }

  /** `differs`: the edit is known to change the cell (no need to read what it writes). */
  set(sheet: string, row: number, col: number, edit: CellEdit | undefined, differs = false): void {
    if (edit === undefined || (!differs && sameEdit(this.book.editAt(sheet, row, col), edit))) return;
    let cells = this.cells.get(sheet);
    if (!cells) this.cells.set(sheet, (cells = new CellEdits()));
    cells.set(row, col, edit);
  }
  note(sheet: string, address: string, text: string): void {
    if (!this.notes.has(sheet)) this.notes.set(sheet, new Map());
    this.notes.get(sheet)!.set(address, text);
  }
}

/**
 * Prices as the add-in would resolve them in this workbook: its AIECON_Prices rows over the defaults,
 * with the long-context tiers of its AIECON_PriceTiers table. A model with a bad tier row is held back
 * with that row's problem, as the add-in does, rather than billed at the bundled tiers.
 */
export function workbookPrices(book: ShareBook, warnings: string[] = []): PriceSource {
  const table = book.table(PRICE_TABLE_NAME);
  if (!table) return DEFAULT_PRICE_TABLE;
  const tierBlock = (book.table(TIER_TABLE_NAME)?.values ?? []) as Cell[][];
  const listed = rowsFromTable(table.values[0] as Cell[], table.values.slice(1) as Cell[][]);
  const tiers = tierBlock.length ? parseTierTable(tierBlock[0], tierBlock.slice(1), listed) : { rows: [], problems: [] };
  // A tier row for a model the price table does not list is reported, as the pane shows it, and holds nothing back.
  warnings.push(...tiers.problems.filter((p) => p.unused).map((p) => p.message));
  const problems = tiers.problems.filter((p) => !p.unused);
  const heldBack = new Set(problems.map((p) => normaliseModelName(p.model)));
  const rows = listed.filter((row) => !heldBack.has(normaliseModelName(row.model)));
  return layeredPrices(rows, tiers.rows, {
    rejected: problems.map(({ model, message }) => ({ model, message })),
    defaults: DEFAULT_PRICE_TABLE,
  });
}

/** The conversion of the scanned file: its report, and the edits that make it. */
export function convertBook(book: ScannedBook, options: ConvertOptions = {}): { report: ShareReport; edits: FileEdits } {
  const priceWarnings: string[] = [];
  const prices = workbookPrices(book, priceWarnings);
  const edits = new Edits(book);
  const plan = planConversion(book, {
    prices,
    now: options.now ?? new Date(),
    calcPr: options.calcPr,
    onProgress: options.onProgress,
    writesTo: (w) => addWrite(edits, w),
  });
  const report = priceWarnings.length ? { ...plan.report, warnings: [...priceWarnings, ...plan.report.warnings] } : plan.report;
  return { report, edits: conversionEdits(book, plan, edits) };
}

/** A planned write's edits (and note), made as planning goes: the plan holds no write (convert.ts writesTo). */
function addWrite(edits: Edits, w: CellWrite): void {
  if (w.kind === "formula") {
    // A translation always differs from the formula it replaces (its AIECON call is gone). Its
    // text is made when the cell is written, "=" and all (rowPatch.ts storedFormula).
    edits.set(w.sheet, w.row, w.col, formulaText(w), true);
    if (w.note) edits.note(w.sheet, cellAddress(w.row, w.col), w.note);
    return;
  }
  w.values.forEach((line, r) => line.forEach((v, c) => edits.set(w.sheet, w.row + r, w.col + c, valueEdit(v))));
  edits.note(w.sheet, cellAddress(w.row, w.col), w.note);
}

/** The plan's other edits (prices, AIECON_Originals) after its writes (given to addWrite as planned), and the file's edits. */
function conversionEdits(book: ScannedBook, plan: ConversionPlan, edits: Edits): FileEdits {
  // Cached results and the recalculation on open are the patcher's business (patchPackage.ts): it
  // drops the results of exactly the formulas that depend on converted cells.
  if (plan.prices) priceEdits(edits, plan.prices);
  if (plan.originals?.entries.length) originalsEdits(book, edits, plan.originals.entries, plan.originals.record);
  return edits.done();
}

function priceEdits(edits: Edits, change: PriceChange): void {
  if (change.kind === "create") {
    const header = change.cells[0] as string[];
    edits.newSheets.push({
      name: change.sheet,
      veryHidden: false,
      rows: change.cells,
      widths: new Map(PRICE_TABLE_COLUMNS.map((c, i) => [i + 1, Math.max(12, c.length + 2)])),
      tables: [
        {
          name: PRICE_TABLE_NAME,
          ref: `A1:${cellAddress(change.cells.length, header.length)}`,
          columns: header,
          style: "TableStyleLight9",
        },
      ],
    });
    return;
  }
  // The file path adds no table columns (canAddTableColumns is false), so addFeeColumn never comes here.
  const r = change.table;
  change.rows.forEach((cells, i) =>
    cells.forEach((v, k) => {
      if (v !== null) edits.set(change.sheet, r.bottom + 1 + i, r.left + k, valueEdit(v));
    }),
  );
  edits.tableRefs.set(PRICE_TABLE_NAME, rangeText({ ...r, bottom: r.bottom + change.rows.length }));
}

/** AIECON_Originals: its rows appended to the sheet, or a new very hidden sheet with the conversion record beside them. */
function originalsEdits(book: ScannedBook, edits: Edits, entries: readonly OriginalEntry[], record: ConversionRecord | undefined): void {
  if (book.sheetNames.includes(ORIGINALS_SHEET)) {
    let row = book.lastRow(ORIGINALS_SHEET) + 1;
    for (const cells of entryRows(entries)) {
      cells.forEach((v, k) => {
        if (v !== "") edits.set(ORIGINALS_SHEET, row, k + 1, { kind: "string", value: v });
      });
      row++;
    }
    return;
  }
  const rows = originalsRows(entries, record);
  edits.newSheets.push({ name: ORIGINALS_SHEET, veryHidden: true, rows, widths: new Map(), tables: [] });
}

/**
 * AIECON_Originals' rows, made as the package is written. A function of its own: what they hold
 * (a closure's context) must not be the edits, which held the scanned cells while they were made.
 * The rows are made from the entries as they are read, not held: past MAX_RUN_CELLS each converted
 * cell takes a row of its own (610,000 on a dense 50 MB sheet, 80 MB of rows made while planning
 * held its peak), where an entry of a formula converted in place is a few fields (convert.ts).
 */
function originalsRows(entries: readonly OriginalEntry[], record: ConversionRecord | undefined): Iterable<CellValue[]> {
  const pairs = record ? recordRows(record) : [];
  // The record's [key, value] pairs sit beside the first rows, in column RECORD_COLUMN.
  const withRecord = (row: CellValue[], i: number) => {
    if (pairs[i]) {
      while (row.length < RECORD_COLUMN - 1) row.push(null);
      row.splice(RECORD_COLUMN - 1, 2, ...pairs[i]);
    }
    return row;
  };
  return {
    *[Symbol.iterator]() {
      yield withRecord([...ORIGINALS_COLUMNS], 0);
      let at = 1;
      for (const row of entryRows(entries)) yield withRecord(row, at++);
      // (A filled-down column takes one row: the record may be longer than the entries.)
      for (; at < pairs.length; at++) yield withRecord([], at);
    },
  };
}

/** A restore of a file: the report, and the calcPr to give back (null: remove it; absent: none recorded). */
export type FileRestoreReport = RestoreReport & { readonly calcPr?: XmlAttributes | null };

/**
 * The pane's "Restore live functions" for a file, as the sharing plan says (src/share/plan/restore.ts).
 * A note the conversion wrote on a restored cell goes (patchPackage.ts reads the notes as it removes them).
 */
export function restoreBook(book: ScannedBook): { report: FileRestoreReport; edits: FileEdits } {
  const outcome = planRestore(book);
  if (outcome.refused !== undefined) throw new RefusedInput(`aiecon-share: ${outcome.refused}`);
  const { plan } = outcome;
  const edits = new Edits(book);
  const report = { ...plan.report, ...("calcPr" in plan ? { calcPr: plan.calcPr } : {}) };
  if (!book.sheetNames.includes(ORIGINALS_SHEET)) return { report: plan.report, edits: edits.done() };
  const blank: CellEdit = { kind: "blank" };
  const clear = (sheet: string, r: A1Range) => {
    for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) edits.set(sheet, row, col, blank);
  };
  // Values written in place of a spill (or a legacy array) go, so the formula can spill again.
  for (const { sheet, range } of plan.clears) clear(sheet, range);
  for (const f of plan.formulas) {
    const at = splitRef(f.cell);
    // Written without reading the cell first: the scan did not keep it (it holds a value or a native
    // formula now), and reading it would make the planner scan the sheet again and plan twice.
    edits.set(f.sheet, at.row, at.col, { kind: "formula", formula: f.formula.replace(/^=/, "") }, true);
    if (!edits.removedNotes.has(f.sheet)) edits.removedNotes.set(f.sheet, new Set());
    edits.removedNotes.get(f.sheet)!.add(f.cell);
  }
  // In workbook order: the price sheet the conversion created comes before AIECON_Originals.
  if (plan.prices?.kind === "deleteSheet") edits.removedSheets.push(plan.prices.sheet);
  edits.removedSheets.push(ORIGINALS_SHEET);
  if (plan.prices?.kind === "deleteRows") {
    clear(plan.prices.sheet, plan.prices.rows);
    edits.tableRefs.set(PRICE_TABLE_NAME, rangeText(plan.prices.tableAfter));
  }
  return { report, edits: edits.done() };
}

const rangeText = (r: A1Range) => `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom, r.right)}`;
