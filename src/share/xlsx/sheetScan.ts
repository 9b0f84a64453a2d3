// Reads a worksheet part as it streams (saxes, chunk by chunk) and reports each cell once: what
// planning needs from a sheet of any size without holding it. Shared formulas are reported as
// each cell holds them (the group's text moved to the cell), so every reader sees a plain formula;
// a reader given onMoved may take a group's other cells as the group's first cell instead, the
// moved text made only when asked for.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { FormulaShift } from "../../sheetModel/formula";
import type { SharedFirst } from "./dependents";
import { RefusedInput } from "./refused";
import { localName, splitRef } from "./sheetXml";
import { MAX_XML_DEPTH, tooDeep } from "./xmlEdit";
import {
  bounds,
  MAX_ROW_TEXT,
  opensRow,
  PlainRow,
  readRowCells,
  rowBounds,
  rowCloseEnd,
  RowFormulas,
  sheetDataOpenEnd,
  type RowCell,
} from "./rowText";

/** The most text a sheet may hold around its cells (column widths, merged cells, formatting rules...), which a planning copy keeps. */
export const MAX_SHAPE_CHARS = 64_000_000;

/** The most text one cell's formula, value or inline string may gather: Excel allows 32,767 characters. */
export const MAX_CELL_CHARS = 1_000_000;

/** A cell as the file stores it. */
export interface ScannedCell {
  readonly ref: string;
  readonly row: number;
  readonly col: number;
  /** The t attribute: s (shared string), str, b, e, n, d, inlineStr. */
  readonly type?: string;
  readonly style?: string;
  /** The formula without "=" (a shared formula's other cells get the moved text). */
  readonly formula?: string;
  /** A legacy array formula's range (t="array" ref). */
  readonly arrayRef?: string;
  /** The cached result or value as stored in <v>. */
  readonly value?: string;
  /** An inline string's text (rich runs joined). */
  readonly inline?: string;
}

/** What the scan found around the cells: the text before and after <sheetData>, for a planning copy. */
export interface SheetShape {
  /** The SpreadsheetML prefix of the sheet's elements ("" or "x:"). */
  readonly prefix: string;
  readonly before: string;
  readonly after: string;
  /** The r:id of the sheet's note drawing (<legacyDrawing>), if it has one. */
  readonly legacyDrawing?: string;
  /** The last row and column holding a cell (0 for none): nothing lies beyond them. */
  readonly extent: { readonly rows: number; readonly cols: number };
  /**
   * The rows each shared formula group's cells span (by si), master and others, as the file has
   * them; undefined when the scan stopped before the end.
   */
  readonly sharedRows?: ReadonlyMap<string, { readonly first: number; readonly last: number }>;
}

/**
 * Which rows the caller needs whole. A row neither test accepts may be reported with only its
 * formula cells (the XML parser's rows are reported whole all the same): every formula is seen.
 */
export interface RowInterest {
  /** True when every cell of a row holding a cell of this row number is wanted. */
  readonly row: (row: number) => boolean;
  /** True when a row holding this formula (as reported) is wanted whole. */
  readonly formula: (formula: string) => boolean;
}

/**
 * A row the scanner read whole from its text (rowText.ts PlainRow), its cells numbered from 0: each
 * cell's place and formula (as reported) without making the cell, which `cell` makes. Valid only
 * during the call it is given to.
 */
export interface ScannedRow {
  readonly count: number;
  row(k: number): number;
  col(k: number): number;
  /** The formula as reported (a shared formula's other cells get the group's text moved to them), undefined for none. */
  formula(k: number): string | undefined;
  /**
   * For a shared formula group's other cell, when the scanner is given onMoved: the group's first
   * cell, whose text moved here is formula(k) (made only when asked for); undefined otherwise.
   */
  movedFrom?(k: number): SharedFirst | undefined;
  cell(k: number): ScannedCell;
}

/** A ScannedCell, every one of the same shape. */
const scannedCell = (
  ref: string,
  row: number,
  col: number,
  type: string | undefined,
  style: string | undefined,
  formula: string | undefined,
  arrayRef: string | undefined,
  value: string | undefined,
  inline: string | undefined,
): ScannedCell => ({ ref, row, col, type, style, formula, arrayRef, value, inline });

