// A formula's text with its cell references as slots. Formulas filled down or across differ only in
// the cells they name (B2*C2, then B3*C3), so they share one shape: the text outside the slots.
// A formula is matched against a shape by comparing text, without the tokenizer; the dependents
// index (xlsx/dependents.ts) and the translation memo (translationMemo.ts) both rely on it.
import { tokenize } from "../sheetModel/formula";

// A cell reference as Excel writes it: $ marks, column letters and a row without a leading zero.
export const CELL_REF = /^\$?[A-Z]{1,3}\$?[1-9]\d{0,6}$/;

const MAX_COLUMN = 16384;
const MAX_ROW = 1048576;

/** One reference token whose every cell is a slot (B2, $A$1:C9, Sheet2!D4). */
export interface SlotRef {
  /** The token's text. */
  readonly text: string;
  /** Its sheet prefix with the "!" ("" when it has none). */
  readonly prefix: string;
  /** Its slots: the first, and the last (the same for a single cell). */
  readonly first: number;
  readonly last: number;
}

/** A formula cut at its cell references. */
export interface SlotCut {
  /** The text before each slot, and after the last (one more than `slots`). */
  readonly pieces: string[];
  /** Each slot's text ("B2", "$A$1"). */
  readonly slots: string[];
  readonly refs: SlotRef[];
}

/**
 * The formula (a body, without "=") cut at the cell references of its reference tokens; anything
 * else in a reference token (a name, a table, A:A, a spill A1#, another workbook's) stays text.
 * Throws FormulaSyntaxError as the tokenizer does.
 */
function cutSlots(body: string): SlotCut {
  const pieces: string[] = [];
  const slots: string[] = [];
  const refs: SlotRef[] = [];
  let last = 0;
  let at = 0;
  for (const t of tokenize(body)) {
    const start = at;
    at += t.text.length;
    if (t.type !== "ref" || t.text.endsWith("#")) continue;
    const bang = t.text.lastIndexOf("!");
    const cells = t.text.slice(bang + 1).split(":");
    if (cells.length > 2 || !cells.every((c) => CELL_REF.test(c) && inGrid(c))) continue;
    const first = slots.length;
    let p = start + bang + 1;
    for (const c of cells) {
      pieces.push(body.slice(last, p));
      slots.push(c);
      last = p + c.length;
      p = last + 1;
    }
    refs.push({ text: t.text, prefix: t.text.slice(0, bang + 1), first, last: slots.length - 1 });
  }
  pieces.push(body.slice(last));
  return { pieces, slots, refs };
}

function inGrid(cell: string): boolean {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(cell)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return col <= MAX_COLUMN && Number(m[2]) <= MAX_ROW;
}

/**
 * Whether `formula` is of the shape `pieces` (every character outside the slots equal, a cell
 * reference inside the grid in each slot). On a match, `found` holds each slot's column and row
 * (found[2k], found[2k+1]) and, when `spans` is given, its start and end in the formula.
 */
export function matchSlots(pieces: readonly string[], formula: string, found: number[], spans?: number[]): boolean {
  const n = formula.length;
  let p = 0;
  for (let k = 0; ; k++) {
    const piece = pieces[k];
    // (A slice compared whole: startsWith at an offset compares character by character in V8, several
    // times slower on the long fixed text of a translated formula, which every row of a dense sheet matches.)
    if (formula.slice(p, p + piece.length) !== piece) return false;
    p += piece.length;
    if (k === pieces.length - 1) break;
    // (No character is read at or past the formula's end: a read past a string's end makes V8 drop the optimised code.)
    const start = p;
    if (p < n && formula.charCodeAt(p) === 36) p++;
    let c = 0;
    const letters = p;
    for (; p < n && p - letters < 3; p++) {
      const ch = formula.charCodeAt(p);
      if (ch < 65 || ch > 90) break;
      c = c * 26 + ch - 64;
    }
    if (p === letters || c > MAX_COLUMN) return false;
    if (p < n && formula.charCodeAt(p) === 36) p++;
    if (p < n && formula.charCodeAt(p) === 48) return false;
    let r = 0;
    const digits = p;
    for (; p < n && p - digits < 7; p++) {
      const ch = formula.charCodeAt(p);
      if (ch < 48 || ch > 57) break;
      r = r * 10 + ch - 48;
    }
    if (p === digits || r > MAX_ROW) return false;
    found[k * 2] = c;
    found[k * 2 + 1] = r;
    if (spans) {
      spans[k * 2] = start;
      spans[k * 2 + 1] = p;
    }
  }
  return p === formula.length;
}

/**
 * A function of a formula's tokens that does not look at which cells its references name (the
 * functions it calls, whether it links another file), remembered for the last few shapes met:
 * formulas filled down are computed once.
 */
export class ShapeMemo<T> {
  private readonly shapes: { pieces: readonly string[]; value: T }[] = [];
  private readonly found: number[] = [];

  constructor(
    private readonly compute: (formula: string) => T,
    private readonly size = 8,
  ) {}

  get(formula: string): T {
    const { shapes } = this;
    for (let i = 0; i < shapes.length; i++)
      if (matchSlots(shapes[i].pieces, formula, this.found)) {
        if (i > 0) [shapes[i - 1], shapes[i]] = [shapes[i], shapes[i - 1]];
        return shapes[i > 0 ? i - 1 : 0].value;
      }
    const value = this.compute(formula);
    const pieces = slotPieces(formula);
    if (pieces) {
      shapes.unshift({ pieces, value });
      if (shapes.length > this.size) shapes.pop();
    }
    return value;
  }
}

/** A whole formula cut at its cell references, its leading "=" in the first piece; undefined when it does not tokenize. */
export function cutFormula(formula: string): SlotCut | undefined {
  const head = /^\s*=?/.exec(formula)![0];
  let cut: SlotCut;
  try {
    cut = cutSlots(formula.slice(head.length));
  } catch {
    return undefined;
  }
  cut.pieces[0] = head + cut.pieces[0];
  return cut;
}

/** The shape of a formula (cutFormula's pieces), or undefined when it does not tokenize or names no cell. */
export function slotPieces(formula: string): string[] | undefined {
  const cut = cutFormula(formula);
  return cut?.slots.length ? cut.pieces : undefined;
}
