// Edits a worksheet part's cells with an XML parser (saxes), not regular expressions: the parser
// finds every element whatever its namespace prefix, quoting, xml:space text, shared or array
// formula, inline or rich string; the original text between the elements it changes is copied
// by position, so every row the change does not touch keeps its bytes. The sheet streams through
// in chunks (SheetPatcher): only the row being read is held, never the sheet as one string.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { cellAddress, columnNumber } from "../../sheetModel/refs";
import { indexOfTag, MAX_ROW_TEXT, opensRow, rowCloseEnd, rowEnd, rowNumber, sheetDataOpenEnd } from "./rowText";
import {
  cellPosition,
  cellXml,
  checkSharedGroup,
  esc,
  missingCells,
  openTag,
  patchRowText,
  rowXml,
  withoutCache,
  type CellEdit,
  type RowCellText,
} from "./rowPatch";
import { CellEdits } from "./cellEdits";
import { RowEdits } from "./rowEdits";

export { cellXml, esc, escText, type CellEdit } from "./rowPatch";

export const splitRef = (ref: string) => {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`aiecon-share cannot patch a cell without a plain address (${ref}).`);
  return { col: columnNumber(m[1]), row: Number(m[2]) };
};

interface Row {
  r: number;
  /** Where the row starts in the input (absolute position). */
  start: number;
  attrs: Record<string, string>;
  /**
   * The cells' text (the original slice, or what replaces it), and the row's other elements as they
   * came (an <extLst>, a foreign extension): a row rewritten keeps them.
   */
  cells: RowCellText[];
  changed: boolean;
  /** Where the row's element other than a cell being read began (−1: none). */
  otherAt: number;
}

/** An element's name without its namespace prefix. */
export const localName = (name: string) => name.slice(name.indexOf(":") + 1);
const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":") + 1) : "");

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
// CT_Worksheet's order: legacyDrawing comes after drawing and before these (or the end).
const AFTER_LEGACY_DRAWING = new Set([
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
]);

export interface SheetPatch {
  /** A1 address → the cell's new content. */
  readonly edits: ReadonlyMap<string, CellEdit>;
  /** Formula cells whose cached result must go (they depend on a converted cell), by row and column; default: all. */
  readonly stale?: (row: number, col: number) => boolean;
  /**
   * Rows that may hold such a cell (`stale` answers for their cells); default: every row. A row
   * with no edit and none of them is copied as it is, without parsing it.
   */
  readonly staleRow?: (row: number) => boolean;
  /**
   * The rows each shared formula group spans (by si; the scan's SheetShape.sharedRows): once a
   * group's first cell is rewritten, only rows up to its last are read for its other cells.
   * Default: every row after it is.
   */
  readonly sharedRows?: ReadonlyMap<string, { readonly first: number; readonly last: number }>;
  /** A shared formula group number the sheet does not use: formulas filled down a column are written as groups numbered from it. Default: each cell's formula whole. */
  readonly sharedFrom?: number;
  /** Wires a note drawing to the sheet: `<legacyDrawing r:id="…"/>` in its schema place. */
  readonly addLegacyDrawing?: string;
  /** Takes the sheet's `<legacyDrawing>` away (its last note went). */
  readonly removeLegacyDrawing?: boolean;
  /**
   * Rows that change are rewritten from their text when they are of the plain shape (rowPatch.ts),
   * which gives the parser's bytes; false: the XML parser reads every row that changes (the tests
   * compare the two). Default true.
   */
  readonly textRows?: boolean;
}

/**
 * A worksheet part patched as it streams: write() takes the next piece of the part's text and
 * returns the output that is final so far; end() returns the rest. Rows without an edit or a stale
 * cached result are copied as they are; at most one row is held at a time.
 */
export class SheetPatcher {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private buf = "";
  /** Absolute position of buf[0]. */
  private base = 0;
  /** Absolute position up to which the input has been written out (or replaced). */
  private done = 0;
  private out: string[] = [];
  private readonly stale: (row: number, col: number) => boolean;
  /**
   * Edited cells by row (a row's entry goes once the row is written), and the rows edited, in
   * order: those not in the sheet are added, as `nextNew` passes them.
   */
  private readonly byRow: RowEdits;
  private readonly newRows: Int32Array;
  private nextNew = 0;
  private depth = 0;
  private sheetDataDepth = -1;
  private prefix = "";
  private row: Row | undefined;
  private cell:
    | { start: number; openEnd: number; tag: SaxesTagPlain; f?: SaxesTagPlain; vs: { start: number; end: number }[]; vStart?: number }
    | undefined;
  /** Where a tag being dropped began (−1: none; −2: its replacement is already out). */
  private skipFrom = -1;
  private legacyAdded = false;
  private afterSheetData = false;
  private sawSheetData = false;
  /** Shared-formula groups whose first cell was rewritten: their other cells must be rewritten too. */
  private readonly cutGroups = new Set<string>();
  /** The last row that may hold a cell of a cut group, for cutGroups.size groups (reach). */
  private cutReachFor = 0;
  private cutReachRow = 0;