/** Cell k of the plain row just read as a ScannedCell, with its formula as reported (undefined for none). */
function plainCell(p: PlainRow, k: number, formula: string | undefined): ScannedCell {
  const array = p.hasFormula(k) && p.formulaType(k) === "array";
  return scannedCell(
    p.ref(k),
    p.row(k),
    p.col(k),
    p.type(k),
    p.style(k),
    formula,
    array ? p.formulaRef(k) : undefined,
    p.value(k),
    undefined,
  );
}

/**
 * The plain row just read, as onRow sees it (its formulas as reported in `formulas`). A class, not
 * an object literal: V8 gives a literal with a getter slow (dictionary) properties, and each call of
 * its methods in the scan's loop, a few dozen a row, went through the generic property lookup.
 */
class PlainRowView implements ScannedRow {
  constructor(
    private readonly plain: PlainRow,
    private readonly formulas: (string | undefined)[],
    private readonly firsts: readonly (SharedGroup | undefined)[],
  ) {}
  get count(): number {
    return this.plain.count;
  }
  row(k: number): number {
    return this.plain.row(k);
  }
  col(k: number): number {
    return this.plain.col(k);
  }
  formula(k: number): string | undefined {
    return this.plain.hasFormula(k) ? formulaIn(this.formulas, this.firsts, k, this.plain.row(k), this.plain.col(k)) : undefined;
  }
  movedFrom(k: number): SharedFirst | undefined {
    return this.plain.hasFormula(k) ? this.firsts[k] : undefined;
  }
  cell(k: number): ScannedCell {
    return plainCell(this.plain, k, this.formula(k));
  }
}

/** A shared formula group's first cell, as the scan notes it: its text and place, and that text's moves once one is made. */
interface SharedGroup extends SharedFirst {
  shift?: FormulaShift;
}

/** The formula a shared group's first cell gives the group's cell at row, col (its text moved there); undefined for none. */
function movedFormula(first: SharedGroup, row: number, col: number): string | undefined {
  first.shift ??= new FormulaShift(first.formula);
  return first.shift.at(row - first.row, col - first.col) || undefined;
}

/** Formula `slot` of the row just read, as SheetScanner.noteFormula noted it (at row, col): a shared group's other cell's text made the first time it is asked for. */
function formulaIn(formulas: (string | undefined)[], firsts: readonly (SharedGroup | undefined)[], slot: number, row: number, col: number) {
  const first = firsts[slot];
  if (first && formulas[slot] === undefined) formulas[slot] = movedFormula(first, row, col);
  return formulas[slot];
}

/**
 * Streams a worksheet part: `onCell` sees every cell in order and may return "stop" to end the
 * scan early (the rows it needs are behind it). With `keepShape`, the text outside <sheetData> is
 * kept; with `interest`, rows it does not accept may come with their formula cells only.
 */
export class SheetScanner {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private depth = 0;
  private sheetDataDepth = -1;
  private state: "before" | "inside" | "after" = "before";
  /** The text kept (before <sheetData>, or after it with `keepShape`), and where it starts in the part. */
  private buf = "";
  private base = 0;
  /** Characters fed so far. */
  private fed = 0;
  private beforeText = "";
  private prefix = "";
  private legacyDrawing: string | undefined;
  private cell: { tag: SaxesTagPlain; f?: SaxesTagPlain; formula: string; value?: string; inline?: string } | undefined;
  /** Inside the cell: which element's text is being read ("f", "v", "t" of an inline string). */
  private reading: "f" | "v" | "t" | undefined;
  private inPhonetic = 0;
  private readonly shared = new Map<string, SharedGroup>();
  /** The first and last row of each shared formula group's cells (its si), as they stand in the file. */
  private readonly sharedRows = new Map<string, { first: number; last: number }>();
  stopped = false;

  private readonly plain = new PlainRow();
  private readonly formulasOnly = new RowFormulas();
  /**
   * Whether the next row is first read for its formulas alone (RowFormulas): true after a row
   * nobody kept, false after one kept whole, so a sheet of kept rows is not read twice per row.
   */
  private expectDeclined = true;
  private readonly rowFormulas: (string | undefined)[] = [];
  /** Of each formula of the row just read, the first cell of the shared group it belongs to when its text is moved from there (undefined: its own). */
  private readonly rowFirsts: (SharedGroup | undefined)[] = [];
  /** The plain row just read, as onRow sees it. */
  private readonly rowView: ScannedRow;

