// The cells planning keeps from one sheet (AIECON formulas, the cells they read, the price tables),
// held compactly: a workbook with an AIECON formula on each of 860,000 rows keeps millions of cells,
// which as an object, an address string and a map entry each cost about 160 bytes a cell before
// their text. Here a cell is numbers in typed arrays and its formula and value strings; the
// ScannedCell a reader asks for is made when asked.
import { cellAddress } from "../../sheetModel/refs";
import { fits, ints, List } from "./dependents";
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

/**
 * A formula as planning reads it, with its leading "=", in a string of its own (as `own`): the
 * plan's translations and AIECON_Originals' entries hold this very text, where "=" joined to it
 * when read made a second copy of every converted formula (a V8 string joined is copied when read).
 */
function withEquals(formula: string): string {
  const text = "=" + formula;
  text.charCodeAt(0);
  return text;
}

/** The number a value's text is when it is a whole number written as String writes it (no sign, no leading zero), up to 9 digits. */
function integer(v: string | undefined): number | undefined {
  if (v === undefined || v.length === 0 || v.length > 9 || (v.length > 1 && v.charCodeAt(0) === 48)) return undefined;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}
const valueText = (v: string | number | undefined) => (typeof v === "number" ? String(v) : v);

/** True when `ref` is cellAddress(row, col), told without making that text: most cells' address is. */
function sameAddress(ref: string, row: number, col: number): boolean {
  let i = 0;
  let c = 0;
  for (let ch = ref.charCodeAt(0); ch >= 65 && ch <= 90 && i < 10; ch = ref.charCodeAt(++i)) c = c * 26 + ch - 64;
  // cellAddress writes no "$", no lowercase and no leading zero; longer ones are compared as text.
  if (i === 0 || i === ref.length || ref.charCodeAt(i) === 48 || ref.length - i > 15) return ref === cellAddress(row, col);
  let r = 0;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    r = r * 10 + d;
  }
  return r === row && c === col;
}

/** The parts few cells have: an address not as Excel writes it, a type not listed, an array formula's range, an inline string. */
interface Rare {
  /** A row or column beyond what an Int32Array holds (not Excel's, but a file may say so). */
  row?: number;
  col?: number;
  ref?: string;
  type?: string;
  arrayRef?: string;
  inline?: string;
}

/**
 * Row number → a number (a chain's first slot), for the rows of one sheet: open addressing in one
 * Int32Array, 16 to 32 bytes a row where a Map takes about 40. Rows beyond an Int32 (not Excel's,
 * but a file may say so) are in a Map.
 */
export class RowMap {
  /** Pairs of row (-1: empty) and value; half full at most. */
  private table = new Int32Array(32).fill(-1);
  private count = 0;
  private readonly far = new Map<number, number>();

  /** Where `row` is or would go. Sequential rows land on distinct places (an odd multiplier is a bijection modulo 2^k). */
  private place(row: number): number {
    const t = this.table;
    const mask = (t.length >> 1) - 1;
    let h = Math.imul(row, 0x9e3779b1) & mask;
    while (t[h * 2] !== -1 && t[h * 2] !== row) h = (h + 1) & mask;
    return h;
  }
  get(row: number): number | undefined {
    if (!fits(row)) return this.far.get(row);
    const h = this.place(row);
    return this.table[h * 2] === row ? this.table[h * 2 + 1] : undefined;
  }
  has(row: number): boolean {
    return this.get(row) !== undefined;
  }
  set(row: number, value: number): void {
    if (!fits(row)) {
      this.far.set(row, value);
      return;
    }
    let h = this.place(row);
    if (this.table[h * 2] !== row) {
      if ((this.count + 1) * 4 > this.table.length) {
        const old = this.table;
        this.table = new Int32Array(old.length * 2).fill(-1);
        for (let i = 0; i < old.length; i += 2) {
          if (old[i] === -1) continue;
          const p = this.place(old[i]);
          this.table[p * 2] = old[i];
          this.table[p * 2 + 1] = old[i + 1];
        }
        h = this.place(row);
      }
      this.table[h * 2] = row;
      this.count++;
    }
    this.table[h * 2 + 1] = value;
  }
}

/** A sheet's kept cells by address, in the order first kept (a Map's), each address once. */
export class SheetCells implements ReadonlyMap<string, ScannedCell> {
  private readonly rows = ints(64);
  private readonly cols = ints(64);
  /** The next cell of the same row (-1: none); each row's first cell is in `first`. */
  private readonly next = ints(64);
  private readonly first = new RowMap();
  private readonly types = new List(new Uint8Array(64), (n) => new Uint8Array(n));
  /** Index into `styleNames` (-1: none): a sheet has few distinct styles. */
  private readonly styles = ints(64);
  private readonly styleNames: string[] = [];
  private readonly styleIndex = new Map<string, number>();
  /** Each formula with its leading "=" (withEquals). */
  private readonly formulas: (string | undefined)[] = [];
  /** The values, a whole number of up to 9 digits as that number (a small integer costs V8 no object; its text 24 bytes). */
  private readonly valueTexts: (string | number | undefined)[] = [];
  private readonly rare = new Map<number, Rare>();
  /** The slots of the cells whose address is not cellAddress(row, col) ("A01"), by that address. */
  private readonly oddRefs = new Map<string, number>();

  get size(): number {
    return this.rows.length;
  }

