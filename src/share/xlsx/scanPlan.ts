// Plans a conversion (or a restore) of a workbook of any size in bounded memory. One streaming
// scan of every sheet indexes all formulas compactly (for the cached results that must go) and
// keeps only the cells the change can read: the AIECON formulas, the cells they refer to, the
// price table and AIECON_Originals. The sharing plan then reads those cells (ScannedBook). Every
// cell it reads is checked against what was kept; a cell that was not is fetched by another
// (early-stopping) scan and the change is planned again, so keeping less can never change the plan.
import type JSZip from "jszip";
import { messages } from "../../calc/messages";
import { ORIGINALS_SHEET, PRICE_SHEET } from "../originals";
import { PRICE_TABLE_NAME } from "../priceTable";
import { TIER_TABLE_NAME } from "../../sheetModel/priceTierTable";
import type { FileEdits } from "./fileChange";
import { ScannedBook, type KeptCells } from "./scannedBook";
import { RefusedInput } from "./refused";
import { readBook, sharedStrings, streamPart, unpackedSize, type Book, type BookSheet } from "./bookParts";
import { FormulaIndex, ints } from "./dependents";
import { RowMap, SheetCells } from "./sheetCells";
import { patchPlan, type PatchPlan } from "./patchPackage";
import { SheetScanner, type ScannedCell, type ScannedRow, type SheetShape } from "./sheetScan";
import { errorText } from "../../calc/errors";
import { countTheRest } from "./zipDirectory";

type Area = { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };

/** Plans tried before giving up (each reads the cells the previous one lacked). */
const MAX_ROUNDS = 8;

/** A one-row area's columns as one number (a key of Areas' runs), or -1 for an area of more rows or columns beyond 2^21. */
const runKey = (a: Area) =>
  a.top === a.bottom && a.left >= 0 && a.left < 2 ** 21 && a.right >= 0 && a.right < 2 ** 21 ? a.left * 2 ** 21 + a.right : -1;

/**
 * Rectangles of cells on one sheet, each kept once, answering "is this cell in one of them" by
 * looking only at the areas listed under its row (areas up to SHORT rows are listed under each of
 * their rows; taller ones, few in practice, are tried one by one). A list searched in full made
 * planning quadratic in the number of AIECON formulas: 20,000 rows took 110 s.
 *
 * A one-row area right below an area as wide grows that area instead of making one: a column of
 * AIECON formulas reads the same columns of its own row on every row, and a dense 50 MB workbook
 * listed 1.7 million one-cell areas (63 MB). Growing stops at MAX_TALL tall areas, so a crafted
 * sheet of many short runs cannot make every look-up try them all.
 */
export class Areas implements Iterable<Area> {
  private static readonly SHORT = 64;
  static readonly MAX_TALL = 256;
  /** Each area's top, left, bottom, right. */
  private readonly box = ints(64);
  /** The area a one-row area of these columns may grow, by runKey. */
  private readonly runs = new Map<number, number>();
  /** Under each row, a chain of (area, next entry) pairs: its first entry in `first`. */
  private readonly entries = ints(64);
  private readonly first = new RowMap();
  private readonly tall: number[] = [];
  /** The last row any area reaches. */
  lastRow = 0;

