// A cost model puts the same AIECON call on every row (=AIECON.COSTPERINTERACTION(B2,C2,"gpt-4o"),
// then B3,C3...). Translating each one costs a parse and a few hundred characters of native formula
// held until the file is written. The memo translates the first formula of a shape (formulaSlots.ts),
// keeps its translation as a template with the formula's cell references as slots, and answers the
// next formulas of that shape by filling the template with their own references, only when the
// translation cannot differ:
// - a translation is a function of the formula's tokens and of the cells it reads; a formula of the
//   same shape has the same tokens, its cell references aside;
// - every read the first translation made must come from one of its reference tokens (a model name
//   in B2), and the cells the next formula's token names must hold the same values now;
// - the second formula of a shape is still translated in full and must equal the filled template,
//   text, models and notes: a translation that derives text from a reference other than by copying
//   it (a range's size, a string naming the cell) fails that check, and the shape is never memoised.
// The filled text is made when it is read (when the cell is written), so a conversion keeps a
// reference to the template and to the source formula per cell, not the translated text.
import type { FormulaShift } from "../sheetModel/formula";
import { parseA1, type A1Range } from "../sheetModel/refs";
import type { CellValue } from "../calc/values";
import { cutFormula, matchSlots } from "./formulaSlots";
import { translateFormula, type ShareContext, type Translation } from "./translate";

type FormulaTranslation = Extract<Translation, { kind: "formula" }>;
type Grid = readonly (readonly CellValue[])[] | undefined;

/** A read of the first translation, tied to the reference token it came from (its slots). */
interface SlotRead {
  readonly prefix: string;
  readonly first: number;
  readonly last: number;
  readonly values: Grid;
}

/** The translation of a shape: text between slots, and which source slot fills each gap. */
class Template {
  constructor(
    readonly pieces: readonly string[],
    readonly slotOf: readonly number[],
  ) {}

  /** The translation, with the references at `spans` (a matched formula's slots) in their places. */
  fill(source: string, spans: readonly number[]): string {
    let text = this.pieces[0];
    for (let k = 0; k < this.slotOf.length; k++) {
      const s = this.slotOf[k] * 2;
      text += source.slice(spans[s], spans[s + 1]) + this.pieces[k + 1];
    }
    // One flat string (V8 would keep the pieces as a rope until the text is read).
    text.charCodeAt(0);
    return text;
  }
}

class Shape {
  /** Set once the second formula of the shape translated in full to the filled template. */
  verified = false;
  constructor(
    /** The source formula's text around its slots (the leading "=" in the first piece). */
    readonly pieces: readonly string[],
    /** Undefined: formulas of this shape are translated in full. */
    readonly template: Template | undefined,
    readonly reads: readonly SlotRead[],
    readonly models: readonly string[],
    readonly notes: readonly string[],
  ) {}

  /** Fills the template for a source formula of this shape. */
  fill(source: string): string {
    const found: number[] = [];
    const spans: number[] = [];
    if (!matchSlots(this.pieces, source, found, spans)) throw new Error(`not of this shape: ${source}`);
    return this.template!.fill(source, spans);
  }
}

/** A memoised translation: its text is filled when read. */
class Filled implements FormulaTranslation {
  constructor(
    readonly shape: Shape,
    readonly source: string,
  ) {}
  // From the class: a conversion holds one Filled per converted cell until the file is written.
  get kind(): "formula" {
    return "formula";
  }
  get formula(): string {
    return this.shape.fill(this.source);
  }
  get models(): readonly string[] {
    return this.shape.models;
  }
  get notes(): readonly string[] {
    return this.shape.notes;
  }
}

/**
 * A run of translations down a column (sharedWrites.ts writes it as one shared formula when each
 * cell's text is the first one's moved to its row): answers that for a memoised translation from
 * the references it was filled with, without making its text (several hundred characters a row on
 * a dense sheet).
 *
 * The first text is read as the template's fixed pieces with a cell reference in each gap. When
 * every reference token the move changes (`shift`, of that text) is made of whole gaps and fixed
 * text ("B2", "Inputs!$A$1", "$B$2:B2"), the moved text is the same fixed pieces with each such
 * token moved, and the gaps outside them as they are. A fill of the template is that text when each
 * of its tokens, made of its own gaps, is the first's token so moved, and each other gap holds the
 * first's reference. That is only sufficient: `is` false means "cannot tell", and the caller
 * compares the texts.
 */
