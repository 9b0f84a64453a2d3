// Which formula cells depend, directly or through others, on the cells a conversion rewrote. Only
// those lose their cached result (so every engine computes them afresh); every other formula keeps
// the value it showed, so a reader that does not recalculate on load (LibreOffice) still shows it
// and the sheet parts without dependents keep their bytes. Where a reference cannot be followed
// (INDIRECT, OFFSET, external links, names defined by formulas) the cell counts as dependent: a
// dropped cached value is recomputed, a kept stale one would be a silent wrong number.
import { tokenize, type Token } from "../../sheetModel/formula";
import { parseA1, columnNumber, type A1Range } from "../../sheetModel/refs";
import { CELL_REF, matchSlots } from "../formulaSlots";
import { firstAtLeast } from "./sortedSearch";

export interface FormulaCell {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  /** The formula as stored, without "=". */
  readonly formula: string;
}

export interface NamedRange {
  readonly name: string;
  /** Its definition as stored ("Sheet1!$A$1:$B$4", or a formula). */
  readonly refersTo: string;
  /** Sheet a sheet-scoped name belongs to. */
  readonly sheet?: string;
}

export interface TableArea {
  readonly name: string;
  readonly sheet: string;
  readonly range: A1Range;
}

/** A shared formula group's first cell: its formula (as stored, without "=") and where it stands. */
export interface SharedFirst {
  readonly formula: string;
  readonly row: number;
  readonly col: number;
}

export type Area = { readonly sheet: string; readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;
// References a formula can reach without naming them: their cells count as dependent on anything.
const UNFOLLOWABLE = /^(_xlfn\.)?(INDIRECT|OFFSET|CELL|EVALUATE|GET\.\w+)$/i;
// Functions whose result depends on the extent of the reference they are given, not on its cells.
const SHAPE_ONLY = /^(COLUMNS|ROWS)$/i;
/**
 * Beyond this many dependent cells the analysis stops and every formula counts as dependent. The
 * set costs about 100 bytes a cell; a workbook with an AIECON formula and a reader in each of
 * 150,000 rows has 300,000 (at 50,000 such a workbook lost every cached result).
 */
const MAX_DEPENDENTS = 1_000_000;

const unquote = (s: string) => (s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1).replace(/''/g, "'") : s);