  get size(): number {
    return this.box.length / 4;
  }
  /** Lets go of the room kept for more areas. */
  trim(): void {
    this.box.trim();
    this.entries.trim();
    this.runs.clear();
  }
  private inside(k: number, row: number, col: number): boolean {
    const b = this.box.data;
    return row >= b[k * 4] && row <= b[k * 4 + 2] && col >= b[k * 4 + 1] && col <= b[k * 4 + 3];
  }
  private same(k: number, a: Area): boolean {
    const b = this.box.data;
    return b[k * 4] === a.top && b[k * 4 + 1] === a.left && b[k * 4 + 2] === a.bottom && b[k * 4 + 3] === a.right;
  }
  /** Grows the area a one-row `a` continues (as wide, ending on the row above it); false when there is none. */
  private grow(a: Area, key: number): boolean {
    const k = this.runs.get(key);
    if (k === undefined) return false;
    const b = this.box.data;
    if (b[k * 4 + 2] !== a.top - 1) return false;
    const height = a.top - b[k * 4];
    if (height < Areas.SHORT) this.list(k, a.top);
    else if (height === Areas.SHORT) {
      // Tall from this row on: its rows listed so far stay listed, the rest are found among the tall ones.
      if (this.tall.length >= Areas.MAX_TALL) return false;
      this.tall.push(k);
    }
    b[k * 4 + 2] = a.top;
    if (a.top > this.lastRow) this.lastRow = a.top;
    return true;
  }
  /** Lists area k under row r. */
  private list(k: number, r: number): void {
    const e = this.entries.length;
    this.entries.push(k);
    this.entries.push(this.first.get(r) ?? -1);
    this.first.set(r, e);
  }
  add(a: Area): void {
    const key = runKey(a);
    if (key >= 0 && this.grow(a, key)) return;
    const isTall = a.bottom - a.top >= Areas.SHORT;
    // Each area once: an equal one is listed under its top row (or among the tall ones).
    if (isTall) {
      for (const k of this.tall) if (this.same(k, a)) return;
    } else {
      const e = this.entries.data;
      for (let i = this.first.get(a.top) ?? -1; i >= 0; i = e[i + 1]) if (this.same(e[i], a)) return;
    }
    const k = this.size;
    this.box.push(a.top);
    this.box.push(a.left);
    this.box.push(a.bottom);
    this.box.push(a.right);
    if (a.bottom > this.lastRow) this.lastRow = a.bottom;
    if (isTall) this.tall.push(k);
    else for (let r = a.top; r <= a.bottom; r++) this.list(k, r);
    if (key >= 0) this.runs.set(key, k);
  }
  /** True when an area reaches row `row`. */
  touchesRow(row: number): boolean {
    return this.first.has(row) || this.tall.some((k) => row >= this.box.data[k * 4] && row <= this.box.data[k * 4 + 2]);
  }
  has(row: number, col: number): boolean {
    // Called for every cell of a sheet that has areas: loops, not closures.
    const e = this.entries.data;
    for (let i = this.first.get(row) ?? -1; i >= 0; i = e[i + 1]) if (this.inside(e[i], row, col)) return true;
    for (const k of this.tall) if (this.inside(k, row, col)) return true;
    return false;
  }
  *[Symbol.iterator](): Iterator<Area> {
    const b = this.box.data;
    for (let k = 0; k < this.size; k++) yield { top: b[k * 4], left: b[k * 4 + 1], bottom: b[k * 4 + 2], right: b[k * 4 + 3] };
  }
}

