// Edits a worksheet part's cells with an XML parser (saxes), not regular expressions: the parser
// finds every element whatever its namespace prefix, quoting, xml:space text, shared or array
// formula, inline or rich string; the original text between the elements it changes is copied
// by position, so every row the change does not touch keeps its bytes. The sheet streams through
// in chunks (SheetPatcher): only the row being read is held, never the sheet as one string.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { cellAddress, columnNumber } from "../../sheetModel/refs";

/** What a changed cell becomes. Formulas carry no leading "=" (as in the file). */
export type CellEdit =
  | { readonly kind: "formula"; readonly formula: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "blank" };

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const splitRef = (ref: string) => {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`aiecon-share cannot patch a cell without a plain address (${ref}).`);
  return { col: columnNumber(m[1]), row: Number(m[2]) };
};

/** A cell as the file stores it; `p` is the SpreadsheetML prefix of the sheet ("" or "x:"). */
export function cellXml(ref: string, style: string | undefined, e: CellEdit, p = ""): string {
  const s = style !== undefined ? ` s="${esc(style)}"` : "";
  switch (e.kind) {
    case "formula":
      return `<${p}c r="${ref}"${s}><${p}f>${esc(e.formula)}</${p}f></${p}c>`;
    case "number":
      return `<${p}c r="${ref}"${s}><${p}v>${e.value}</${p}v></${p}c>`;
    case "string":
      // Inline strings keep the shared-strings table untouched; xml:space keeps spaces and line breaks.
      return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t xml:space="preserve">${esc(e.value)}</${p}t></${p}is></${p}c>`;
    case "boolean":
      return `<${p}c r="${ref}"${s} t="b"><${p}v>${e.value ? 1 : 0}</${p}v></${p}c>`;
    case "blank":
      return `<${p}c r="${ref}"${s}/>`;
  }
}

interface Cell {
  col: number;
  /** The cell's text: the original slice, or what replaces it. */
  xml: string;
  style?: string;
}

interface Row {
  r: number;
  /** Where the row starts in the input (absolute position). */
  start: number;
  attrs: Record<string, string>;
  cells: Cell[];
  changed: boolean;
}

/** An element's name without its namespace prefix. */
export const localName = (name: string) => name.slice(name.indexOf(":") + 1);
const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":") + 1) : "");
const openTag = (name: string, attrs: Record<string, string>, selfClosing = false) =>
  `<${name}${Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join("")}${selfClosing ? "/>" : ">"}`;

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
  /** Formula cells whose cached result must go (they depend on a converted cell); default: all. */
  readonly stale?: (ref: string) => boolean;
  /** Wires a note drawing to the sheet: `<legacyDrawing r:id="…"/>` in its schema place. */
  readonly addLegacyDrawing?: string;
  /** Takes the sheet's `<legacyDrawing>` away (its last note went). */
  readonly removeLegacyDrawing?: boolean;
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
  private readonly stale: (ref: string) => boolean;
  /** Edited cells by row, and the rows to add (no such row in the sheet), in order. */
  private readonly byRow = new Map<number, Map<number, { ref: string; edit: CellEdit }>>();
  private readonly newRows: number[];
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
  /** True once anything differs from the input. */
  changed = false;

  constructor(private readonly patch: SheetPatch) {
    this.stale = patch.stale ?? (() => true);
    for (const [ref, edit] of patch.edits) {
      const { row, col } = splitRef(ref);
      if (!this.byRow.has(row)) this.byRow.set(row, new Map());
      this.byRow.get(row)!.set(col, { ref, edit });
    }
    this.newRows = [...this.byRow.keys()].sort((a, b) => a - b);
    const p = this.parser;
    p.on("opentag", (tag) => this.open(tag));
    p.on("closetag", (tag) => this.close(tag));
  }

  /** The start of the tag an event reports: "<" cannot occur unescaped inside a tag. */
  private tagStart(): number {
    return this.base + this.buf.lastIndexOf("<", this.parser.position - 1 - this.base);
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
    while (this.newRows.length && (r === undefined || this.newRows[0] < r)) {
      const n = this.newRows.shift()!;
      const cells = [...this.byRow.get(n)!.entries()].sort((a, b) => a[0] - b[0]);
      this.byRow.delete(n);
      text += `<${this.prefix}row r="${n}">${cells.map(([, c]) => cellXml(c.ref, undefined, c.edit, this.prefix)).join("")}</${this.prefix}row>`;
      this.changed = true;
    }
    return text;
  }

  private open(tag: SaxesTagPlain): void {
    const depth = ++this.depth;
    const name = localName(tag.name);
    const pos = this.parser.position;
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
      this.row = { r, start, attrs: { ...(tag.attributes as Record<string, string>) }, cells: [], changed: false };
      if (tag.isSelfClosing) this.endRow(pos);
    } else if (name === "c" && this.row && depth === this.sheetDataDepth + 2) {
      this.cell = { start: this.tagStart(), openEnd: pos, tag, vs: [] };
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
    const pos = this.parser.position;
    const cell = this.cell;
    if (depth === 2 && this.skipFrom !== -1 && (name === "dimension" || name === "legacyDrawing")) {
      if (this.skipFrom === -2)
        this.done = pos; // the dimension's replacement is already out
      else this.replaceTo(pos, "");
      this.skipFrom = -1;
    }
    if (cell && depth === this.sheetDataDepth + 3 && name === "v" && !tag.isSelfClosing) cell.vs.push({ start: cell.vStart!, end: pos });
    if (cell && depth === this.sheetDataDepth + 2 && name === "c") this.endCell(cell, pos);
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

  private endCell(cell: NonNullable<SheetPatcher["cell"]>, pos: number): void {
    const row = this.row!;
    const a = cell.tag.attributes as Record<string, string>;
    if (!a.r) throw new Error("aiecon-share cannot patch a worksheet whose cells have no addresses.");
    const { col } = splitRef(a.r);
    const f = cell.f?.attributes as Record<string, string> | undefined;
    const edit = this.byRow.get(row.r)?.get(col);
    if (f?.t === "shared" && f.si !== undefined) {
      if (edit && f.ref !== undefined) this.cutGroups.add(f.si);
      // A shared formula's other cells only point (si) at its first cell: rewriting the first while
      // another stays would leave that one without a formula, so refuse rather than corrupt the sheet.
      if (!edit && f.ref === undefined && this.cutGroups.has(f.si))
        throw new Error("aiecon-share cannot patch a shared formula whose first cell was converted but whose other cells were not.");
    }
    if (edit) {
      row.cells.push({ col, xml: cellXml(a.r, a.s, edit.edit, this.prefix), style: a.s });
      this.byRow.get(row.r)!.delete(col);
      row.changed = true;
      this.cell = undefined;
      return;
    }
    let text = this.slice(cell.start, pos);
    if (cell.f && this.stale(a.r) && (cell.vs.length || a.t !== undefined)) {
      // The cached result goes, and its type: a formula cell without <v> is computed on open.
      let body = "";
      let at = cell.openEnd;
      const open = this.slice(cell.start, at);
      for (const v of cell.vs) {
        body += this.slice(at, v.start);
        at = v.end;
      }
      body += this.slice(at, pos);
      const { t: _type, ...rest } = a;
      text = (a.t !== undefined ? openTag(cell.tag.name, rest, cell.tag.isSelfClosing) : open) + (cell.tag.isSelfClosing ? "" : body);
      row.changed = true;
    }
    row.cells.push({ col, xml: text, style: a.s });
    this.cell = undefined;
  }

  private endRow(pos: number): void {
    const row = this.row!;
    this.row = undefined;
    // Edits to cells the row does not have yet go in column order.
    const missing = this.byRow.get(row.r);
    if (missing?.size) {
      for (const [col, c] of missing) {
        const i = row.cells.findIndex((x) => x.col > col);
        row.cells.splice(i < 0 ? row.cells.length : i, 0, { col, xml: cellXml(c.ref, undefined, c.edit, this.prefix) });
      }
      row.changed = true;
    }
    if (this.byRow.has(row.r)) {
      this.byRow.delete(row.r);
      const i = this.newRows.indexOf(row.r);
      if (i >= 0) this.newRows.splice(i, 1);
    }
    if (!row.changed) return; // copied as it is, with what follows
    this.copyTo(row.start);
    // spans is only an optimisation hint for readers; it may no longer hold.
    const { spans: _spans, ...attrs } = row.attrs;
    this.replaceTo(pos, `${openTag(`${this.prefix}row`, attrs)}${row.cells.map((c) => c.xml).join("")}</${this.prefix}row>`);
  }

  // <dimension> is the used range readers size the sheet by: it must still cover the cells written.
  private grownDimension(ref: string): string | undefined {
    const [a, b] = ref.replace(/\$/g, "").split(":");
    if (!this.patch.edits.size || !/^[A-Z]+\d+$/.test(a ?? "") || (b !== undefined && !/^[A-Z]+\d+$/.test(b))) return undefined;
    const s = splitRef(a);
    const e = splitRef(b ?? a);
    let [top, left, bottom, right] = [s.row, s.col, e.row, e.col];
    for (const ref of this.patch.edits.keys()) {
      const { row, col } = splitRef(ref);
      top = Math.min(top, row);
      bottom = Math.max(bottom, row);
      left = Math.min(left, col);
      right = Math.max(right, col);
    }
    if (top === s.row && bottom === e.row && left === s.col && right === e.col) return undefined;
    return `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
  }

  /** Feeds the next piece of the part; returns the output that is final so far. */
  write(text: string): string {
    this.buf += text;
    this.parser.write(text);
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
    return lt < 0 ? this.buf.length : Math.min(lt, this.parser.position - this.base);
  }

  private flush(): string {
    const text = this.out.join("");
    this.out = [];
    return text;
  }

  /** Ends the part; returns the rest of the output. */
  end(): string {
    this.parser.close();
    if (!this.sawSheetData || !this.afterSheetData) throw new Error("aiecon-share cannot patch a worksheet without <sheetData>.");
    for (const r of this.byRow.keys()) throw new Error(`aiecon-share could not place the edits of row ${r}.`);
    this.copyTo(this.base + this.buf.length);
    return this.flush();
  }
}

/**
 * Applies the cell edits to one worksheet's XML and drops the cached result of every formula cell
 * `stale` names (its type attribute with it); returns undefined when nothing changed.
 */
export function patchSheetXml(
  xml: string,
  edits: ReadonlyMap<string, CellEdit>,
  stale: (ref: string) => boolean = () => true,
): string | undefined {
  const p = new SheetPatcher({ edits, stale });
  const out = p.write(xml) + p.end();
  return p.changed ? out : undefined;
}