  constructor(
    private readonly onCell: (cell: ScannedCell) => void | "stop",
    private readonly keepShape = false,
    private readonly interest?: RowInterest,
    /** False: every row goes through the XML parser (what the text readers are tested against). */
    private readonly readRowText = true,
    /**
     * Where the formula cells of the rows `interest` declines go, when given, as row, column and
     * formula (as reported) rather than as a ScannedCell: those rows are the bulk of a large sheet,
     * and the index wants nothing else of them. Rows the XML parser reads still come to `onCell`.
     */
    private readonly onFormula?: (row: number, col: number, formula: string) => void,
    /**
     * Where the rows `interest` accepts go, when given, as a ScannedRow rather than a ScannedCell
     * per cell, when the row is read from its text: the caller makes only the cells it keeps (a
     * dense sheet's rows are all accepted, and a few of their cells kept).
     */
    private readonly onRow?: (row: ScannedRow) => void,
    /**
     * Given, a shared formula group's other cells read from text are not given their moved text up
     * front: a declined row's such cell comes here first (with the group's first cell), and goes to
     * onFormula with its text only when this returns false; an accepted row's tells it by
     * ScannedRow.movedFrom. Most formula cells of a sheet Excel saved are such cells.
     */
    private readonly onMoved?: (row: number, col: number, first: SharedFirst) => boolean,
  ) {
    this.rowView = new PlainRowView(this.plain, this.rowFormulas, this.rowFirsts);
    const p = this.parser;
    p.on("opentag", (tag) => this.open(tag));
    p.on("closetag", (tag) => this.close(tag));
    p.on("text", (text) => this.text(text));
  }

  /** Characters the parser never saw: rows read from their text (rowText.ts). */
  private skipped = 0;
  /** Input not yet given to the parser nor read as rows. */
  private pending = "";
  /**
   * Where the input not yet read starts in `pending`: rows are read in place, for a string cut per
   * row (a slice) made every character read of the next one go through that slice, twice as slow.
   */
  private at = 0;
  /** Where the parser last stood between two rows (after a row's end, or <sheetData>'s opening). */
  private betweenRowsAt = -1;

  /** The absolute input position of the parser's current event (only during one). */
  private pos(): number {
    return this.parser.position + this.skipped;
  }

  private tagStart(): number {
    return this.base + this.buf.lastIndexOf("<", this.pos() - 1 - this.base);
  }

  private open(tag: SaxesTagPlain): void {
    const depth = ++this.depth;
    if (depth > MAX_XML_DEPTH) throw tooDeep();
    const name = localName(tag.name);
    if (depth === 2 && name === "sheetData") {
      this.sheetDataDepth = depth;
      this.prefix = tag.name.includes(":") ? tag.name.slice(0, tag.name.indexOf(":") + 1) : "";
      this.beforeText = this.buf.slice(0, this.tagStart() - this.base);
      this.state = "inside";
      this.betweenRowsAt = this.pos();
    } else if (depth === 2 && name === "legacyDrawing") this.legacyDrawing = String(tag.attributes["r:id"] ?? "");
    else if (this.state === "inside" && depth === this.sheetDataDepth + 2 && name === "c") this.cell = { tag, formula: "" };
    else if (this.cell && depth === this.sheetDataDepth + 3) {
      if (name === "f") {
        this.cell.f = tag;
        this.reading = "f";
      } else if (name === "v") {
        this.cell.value = "";
        this.reading = "v";
      } else if (name === "is") this.cell.inline = "";
    } else if (this.cell && this.cell.inline !== undefined && name === "rPh") this.inPhonetic++;
    else if (this.cell && this.cell.inline !== undefined && name === "t" && !this.inPhonetic) this.reading = "t";
  }

  private text(text: string): void {
    const c = this.cell;
    if (!c || !this.reading) return;
    if (this.reading === "f") c.formula += text;
    else if (this.reading === "v") c.value += text;
    else c.inline += text;
    if (c.formula.length + (c.value?.length ?? 0) + (c.inline?.length ?? 0) > MAX_CELL_CHARS)
      throw new RefusedInput(
        `aiecon-share cannot read this workbook: cell ${String(c.tag.attributes.r ?? "").slice(0, 20)} holds more than ${MAX_CELL_CHARS.toLocaleString("en-US")} characters ` +
          "(Excel allows 32,767), so it is not a workbook Excel wrote; nothing was done.",
      );
  }

