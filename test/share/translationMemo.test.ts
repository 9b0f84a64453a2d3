import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { cellAddress, type A1Range } from "../../src/sheetModel/refs";
import * as translate from "../../src/share/translate";
import { translateFormula, type ShareContext, type Translation } from "../../src/share/translate";
import { FormulaShift } from "../../src/sheetModel/formula";
import { FillShift, TranslationMemo } from "../../src/share/translationMemo";

/** A sheet's cells by "Sheet!A1" ("" for the formula's own sheet), read as the plan reads them. */
function contextOf(cells: Record<string, unknown>): ShareContext & { reads: number } {
  const ctx = {
    prices: DEFAULT_PRICE_TABLE,
    reads: 0,
    readRange(r: A1Range) {
      ctx.reads++;
      const out: unknown[][] = [];
      for (let row = r.top; row <= r.bottom; row++) {
        const line: unknown[] = [];
        for (let col = r.left; col <= r.right; col++) line.push(cells[`${r.sheet ?? ""}!${cellAddress(row, col)}`] ?? null);
        out.push(line);
      }
      return out;
    },
  };
  return ctx;
}

/** What a translation says, read through its getters (a memoised one fills its text when read). */
const said = (t: Translation) =>
  t.kind === "formula" ? { kind: t.kind, formula: t.formula, models: [...t.models], notes: [...t.notes] } : JSON.parse(JSON.stringify(t));

const ROWS = 40;
// The model column: one name for most rows, another in a run of them, a blank and a number between.
const models: Record<string, unknown> = {};
for (let r = 2; r <= ROWS + 4; r++) models[`!A${r}`] = r >= 12 && r < 18 ? "claude-sonnet-4" : r === 25 ? null : r === 26 ? 7 : "gpt-4o";
const cells = { ...models, "Inputs!A1": "gpt-4o-mini", "!B2": 1000, "!C2": 200 };

// Formulas as a fill-down writes them, row by row: relative, absolute, mixed, other sheets, ranges.
const SHAPES: [string, (r: number) => string][] = [
  ["a literal model", (r) => `=_xldudf_AIECON_COSTPERINTERACTION(B${r},C${r},"gpt-4o")`],
  ["a model read from the row", (r) => `=AIECON.COSTPERINTERACTION(B${r},C${r},A${r})`],
  ["absolute cells and another sheet's model", (r) => `=AIECON.COSTPERINTERACTION($B$2,C${r},Inputs!$A$1)`],
  ["a call inside other functions", (r) => `=ROUND(AIECON.COSTPERUSER(B${r},C${r}),2)+SUM(D${r}:D${r + 3})`],
  ["a growing range", (r) => `=AIECON.COSTPERINTERACTION(SUM($B$2:B${r}),C${r},"gpt-4o")`],
  ["a model range that grows", (r) => `=AIECON.COSTPERINTERACTION(B${r},C${r},A$2:A${r})`],
  ["one cell named twice", (r) => `=AIECON.COSTPERUSER(B${r},B${r})`],
  ["lower-case references", (r) => `=AIECON.COSTPERUSER(b${r},c${r})`],
  ["a model price by the row's model", (r) => `=AIECON.MODELPRICE(A${r},"input")*B${r}`],
  ["a cost tree (values)", (r) => `=AIECON.COSTTREE(A${r}:F${r + 2})`],
  ["a call the translator does not know", (r) => `=AIECON.CLASSIFY(A${r},B${r})`],
];

