// Converted formulas filled down a column are written as shared formula groups (sharedWrites.ts):
// read back as Excel reads them (the scan moves a group's text to each cell), every cell must hold
// exactly the formula it was given, and a group may only hold cells whose text is the first one's moved.
import { XMLValidator } from "fast-xml-parser";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { FormulaShift } from "../../src/sheetModel/formula";
import { cellAddress, columnLetters, type A1Range } from "../../src/sheetModel/refs";
import { TranslationMemo } from "../../src/share/translationMemo";
import { SheetScanner, type ScannedCell } from "../../src/share/xlsx/sheetScan";
import { SheetPatcher, type CellEdit } from "../../src/share/xlsx/sheetXml";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A sheet with rows 1..n, each holding a value in A, and a shared group of its own in column Z (si 0 to 2). */
function sheet(n: number): string {
  let rows = "";
  for (let r = 1; r <= n; r++) {
    const z = r === 1 ? '<f t="shared" ref="Z1:Z3" si="2">A1*2</f>' : r <= 3 ? '<f t="shared" si="2"/>' : "<f>A1</f>";
    rows += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="Z${r}">${z}<v>1</v></c></row>`;
  }
  return `<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;
}

function patched(xml: string, edits: Map<string, CellEdit>, sharedFrom?: number): string {
  const p = new SheetPatcher({ edits, stale: () => false, staleRow: () => false, sharedFrom });
  return p.write(xml) + p.end();
}

function scanned(xml: string): Map<string, ScannedCell> {
  const cells = new Map<string, ScannedCell>();
  const s = new SheetScanner((c) => void cells.set(c.ref, c));
  s.write(xml);
  s.end();
  return cells;
}

/** Deterministic pseudo-random numbers (a test that fails fails again). */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

describe("converted formulas filled down a column", () => {
  it("become one shared group, read back as each cell's own formula", () => {
    const edits = new Map<string, CellEdit>();
    for (let r = 2; r <= 40; r++)
      edits.set(`G${r}`, {
        kind: "formula",
        formula: `IF(B${r}>0,B${r}*INDEX(Prices[Input],MATCH("gpt-4o",Prices[Model],0))/1000000+$A$1,NA())`,
      });
    const out = patched(sheet(40), edits, 3);
    expect(XMLValidator.validate(out)).toBe(true);
    expect(out).toContain('<c r="G2"><f t="shared" ref="G2:G40" si="3">IF(B2&gt;0,B2*INDEX(');
    expect(out).toContain('<c r="G40"><f t="shared" si="3"/></c>');
    expect(out.match(/INDEX\(/g)).toHaveLength(1);
    const cells = scanned(out);
    for (const [ref, e] of edits) expect(cells.get(ref)!.formula).toBe((e as { formula: string }).formula);
    // The sheet's own group keeps its number and its cells.
    expect(cells.get("Z3")!.formula).toBe("A3*2");
  });

  it("are written whole without a free group number, alone, or naming their own row by [@Col]", () => {
    const edits = new Map<string, CellEdit>([
      ["G2", { kind: "formula", formula: "B2*2" }],
      ["G3", { kind: "formula", formula: "B3*2" }],
      ["H5", { kind: "formula", formula: "B5*3" }],
      ["J2", { kind: "formula", formula: "Costs[@Amount]*2" }],
      ["J3", { kind: "formula", formula: "Costs[@Amount]*2" }],
    ]);
    expect(patched(sheet(6), edits)).not.toContain('t="shared" ref="G');
    const out = patched(sheet(6), edits, 7);
    expect(out).toContain('<c r="G2"><f t="shared" ref="G2:G3" si="7">B2*2</f></c>');
    expect(out).toContain('<c r="H5"><f>B5*3</f></c>');
    expect(out).toContain('<c r="J2"><f>Costs[@Amount]*2</f></c><c r="Z2">');
    expect(out).toContain('<c r="J3"><f>Costs[@Amount]*2</f></c>');
  });

  it.each([1, 2, 3, 4, 5])("keep every cell's formula whatever breaks the runs (seed %d)", (seed) => {
    const pick = random(seed);
    const shapes = [
      (r: number) => `B${r}*C${r}`,
      (r: number) => `SUM($B$2:B${r})/A${r - 1}`,
      (r: number) => `B${r}+Sheet2!C${r}+B$1`,
      (r: number) => `"B${r}"&B${r}`, // a string that names the row: not the first cell's text moved
      (_r: number) => `B${pick(3) + 1}*2`, // a fixed cell, the same or not from row to row
    ];
    const edits = new Map<string, CellEdit>();
    const n = 300;
    for (let r = 2; r <= n; r++)
      for (const col of [7, 8, 10]) {
        const k = pick(20);
        if (k === 0) continue; // a gap
        if (k === 1) edits.set(`${columnLetters(col)}${r}`, { kind: "number", value: r });
        else edits.set(`${columnLetters(col)}${r}`, { kind: "formula", formula: shapes[k % 7 < 5 ? (col + (r >> 5)) % 5 : k % 5](r) });
      }
    const out = patched(sheet(n), edits, 3);
    expect(XMLValidator.validate(out)).toBe(true);
    const cells = scanned(out);
    for (const [ref, e] of edits) {
      if (e.kind === "formula") expect([ref, cells.get(ref)!.formula]).toEqual([ref, e.formula]);
      else expect([ref, cells.get(ref)!.value]).toEqual([ref, String((e as { value: number }).value)]);
    }
    // Groups were made, and each group's range holds its cells.
    const groups = [...out.matchAll(/<c r="([A-Z]+)(\d+)"><f t="shared" ref="([A-Z]+)(\d+):([A-Z]+)(\d+)" si="(\d+)">/g)].filter(
      (g) => g[1] !== "Z",
    );
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups) {
      expect(g[1]).toBe(g[3]);
      expect(g[2]).toBe(g[4]);
      for (let r = Number(g[4]) + 1; r <= Number(g[6]); r++)
        expect([r, out.includes(`<c r="${g[1]}${r}"><f t="shared" si="${g[7]}"/></c>`)]).toEqual([r, true]);
    }
    expect(new Set(groups.map((g) => g[7])).size).toBe(groups.length);
    expect(groups.every((g) => Number(g[7]) >= 3)).toBe(true);
  });
});

describe("memoised translations filled down a column", () => {
  // The cells the translator reads: a model column that changes (another model in a run, a blank).
  const values: Record<string, unknown> = { "Inputs!A1": "gpt-4o-mini" };
  for (let r = 2; r <= 200; r++) values[`!A${r}`] = r >= 60 && r < 75 ? "claude-sonnet-4" : r === 120 ? null : "gpt-4o";
  const ctx = {
    prices: DEFAULT_PRICE_TABLE,
    readRange: (range: A1Range) =>
      Array.from({ length: range.bottom - range.top + 1 }, (_, i) =>
        Array.from(
          { length: range.right - range.left + 1 },
          (_, j) => values[`${range.sheet ?? ""}!${cellAddress(range.top + i, range.left + j)}`] ?? null,
        ),
      ),
  };
  const shapes = [
    (r: number) => `=_xldudf_AIECON_COSTPERINTERACTION(B${r},C${r},"gpt-4o")`,
    (r: number) => `=AIECON.COSTPERINTERACTION(B${r},C${r},A${r})`,
    (r: number) => `=AIECON.COSTPERINTERACTION($B$2,C${r},Inputs!$A$1)`,
    (r: number) => `=AIECON.COSTPERINTERACTION(SUM($B$2:B${r}),C${r},"gpt-4o")`,
    (r: number) => `=AIECON.COSTPERUSER(b${r},c${r})`,
    (r: number) => `=AIECON.COSTPERINTERACTION(Inputs!B${r},C${r},"gpt-4o")`,
  ];

  it.each([1, 2, 3])("are grouped exactly as their texts are, read from their references (seed %d)", (seed) => {
    const pick = random(seed);
    const memo = new TranslationMemo(ctx);
    const filled = new Map<string, CellEdit>();
    const n = 200;
    for (const col of [7, 8, 10]) {
      let shape = pick(shapes.length);
      for (let r = 2; r <= n; r++) {
        if (pick(40) === 0) shape = pick(shapes.length); // a run ends where the shape changes
        if (pick(60) === 0) continue; // a gap
        const t = memo.translate(shapes[shape](r));
        if (t.kind !== "formula") throw new Error(`not translated: ${shapes[shape](r)}`);
        filled.set(`${columnLetters(col)}${r}`, t);
      }
    }
    // The same edits with their texts made: the groups must be the very same.
    const plain = new Map<string, CellEdit>();
    for (const [ref, e] of filled) plain.set(ref, { kind: "formula", formula: (e as { formula: string }).formula });
    const isSpy = jest.spyOn(FormulaShift.prototype, "is");
    try {
      const out = patched(sheet(n), filled, 3);
      const textChecks = isSpy.mock.calls.length;
      isSpy.mockClear();
      expect(out).toBe(patched(sheet(n), plain, 3));
      // Most cells were answered from their references, without a text to compare (a shape the
      // memo does not fill, such as lower-case references, is compared by its text).
      expect(textChecks).toBeLessThan(isSpy.mock.calls.length / 2);
      expect(out.match(/ref="[GHJ]\d+:[GHJ]\d+"/g)!.length).toBeGreaterThan(6);
      const cells = scanned(out);
      for (const [ref, e] of plain) expect([ref, cells.get(ref)!.formula]).toEqual([ref, (e as { formula: string }).formula.slice(1)]);
    } finally {
      isSpy.mockRestore();
    }
  });
});