  private close(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const depth = this.depth--;
    if (this.cell) {
      if (name === "rPh") this.inPhonetic--;
      if ((name === "f" || name === "v" || name === "t") && this.reading) this.reading = undefined;
      if (depth === this.sheetDataDepth + 2 && name === "c") this.endCell();
    }
    if (this.state === "inside" && depth === this.sheetDataDepth + 1 && name === "row") this.betweenRowsAt = this.pos();
    if (this.state === "inside" && depth === this.sheetDataDepth && name === "sheetData") {
      this.state = "after";
      this.afterStart = this.pos();
    }
  }

  /** Where the text after </sheetData> begins (absolute position). */
  private afterStart = -1;

  private endCell(): void {
    const c = this.cell!;
    this.cell = undefined;
    this.report({
      attrs: c.tag.attributes as Record<string, string>,
      f: c.f?.attributes as Record<string, string> | undefined,
      formula: c.formula,
      value: c.value,
      inline: c.inline,
    });
  }

  /** The last row and column a cell stood in so far. */
  private lastRow = 0;
  private lastCol = 0;

  private report(c: RowCell): void {
    const a = c.attrs;
    if (!a.r) throw new Error("aiecon-share cannot read a worksheet whose cells have no addresses.");
    const { row, col } = splitRef(a.r);
    if (row > this.lastRow) this.lastRow = row;
    if (col > this.lastCol) this.lastCol = col;
    const f = c.f;
    const formula = f ? this.formulaOf(row, col, f.t, f.ref, f.si, c.formula) : undefined;
    const cell = scannedCell(a.r, row, col, a.t, a.s, formula, f?.t === "array" ? f.ref : undefined, c.value, c.inline);
    if (this.onCell(cell) === "stop") this.stopped = true;
  }

  /** The formula a cell holds (a shared formula's other cells get the group's text moved to them); undefined for none. */
  private formulaOf(row: number, col: number, t: string | undefined, ref: string | undefined, si: string | undefined, text: string) {
    const first = this.sharedFirstOf(row, col, t, ref, si, text);
    return first ? movedFormula(first, row, col) : text || undefined;
  }

  /**
   * Notes formula `slot` of the row just read (at row, col; t, ref, si and text as its tag holds
   * them) in rowFormulas and rowFirsts: its formula, or, given onMoved, a shared group's other
   * cell's first cell, the moved text made only when asked for (formulaIn). Returns the text the
   * row's interest is asked about (such a cell's first cell's: its cells call the functions it
   * calls, moving references renames none); undefined for no formula.
   */
  private noteFormula(
    slot: number,
    row: number,
    col: number,
    t: string | undefined,
    ref: string | undefined,
    si: string | undefined,
    text: string,
  ) {
    const first = this.sharedFirstOf(row, col, t, ref, si, text);
    if (first && this.onMoved) {
      this.rowFirsts[slot] = first;
      this.rowFormulas[slot] = undefined;
      return first.formula;
    }
    const formula = first ? movedFormula(first, row, col) : text || undefined;
    this.rowFirsts[slot] = undefined;
    this.rowFormulas[slot] = formula;
    return formula;
  }

  /**
   * Notes a shared formula cell (the rows of its group; the group's first cell, by its range and
   * text) and gives that first cell when this is another cell of the group (formulaOf moves its text
   * here); undefined for any other formula cell.
   */
  private sharedFirstOf(row: number, col: number, t: string | undefined, ref: string | undefined, si: string | undefined, text: string) {
    if (t !== "shared" || si === undefined) return undefined;
    const rows = this.sharedRows.get(si);
    if (!rows) this.sharedRows.set(si, { first: row, last: row });
    else rows.last = Math.max(rows.last, row);
    if (ref !== undefined && text) {
      this.shared.set(si, { formula: text, row, col });
      return undefined;
    }
    return this.shared.get(si);
  }

