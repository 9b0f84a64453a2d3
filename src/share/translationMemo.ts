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
    private readonly pieces: readonly string[],
    private readonly slotOf: readonly number[],
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
    private readonly shape: Shape,
    private readonly source: string,
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