  /** Lets go of the room kept for more cells. */
  trim(): void {
    for (const list of [this.rows, this.cols, this.next, this.types, this.styles]) list.trim();
  }

  /** The slot of the cell at row, col whose address reads `ref` (or is its own, with `own`); -1 when none. */
  private slot(row: number, col: number, ref?: string, own = false): number {
    for (let i = this.first.get(row) ?? -1; i >= 0; i = this.next.data[i])
      if (this.colAt(i) === col && (own ? this.rare.get(i)?.ref === undefined : this.refAt(i) === ref)) return i;
    return -1;
  }

  private rowAt(i: number): number {
    const row = this.rows.data[i];
    return row >= 0 ? row : this.rare.get(i)!.row!;
  }
  private colAt(i: number): number {
    const col = this.cols.data[i];
    return col >= 0 ? col : this.rare.get(i)!.col!;
  }
  private refAt(i: number): string {
    return this.rare.get(i)?.ref ?? cellAddress(this.rowAt(i), this.colAt(i));
  }

  /** The cell kept at row, col under its own address (as cellAddress writes it), as `get` gives it. */
  cellAt(row: number, col: number): ScannedCell | undefined {
    const i = this.slot(row, col, undefined, true);
    return i < 0 ? undefined : this.cellOf(i);
  }

  /** True when a cell is kept at row, col under its own address (as has(cellAddress(row, col)) tells). */
  hasCell(row: number, col: number): boolean {
    return this.slot(row, col, undefined, true) >= 0;
  }

  /** Keeps `c`, in place of a cell kept before at its address. */
  put(c: ScannedCell): void {
    let i = this.slot(c.row, c.col, c.ref);
    if (i < 0) {
      i = this.rows.length;
      this.rows.push(fits(c.row) ? c.row : -1);
      this.cols.push(fits(c.col) ? c.col : -1);
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
    const oddRef = !sameAddress(c.ref, c.row, c.col);
    const far = !fits(c.row) || !fits(c.col);
    if (oddRef || far || type === OTHER || c.arrayRef !== undefined || c.inline !== undefined)
      this.rare.set(i, {
        row: far ? c.row : undefined,
        col: far ? c.col : undefined,
        ref: oddRef ? c.ref : undefined,
        type: type === OTHER ? c.type : undefined,
        arrayRef: c.arrayRef,
        inline: own(c.inline),
      });
    else if (this.rare.size) this.rare.delete(i);
    if (oddRef) this.oddRefs.set(c.ref, i);
    let style = -1;
    if (c.style !== undefined) {
      style = this.styleIndex.get(c.style) ?? -1;
      if (style < 0) {
        style = this.styleNames.push(c.style) - 1;
        this.styleIndex.set(c.style, style);
      }
    }
    this.styles.data[i] = style;
    this.formulas[i] = c.formula === undefined ? undefined : withEquals(c.formula);
    this.valueTexts[i] = integer(c.value) ?? own(c.value);
  }

  private cellOf(i: number): ScannedCell {
    const rare = this.rare.get(i);
    const type = this.types.data[i];
    const style = this.styles.data[i];
    return {
      ref: rare?.ref ?? cellAddress(this.rowAt(i), this.colAt(i)),
      row: this.rowAt(i),
      col: this.colAt(i),
      type: type === OTHER ? rare?.type : type ? TYPES[type] : undefined,
      style: style < 0 ? undefined : this.styleNames[style],
      formula: this.formulas[i]?.slice(1),
      arrayRef: rare?.arrayRef,
      value: valueText(this.valueTexts[i]),
      inline: rare?.inline,
    };
  }

  /** The slot of the cell kept under address `ref`; -1 when none. */
  private find(ref: string): number {
    const odd = this.oddRefs.get(ref);
    if (odd !== undefined) return odd;
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
  /** Each kept cell's row, without making the cells. */
  forEachRow(f: (row: number) => void): void {
    for (let i = 0; i < this.rows.length; i++) f(this.rowAt(i));
  }
  /** Each kept cell's formula (and an array formula's range), without making the cells: planning reads only those. */
  forEachFormula(f: (row: number, col: number, formula: string, arrayRef: string | undefined) => void): void {
    this.forEachFormulaWithEquals((row, col, formula, arrayRef) => f(row, col, formula.slice(1), arrayRef));
  }
  /** As forEachFormula, each formula with its leading "=" as kept (no text is made). */
  forEachFormulaWithEquals(f: (row: number, col: number, formula: string, arrayRef: string | undefined) => void): void {
    const formulas = this.formulas;
    const rare = this.rare;
    for (let i = 0; i < this.rows.length; i++) {
      const formula = formulas[i];
      if (formula !== undefined) f(this.rowAt(i), this.colAt(i), formula, rare.size ? rare.get(i)?.arrayRef : undefined);
    }
  }
  /** The shared-string index each kept cell of type "s" without a formula names (as Number reads its value). */
  forEachSharedString(f: (index: number) => void): void {
    const types = this.types.data;
    const s = TYPE_CODE.get("s");
    for (let i = 0; i < this.rows.length; i++)
      if (types[i] === s && this.formulas[i] === undefined) {
        const v = this.valueTexts[i];
        f(typeof v === "number" ? v : Number(v));
      }
  }
  *values(): MapIterator<ScannedCell> {
    for (let i = 0; i < this.rows.length; i++) yield this.cellOf(i);
  }
  [Symbol.iterator](): MapIterator<[string, ScannedCell]> {
    return this.entries();
  }
}