describe("the translation memo answers as the translator does", () => {
  it.each(SHAPES)("%s, row after row", (_name, formulaAt) => {
    const memo = new TranslationMemo(contextOf(cells));
    const direct = contextOf(cells);
    for (let r = 2; r <= ROWS; r++) expect(said(memo.translate(formulaAt(r)))).toEqual(said(translateFormula(formulaAt(r), direct)));
  });

  it("answers every shape alike when they alternate on a row (one memo per sheet)", () => {
    const memo = new TranslationMemo(contextOf(cells));
    const direct = contextOf(cells);
    for (let r = 2; r <= ROWS; r++)
      for (const [, formulaAt] of SHAPES) expect(said(memo.translate(formulaAt(r)))).toEqual(said(translateFormula(formulaAt(r), direct)));
  });

  it("translates a filled-down call twice, then fills the rest in from its template", () => {
    const spy = jest.spyOn(translate, "translateFormula");
    try {
      const memo = new TranslationMemo(contextOf(cells));
      const out = [];
      for (let r = 2; r <= ROWS; r++) out.push(memo.translate(`=AIECON.COSTPERINTERACTION(B${r},C${r},"gpt-4o")`));
      expect(spy).toHaveBeenCalledTimes(2);
      // Filled when read: the right row's references, every time.
      expect(said(out[30]).formula).toContain("B32*");
      expect(said(out[30]).formula).not.toMatch(/B2\*|B3\*/);
    } finally {
      spy.mockRestore();
    }
  });

  it("reads the model cell of every row, and translates in full where it changes", () => {
    const spy = jest.spyOn(translate, "translateFormula");
    try {
      const ctx = contextOf(cells);
      const memo = new TranslationMemo(ctx);
      for (let r = 2; r <= ROWS; r++) memo.translate(`=AIECON.COSTPERINTERACTION(B${r},C${r},A${r})`);
      // Rows 2-3 (template and check), 12-17 (another model), 25 and 26 (a blank, a number).
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2 + 6 + 2 + 2);
      expect(ctx.reads).toBeGreaterThanOrEqual(ROWS - 1);
    } finally {
      spy.mockRestore();
    }
  });

  it("never memoises a shape whose translation does not only copy its references", () => {
    // A translator that writes the row number as a literal: the second formula gives it away.
    const spy = jest.spyOn(translate, "translateFormula").mockImplementation((f) => {
      const row = /B(\d+)/.exec(f)![1];
      return { kind: "formula", formula: `=B${row}*${row}`, models: [], notes: [] };
    });
    try {
      const memo = new TranslationMemo(contextOf(cells));
      for (let r = 2; r <= ROWS; r++) expect(said(memo.translate(`=AIECON.COSTPERUSER(B${r},1)`)).formula).toBe(`=B${r}*${r}`);
      expect(spy).toHaveBeenCalledTimes(ROWS - 1);
    } finally {
      spy.mockRestore();
    }
  });

  it("takes a reference beyond the grid for a name, not a cell of the shape", () => {
    const memo = new TranslationMemo(contextOf(cells));
    const direct = contextOf(cells);
    for (const f of [
      "=AIECON.COSTPERUSER(B2,C2)",
      "=AIECON.COSTPERUSER(B3,C3)",
      "=AIECON.COSTPERUSER(XFE4,C4)",
      "=AIECON.COSTPERUSER(B9999999,C5)",
    ])
      expect(said(memo.translate(f))).toEqual(said(translateFormula(f, direct)));
  });
});

describe("a filled translation read as the first one's moved (FillShift)", () => {
  /** The translations of a fill-down from row 2, and the first's text as the file holds it. */
  function filledDown(formulaAt: (r: number) => string) {
    const memo = new TranslationMemo(contextOf(cells));
    const out = new Map<number, Translation>();
    for (let r = 2; r <= ROWS; r++) out.set(r, memo.translate(formulaAt(r)));
    const first = out.get(2)!;
    return { out, text: first.kind === "formula" ? first.formula.slice(1) : "" };
  }

  it.each(SHAPES)("%s: yes only where the texts say so", (name, formulaAt) => {
    const { out, text } = filledDown(formulaAt);
    const shift = FormulaShift.of(text);
    let yes = 0;
    for (const [r, t] of out) {
      if (!shift || t.kind !== "formula") continue;
      const fills = FillShift.of(t, text, shift);
      // At its own distance and at others (a cell compared with the wrong first row).
      for (const rows of [r - 2, r - 1, r - 3, r]) {
        const said = fills?.is(t, rows) ?? false;
        if (said) yes++;
        expect([r, rows, said && !shift.is(t.formula.slice(1), rows, 0)]).toEqual([r, rows, false]);
      }
    }
    // The shapes of a cost model answer for every filled row (rows 4 on) at its distance.
    if (/^(a literal model|a model read from the row|absolute cells and another sheet's model|a growing range)$/.test(name))
      expect(yes).toBeGreaterThanOrEqual(ROWS - 3 - 8);
  });

  it("no for a fill whose fixed reference is not the first's", () => {
    const at = (r: number, fixed: string) => `=AIECON.COSTPERINTERACTION(${fixed},C${r},Inputs!$A$1)`;
    const { out, text } = filledDown((r) => at(r, "$B$2"));
    const memo = new TranslationMemo(contextOf({ ...cells, "!B3": 1000 }));
    for (let r = 2; r <= 6; r++) memo.translate(at(r, "$B$3"));
    const other = memo.translate(at(7, "$B$3"));
    const shift = FormulaShift.of(text)!;
    const fills = FillShift.of(out.get(7), text, shift)!;
    expect(fills.is(out.get(7), 5)).toBe(true);
    expect(other.constructor).toBe(out.get(7)!.constructor);
    expect(fills.is(other, 5)).toBe(false);
    expect(FillShift.of(other, text, shift)?.is(other, 5)).toBe(false);
  });
});
