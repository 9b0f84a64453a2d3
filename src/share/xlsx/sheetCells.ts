// The cells planning keeps from one sheet (AIECON formulas, the cells they read, the price tables),
// held compactly: a workbook with an AIECON formula on each of 860,000 rows keeps millions of cells,
// which as an object, an address string and a map entry each cost about 160 bytes a cell before
// their text. Here a cell is numbers in typed arrays and its formula and value strings; the
// ScannedCell a reader asks for is made when asked.
import { cellAddress } from "../../sheetModel/refs";
import { ints, List } from "./dependents";
import type { ScannedCell } from "./sheetScan";

/** The t attributes Excel writes, as one byte each (0: none; others are kept as text). */
const TYPES = ["", "s", "str", "b", "e", "n", "d", "inlineStr"];
const TYPE_CODE = new Map(TYPES.map((t, i) => [t, i]));
const OTHER = 255;

/**
 * A string of its own: a piece V8 cut from a longer string (13 characters or more) holds that whole
 * string, here the part's text as it streamed, so one kept formula would keep its whole chunk.
 */
const own = (s: string | undefined) => (s !== undefined && s.length >= 13 ? (" " + s).slice(1) : s);

/** The parts few cells have: an address not as Excel writes it, a type not listed, an array formula's range, an inline string. */
interface Rare {
  ref?: string;
  type?: string;
  arrayRef?: string;
  inline?: string;
}

/** A sheet's kept cells by address, in the order first kept (a Map's), each address once. */
export class SheetCells implements ReadonlyMap<string, ScannedCell> {
  private readonly rows = ints(64);
  private readonly cols = ints(64);
  /** The next cell of the same row (-1: none); each row's first cell is in `first`. */
  private readonly next = ints(64);
  private readonly first = new Map<number, number>();
  private readonly types = new List(new Uint8Array(64), (n) => new Uint8Array(n));
  /** Index into `styleNames` (-1: none): a sheet has few distinct styles. */
  private readonly styles = ints(64);
  private readonly styleNames: string[] = [];
  private readonly styleIndex = new Map<string, number>();
  private readonly formulas: (string | undefined)[] = [];
  private readonly valueTexts: (string | undefined)[] = [];
  private readonly rare = new Map<number, Rare>();

  get size(): number {
    return this.rows.length;
  }

  /** The slot of the cell at row, col whose address reads `ref` (any address when undefined); -1 when none. */
  private slot(row: number, col: number, ref?: string): number {
    for (let i = this.first.get(row) ?? -1; i >= 0; i = this.next.data[i])
      if (this.cols.data[i] === col && (ref === undefined || this.refAt(i) === ref)) return i;
    return -1;
  }

  private refAt(i: number): string {
    return this.rare.get(i)?.ref ?? cellAddress(this.rows.data[i], this.cols.data[i]);
  }

  /** The cell kept at row, col under its own address (as cellAddress writes it), as `get` gives it. */
  cellAt(row: number, col: number): ScannedCell | undefined {
    for (let i = this.first.get(row) ?? -1; i >= 0; i = this.next.data[i])
      if (this.cols.data[i] === col && this.rare.get(i)?.ref === undefined) return this.cellOf(i);
    return undefined;
  }

  /** True when a cell at row, col is kept. */
  hasCell(row: number, col: number): boolean {
    return this.slot(row, col) >= 0;
  }

  /** Keeps `c`, in place of a cell kept before at its address. */
  put(c: ScannedCell): void {
    let i = this.slot(c.row, c.col, c.ref);
    if (i < 0) {
      i = this.rows.length;
      this.rows.push(c.row);
      this.cols.push(c.col);
      const head = this.first.get(c.row);
      this.next.push(head ?? -1);
      this.first.set(c.row, i);
      this.types.push(0);
      this.styles.push(-1);
      this.formulas.push(undefined);
      this.valueTexts.push(undefined);
    }
    const type = c.type === undefined ? 0 : (TYPE_CODE.get(c.type) ?? OTHER);
    this.types.data[i] = type;
    const oddRef = c.ref !== cellAddress(c.row, c.col);
    if (oddRef || type === OTHER || c.arrayRef !== undefined || c.inline !== undefined)
      this.rare.set(i, {
        ref: oddRef ? c.ref : undefined,
        type: type === OTHER ? c.type : undefined,
        arrayRef: c.arrayRef,
        inline: own(c.inline),
      });
    else if (this.rare.size) this.rare.delete(i);
    let style = -1;
    if (c.style !== undefined) {
      style = this.styleIndex.get(c.style) ?? -1;
      if (style < 0) {
        style = this.styleNames.push(c.style) - 1;
        this.styleIndex.set(c.style, style);
      }
    }
    this.styles.data[i] = style;
    this.formulas[i] = own(c.formula);
    this.valueTexts[i] = own(c.value);
  }

  private cellOf(i: number): ScannedCell {
    const rare = this.rare.get(i);
    const type = this.types.data[i];
    const style = this.styles.data[i];
    return {
      ref: rare?.ref ?? cellAddress(this.rows.data[i], this.cols.data[i]),
      row: this.rows.data[i],
      col: this.cols.data[i],
      type: type === OTHER ? rare?.type : type ? TYPES[type] : undefined,
      style: style < 0 ? undefined : this.styleNames[style],
      formula: this.formulas[i],
      arrayRef: rare?.arrayRef,
      value: this.valueTexts[i],
      inline: rare?.inline,
    };
  }

  /** The slot of the cell kept under address `ref`; -1 when none. */
  private find(ref: string): number {
    const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
    if (!m) return -1;
    let col = 0;
    for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
    return this.slot(Number(m[2]), col, ref);
  }

  get(ref: string): ScannedCell | undefined {
    const i = this.find(ref);
    return i < 0 ? undefined : this.cellOf(i);
  }
  has(ref: string): boolean {
    return this.find(ref) >= 0;
  }
  forEach(f: (cell: ScannedCell, ref: string, map: ReadonlyMap<string, ScannedCell>) => void, thisArg?: unknown): void {
    for (const [ref, cell] of this) f.call(thisArg, cell, ref, this);
  }
  *entries(): MapIterator<[string, ScannedCell]> {
    for (let i = 0; i < this.rows.length; i++) {
      const cell = this.cellOf(i);
      yield [cell.ref, cell];
    }
  }
  *keys(): MapIterator<string> {
    for (let i = 0; i < this.rows.length; i++) yield this.refAt(i);
  }
  *values(): MapIterator<ScannedCell> {
    for (let i = 0; i < this.rows.length; i++) yield this.cellOf(i);
  }
  [Symbol.iterator](): MapIterator<[string, ScannedCell]> {
    return this.entries();
  }
}