  /** True when row `r` may hold a cell of a shared group whose first cell was rewritten. */
  private mayHoldCut(r: number): boolean {
    const cut = this.cutGroups;
    if (!cut.size) return false;
    if (this.cutReachFor !== cut.size) {
      let last = 0;
      for (const si of cut) last = Math.max(last, this.patch.sharedRows?.get(si)?.last ?? Infinity);
      this.cutReachRow = last;
      this.cutReachFor = cut.size;
    }
    return r <= this.cutReachRow;
  }
  /** True once anything differs from the input. */
  changed = false;

  /** The patch without its edits: byRow holds those (a dense sheet's plan lets go of its own, hundreds of bytes a cell, once they are here). */
  private readonly patch: Omit<SheetPatch, "edits">;

  constructor({ edits, ...patch }: SheetPatch) {
    this.patch = patch;
    this.stale = patch.stale ?? (() => true);
    // (A conversion's edits come as CellEdits; a Map by address is a test's, placed as patchPackage places it.)
    this.byRow = new RowEdits(CellEdits.of(edits, splitRef), patch.sharedFrom);
    this.newRows = this.byRow.rows;
    const p = this.parser;
    p.on("opentag", (tag) => this.open(tag));
    p.on("closetag", (tag) => this.close(tag));
  }

  /** Characters of the input the parser never saw: rows copied without parsing. */
  private skipped = 0;
  /** Absolute position up to which the input went to the parser or was copied unparsed. */
  private fed = 0;
  /** Absolute position right after the last row's end (or <sheetData>'s opening), where the parser is between rows. */
  private betweenRowsAt = -1;

  /** The absolute input position of the parser's current event (only during one). */
  private pos(): number {
    return this.parser.position + this.skipped;
  }

  /** The start of the tag an event reports: "<" cannot occur unescaped inside a tag. */
  private tagStart(): number {
    return this.base + this.buf.lastIndexOf("<", this.pos() - 1 - this.base);
  }
  private slice(from: number, to: number): string {
    return this.buf.slice(from - this.base, to - this.base);
  }
  /** Copies the input up to `pos` to the output. */
  private copyTo(pos: number): void {
    if (pos > this.done) this.out.push(this.slice(this.done, pos));
    this.done = Math.max(this.done, pos);
  }
  /** Replaces the input from `done` up to `pos` with `text`. */
  private replaceTo(pos: number, text: string): void {
    this.out.push(text);
    this.done = pos;
    this.changed = true;
  }

  /** Rows to add that come before row `r` (all of them when r is undefined). */
  private addedRowsBefore(r: number | undefined): string {
    let text = "";
    for (; this.nextNew < this.newRows.length && (r === undefined || this.newRows[this.nextNew] < r); this.nextNew++) {
      const n = this.newRows[this.nextNew];
      const edits = this.byRow.get(n);
      if (!edits) continue; // the sheet had the row: it is written
      this.byRow.delete(n);
      text += rowXml(
        this.prefix,
        { r: String(n) },
        [],
        missingCells(edits, () => false, this.prefix),
      );
      this.changed = true;
    }
    return text;
  }