export class FillShift {
  private readonly found: number[] = [];
  private readonly spans: number[] = [];

  private constructor(
    private readonly shape: Shape,
    /** Per moving token to check (its number in `shift`): its fixed text and its gaps (as numbers) in order. */
    private readonly tokens: readonly { readonly n: number; readonly parts: readonly (string | number)[] }[],
    /** Gaps outside every moving token: the first text's reference there. */
    private readonly still: readonly { readonly gap: number; readonly ref: string }[],
    private readonly shift: FormulaShift,
  ) {}

  /**
   * For a run whose first text (as the file holds it, without "=") is `text` and `shift` its move,
   * asked about `other`, one of its memoised translations: undefined when `other` is not one, null
   * when it cannot answer for `other`'s shape.
   */
  static of(other: unknown, text: string, shift: FormulaShift): FillShift | null | undefined {
    if (!(other instanceof Filled) || !other.shape.template) return undefined;
    const { slotOf } = other.shape.template;
    const pieces = [...other.shape.template.pieces];
    if (pieces[0].charCodeAt(0) === 61) pieces[0] = pieces[0].slice(1);
    const spans: number[] = [];
    if (!matchSlots(pieces, text, [], spans)) return null;
    const gaps = slotOf.length;
    const covered = new Array<boolean>(gaps).fill(false);
    const tokens: { n: number; parts: (string | number)[] }[] = [];
    const seen = new Set<string>();
    const moves = shift.refSpans;
    for (let n = 0; n < moves.length / 2; n++) {
      const [from, to] = [moves[n * 2], moves[n * 2 + 1]];
      const parts: (string | number)[] = [];
      let at = from;
      for (let k = 0; k < gaps; k++) {
        const [start, end] = [spans[k * 2], spans[k * 2 + 1]];
        if (end <= from || start >= to) continue;
        if (start < from || end > to) return null; // a token that cuts a gap
        if (start > at) parts.push(text.slice(at, start));
        parts.push(k);
        covered[k] = true;
        at = end;
      }
      if (to > at) parts.push(text.slice(at, to));
      // Tokens alike (a translation names each input several times) answer alike.
      const key = JSON.stringify(parts.map((p) => (typeof p === "number" ? [slotOf[p], text.slice(spans[p * 2], spans[p * 2 + 1])] : p)));
      if (seen.has(key)) continue;
      seen.add(key);
      tokens.push({ n, parts });
    }
    const still: { gap: number; ref: string }[] = [];
    for (let k = 0; k < gaps; k++) {
      const ref = text.slice(spans[k * 2], spans[k * 2 + 1]);
      if (!covered[k] && !still.some((g) => slotOf[g.gap] === slotOf[k] && g.ref === ref)) still.push({ gap: k, ref });
    }
    return new FillShift(other.shape, tokens, still, shift);
  }

  /** True when `other`, a translation `rows` below the first, has the first's text moved by `rows` (shift.is); false: cannot tell. */
  is(other: unknown, rows: number): boolean {
    if (!(other instanceof Filled) || other.shape !== this.shape) return false;
    const { found, spans } = this;
    const source = other.source;
    const slotOf = this.shape.template!.slotOf;
    if (!matchSlots(this.shape.pieces, source, found, spans)) return false;
    const gap = (k: number) => source.slice(spans[slotOf[k] * 2], spans[slotOf[k] * 2 + 1]);
    for (const { gap: k, ref } of this.still) if (gap(k) !== ref) return false;
    for (const { n, parts } of this.tokens) {
      let token = "";
      for (const p of parts) token += typeof p === "number" ? gap(p) : p;
      if (!this.shift.refIs(n, token, rows, 0)) return false;
    }
    return true;
  }
}

const sameValues = (a: Grid, b: Grid): boolean => {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let r = 0; r < a.length; r++) {
    const x = a[r];
    const y = b[r];
    if (x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) {
      const u = x[c];
      const v = y[c];
      if (u === v) continue;
      if (typeof u !== "object" || typeof v !== "object" || u === null || v === null || JSON.stringify(u) !== JSON.stringify(v))
        return false;
    }
  }
  return true;
};

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const sameRange = (a: A1Range, b: A1Range) =>
  (a.sheet ?? "") === (b.sheet ?? "") && a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;