  /**
   * Reports the cells of the plain row just read (PlainRow): every formula cell, and the others
   * only when the row interests the caller (or it gave no test), without a string for the rest.
   */
  private reportPlain(): void {
    const p = this.plain;
    const n = p.count;
    const interest = this.interest;
    let all = !interest;
    for (let k = 0, asked = -1; k < n && !all; k++) if (p.row(k) !== asked) all = interest!.row((asked = p.row(k)));
    const firsts = this.rowFirsts;
    const view = this.rowView;
    for (let k = 0; k < n; k++) {
      if (p.row(k) > this.lastRow) this.lastRow = p.row(k);
      if (p.col(k) > this.lastCol) this.lastCol = p.col(k);
      if (!p.hasFormula(k)) continue;
      const asked = this.noteFormula(k, p.row(k), p.col(k), p.formulaType(k), p.formulaRef(k), p.sharedIndex(k), p.formula(k));
      if (!all && asked !== undefined) all = interest!.formula(asked);
    }
    const onFormula = this.onFormula;
    this.expectDeclined = !all;
    if (!all && onFormula) {
      // A declined row: its formulas alone, with no text made for the rest.
      for (let k = 0; k < n; k++) {
        if (!p.hasFormula(k)) continue;
        const first = firsts[k];
        if (first && this.onMoved!(p.row(k), p.col(k), first)) continue;
        const formula = view.formula(k);
        if (formula !== undefined) onFormula(p.row(k), p.col(k), formula);
      }
      return;
    }
    if (all && this.onRow) {
      this.onRow(view);
      return;
    }
    for (let k = 0; k < n; k++) {
      const hasFormula = p.hasFormula(k);
      if (!all && !hasFormula) continue;
      if (this.onCell(plainCell(p, k, hasFormula ? view.formula(k) : undefined)) === "stop") {
        this.stopped = true;
        return;
      }
    }
  }

  /**
   * Reads the row from `lt` to `end` for its formulas alone and reports them to onFormula, when it
   * is of RowFormulas' shape and nobody keeps it (as reportPlain would have); false, with nothing
   * reported, otherwise.
   */
  private reportDeclined(buf: string, lt: number, end: number): boolean {
    const r = this.formulasOnly;
    if (!r.read(buf, lt, end, bounds.openEnd - lt, this.prefix)) return false;
    const interest = this.interest!;
    const n = r.count;
    const fn = r.formulaCount;
    let kept = false;
    // A row's cells share its number, asked about once.
    for (let k = 0, asked = -1; k < n && !kept; k++) if (r.rows[k] !== asked) kept = interest.row((asked = r.rows[k]));
    // Each formula as reportPlain reads it (noteFormula: a shared formula's other cells get the
    // group's text moved to them; no text is no formula). Reading it twice, when the row is kept and
    // reportPlain reads it again, notes the same group rows and first cell again.
    const formulas = this.rowFormulas;
    const firsts = this.rowFirsts;
    for (let j = 0; j < fn && !kept; j++) {
      const k = r.formulaCells[j];
      const asked = this.noteFormula(j, r.rows[k], r.cols[k], r.formulaTypes[j], r.formulaRefs[j], r.sharedIndexes[j], r.formulas[j]);
      kept = asked !== undefined && interest.formula(asked);
    }
    if (kept) {
      this.expectDeclined = false;
      return false;
    }
    for (let k = 0; k < n; k++) {
      if (r.rows[k] > this.lastRow) this.lastRow = r.rows[k];
      if (r.cols[k] > this.lastCol) this.lastCol = r.cols[k];
    }
    const onFormula = this.onFormula!;
    for (let j = 0; j < fn; j++) {
      const k = r.formulaCells[j];
      const first = firsts[j];
      if (first && this.onMoved!(r.rows[k], r.cols[k], first)) continue;
      const formula = formulaIn(formulas, firsts, j, r.rows[k], r.cols[k]);
      if (formula !== undefined) onFormula(r.rows[k], r.cols[k], formula);
    }
    return true;
  }

  /** Gives the parser `text`, keeping what the shape needs (the text outside <sheetData>). */
  private feed(text: string): void {
    if (!text) return;
    // Inside <sheetData> nothing read before this piece is needed again: </sheetData> (where the
    // text after it begins) can only end in this piece. Keeping more made a long text run quadratic.
    if (this.state === "inside") {
      this.buf = "";
      this.base = this.fed;
    }
    this.buf += text;
    this.fed += text.length;
    this.parser.write(text);
    if (this.state === "inside" || (this.state === "after" && !this.keepShape)) {
      this.buf = "";
      this.base = this.fed;
    } else if (this.state === "after" && this.afterStart > this.base) {
      this.buf = this.buf.slice(this.afterStart - this.base);
      this.base = this.afterStart;
    }
    if (this.buf.length > MAX_SHAPE_CHARS)
      throw new RefusedInput(
        `aiecon-share cannot read this workbook: a sheet holds more than ${MAX_SHAPE_CHARS.toLocaleString("en-US")} characters outside its cells (<sheetData>).`,
      );
  }