  private open(tag: SaxesTagPlain): void {
    const depth = ++this.depth;
    const name = localName(tag.name);
    const pos = this.pos();
    if (depth === 1 && this.patch.addLegacyDrawing && !("xmlns:r" in tag.attributes)) {
      const start = this.tagStart();
      this.copyTo(start);
      this.replaceTo(
        pos,
        this.slice(start, pos).replace(/^<[^\s/>]+/, (t) => `${t} xmlns:r="${REL_NS}"`),
      );
    } else if (depth === 2 && name === "dimension") {
      const grown = this.grownDimension(String(tag.attributes.ref ?? ""));
      if (grown) {
        this.copyTo(this.tagStart());
        this.replaceTo(this.done, openTag(tag.name, { ...(tag.attributes as Record<string, string>), ref: grown }, true));
        this.skipFrom = -2; // the tag's own text is dropped at its close
      }
    } else if (depth === 2 && name === "sheetData") {
      this.sheetDataDepth = depth;
      this.sawSheetData = true;
      this.prefix = prefixOf(tag.name);
      this.betweenRowsAt = pos;
      if (tag.isSelfClosing) {
        const start = this.tagStart();
        this.copyTo(start);
        const rows = this.addedRowsBefore(undefined);
        if (rows) this.replaceTo(pos, `<${this.prefix}sheetData>${rows}</${this.prefix}sheetData>`);
      }
    } else if (depth === 2 && this.afterSheetData) {
      if (name === "legacyDrawing" && this.patch.removeLegacyDrawing) {
        this.copyTo(this.tagStart());
        this.skipFrom = this.done;
      } else if (this.patch.addLegacyDrawing && !this.legacyAdded && AFTER_LEGACY_DRAWING.has(name))
        this.insertLegacyDrawing(this.tagStart());
    } else if (name === "row" && depth === this.sheetDataDepth + 1) {
      const r = Number(tag.attributes.r);
      if (!r) throw new Error("aiecon-share cannot patch a worksheet whose rows have no numbers.");
      const start = this.tagStart();
      const added = this.addedRowsBefore(r);
      if (added) {
        this.copyTo(start);
        this.out.push(added);
      }
      this.row = { r, start, attrs: { ...(tag.attributes as Record<string, string>) }, cells: [], changed: false, otherAt: -1 };
      if (tag.isSelfClosing) this.endRow(pos);
    } else if (name === "c" && this.row && depth === this.sheetDataDepth + 2) {
      this.cell = { start: this.tagStart(), openEnd: pos, tag, vs: [] };
    } else if (this.row && depth === this.sheetDataDepth + 2) {
      this.row.otherAt = this.tagStart();
    } else if (this.cell && depth === this.sheetDataDepth + 3) {
      if (name === "f") this.cell.f = tag;
      if (name === "v") {
        this.cell.vStart = this.tagStart();
        if (tag.isSelfClosing) this.cell.vs.push({ start: this.cell.vStart, end: pos });
      }
    }
  }

  private insertLegacyDrawing(at: number): void {
    this.copyTo(at);
    this.out.push(`<${this.prefix}legacyDrawing r:id="${esc(this.patch.addLegacyDrawing!)}"/>`);
    this.legacyAdded = true;
    this.changed = true;
  }

  private close(tag: SaxesTagPlain): void {
    const name = localName(tag.name);
    const depth = this.depth;
    const pos = this.pos();
    const cell = this.cell;
    if (depth === 2 && this.skipFrom !== -1 && (name === "dimension" || name === "legacyDrawing")) {
      if (this.skipFrom === -2)
        this.done = pos; // the dimension's replacement is already out
      else this.replaceTo(pos, "");
      this.skipFrom = -1;
    }
    if (cell && depth === this.sheetDataDepth + 3 && name === "v" && !tag.isSelfClosing) cell.vs.push({ start: cell.vStart!, end: pos });
    if (cell && depth === this.sheetDataDepth + 2 && name === "c") this.endCell(cell, pos);
    else if (this.row && depth === this.sheetDataDepth + 2 && this.row.otherAt >= 0) this.endOther(this.row, tag.name, pos);
    else if (this.row && depth === this.sheetDataDepth + 1 && name === "row") this.endRow(pos);
    else if (depth === this.sheetDataDepth && name === "sheetData" && !tag.isSelfClosing) {
      const rows = this.addedRowsBefore(undefined);
      if (rows) {
        this.copyTo(this.tagStart());
        this.out.push(rows);
      }
      this.afterSheetData = true;
    } else if (depth === this.sheetDataDepth && name === "sheetData") this.afterSheetData = true;
    else if (depth === 1 && this.patch.addLegacyDrawing && !this.legacyAdded) this.insertLegacyDrawing(this.tagStart());
    this.depth--;
  }

  /**
   * A row's element other than a cell, kept as it came for the row's text if the row is rewritten:
   * an <extLst> last, after any cell an edit adds (the schema's order), anything else where it stood
   * among the row's cells.
   */
  private endOther(row: Row, name: string, pos: number): void {
    const last = row.cells.length ? row.cells[row.cells.length - 1].col : 0;
    row.cells.push({ col: name === `${this.prefix}extLst` ? Infinity : last, xml: this.slice(row.otherAt, pos) });
    row.otherAt = -1;
  }

