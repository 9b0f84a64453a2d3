// Reads a worksheet part as it streams (saxes, chunk by chunk) and reports each cell once: what
// planning needs from a sheet of any size without holding it. Shared formulas are reported as
// each cell holds them (the group's text moved to the cell), so every reader sees a plain formula.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { shiftFormula } from "../../sheetModel/formula";
import { RefusedInput } from "./refused";
import { localName, splitRef } from "./sheetXml";
import { MAX_XML_DEPTH, tooDeep } from "./xmlEdit";

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
}

/**
 * Streams a worksheet part: `onCell` sees every cell in order and may return "stop" to end the
 * scan early (the rows it needs are behind it). With `shape`, the text outside <sheetData> is kept.
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
  private readonly shared = new Map<string, { formula: string; row: number; col: number }>();
  stopped = false;

  constructor(
    private readonly onCell: (cell: ScannedCell) => void | "stop",
    private readonly keepShape = false,
  ) {
    const p = this.parser;
    p.on("opentag", (tag) => this.open(tag));
    p.on("closetag", (tag) => this.close(tag));
    p.on("text", (text) => this.text(text));
  }

  private tagStart(): number {
    return this.base + this.buf.lastIndexOf("<", this.parser.position - 1 - this.base);
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
    if (this.state === "inside" && depth === this.sheetDataDepth && name === "sheetData") {
      this.state = "after";
      this.afterStart = this.parser.position;
    }
  }

  /** Where the text after </sheetData> begins (absolute position). */
  private afterStart = -1;

  private endCell(): void {
    const c = this.cell!;
    this.cell = undefined;
    const a = c.tag.attributes as Record<string, string>;
    if (!a.r) throw new Error("aiecon-share cannot read a worksheet whose cells have no addresses.");
    const { row, col } = splitRef(a.r);
    const f = c.f?.attributes as Record<string, string> | undefined;
    let formula: string | undefined = c.f ? c.formula : undefined;
    if (f?.t === "shared" && f.si !== undefined) {
      if (f.ref !== undefined && formula) this.shared.set(f.si, { formula, row, col });
      else {
        const master = this.shared.get(f.si);
        formula = master ? shiftFormula(master.formula, row - master.row, col - master.col) : formula || undefined;
      }
    }
    const cell: ScannedCell = {
      ref: a.r,
      row,
      col,
      type: a.t,
      style: a.s,
      formula: formula || undefined,
      arrayRef: f?.t === "array" ? f.ref : undefined,
      value: c.value,
      inline: c.inline,
    };
    if (this.onCell(cell) === "stop") this.stopped = true;
  }

  /** Feeds the next piece of the part; false once the scan has what it needs. */
  write(text: string): boolean {
    if (this.stopped) return false;
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
    return !this.stopped;
  }

  end(): SheetShape {
    if (!this.stopped) this.parser.close();
    if (this.state === "before" && !this.stopped) throw new Error("aiecon-share cannot read a worksheet without <sheetData>.");
    return {
      prefix: this.prefix,
      before: this.beforeText,
      after: this.state === "after" ? this.buf : "",
      legacyDrawing: this.legacyDrawing,
    };
  }
}