/** The areas a reference token covers, or undefined when it cannot be followed. */
function areasOf(
  text: string,
  own: string,
  names: ReadonlyMap<string, NamedRange[]>,
  tables: ReadonlyMap<string, TableArea>,
  depth: number,
): Area[] | undefined {
  const spill = text.endsWith("#");
  const body = spill ? text.slice(0, -1) : text;
  const a1 = parseA1(body);
  if (a1) {
    const sheet = a1.sheet ?? own;
    // A spill's extent is not in the formula: everything below and right of its anchor.
    return [spill ? { sheet, top: a1.top, left: a1.left, bottom: MAX_ROW, right: MAX_COL } : { ...a1, sheet }];
  }
  const bang = body.lastIndexOf("!");
  const sheetText = bang >= 0 ? body.slice(0, bang) : undefined;
  // Another workbook ([1]Sheet!A1, '[1]Sheet'!A1): it reads nothing the conversion changes.
  if (sheetText !== undefined && /^'?\[[1-9]\d*\]/.test(sheetText)) return [];
  if (sheetText !== undefined && /[[\]]/.test(sheetText)) return undefined;
  if (sheetText !== undefined && sheetText.includes(":") && !sheetText.startsWith("'")) return undefined; // 3-D
  const sheet = sheetText === undefined ? own : unquote(sheetText);
  const rest = bang >= 0 ? body.slice(bang + 1) : body;
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(rest);
  if (cols) {
    const [a, b] = [columnNumber(cols[1]), columnNumber(cols[2])];
    return [{ sheet, top: 1, bottom: MAX_ROW, left: Math.min(a, b), right: Math.max(a, b) }];
  }
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(rest);
  if (rows) {
    const [a, b] = [Number(rows[1]), Number(rows[2])];
    return [{ sheet, top: Math.min(a, b), bottom: Math.max(a, b), left: 1, right: MAX_COL }];
  }
  const table = /^([^[\]]*)\[/.exec(rest);
  if (table) {
    // A structured reference: the whole table, whichever part it names (or this row's table).
    const t = table[1] === "" ? [...tables.values()].find((x) => x.sheet === own) : tables.get(table[1].toLowerCase());
    return t ? [{ ...t.range, sheet: t.sheet }] : undefined;
  }
  if (bang < 0 || sheetText !== undefined) {
    const defs = names.get(rest.toLowerCase());
    if (!defs) {
      // A table named alone covers its data; a name defined nowhere (or a LET/LAMBDA variable) reads no cell.
      const t = tables.get(rest.toLowerCase());
      return t ? [{ ...t.range, sheet: t.sheet }] : [];
    }
    if (depth > 8) return undefined;
    // A name scoped to this sheet wins over a workbook name of the same spelling.
    const def = defs.find((d) => d.sheet?.toLowerCase() === sheet.toLowerCase()) ?? defs.find((d) => d.sheet === undefined);
    if (!def) return undefined;
    return areasOfFormula(def.refersTo, def.sheet ?? own, names, tables, depth + 1);
  }
  return undefined;
}

// A formula of cell references, numbers and operators only (B5*C5, G7*2+E6): most formulas of a
// large model. Its references are read straight off the text, without tokenizing it, which gives
// the same areas (any function, name, text, sheet or other shape goes the full way).
const PLAIN_FORMULA = /^[A-Z0-9$:+\-*/^&=<>(),.%]*$/;
const PLAIN_REF = /(?<![A-Z0-9.$])\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?(?![A-Z0-9($:])/g;

function areasOfPlainFormula(formula: string, own: string): Area[] | undefined {
  if (!PLAIN_FORMULA.test(formula)) return undefined;
  const out: Area[] = [];
  let bad = false;
  const rest = formula.replace(PLAIN_REF, (_ref, c1: string, r1: string, c2: string | undefined, r2: string | undefined) => {
    const [a, b] = [columnNumber(c1), columnNumber(c2 ?? c1)];
    const [x, y] = [Number(r1), Number(r2 ?? r1)];
    const area = { sheet: own, top: Math.min(x, y), left: Math.min(a, b), bottom: Math.max(x, y), right: Math.max(a, b) };
    if (area.right > MAX_COL || area.bottom > MAX_ROW) bad = true;
    out.push(area);
    return "#";
  });
  return bad || /[A-Z:]/.test(rest) ? undefined : out;
}

const isLetter = (ch: number) => ch >= 65 && ch <= 90;
const isDigit = (ch: number) => ch >= 48 && ch <= 57;
// The characters PLAIN_FORMULA admits besides letters and digits.
const PLAIN_OTHER = new Uint8Array(128);
for (const ch of "$:+-*/^&=<>(),.%") PLAIN_OTHER[ch.charCodeAt(0)] = 1;

/**
 * areasOfPlainFormula by character codes, each area as top, left, bottom, right into `out` (own
 * sheet) from its start: how many numbers it wrote, or -1 when the formula is not plain or a
 * reference is out of the grid, as there. A plain formula's letters and colons all belong to
 * references (else it is not plain), each read whole. `out` is written in place, never emptied:
 * an array's length set to 0 lets go of its room, and the pushes after it took it again for each
 * formula (a sixth of all the first scan allocated on a dense sheet). `asWritten`: each reference
 * instead as its two corners as written and which of their parts a "$" anchors (MovedReads).
 */
function plainAreas(formula: string, out: number[], asWritten = false): number {
  let count = 0;
  const n = formula.length;
  let i = formula.charCodeAt(0) === 61 ? 1 : 0; // "="
  while (i < n) {
    const ch = formula.charCodeAt(i);
    if (isLetter(ch) || ch === 36) {
      // (?<![A-Z0-9.$]) before the reference.
      const before = i > 0 ? formula.charCodeAt(i - 1) : 0;
      if (isLetter(before) || isDigit(before) || before === 46 || before === 36) return -1;
      let end = cellEnd(formula, i, n);
      if (end < 0) return -1;
      const c1 = cellCol;
      const r1 = cellRow;
      let c2 = c1;
      let r2 = r1;
      let anchors = cellAnchors * 5; // the second corner of a single cell is the first
      if (end < n && formula.charCodeAt(end) === 58) {
        end = cellEnd(formula, end + 1, n);
        if (end < 0) return -1;
        c2 = cellCol;
        r2 = cellRow;
        anchors = (anchors & 3) | (cellAnchors << 2);
      }
      // (?![A-Z0-9($:]) after it.
      const after = end < n ? formula.charCodeAt(end) : 0;
      if (isLetter(after) || isDigit(after) || after === 40 || after === 36 || after === 58) return -1;
      const bottom = r1 > r2 ? r1 : r2;
      const right = c1 > c2 ? c1 : c2;
      if (right > MAX_COL || bottom > MAX_ROW) return -1;
      if (asWritten) {
        out[count] = r1;
        out[count + 1] = c1;
        out[count + 2] = r2;
        out[count + 3] = c2;
        out[count + 4] = anchors;
        count += 5;
      } else {
        out[count] = r1 < r2 ? r1 : r2;
        out[count + 1] = c1 < c2 ? c1 : c2;
        out[count + 2] = bottom;
        out[count + 3] = right;
        count += 4;
      }
      i = end;
    } else if (isDigit(ch) || (ch < 128 && PLAIN_OTHER[ch] && ch !== 58)) i++;
    else return -1;
  }
  return count;
}

/** The column and row cellEnd read last (module state: a closure made per formula cost more than the reading). */
let cellCol = 0;
let cellRow = 0;
/** Which of them a "$" anchors: 1 the row, 2 the column (MovedReads' order: row, then column). */
let cellAnchors = 0;

/** Reads $?[A-Z]{1,3}$?\d+ from `at` into cellCol and cellRow: its end, or -1 when not one. */
function cellEnd(formula: string, at: number, n: number): number {
  // (No character is read at or past `n`: a read past a string's end makes V8 drop the optimised code.)
  let j = at;
  let anchors = 0;
  if (j < n && formula.charCodeAt(j) === 36) {
    anchors = 2;
    j++;
  }
  let col = 0;
  const letters = j;
  for (; j < n; j++) {
    const ch = formula.charCodeAt(j);
    if (!isLetter(ch)) break;
    col = col * 26 + (ch - 64);
  }
  if (j === letters || j - letters > 3) return -1;
  if (j < n && formula.charCodeAt(j) === 36) {
    anchors |= 1;
    j++;
  }
  let row = 0;
  const digits = j;
  for (; j < n; j++) {
    const ch = formula.charCodeAt(j);
    if (!isDigit(ch)) break;
    row = Math.min(row * 10 + (ch - 48), 1e9);
  }
  cellCol = col;
  cellRow = row;
  cellAnchors = anchors;
  return j === digits ? -1 : j;
}

/**
 * The references of a plain formula (plainAreas) as written, to be read moved: the first cell of a
 * shared formula group, whose other cells read its text moved by their distance from it
 * (FormulaShift: a part a "$" anchors stays, the others move). The index reads those cells' areas
 * from here, without the moved text made and read again for each (most cells of a sheet Excel saved).
 */
export class MovedReads {
  private constructor(
    /** Per reference: first row and column, second row and column, anchors (1, 2: the first's row, column; 4, 8: the second's). */
    private readonly refs: Int32Array,
  ) {}

  /** The references of `formula`, or undefined when it is not plain (its moved text is read as text then). */
  static of(formula: string): MovedReads | undefined {
    const written: number[] = [];
    const n = plainAreas(formula, written, true);
    return n < 0 ? undefined : new MovedReads(Int32Array.from(written));
  }

  /**
   * The areas the formula moved by `rows` and `cols` reads, as plainAreas reads its moved text
   * (top, left, bottom, right into `out`): how many numbers, or -1 when a part leaves the grid (the
   * moved text reads #REF! there, or is not plain: it is read as text then).
   */
  moved(rows: number, cols: number, out: number[]): number {
    const refs = this.refs;
    let count = 0;
    for (let k = 0; k < refs.length; k += 5) {
      const anchors = refs[k + 4];
      const r1 = anchors & 1 ? refs[k] : refs[k] + rows;
      const c1 = anchors & 2 ? refs[k + 1] : refs[k + 1] + cols;
      const r2 = anchors & 4 ? refs[k + 2] : refs[k + 2] + rows;
      const c2 = anchors & 8 ? refs[k + 3] : refs[k + 3] + cols;
      if (r1 < 1 || r2 < 1 || c1 < 1 || c2 < 1 || r1 > MAX_ROW || r2 > MAX_ROW || c1 > MAX_COL || c2 > MAX_COL) return -1;
      out[count] = r1 < r2 ? r1 : r2;
      out[count + 1] = c1 < c2 ? c1 : c2;
      out[count + 2] = r1 > r2 ? r1 : r2;
      out[count + 3] = c1 > c2 ? c1 : c2;
      count += 4;
    }
    return count;
  }
}

/**
 * Every area a formula reads, or undefined when one of its references cannot be followed. `each`
 * sees each reference token read, where it starts in `formula` and the areas it gave.
 */
function areasOfFormula(
  formula: string,
  own: string,
  names: ReadonlyMap<string, NamedRange[]>,
  tables: ReadonlyMap<string, TableArea>,
  depth = 0,
  each?: (at: number, text: string, areas: readonly Area[]) => void,
): Area[] | undefined {
  const plain = areasOfPlainFormula(formula.replace(/^=/, ""), own);
  if (plain) return plain;
  const body = formula.replace(/^\s*=/, "");
  let all;
  try {
    all = tokenize(body);
  } catch {
    return undefined;
  }
  const out: Area[] = [];
  const tokens: (Token & { at: number })[] = [];
  for (let i = 0, at = formula.length - body.length; i < all.length; at += all[i++].text.length)
    if (all[i].type !== "space") tokens.push({ ...all[i], at });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === "func" && UNFOLLOWABLE.test(t.text)) return undefined;
    // COLUMNS(A10:D21) and ROWS(...) read a reference's shape, never its cells' values.
    if (
      t.type === "func" &&
      SHAPE_ONLY.test(t.text) &&
      tokens[i + 1]?.type === "open" &&
      tokens[i + 2]?.type === "ref" &&
      tokens[i + 3]?.type === "close"
    ) {
      i += 3;
      continue;
    }
    if (t.type !== "ref") continue;
    const areas = areasOf(t.text, own, names, tables, depth);
    if (!areas) return undefined;
    each?.(t.at, t.text, areas);
    out.push(...areas);
  }
  return out;
}

/**
 * A formula's text with its cell references as slots, and how its areas come from them, made from
 * one formula the tokenizer read: another formula of the same shape (B3*C3+SUM(A:A) after
 * B2*C2+SUM(A:A), or the same AIECON call on the next row) matches it and reads the areas its own
 * references name, without being tokenized. A match needs every character outside the slots equal
 * and a cell reference in each slot: the formula's tokens are then the same tokens, its cell
 * references aside, and a cell reference reads the area its text names wherever it stands.
 */
class FormulaShape {
  /** The text before each slot, and after the last. */
  private readonly pieces: string[] = [];
  /** The areas in order: a fixed one (a name's, a table's, A:A), or [sheet, first slot, last slot] for one made of slots. */
  private readonly areas: (Area | [string, number, number])[] = [];
  /** The column and row in each slot of the formula matched last. */
  private readonly found: number[] = [];

  private constructor(
    readonly sheet: string,
    /** False: the formula reads what cannot be followed (INDIRECT...), whatever its references. */
    private readonly followable: boolean,
  ) {}

  /** The shape of `formula` on `sheet`, with the areas it reads (undefined when one cannot be followed). */
  static of(formula: string, sheet: string, index: FormulaIndex): [FormulaShape, Area[] | undefined] {
    const shape = new FormulaShape(sheet, true);
    let last = 0;
    let slots = 0;
    const read = index.readsEach(formula, sheet, (at, text, areas) => {
      const bang = text.lastIndexOf("!");
      const cells = text.slice(bang + 1).split(":");
      // Anything but cell references (a name, a table, A:A, a spill, another workbook's) stays text.
      if (text.endsWith("#") || !cells.every((c) => CELL_REF.test(c)) || areas.length !== 1 || !parseA1(text)) {
        shape.areas.push(...areas);
        return;
      }
      let p = at + bang + 1;
      for (const c of cells) {
        shape.pieces.push(formula.slice(last, p));
        last = p + c.length;
        p = last + 1;
      }
      shape.areas.push([areas[0].sheet, slots, slots + cells.length - 1]);
      slots += cells.length;
    });
    if (read === undefined) {
      const unfollowable = new FormulaShape(sheet, false);
      unfollowable.pieces.push(formula);
      return [unfollowable, undefined];
    }
    shape.pieces.push(formula.slice(last));
    return [shape, read];
  }

  /** The areas `formula` reads when it is of this shape; "other" when it is not. */
  match(formula: string): Area[] | undefined | "other" {
    const { pieces, found } = this;
    if (!matchSlots(pieces, formula, found)) return "other";
    if (!this.followable) return undefined;
    return this.areas.map((a) => {
      if (!Array.isArray(a)) return a;
      const [sheet, i, j] = a;
      const [c1, r1, c2, r2] = [found[i * 2], found[i * 2 + 1], found[j * 2], found[j * 2 + 1]];
      return { sheet, top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) };
    });
  }
}