const within = (areas: Areas | undefined, row: number, col: number) => !!areas?.has(row, col);
// A call of an AIECON function as files spell it (AIECON.X(, _xldudf_AIECON_X(, with any prefix):
// a converted formula names AIECON_Prices[...] and is not one, so a restore does not read it as one.
// Each name is matched whole, then the parenthesis looked for after it (/AIECON[._][\w.]*\s*\(/
// backtracked through every AIECON_Prices[ of a translated formula); the search goes on after the
// name, so time stays linear in a crafted run of names. test(), not exec(): no match array is made
// for each AIECON_Prices[ (twice as fast on translated formulas, which a restore reads by the
// hundred thousand).
const AIECON_NAME = /AIECON[._][\w.]*/gi;
const CALL_AFTER_NAME = /\s*\(/y;
export function looksAiecon(formula: string): boolean {
  // Every such name holds "." or "_": a formula with neither (B5*C5, most of a sheet's) is told
  // without the regular expression, which the scan asks of each formula up to twice.
  if (!formula.includes("_") && !formula.includes(".")) return false;
  AIECON_NAME.lastIndex = 0;
  while (AIECON_NAME.test(formula)) {
    const after = AIECON_NAME.lastIndex;
    const c = formula.charCodeAt(after);
    if (c === 40) return true;
    // A printable ASCII character other than "(" is no space: the common case, "[" of AIECON_Prices[.
    if (c > 32 && c < 127) continue;
    CALL_AFTER_NAME.lastIndex = after;
    if (CALL_AFTER_NAME.test(formula)) return true;
  }
  return false;
}

export interface ScanResult<R> {
  readonly result: R;
  readonly plan: PatchPlan;
  readonly book: Book;
  readonly shapes: ReadonlyMap<string, SheetShape>;
}

export class Kept implements KeptCells {
  /** Sheet → A1 → the cell as stored. */
  readonly cells = new Map<string, SheetCells>();
  /** Sheet → areas every cell of which is in `cells` (scanned). */
  readonly areas = new Map<string, Areas>();
  readonly strings = new Map<number, string>();
  /**
   * The sheets with an AIECON formula that reads a cell outside its own row (or on another sheet):
   * the cells it reads in its own row are kept as the row is read, so only these sheets' formulas
   * are read again after the scan for what is still missing (a dense sheet's are all in their row).
   */
  readonly readingElsewhere = new Set<string>();

  has(sheet: string, row: number, col: number): boolean {
    return !!this.cells.get(sheet)?.hasCell(row, col) || within(this.areas.get(sheet), row, col);
  }
  keep(sheet: string, c: ScannedCell): void {
    let cells = this.cells.get(sheet);
    if (!cells) this.cells.set(sheet, (cells = new SheetCells()));
    cells.put(c);
  }
  cellAt(sheet: string, row: number, col: number): ScannedCell | undefined {
    return this.cells.get(sheet)?.cellAt(row, col);
  }
  cellsOf(sheet: string): Iterable<ScannedCell> {
    return this.cells.get(sheet)?.values() ?? [];
  }
  eachRowOf(sheet: string, f: (row: number) => void): void {
    this.cells.get(sheet)?.forEachRow(f);
  }
  formulaCellsOf(sheet: string, f: (row: number, col: number, formula: string, arrayRef: string | undefined) => void): void {
    this.cells.get(sheet)?.forEachFormulaWithEquals(f);
  }
  sharedString(index: number): string | undefined {
    return this.strings.get(index);
  }
  /** Lets go of the room kept for more cells and areas (once the first scan is over). */
  compact(): void {
    for (const cells of this.cells.values()) cells.trim();
    for (const areas of this.areas.values()) areas.trim();
  }
  cover(sheet: string, a: Area): void {
    if (!this.areas.has(sheet)) this.areas.set(sheet, new Areas());
    this.areas.get(sheet)!.add(a);
  }
}

/**
 * The cells the XML parser read of a row so far, as a ScannedRow. A class, not an object literal
 * with a getter, which V8 makes with slow properties (sheetScan.ts, PlainRowView): the scan's loop
 * calls these for rows read either way.
 */
class ParsedRow implements ScannedRow {
  readonly cells: ScannedCell[] = [];
  get count(): number {
    return this.cells.length;
  }
  row(k: number): number {
    return this.cells[k].row;
  }
  col(k: number): number {
    return this.cells[k].col;
  }
  formula(k: number): string | undefined {
    return this.cells[k].formula;
  }
  cell(k: number): ScannedCell {
    return this.cells[k];
  }
}

/**
 * The first scan of one worksheet: every formula into `index`, and into `kept` its AIECON formula
 * cells, the cells those read in their own row, the cells of the areas `kept` covers on the sheet
 * (all of them when `whole`); returns the sheet's shape.
 */
export async function scanSheet(
  zip: JSZip,
  s: BookSheet,
  index: FormulaIndex,
  kept: Kept,
  whole: boolean,
  onBytes?: (read: number) => void,
): Promise<SheetShape> {
  const areas = kept.areas.get(s.name);
  // The cells an AIECON formula reads in its own row (its usual inputs) are kept as the row is
  // read, which spares a second scan of the sheet for them (fetchAreas): the same cells, read once.
  // `rowAt` lists the cells of row number `at` read so far, by their number in their ScannedRow
  // (written in place, not emptied: an array emptied lets go of its room).
  const rowReads: Area[] = [];
  const rowAt: number[] = [];
  let rowAtCount = 0;
  let at = -1;
  /** Keeps the cells of row `at` (in `r`) that its AIECON formulas read in it, and notes those areas as kept. */
  const endRow = (r: ScannedRow) => {
    for (const a of rowReads) {
      for (let i = 0; i < rowAtCount; i++) {
        const k = rowAt[i];
        if (r.col(k) >= a.left && r.col(k) <= a.right) kept.keep(s.name, r.cell(k));
      }
      kept.cover(s.name, a);
    }
    rowReads.length = 0;
  };
  /** Indexes the formula at row, col; true when it calls AIECON (the areas it reads in its own row noted). */
  const addFormula = (row: number, col: number, formula: string): boolean => {
    if (!looksAiecon(formula)) {
      index.addFormula(s.name, row, col, formula);
      return false;
    }
    const reads = index.add(s.name, row, col, formula);
    for (const a of reads ?? [])
      if (a.sheet === s.name && a.top === row && a.bottom === row) rowReads.push(a);
      else kept.readingElsewhere.add(s.name);
    return true;
  };
  /** Cell k of `r`: its formula indexed, and the cell kept (made only then) when the change may read it. */
  const visit = (r: ScannedRow, k: number) => {
    const row = r.row(k);
    const col = r.col(k);
    if (row !== at) {
      if (rowReads.length) endRow(r);
      rowAtCount = 0;
      at = row;
    }
    rowAt[rowAtCount++] = k;
    // A shared group's other cell is indexed from its first cell's references, moved (no AIECON
    // formula is one of references and operators alone, which that takes); else by its text.
    const first = r.movedFrom?.(k);
    let aiecon = false;
    if (!first || !index.addMoved(s.name, row, col, first)) {
      const formula = r.formula(k);
      aiecon = formula !== undefined && addFormula(row, col, formula);
    }
    if (whole || aiecon || within(areas, row, col)) kept.keep(s.name, r.cell(k));
  };
  // The cells the XML parser reads come one at a time: those of row `at` so far, as a ScannedRow.
  const parsedRow = new ParsedRow();
  const parsed = parsedRow.cells;
  // A row neither kept whole nor holding an AIECON formula gives nothing but its formulas (for the
  // index): the scanner need not make its other cells.
  const interest = { row: (row: number) => whole || !!areas?.touchesRow(row), formula: looksAiecon };
  const scanner = new SheetScanner(
    (c) => {
      if (c.row !== at) {
        if (rowReads.length) endRow(parsedRow);
        parsed.length = 0;
      }
      parsed.push(c);
      visit(parsedRow, parsed.length - 1);
    },
    true,
    interest,
    true,
    // A declined row holds no AIECON formula and no cell to keep: its formulas go to the index alone.
    (row, col, formula) => index.addFormula(s.name, row, col, formula),
    // A row read whole from its text, whose cells are made only when kept: it is valid during this call alone.
    (r) => {
      if (rowReads.length) endRow(parsedRow);
      at = -1;
      for (let k = 0; k < r.count; k++) visit(r, k);
      if (rowReads.length) endRow(r);
      at = -1;
    },
    // A shared group's other cell of a declined row: indexed from its first cell's references, moved.
    (row, col, first) => index.addMoved(s.name, row, col, first),
  );
  await streamPart(zip, s.part, (t) => scanner.write(t), onBytes);
  const shape = scanner.end();
  if (rowReads.length) endRow(parsedRow);
  return shape;
}

/** A reading failure as the user sees it: the file named, and a refusal (a crafted or damaged file) still a refusal. */
function unreadable(file: string, e: unknown, where = ""): Error {
  const message = errorText(e).replace(/^aiecon-share cannot read this workbook: /, "");
  const why = `${message.includes(where.replace(/: $/, "")) ? "" : where}${message}`;
  return e instanceof RefusedInput ? new RefusedInput(messages.shareUnreadable(file, why)) : new Error(messages.shareUnreadable(file, why));
}

/** Scans the sheets named in `wanted` for the cells in its areas, stopping below the last one. */
async function fetchAreas(
  zip: JSZip,
  book: Book,
  wanted: ReadonlyMap<string, Areas>,
  kept: Kept,
  progress: (stage: string) => void,
): Promise<void> {
  for (const s of book.sheets) {
    const areas = wanted.get(s.name);
    if (!s.worksheet || !areas?.size) continue;
    const lastRow = areas.lastRow;
    const scanner = new SheetScanner((c) => {
      if (c.row > lastRow) return "stop";
      if (within(areas, c.row, c.col)) kept.keep(s.name, c);
    });
    progress(`reading cells of ${s.name}`);
    await streamPart(zip, s.part, (t) => scanner.write(t));
    scanner.end();
    for (const a of areas) kept.cover(s.name, a);
  }
}

/** Resolves the shared strings of the kept cells that are not resolved yet. */
async function resolveStrings(zip: JSZip, book: Book, kept: Kept): Promise<void> {
  if (!book.sharedStrings || !zip.file(book.sharedStrings)) return;
  const wanted = new Set<number>();
  for (const cells of kept.cells.values())
    cells.forEachSharedString((i) => {
      if (!kept.strings.has(i)) wanted.add(i);
    });
  await sharedStrings(zip, book.sharedStrings, wanted, kept.strings);
}

/**
 * Scans the package, plans `change` on the smallest workbook that gives the same plan, and returns
 * the edits with the index of every formula (for patchPackage).
 */
export async function scanAndPlan<R>(
  file: string,
  zip: JSZip,
  change: (book: ScannedBook) => Promise<{ result: R; edits: FileEdits }> | { result: R; edits: FileEdits },
  progress: (stage: string) => void = () => undefined,
): Promise<ScanResult<R>> {
  let book: Book;
  try {
    book = await readBook(zip);
  } catch (e) {
    throw unreadable(file, e);
  }
  const index = new FormulaIndex(book.names, book.tables);
  const kept = new Kept();
  const shapes = new Map<string, SheetShape>();
  const priceTable = book.tables.find((t) => t.name.toLowerCase() === PRICE_TABLE_NAME.toLowerCase());
  if (priceTable) kept.cover(priceTable.sheet, priceTable.range);
  // The workbook's own long-context tiers bill its models as the add-in does (fileChange.ts's workbookPrices).
  const tierTable = book.tables.find((t) => t.name.toLowerCase() === TIER_TABLE_NAME.toLowerCase());
  if (tierTable) kept.cover(tierTable.sheet, tierTable.range);
  const total = book.sheets.reduce((n, s) => n + (s.worksheet ? unpackedSize(zip.file(s.part)) : 0), 0) || 1;
  let done = 0;
  let shown = -1;

  // One pass over every sheet: all formulas into the index; the cells planning starts from kept.
  for (const s of book.sheets) {
    if (!s.worksheet || !zip.file(s.part)) continue;
    // A price sheet the conversion may have created ("AI Prices", "AI Prices 2") is kept whole too
    // (it is small): a restore removes it only when it holds nothing but the table.
    const whole = s.name === ORIGINALS_SHEET || (priceTable?.sheet === s.name && s.name.startsWith(PRICE_SHEET));
    try {
      const shape = await scanSheet(zip, s, index, kept, whole, (read) => {
        const pct = Math.floor(((done + read) / total) * 100);
        if (pct !== shown) progress(`scanning ${s.name} ${(shown = pct)}%`);
      });
      shapes.set(s.name, shape);
    } catch (e) {
      throw unreadable(file, e, `${s.part}: `);
    }
    done += unpackedSize(zip.file(s.part));
    if (whole) kept.cover(s.name, { top: 1, left: 1, bottom: 1_048_576, right: 16_384 });
  }
  index.compact();
  kept.compact();
  try {
    await countTheRest(zip);
  } catch (e) {
    throw unreadable(file, e);
  }

  // The cells the AIECON formulas name (model names, prices, tree ranges) are read before planning.
  const wanted = new Map<string, Areas>();
  const want = (sheet: string, a: Area) => {
    if (!wanted.has(sheet)) wanted.set(sheet, new Areas());
    wanted.get(sheet)!.add(a);
  };
  for (const [sheet, cells] of kept.cells)
    if (kept.readingElsewhere.has(sheet))
      cells.forEachFormula((_row, _col, formula) => {
        if (looksAiecon(formula))
          for (const a of index.reads(formula, sheet) ?? [])
            if (!kept.has(a.sheet, a.top, a.left) || !kept.has(a.sheet, a.bottom, a.right)) want(a.sheet, a);
      });

  const sheetNames = book.sheets.map((s) => s.name);
  for (let round = 1; ; round++) {
    if (wanted.size) await fetchAreas(zip, book, wanted, kept, progress);
    wanted.clear();
    await resolveStrings(zip, book, kept);
    progress("converting");
    // Every cell the change reads on the workbook's own sheets must be one the scan kept as the file holds it.
    const scanned = new ScannedBook(sheetNames, book.tables, kept, (name) => shapes.get(name)?.extent);
    const { result, edits } = await change(scanned);
    if (scanned.missed.size === 0) return { result, plan: patchPlan(edits, index), book, shapes };
    if (round === MAX_ROUNDS)
      throw new Error(
        `aiecon-share could not plan ${file}: the conversion kept reading cells outside what it had read (${[...scanned.missed.keys()].join(", ")}).`,
      );
    for (const [sheet, a] of scanned.missed) want(sheet, a);
  }
}