  /** Feeds `pending` from `at` up to index `to` to the parser. */
  private feedTo(to: number): void {
    const text = this.pending.slice(this.at, to);
    this.at = to;
    this.feed(text);
  }

  /**
   * Reads the pending input: between rows, each whole row of the plain shape is read from its text
   * (rowText.ts), far quicker than the XML parser; anything else goes to the parser, in pieces cut
   * at tag ends so that it stands between rows whenever a row ends. `final`: no more input comes.
   */
  private pump(final: boolean): void {
    while (this.at < this.pending.length && !this.stopped) {
      const buf = this.pending;
      const at = this.at;
      if (this.state === "inside" && this.fed === this.betweenRowsAt && this.readRowText) {
        const lt = buf.indexOf("<", at);
        if (lt < 0) {
          // Space between rows: the parser stands between rows after it too.
          this.feedTo(buf.length);
          this.betweenRowsAt = this.fed;
          return;
        }
        const isRow = opensRow(buf, lt, this.prefix);
        if (isRow === "more" && !final) return;
        if (isRow === true) {
          const end = rowBounds(buf, lt, this.prefix);
          if (end < 0) return final || buf.length - lt > MAX_ROW_TEXT ? this.feedTo(buf.length) : undefined;
          const declined =
            this.expectDeclined && this.onFormula !== undefined && this.interest !== undefined && this.reportDeclined(buf, lt, end);
          const plain = !declined && this.plain.read(buf, lt, end, bounds.openEnd - lt, this.prefix);
          const cells = declined || plain ? [] : readRowCells(buf.slice(lt, end), this.prefix);
          if (cells) {
            this.at = end;
            this.skipped += end - at;
            this.fed += end - at;
            this.base = this.fed;
            this.betweenRowsAt = this.fed;
            if (plain) this.reportPlain();
            for (const c of cells) {
              this.report(c);
              if (this.stopped) return;
            }
          } else this.feedTo(end);
          continue;
        }
        // </sheetData>, or anything else: the parser reads the rest.
        return this.feedTo(buf.length);
      }
      if (this.state === "inside" && this.depth > this.sheetDataDepth) {
        // Inside a row (the piece ended in one): up to its end, so the rows after it are read quickly.
        const end = rowCloseEnd(buf, at, this.prefix);
        if (end >= 0) {
          this.feedTo(end);
          continue;
        }
      } else if (this.state === "before") {
        // Up to the end of <sheetData>'s opening tag, so the rows after it are read quickly.
        const end = sheetDataOpenEnd(buf, at);
        if (end >= 0) {
          this.feedTo(end);
          continue;
        }
      }
      return this.feedTo(buf.length);
    }
  }

  /** Feeds the next piece of the part; false once the scan has what it needs. */
  write(text: string): boolean {
    if (this.stopped) return false;
    // Joined into one string of its own, not with "+": V8 makes a string pair of that, copies it
    // whole at the first character read as well, but every later read of a character goes through
    // the pair (and the readers below read each character of a sheet once or twice): about 40%
    // slower per character than in the string join() makes.
    this.pending = this.at < this.pending.length ? [this.pending.slice(this.at), text].join("") : text;
    this.at = 0;
    this.pump(false);
    return !this.stopped;
  }

  end(): SheetShape {
    if (!this.stopped) this.pump(true);
    if (!this.stopped) this.parser.close();
    if (this.state === "before" && !this.stopped) throw new Error("aiecon-share cannot read a worksheet without <sheetData>.");
    return {
      prefix: this.prefix,
      before: this.beforeText,
      after: this.state === "after" ? this.buf : "",
      legacyDrawing: this.legacyDrawing,
      extent: { rows: this.lastRow, cols: this.lastCol },
      ...(this.stopped ? {} : { sharedRows: this.sharedRows }),
    };
  }
}