// Sheet names are case-insensitive in references.
const key = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}\u0000${row}\u0000${col}`;

/**
 * Typed storage: millions of formulas cost bytes each, not an object each. It grows by half again
 * while small, and four-fold once past LARGE entries: each growth leaves the old array for the
 * collector, and growing by half left twice the final size behind (a dense 50 MB workbook's formula
 * index and kept cells, about 250 MB, had left some 180 MB of dead arrays when its scan ended; its
 * peak was a median of 897 MB against 761 now, six runs each). The room not written yet is mostly
 * address space: a large array's pages stay untouched until written, and trim() gives it back.
 */
export class List<A extends Int32Array | Float64Array | Uint8Array> {
  static readonly LARGE = 1 << 18;
  length = 0;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
  ) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const n = this.data.length;
      const next = this.make(n >= List.LARGE ? n * 4 : Math.ceil(n * 1.5) + 16);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  /** Lets go of the room kept for more. */
  trim(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, this.length) as A;
  }
}
export const ints = (size = 1024) => new List(new Int32Array(size), (n) => new Int32Array(n));

const INT_MAX = 0x7fffffff;
/** True when a row or column number fits an Int32Array (Excel's all do; a file may state any). */
export const fits = (n: number) => n >= 0 && n <= INT_MAX;
/** A read's row or column as an Int32Array holds it: a row range may be written 5:99999999999, which reaches as far as any row. */
const clamp = (n: number) => (n > INT_MAX ? INT_MAX : n);
const EMPTY = -0x80000000;

/**
 * Pairs of int32 numbers (row and column) → a number ≥ 0, by open addressing in typed arrays: no
 * object, no string and no heap number per cell, where a Set of numeric keys beyond 2^31 boxed each.
 */
class PairTable {
  /** Pairs of keys (EMPTY: free), and the values; half full at most. */
  private keys = new Int32Array(64).fill(EMPTY);
  private values = new Int32Array(32);
  private count = 0;

  /** Where (a, b) is or would go. Rows one after another land on distinct places (an odd multiplier is a bijection modulo 2^k). */
  private place(a: number, b: number): number {
    const k = this.keys;
    const mask = this.values.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    while (k[h * 2] !== EMPTY && (k[h * 2] !== a || k[h * 2 + 1] !== b)) h = (h + 1) & mask;
    return h;
  }
  /** The value of (a, b), -1 when none. */
  get(a: number, b: number): number {
    const h = this.place(a, b);
    return this.keys[h * 2] === EMPTY ? -1 : this.values[h];
  }
  set(a: number, b: number, value: number): void {
    let h = this.place(a, b);
    if (this.keys[h * 2] === EMPTY) {
      if ((this.count + 1) * 2 > this.values.length) {
        const [keys, values] = [this.keys, this.values];
        this.keys = new Int32Array(keys.length * 2).fill(EMPTY);
        this.values = new Int32Array(values.length * 2);
        for (let i = 0; i < values.length; i++) {
          if (keys[i * 2] === EMPTY) continue;
          const p = this.place(keys[i * 2], keys[i * 2 + 1]);
          this.keys[p * 2] = keys[i * 2];
          this.keys[p * 2 + 1] = keys[i * 2 + 1];
          this.values[p] = values[i];
        }
        h = this.place(a, b);
      }
      this.keys[h * 2] = a;
      this.keys[h * 2 + 1] = b;
      this.count++;
    }
    this.values[h] = value;
  }
}

/** Passes over the formulas before the analysis gives up (a chain that runs upwards needs one pass a link). */
const MAX_PASSES = 25;

/**
 * The stale cells of one sheet, in the order found: each row's cells chained from its last one
 * (rows within Excel's grid by an array indexed by row, so a pass over formulas in row order reads
 * memory in order), a row of many by a hash of row and column; the rows in order for tall ranges
 * (rows added since the last sort wait in `tail`, sorted in once it grows). A list kept sorted by
 * insertion made the test quadratic when stale cells arrive out of row order, as a converted
 * column and the column reading it do (40,000 rows: 15 s). Cells beyond an Int32Array's reach (not
 * Excel's, but a file may state them) are kept apart, as text, and tried one by one.
 */
class StaleCells implements SheetStale {
  private static readonly SHORT = 256;
  /** A row of more cells than this is also in `cells`, asked instead of following its chain. */
  private static readonly LONG = 8;
  /** Row → its last entry (-1: none), rows up to MAX_ROW; `farRows` holds the rest. */
  private lastOfRow = new Int32Array(1024).fill(-1);
  private readonly farRows = new Map<number, number>();
  /** (row, column) → 1, for the cells of long rows. */
  private readonly cells = new PairTable();
  /** The cells found, in order: row, column; the previous entry of the same row, and how many the row had then. */
  readonly rows = ints(64);
  readonly cols = ints(64);
  private readonly previous = ints(64);
  private readonly depth = ints(64);
  private sorted: number[] = [];
  private tail: number[] = [];
  /**
   * The columns holding a stale cell, and the box around them all: most cells a formula reads are
   * not stale, and are told so at once.
   */
  private readonly colHas = new Uint8Array(MAX_COL + 1);
  private beyondMaxCol = false;
  private top = INT_MAX;
  private bottom = -1;
  private left = INT_MAX;
  private right = -1;
  /** Cells whose row or column does not fit an Int32Array. */
  readonly far: { readonly row: number; readonly col: number }[] = [];
  private readonly farKeys = new Set<string>();

  get size(): number {
    return this.rows.length + this.far.length;
  }

  /** The last entry of `row` (-1: none). */
  private lastOf(row: number): number {
    if (row > MAX_ROW) return this.farRows.get(row) ?? -1;
    return row < this.lastOfRow.length ? this.lastOfRow[row] : -1;
  }
  private setLast(row: number, entry: number): void {
    if (row > MAX_ROW) {
      this.farRows.set(row, entry);
      return;
    }
    if (row >= this.lastOfRow.length) {
      let n = this.lastOfRow.length;
      while (n <= row) n *= 2;
      const grown = new Int32Array(Math.min(n, MAX_ROW + 1)).fill(-1);
      grown.set(this.lastOfRow);
      this.lastOfRow = grown;
    }
    this.lastOfRow[row] = entry;
  }
  /** True when the row holding entry `last` (-1: none) holds (row, col). */
  private inChain(last: number, row: number, col: number): boolean {
    if (last < 0) return false;
    if (this.depth.data[last] > StaleCells.LONG) return this.cells.get(row, col) >= 0;
    const cols = this.cols.data;
    const previous = this.previous.data;
    for (let e = last; e >= 0; e = previous[e]) if (cols[e] === col) return true;
    return false;
  }

  /** Adds a cell; false when it was in already. */
  add(row: number, col: number): boolean {
    if (!fits(row) || !fits(col)) {
      const k = `${row},${col}`;
      if (this.farKeys.has(k)) return false;
      this.farKeys.add(k);
      this.far.push({ row, col });
      return true;
    }
    const last = this.lastOf(row);
    if (this.inChain(last, row, col)) return false;
    if (col <= MAX_COL) this.colHas[col] = 1;
    else this.beyondMaxCol = true;
    if (row < this.top) this.top = row;
    if (row > this.bottom) this.bottom = row;
    if (col < this.left) this.left = col;
    if (col > this.right) this.right = col;
    const entry = this.rows.length;
    const depth = last < 0 ? 1 : this.depth.data[last] + 1;
    this.rows.push(row);
    this.cols.push(col);
    this.previous.push(last);
    this.depth.push(depth);
    this.setLast(row, entry);
    if (depth === StaleCells.LONG + 1) {
      // The row turns long: its cells so far go into the hash, and each one after.
      const previous = this.previous.data;
      for (let e = entry; e >= 0; e = previous[e]) this.cells.set(row, this.cols.data[e], 1);
    } else if (depth > StaleCells.LONG) this.cells.set(row, col, 1);
    if (last < 0) {
      this.tail.push(row);
      if (this.tail.length > 4096) this.sortIn();
    }
    return true;
  }
  /** True when the cell (within an Int32Array's reach, as every cell a formula reads singly is) is stale. */
  has(row: number, col: number): boolean {
    if (col <= MAX_COL ? !this.colHas[col] : !this.beyondMaxCol) return false;
    return row >= this.top && row <= this.bottom && this.inChain(this.lastOf(row), row, col);
  }
  /** False when no stale cell (within an Int32Array's reach) can lie in columns left to right. */
  private colsMayHold(left: number, right: number): boolean {
    if (right < this.left || left > this.right) return false;
    if (right - left > 64) return true;
    for (let c = left; c <= right; c++) if (c > MAX_COL ? this.beyondMaxCol : this.colHas[c]) return true;
    return false;
  }
  private sortIn(): void {
    const tail = this.tail;
    let ascending = tail[0] > (this.sorted.length ? this.sorted[this.sorted.length - 1] : -1);
    for (let i = 1; i < tail.length && ascending; i++) ascending = tail[i - 1] < tail[i];
    // Rows mostly come in order: appended as they are; else sorted as numbers, with no comparison called.
    if (ascending) for (const r of tail) this.sorted.push(r);
    else this.sorted = Array.from(Int32Array.from(this.sorted.concat(tail)).sort());
    this.tail = [];
  }
  private inRow(row: number, left: number, right: number): boolean {
    const cols = this.cols.data;
    const previous = this.previous.data;
    for (let e = this.lastOf(row); e >= 0; e = previous[e]) if (cols[e] >= left && cols[e] <= right) return true;
    return false;
  }
  hit(top: number, left: number, bottom: number, right: number): boolean {
    // A bound clamped to INT_MAX (clamp) reaches as far as any row or column.
    for (const c of this.far)
      if (c.row >= top && (c.row <= bottom || bottom === INT_MAX) && c.col >= left && (c.col <= right || right === INT_MAX)) return true;
    if (bottom < this.top || top > this.bottom || !this.colsMayHold(left, right)) return false;
    if (bottom - top < StaleCells.SHORT) {
      for (let r = top; r <= bottom; r++) if (this.inRow(r, left, right)) return true;
      return false;
    }
    for (const r of this.tail) if (r >= top && r <= bottom && this.inRow(r, left, right)) return true;
    const rows = this.sorted;
    for (let j = firstAtLeast(rows, top); j < rows.length && rows[j] <= bottom; j++) if (this.inRow(rows[j], left, right)) return true;
    return false;
  }
  /** has(), and the cells beyond an Int32Array's reach too. */
  holds(row: number, col: number): boolean {
    return (fits(row) && fits(col) && this.has(row, col)) || this.far.some((c) => c.row === row && c.col === col);
  }
  /** True when the row holds a stale cell. */
  holdsRow(row: number): boolean {
    return (fits(row) && this.lastOf(row) >= 0) || this.far.some((c) => c.row === row);
  }
  /** Every cell, in the order found (those beyond an Int32Array's reach last). */
  forEach(f: (row: number, col: number) => void): void {
    const rows = this.rows.data;
    const cols = this.cols.data;
    for (let e = 0; e < this.rows.length; e++) f(rows[e], cols[e]);
    for (const c of this.far) f(c.row, c.col);
  }
}

/** One sheet's stale cells, asked per cell and per row. */
export interface SheetStale {
  holds(row: number, col: number): boolean;
  holdsRow(row: number): boolean;
  forEach(f: (row: number, col: number) => void): void;
}

/** The stale cells by sheet (its name in lower case, as cellKey names it). */
export type StaleBySheet = Map<string, SheetStale>;

/**
 * Every formula of a workbook, as the cells and ranges it reads, held compactly (about 16 bytes a
 * formula and 8 a cell it reads on its own sheet) so a workbook of millions of formulas can be scanned once (a
 * streaming read) and asked afterwards which cells depend on the converted ones. References are
 * resolved as each formula is added: names and tables are known first.
 */
export class FormulaIndex {
  private readonly names = new Map<string, NamedRange[]>();
  private readonly tables: Map<string, TableArea>;
  private readonly sheets: string[] = [];
  private readonly sheetIndex = new Map<string, number>();
  /** Per formula: its own cell, and where its single cells and its ranges end (they start where the previous formula's end). */
  private readonly ownRow = ints();
  private readonly ownCol = ints();
  /** The own cells beyond an Int32Array's reach (-1 in ownRow), by formula. */
  private readonly farOwn = new Map<number, { row: number; col: number }>();
  /** The formulas of one sheet follow each other: where each run starts, and its sheet. */
  private readonly runStart = ints(16);
  private readonly runSheet = ints(16);
  private readonly singleEnd = ints();
  private readonly rangeEnd = ints();
  /** The single cells formulas read: row and column, after -1 - sheet when not on the formula's own sheet (rows are never negative). */
  private readonly singles = ints();
  /** The ranges formulas read: sheet, top, left, bottom, right. */
  private readonly ranges = ints();
  /** Formulas that read what cannot be followed (INDIRECT, OFFSET...): they depend on anything. */
  private readonly unfollowable: number[] = [];
  /** Formulas per sheet number. */
  private readonly perSheet: number[] = [];
  count = 0;

  constructor(definedNames: readonly NamedRange[] = [], tables: readonly TableArea[] = []) {
    for (const n of definedNames) this.names.set(n.name.toLowerCase(), [...(this.names.get(n.name.toLowerCase()) ?? []), n]);
    this.tables = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  }

  private lastSheet = "";
  private lastSheetIndex = -1;

  private sheetOf(name: string): number {
    // Formulas arrive sheet by sheet: the same name again and again.
    if (name === this.lastSheet) return this.lastSheetIndex;
    const k = name.toLowerCase();
    let i = this.sheetIndex.get(k);
    if (i === undefined) {
      i = this.sheets.length;
      this.sheets.push(name);
      this.sheetIndex.set(k, i);
    }
    this.lastSheet = name;
    this.lastSheetIndex = i;
    return i;
  }

  /** The shapes of the last formulas that needed the tokenizer, the latest first (FormulaShape). */
  private readonly shapes: FormulaShape[] = [];
  private static readonly SHAPES = 8;

  /** The areas a formula on `sheet` reads (through this workbook's names and tables), or undefined when one cannot be followed. */
  reads(formula: string, sheet: string): readonly Area[] | undefined {
    const shapes = this.shapes;
    for (let i = 0; i < shapes.length; i++) {
      if (shapes[i].sheet !== sheet) continue;
      const read = shapes[i].match(formula);
      if (read === "other") continue;
      if (i > 0) [shapes[i - 1], shapes[i]] = [shapes[i], shapes[i - 1]];
      return read;
    }
    if (plainAreas(formula, this.plain) >= 0) return areasOfFormula(formula, sheet, this.names, this.tables);
    const [shape, read] = FormulaShape.of(formula, sheet, this);
    shapes.unshift(shape);
    if (shapes.length > FormulaIndex.SHAPES) shapes.pop();
    return read;
  }

  /** As `reads`, without a shape, with each reference token read given to `each` (FormulaShape). */
  readsEach(formula: string, sheet: string, each: (at: number, text: string, areas: readonly Area[]) => void): Area[] | undefined {
    return areasOfFormula(formula, sheet, this.names, this.tables, 0, each);
  }

  /** Adds one formula cell (its formula as stored, without "="); returns the areas it reads (undefined: not followable). */
  add(sheet: string, row: number, col: number, formula: string): readonly Area[] | undefined {
    const read = this.reads(formula, sheet);
    const s = this.sheetOf(sheet);
    this.open(s, row, col);
    if (read === undefined) this.unfollowable.push(this.count);
    for (const a of read ?? []) this.push(s, this.sheetOf(a.sheet), a.top, a.left, a.bottom, a.right);
    this.close(s);
    return read;
  }

  private readonly plain: number[] = [];

  /**
   * Adds one formula cell as `add` does, without making the areas it reads into objects when its
   * formula is only references and operators (B5*C5): the common case, read by character codes.
   */
  addFormula(sheet: string, row: number, col: number, formula: string): void {
    const out = this.plain;
    const count = plainAreas(formula, out);
    if (count < 0) {
      this.add(sheet, row, col, formula);
      return;
    }
    const s = this.sheetOf(sheet);
    this.open(s, row, col);
    for (let k = 0; k < count; k += 4) this.push(s, s, out[k], out[k + 1], out[k + 2], out[k + 3]);
    this.close(s);
  }

  /** Each shared formula group's first cell (by its object) → its references to be read moved, null when it is not plain. */
  private readonly movedReads = new WeakMap<SharedFirst, MovedReads | null>();

  /**
   * Adds a shared formula group's other cell at row, col as addFormula adds the group's text moved
   * to it (FormulaShift), without that text: false, with nothing added, when the group's formula is
   * not plain or a reference moved leaves the grid (the cell's moved text goes to addFormula then).
   */
  addMoved(sheet: string, row: number, col: number, first: SharedFirst): boolean {
    let reads = this.movedReads.get(first);
    if (reads === undefined) this.movedReads.set(first, (reads = MovedReads.of(first.formula) ?? null));
    if (!reads || !fits(row) || !fits(col)) return false;
    const out = this.plain;
    const count = reads.moved(row - first.row, col - first.col, out);
    if (count < 0) return false;
    const s = this.sheetOf(sheet);
    this.open(s, row, col);
    for (let k = 0; k < count; k += 4) this.push(s, s, out[k], out[k + 1], out[k + 2], out[k + 3]);
    this.close(s);
    return true;
  }

  /** Starts the next formula, at row, col of sheet number `s`. */
  private open(s: number, row: number, col: number): void {
    const runs = this.runSheet;
    if (runs.length === 0 || runs.data[runs.length - 1] !== s) {
      this.runStart.push(this.count);
      runs.push(s);
    }
    if (fits(row) && fits(col)) {
      this.ownRow.push(row);
      this.ownCol.push(col);
    } else {
      this.ownRow.push(-1);
      this.ownCol.push(-1);
      this.farOwn.set(this.count, { row, col });
    }
  }

  /** Notes that the formula on sheet number `own` reads an area of sheet number `s`. */
  private push(own: number, s: number, top: number, left: number, bottom: number, right: number): void {
    if (top === bottom && left === right) {
      if (s !== own) this.singles.push(-1 - s);
      this.singles.push(clamp(top));
      this.singles.push(clamp(left));
    } else {
      this.ranges.push(s);
      this.ranges.push(clamp(top));
      this.ranges.push(clamp(left));
      this.ranges.push(clamp(bottom));
      this.ranges.push(clamp(right));
    }
  }

  /** Ends the formula just added (on sheet number `s`). */
  private close(s: number): void {
    this.singleEnd.push(this.singles.length);
    this.rangeEnd.push(this.ranges.length / 5);
    this.count++;
    this.perSheet[s] = (this.perSheet[s] ?? 0) + 1;
  }

  /** Lets go of the room kept for formulas to come (a third of the index, on average): once the scan has added them all. */
  compact(): void {
    for (const list of [this.ownRow, this.ownCol, this.runStart, this.runSheet, this.singleEnd, this.rangeEnd, this.singles, this.ranges])
      list.trim();
  }

  /** True when the sheet holds at least one formula. */
  hasFormulas(sheet: string): boolean {
    const s = this.sheetIndex.get(sheet.toLowerCase());
    return s !== undefined && (this.perSheet[s] ?? 0) > 0;
  }

  /** The sheet number of formula `i`. */
  private sheetAt(i: number): number {
    // The last run starting at or before i (the first starts at 0).
    return this.runSheet.data[Math.max(0, firstAtLeast(this.runStart.data, i + 1, this.runStart.length) - 1)];
  }

  /**
   * The cells whose result depends on any of `changed` (sheet → cells), themselves included, by
   * sheet number; "all" when the analysis gave up (too many dependents, or too long a chain).
   */
  private staleCells(changed: ReadonlyMap<string, Iterable<{ row: number; col: number }>>): (StaleCells | undefined)[] | "all" {
    const bySheet: (StaleCells | undefined)[] = [];
    let size = 0;
    const mark = (s: number, row: number, col: number): boolean => {
      const cells = (bySheet[s] ??= new StaleCells());
      if (!cells.add(row, col)) return false;
      size++;
      return true;
    };
    const farOwn = this.farOwn;
    const markOwn = (s: number, i: number, row: number, col: number): boolean => {
      if (row >= 0) return mark(s, row, col);
      const far = farOwn.get(i)!;
      return mark(s, far.row, far.col);
    };
    for (const [sheet, cells] of changed) {
      const s = this.sheetOf(sheet);
      for (const c of cells) mark(s, c.row, c.col);
    }
    if (size === 0) return bySheet;
    const ownRow = this.ownRow.data;
    const ownCol = this.ownCol.data;
    const singleEnd = this.singleEnd.data;
    const rangeEnd = this.rangeEnd.data;
    const singles = this.singles.data;
    const ranges = this.ranges.data;
    const runStart = this.runStart.data;
    const runSheet = this.runSheet.data;
    const runs = this.runStart.length;
    const isStale = new Uint8Array(this.count);
    for (const i of this.unfollowable) {
      isStale[i] = 1;
      markOwn(this.sheetAt(i), i, ownRow[i], ownCol[i]);
    }
    for (let pass = 0; ; pass++) {
      if (pass === MAX_PASSES) return "all";
      let marked = false;
      let run = -1;
      let s = -1;
      let runEnd = 0;
      for (let i = 0; i < this.count; i++) {
        while (i >= runEnd) {
          run++;
          s = runSheet[run];
          runEnd = run + 1 < runs ? runStart[run + 1] : this.count;
        }
        if (isStale[i]) continue;
        let hit = false;
        for (let k = i ? singleEnd[i - 1] : 0; k < singleEnd[i] && !hit; k += 2) {
          let cells = bySheet[s];
          if (singles[k] < 0) cells = bySheet[-1 - singles[k++]];
          hit = cells !== undefined && cells.has(singles[k], singles[k + 1]);
        }
        for (let k = i ? rangeEnd[i - 1] : 0; k < rangeEnd[i] && !hit; k++) {
          const cells = bySheet[ranges[k * 5]];
          hit = cells !== undefined && cells.hit(ranges[k * 5 + 1], ranges[k * 5 + 2], ranges[k * 5 + 3], ranges[k * 5 + 4]);
        }
        if (!hit) continue;
        isStale[i] = 1;
        // A cell marked mid-pass is seen by the formulas after it: a downward chain takes one pass.
        if (markOwn(s, i, ownRow[i], ownCol[i])) marked = true;
        if (size > MAX_DEPENDENTS) return "all";
      }
      if (!marked) break;
    }
    return bySheet;
  }

  /**
   * The cells whose result depends on any of `changed` (sheet → cells), themselves included, as
   * keys of cellKey; "all" when the analysis gave up (too many dependents, or too long a chain).
   */
  dependents(changed: ReadonlyMap<string, Iterable<{ row: number; col: number }>>): Set<string> | "all" {
    const bySheet = this.staleCells(changed);
    if (bySheet === "all") return "all";
    const out = new Set<string>();
    bySheet.forEach((cells, s) => {
      const name = `${this.sheets[s].toLowerCase()}\u0000`;
      cells?.forEach((row, col) => out.add(`${name}${row}\u0000${col}`));
    });
    return out;
  }

  /**
   * The cells of `dependents`, by sheet (its name in lower case, as cellKey names it; sheets
   * without one left out), asked per cell and per row of the compact sets the analysis made: no
   * text, Map or Set per cell or row; "all" when the analysis gave up.
   */
  dependentsBySheet(changed: ReadonlyMap<string, Iterable<{ row: number; col: number }>>): StaleBySheet | "all" {
    const bySheet = this.staleCells(changed);
    if (bySheet === "all") return "all";
    const out: StaleBySheet = new Map();
    bySheet.forEach((cells, s) => {
      if (cells?.size) out.set(this.sheets[s].toLowerCase(), cells);
    });
    return out;
  }
}

/**
 * The cells whose result depends on any of `changed` (sheet → cells), themselves included, as
 * keys of cellKey; "all" when the analysis gave up (too many dependents).
 */
export function dependentCells(
  formulas: readonly FormulaCell[],
  changed: ReadonlyMap<string, Iterable<{ row: number; col: number }>>,
  definedNames: readonly NamedRange[] = [],
  tables: readonly TableArea[] = [],
): Set<string> | "all" {
  const index = new FormulaIndex(definedNames, tables);
  for (const f of formulas) index.add(f.sheet, f.row, f.col, f.formula);
  return index.dependents(changed);
}

export const cellKey = key;