/** Translates the formulas of one sheet (one ShareContext), memoising by shape. */
export class TranslationMemo {
  /** The last shapes met, the latest first. */
  private readonly shapes: Shape[] = [];
  private static readonly SHAPES = 8;
  private readonly found: number[] = [];
  private readonly spans: number[] = [];

  constructor(private readonly ctx: ShareContext) {}

  /** As translateFormula(formula, ctx). */
  translate(formula: string): Translation {
    if (!/AIECON/i.test(formula)) return { kind: "none" };
    const { shapes, found, spans } = this;
    for (let i = 0; i < shapes.length; i++) {
      const shape = shapes[i];
      if (!matchSlots(shape.pieces, formula, found, spans)) continue;
      if (i > 0) [shapes[i - 1], shapes[i]] = [shapes[i], shapes[i - 1]];
      if (!shape.template) return translateFormula(formula, this.ctx);
      for (const read of shape.reads)
        if (!sameValues(this.ctx.readRange(this.rangeOf(formula, read)), read.values)) return translateFormula(formula, this.ctx);
      if (shape.verified) return new Filled(shape, formula);
      const full = translateFormula(formula, this.ctx);
      if (
        full.kind === "formula" &&
        full.formula === shape.fill(formula) &&
        sameList(full.models, shape.models) &&
        sameList(full.notes, shape.notes)
      )
        shape.verified = true;
      else shapes[Math.max(0, i - 1)] = new Shape(shape.pieces, undefined, [], [], []);
      return full;
    }
    const reads: { range: A1Range; values: Grid }[] = [];
    const t = translateFormula(formula, {
      ...this.ctx,
      readRange: (range) => {
        const values = this.ctx.readRange(range);
        reads.push({ range, values });
        return values;
      },
    });
    if (t.kind === "none") return t;
    const shape = this.shapeOf(formula, t, reads);
    if (shape) {
      shapes.unshift(shape);
      if (shapes.length > TranslationMemo.SHAPES) shapes.pop();
    }
    return t;
  }

  /** The range a memoised read names in `formula` (matched last, so `spans` holds its slots). */
  private rangeOf(formula: string, read: SlotRead): A1Range {
    const { spans } = this;
    const cell = (k: number) => formula.slice(spans[k * 2], spans[k * 2 + 1]);
    return parseA1(read.prefix + cell(read.first) + (read.last > read.first ? `:${cell(read.last)}` : ""))!;
  }

  /** The shape of a formula just translated, with its template when one can stand for the next ones. */
  private shapeOf(formula: string, t: Translation, reads: readonly { range: A1Range; values: Grid }[]): Shape | undefined {
    const cut = cutFormula(formula);
    if (!cut?.slots.length) return undefined;
    const { pieces } = cut;
    const plain = new Shape(pieces, undefined, [], [], []);
    // Two slots naming the same cell could not be told apart in the translation.
    if (t.kind !== "formula" || new Set(cut.slots).size !== cut.slots.length) return plain;
    const slotReads: SlotRead[] = [];
    for (const { range, values } of reads) {
      const ref = cut.refs.find((r) => {
        const named = parseA1(r.text);
        return named !== undefined && sameRange(named, range);
      });
      if (!ref) return plain;
      slotReads.push({ prefix: ref.prefix, first: ref.first, last: ref.last, values });
    }
    const out = cutFormula(t.formula);
    if (!out) return plain;
    // The translation's cell references that copy the source's become its slots; any other stays text.
    const outPieces = [out.pieces[0]];
    const slotOf: number[] = [];
    out.slots.forEach((text, k) => {
      const from = cut.slots.indexOf(text);
      if (from >= 0) {
        slotOf.push(from);
        outPieces.push(out.pieces[k + 1]);
      } else outPieces[outPieces.length - 1] += text + out.pieces[k + 1];
    });
    return new Shape(pieces, new Template(outPieces, slotOf), slotReads, [...t.models], [...t.notes]);
  }
}