  private endCell(cell: NonNullable<SheetPatcher["cell"]>, pos: number): void {
    const row = this.row!;
    const a = cell.tag.attributes as Record<string, string>;
    if (!a.r) throw new Error("aiecon-share cannot patch a worksheet whose cells have no addresses.");
    const { row: refRow, col } = cellPosition(a.r) ?? splitRef(a.r);
    const f = cell.f?.attributes as Record<string, string> | undefined;
    const edit = this.byRow.get(row.r)?.get(col);
    checkSharedGroup(f, !!edit, this.cutGroups);
    this.cell = undefined;
    if (edit) {
      row.cells.push({ col, xml: cellXml(a.r, a.s, edit.edit, this.prefix) });
      this.byRow.get(row.r)!.delete(col);
      row.changed = true;
      return;
    }
    // (A self-closing cell has no formula.)
    if (cell.f && (cell.vs.length || a.t !== undefined) && this.stale(refRow, col)) {
      let body = "";
      let at = cell.openEnd;
      for (const v of cell.vs) {
        body += this.slice(at, v.start);
        at = v.end;
      }
      body += this.slice(at, pos);
      row.cells.push({ col, xml: withoutCache(this.slice(cell.start, cell.openEnd), cell.tag.name, a, body) });
      row.changed = true;
    } else row.cells.push({ col, xml: this.slice(cell.start, pos) });
  }

  private endRow(pos: number): void {
    const row = this.row!;
    this.row = undefined;
    this.betweenRowsAt = pos;
    // Edits to cells the row does not have yet go in column order (the used ones went in endCell).
    const edits = this.byRow.get(row.r);
    const missing = edits?.size ? missingCells(edits, () => false, this.prefix) : [];
    if (missing.length) row.changed = true;
    this.byRow.delete(row.r);
    if (!row.changed) return; // copied as it is, with what follows
    this.copyTo(row.start);
    this.replaceTo(pos, rowXml(this.prefix, row.attrs, row.cells, missing));
  }

  // <dimension> is the used range readers size the sheet by: it must still cover the cells written.
  private grownDimension(ref: string): string | undefined {
    const [a, b] = ref.replace(/\$/g, "").split(":");
    const edited = this.byRow.rows;
    if (!edited.length || !/^[A-Z]+\d+$/.test(a ?? "") || (b !== undefined && !/^[A-Z]+\d+$/.test(b))) return undefined;
    const s = splitRef(a);
    const e = splitRef(b ?? a);
    const top = Math.min(s.row, edited[0]);
    const bottom = Math.max(e.row, edited[edited.length - 1]);
    const left = Math.min(s.col, this.byRow.leftCol);
    const right = Math.max(e.col, this.byRow.rightCol);
    if (top === s.row && bottom === e.row && left === s.col && right === e.col) return undefined;
    return `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
  }

  /** Gives the parser the input from `fed` up to buf index `to`. */
  private feed(to: number): void {
    const from = this.fed - this.base;
    if (to <= from) return;
    this.fed = this.base + to;
    this.parser.write(this.buf.slice(from, to));
  }

  private readonly rowChange = {
    prefix: "",
    editsOf: (r: number) => this.byRow.get(r),
    editCount: (r: number) => this.byRow.count(r),
    editAt: (r: number, col: number) => this.byRow.editAt(r, col),
    stale: (row: number, col: number) => this.stale(row, col),
    cutGroups: this.cutGroups,
  };

  /** A row that changes, rewritten from its text when it is of the plain shape (else undefined). */
  private patchRowText(text: string) {
    this.rowChange.prefix = this.prefix;
    return patchRowText(text, this.rowChange);
  }

  /** True when the row (its text, number `r`) can go out as it came: nothing in it changes. */
  private untouched(r: number, text: string): boolean {
    if (!(r > 0) || this.byRow.has(r)) return false;
    // A comment or CDATA section could hide markup from the cheap scan: the parser reads it.
    if (text.includes("<!")) return false;
    const hasFormula = text.includes(`<${this.prefix}f>`) || text.includes(`<${this.prefix}f `) || text.includes(`<${this.prefix}f/`);
    if (hasFormula && (this.patch.staleRow ?? (() => true))(r)) return false;
    // The parser checks that no cell of a shared formula group whose first cell was rewritten stays.
    if (this.mayHoldCut(r) && text.includes("shared")) return false;
    return true;
  }

  /**
   * Feeds the buffered input to the parser, except rows that nothing changes: between rows, each
   * next row is found by a cheap scan for its end and, when untouched, copied without parsing
   * (most rows of a large sheet). The parser sees the input in pieces cut at tag ends, so it is
   * between rows whenever a row ends. `final`: no more input comes.
   */
  private pump(final: boolean): void {
    for (;;) {
      const at = this.fed - this.base;
      const buf = this.buf;
      if (at >= buf.length) return;
      const inside = this.sheetDataDepth >= 0 && !this.afterSheetData;
      if (inside && this.fed === this.betweenRowsAt && !this.row && !this.cell && this.skipFrom === -1) {
        const lt = buf.indexOf("<", at);
        if (lt < 0) return final ? this.feed(buf.length) : undefined;
        const isRow = opensRow(buf, lt, this.prefix);
        // The piece ends inside what may be a row's opening: wait for the next piece.
        if (isRow === "more" && !final) return;
        if (isRow === true) {
          const row = rowEnd(buf, lt, this.prefix);
          if (!row) return final || buf.length - lt > MAX_ROW_TEXT ? this.feed(buf.length) : undefined;
          const r = rowNumber(row.open);
          const text = buf.slice(lt, row.end);
          if (this.untouched(r, text)) {
            const added = this.addedRowsBefore(r);
            this.copyTo(this.fed);
            if (added) this.out.push(added);
            this.out.push(buf.slice(at, row.end));
          } else {
            const patched = this.patch.textRows === false ? undefined : this.patchRowText(text);
            if (!patched) {
              this.feed(row.end);
              continue;
            }
            // As the parser path writes it: what precedes the row, the rows added before it, the row.
            this.copyTo(this.base + lt);
            const added = this.addedRowsBefore(patched.r);
            if (added) this.out.push(added);
            this.byRow.delete(patched.r);
            this.out.push(patched.text);
            if (patched.changed) this.changed = true;
          }
          this.skipped += row.end - at;
          this.fed = this.done = this.betweenRowsAt = this.base + row.end;
          continue;
        }
        // </sheetData>, or anything else: the parser reads the rest.
        return this.feed(buf.length);
      }
      if (inside && this.row) {
        // Mid-row (the piece ended inside one): up to its end, so the rows after it can be copied.
        const end = rowCloseEnd(buf, at, this.prefix);
        if (end >= 0) {
          this.feed(end);
          continue;
        }
        return this.feed(buf.length);
      }
      if (this.sheetDataDepth < 0) {
        // Up to the end of <sheetData>'s opening tag, so the rows after it are between-row pieces.
        const end = sheetDataOpenEnd(buf, at);
        if (end >= 0) {
          this.feed(end);
          continue;
        }
      }
      return this.feed(buf.length);
    }
  }

  // ---- The byte lane: untouched rows copied as the bytes that came in ----

  /** Bytes not given to either lane yet: a row not complete yet, or a character split across pieces. */
  private pendingBytes: Buffer = NO_BYTES;
  private bytesStarted = false;
  /** Where the next "<!", formula tag and "shared" stand in `cursorData` (at or after the row being looked at). */
  private cursorData: Buffer = NO_BYTES;
  private view = "";
  private readonly nextAt = { bang: -1, formula: -1, shared: -1 };

  /**
   * True when the patcher stands between two rows of <sheetData> with everything before written
   * out: the rows that follow may be copied as bytes.
   */
  private betweenRowsWritten(): boolean {
    return (
      this.sheetDataDepth >= 0 &&
      !this.afterSheetData &&
      this.fed === this.betweenRowsAt &&
      this.done === this.fed &&
      !this.row &&
      !this.cell &&
      this.skipFrom === -1
    );
  }

  /**
   * Feeds the next piece of the part's bytes; returns the output that is final so far, in pieces:
   * runs of rows nothing changes as the very bytes that came in (never decoded to text nor encoded
   * again: most of a large sheet), the rest as text from write(). Use either this or write(), not both.
   */
  writeBytes(chunk: Buffer): (string | Buffer)[] {
    let data = this.pendingBytes.length ? Buffer.concat([this.pendingBytes, chunk]) : chunk;
    this.pendingBytes = NO_BYTES;
    const out: (string | Buffer)[] = [];
    const put = (piece: string | Buffer) => {
      if (!piece.length) return;
      const last = out.length - 1;
      if (typeof piece === "string" && typeof out[last] === "string") out[last] += piece;
      else out.push(piece);
    };
    if (!this.bytesStarted) {
      // A byte-order mark goes out as it came, before the patched text (it is not part of the XML).
      if (data.length < 3) {
        this.pendingBytes = data;
        return out;
      }
      this.bytesStarted = true;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        put(data.subarray(0, 3));
        data = data.subarray(3);
      }
    }
    let at = 0;
    let handed = false;
    while (at < data.length) {
      // What the text lane holds unread (a row begun in the last piece) goes back to bytes, before
      // this piece; never a row it was just handed (it reads a whole row at once: this only guards).
      const unread = this.betweenRowsWritten() ? this.buf.slice(this.fed - this.base) : "";
      if (this.betweenRowsWritten() && !(handed && unread)) {
        if (unread) {
          data = Buffer.concat([Buffer.from(unread), data.subarray(at)]);
          at = 0;
        }
        this.buf = "";
        this.base = this.fed;
        const stop = this.copyRows(data, at, put);
        at = stop.at;
        if (stop.end === STOP_MORE) {
          this.pendingBytes = data.subarray(at);
          return out;
        }
        if (stop.end > 0) {
          // A row that changes (every row of a sheet dense in AIECON formulas): rewritten from its text.
          put(this.changedRow(data.toString("utf8", at, stop.end)));
          at = stop.end;
          handed = true;
          continue;
        }
      }
      // Anything else (the part's head and tail, a row the byte lane does not read): the text lane,
      // up to the last whole character.
      const cut = utf8Cut(data);
      put(this.write(data.toString("utf8", at, cut)));
      this.pendingBytes = data.subarray(cut);
      return out;
    }
    return out;
  }

  /**
   * A row that changes (`text`: the spaces before it and the row), read where the patcher stands
   * between rows with nothing held: rewritten from its text as pump() does (without finding the row
   * again), or, when it is not of the plain shape, given to the text lane (the XML parser reads it).
   */
  private changedRow(text: string): string {
    const lt = text.indexOf("<");
    const patched = this.patch.textRows === false ? undefined : this.patchRowText(lt ? text.slice(lt) : text);
    if (!patched) return this.write(text);
    const added = this.addedRowsBefore(patched.r);
    this.byRow.delete(patched.r);
    if (patched.changed) this.changed = true;
    const n = text.length;
    this.skipped += n;
    this.fed = this.done = this.betweenRowsAt = this.base = this.fed + n;
    return text.slice(0, lt) + added + patched.text;
  }

  /** Ends the part fed by writeBytes; returns the rest of the output. */
  endBytes(): (string | Buffer)[] {
    const rest = this.pendingBytes;
    this.pendingBytes = NO_BYTES;
    const out: (string | Buffer)[] = [];
    if (!this.bytesStarted && rest.length >= 3 && rest[0] === 0xef && rest[1] === 0xbb && rest[2] === 0xbf) {
      out.push(rest.subarray(0, 3));
      out.push(this.write(rest.toString("utf8", 3)));
    } else if (rest.length) out.push(this.write(rest.toString("utf8")));
    this.bytesStarted = true;
    out.push(this.end());
    return out.filter((piece) => piece.length > 0);
  }

  /**
   * Copies the rows from `at` that nothing changes (untouched() on their bytes) to the output, as
   * runs of the input's bytes; stops at a row that changes (`end`: where it ends), at the end of
   * what came so far (STOP_MORE), or at anything else (STOP_OTHER: the text lane reads it).
   */
  private copyRows(data: Buffer, at: number, put: (piece: string | Buffer) => void): { at: number; end: number } {
    const tags = byteTags(this.prefix);
    if (this.cursorData !== data) {
      this.cursorData = data;
      // The piece's bytes as Latin-1 text: a character per byte, so positions are the bytes' own, and
      // V8's string search runs without the per-call cost of Buffer's.
      this.view = data.toString("latin1");
      this.nextAt.bang = this.nextAt.formula = this.nextAt.shared = -1;
    }
    const view = this.view;
    const from = at;
    let runStart = at;
    let stop: { at: number; end: number };
    for (;;) {
      const lt = view.charCodeAt(at) === LT ? at : view.indexOf("<", at);
      const row = lt < 0 ? STOP_MORE : rowBytes(view, lt, tags);
      if (row === STOP_MORE || row === STOP_OTHER) {
        stop = { at, end: row === STOP_MORE && view.length - lt <= MAX_ROW_TEXT ? STOP_MORE : STOP_OTHER };
        break;
      }
      const r = rowNumberBytes(view, lt, rowOpenEnd);
      if (!this.untouchedBytes(r, view, lt, row, tags)) {
        stop = { at, end: row };
        break;
      }
      const added = this.addedRowsBefore(r);
      if (added) {
        if (at > runStart) put(data.subarray(runStart, at));
        put(added);
        runStart = at;
      }
      at = row;
    }
    if (stop.at > runStart) put(data.subarray(runStart, stop.at));
    // The parser never sees these bytes: positions move on by their count, the text lane's buffer being empty.
    const n = stop.at - from;
    this.skipped += n;
    this.fed = this.done = this.betweenRowsAt = this.base = this.fed + n;
    return stop;
  }

  /** untouched() on a row's bytes (from `start` to `end`), searching the piece for what it looks for once, not per row. */
  private untouchedBytes(r: number, data: string, start: number, end: number, tags: ByteTags): boolean {
    if (!(r > 0) || this.byRow.has(r)) return false;
    const next = this.nextAt;
    // (−1: not searched yet in this piece; −2: none in the rest of it.)
    if (next.bang !== -2 && next.bang < start) next.bang = found(indexOfTag(data, tags.bang, start));
    if (next.bang >= 0 && next.bang < end) return false;
    if (next.formula !== -2 && next.formula < start) next.formula = formulaAt(data, start, tags);
    if (next.formula >= 0 && next.formula < end && (this.patch.staleRow ?? (() => true))(r)) return false;
    if (this.mayHoldCut(r)) {
      if (next.shared !== -2 && next.shared < start) next.shared = found(data.indexOf(tags.shared, start));
      if (next.shared >= 0 && next.shared < end) return false;
    }
    return true;
  }

  /** Feeds the next piece of the part; returns the output that is final so far. */
  write(text: string): string {
    this.buf += text;
    this.pump(false);
    // A row being read (or a tag being replaced) is still needed; everything before it is out.
    const keep = Math.min(
      this.row ? this.row.start : Infinity,
      this.skipFrom >= 0 ? this.skipFrom : Infinity,
      this.cell ? this.cell.start : Infinity,
    );
    if (!this.row && this.skipFrom === -1) this.copyTo(Math.max(this.done, this.base + this.lastSafe()));
    const cut = Math.min(this.done, keep);
    if (cut > this.base) {
      this.buf = this.buf.slice(cut - this.base);
      this.base = cut;
    }
    return this.flush();
  }

  /** Where the unparsed tail begins: a tag the parser has not finished may still be replaced. */
  private lastSafe(): number {
    const lt = this.buf.lastIndexOf("<");
    // (Between writes the parser's own position counts its last piece twice: `fed` says how far it read.)
    return Math.min(lt < 0 ? this.buf.length : lt, this.fed - this.base);
  }

  private flush(): string {
    const text = this.out.join("");
    this.out = [];
    return text;
  }

  /** Ends the part; returns the rest of the output. */
  end(): string {
    this.pump(true);
    this.parser.close();
    if (!this.sawSheetData || !this.afterSheetData) throw new Error("aiecon-share cannot patch a worksheet without <sheetData>.");
    for (const r of this.byRow.keys()) throw new Error(`aiecon-share could not place the edits of row ${r}.`);
    this.copyTo(this.base + this.buf.length);
    return this.flush();
  }
}

const NO_BYTES = Buffer.alloc(0);
const LT = 0x3c;
/** copyRows and rowBytes: the piece ends before the row does. */
const STOP_MORE = -1;
/** copyRows and rowBytes: not a row the byte lane reads. */
const STOP_OTHER = -2;

interface ByteTags {
  readonly open: string;
  readonly close: string;
  readonly formula: string;
  readonly bang: string;
  readonly shared: string;
}
const byteTagsByPrefix = new Map<string, ByteTags>();
function byteTags(prefix: string): ByteTags {
  let t = byteTagsByPrefix.get(prefix);
  if (!t)
    byteTagsByPrefix.set(
      prefix,
      // (As Latin-1 text: a prefix beyond ASCII is its UTF-8 bytes, one character each.)
      (t = {
        open: Buffer.from(`<${prefix}row`).toString("latin1"),
        close: Buffer.from(`</${prefix}row`).toString("latin1"),
        formula: Buffer.from(`<${prefix}f`).toString("latin1"),
        bang: "<!",
        shared: "shared",
      }),
    );
  return t;
}

/** Where the row's opening tag rowBytes read last ends (the index after its ">"). */
let rowOpenEnd = 0;

/**
 * rowText.ts's opensRow and rowEnd on bytes: where the row whose tag opens at `lt` ends, STOP_MORE
 * when the piece ends first, STOP_OTHER when no row opens there (or one the text lane must read:
 * a character beyond ASCII after its name).
 */
function rowBytes(data: string, lt: number, tags: ByteTags): number {
  const open = tags.open;
  if (data.length - lt <= open.length) return open.startsWith(data.slice(lt)) ? STOP_MORE : STOP_OTHER;
  if (!data.startsWith(open, lt)) return STOP_OTHER;
  const ch = data.charCodeAt(lt + open.length);
  if (!(ch === 32 || ch === 62 || ch === 47 || (ch >= 9 && ch <= 13))) return STOP_OTHER;
  let quote = 0;
  let i = lt + 1;
  for (; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) break;
  }
  if (i >= data.length) return STOP_MORE;
  rowOpenEnd = i + 1;
  if (data.charCodeAt(i - 1) === 47) return i + 1;
  for (let close = indexOfTag(data, tags.close, i); close >= 0; close = indexOfTag(data, tags.close, close + 1)) {
    let j = close + tags.close.length;
    for (let c = data.charCodeAt(j); j < data.length && (c === 32 || c === 9 || c === 10 || c === 13); c = data.charCodeAt(++j));
    if (j >= data.length) return STOP_MORE;
    if (data.charCodeAt(j) === 62) return j + 1;
  }
  return STOP_MORE;
}

const isSpaceByte = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * rowText.ts's rowNumber (its first `\sr\s*=\s*["'](\d+)["']`) on an opening tag's bytes, without
 * a string; NaN for a tag beyond ASCII (the text lane reads it) or without a number.
 */
function rowNumberBytes(data: string, from: number, to: number): number {
  const at = (i: number) => data.charCodeAt(i);
  for (let i = from; i < to; i++) if (at(i) > 0x7f) return NaN;
  for (let i = from; i < to; i++) {
    if (!isSpaceByte(at(i)) || at(i + 1) !== 114) continue; // "r"
    let j = i + 2;
    while (isSpaceByte(at(j))) j++;
    if (at(j) !== 61) continue; // "="
    j++;
    while (isSpaceByte(at(j))) j++;
    if (at(j) !== 34 && at(j) !== 39) continue;
    let n = 0;
    const digits = ++j;
    for (; at(j) >= 48 && at(j) <= 57; j++) n = n * 10 + at(j) - 48;
    if (j > digits && (at(j) === 34 || at(j) === 39)) return j - digits > 15 ? Number(data.slice(digits, j)) : n;
  }
  return NaN;
}

const found = (at: number) => (at < 0 ? -2 : at);

/** Where the next formula element (`<f` then ">", "/" or a space) opens at or after `from` (-2: none). */
function formulaAt(data: string, from: number, tags: ByteTags): number {
  for (let at = indexOfTag(data, tags.formula, from); at >= 0; at = indexOfTag(data, tags.formula, at + 1)) {
    const c = data.charCodeAt(at + tags.formula.length);
    if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c)) return at;
  }
  return -2;
}

/** The length of `data` without a character its end splits (its first bytes wait for the next piece). */
function utf8Cut(data: Buffer): number {
  const end = data.length;
  for (let k = 1; k <= Math.min(4, end); k++) {
    const b = data[end - k];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte
    if (b < 0x80) return end;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return k < need ? end - k : end;
  }
  return end;
}

/**
 * Applies the cell edits to one worksheet's XML and drops the cached result of every formula cell
 * `stale` names (its type attribute with it); returns undefined when nothing changed.
 */
export function patchSheetXml(
  xml: string,
  edits: ReadonlyMap<string, CellEdit>,
  stale: (ref: string) => boolean = () => true,
  textRows = true,
): string | undefined {
  const p = new SheetPatcher({ edits, stale: (row, col) => stale(cellAddress(row, col)), textRows });
  const out = p.write(xml) + p.end();
  return p.changed ? out : undefined;
}
