// A file's conversion takes each planned write as it comes (ConversionOptions.writesTo) and makes its
// edits at once, so the plan holds no write per converted cell; the pane's path keeps the plan's list.
// Both must see the very same writes, in the same order.
import type { CellValue } from "../../src/calc/values";
import type { ShareBook } from "../../src/share/plan/book";
import { planConversion, type CellWrite } from "../../src/share/plan/convert";
import { workbookPrices } from "../../src/share/xlsx/fileChange";
import type { A1Range } from "../../src/sheetModel/refs";

/** One sheet, "Usage": formulas with what they show, and plain values. */
function usage(cells: Record<string, { formula?: string; value: CellValue }>): ShareBook {
  const at = (row: number, col: number) => cells[`${String.fromCharCode(64 + col)}${row}`];
  return {
    where: "file",
    sheetNames: ["Usage"],
    *formulaCells(sheet: string) {
      if (sheet !== "Usage") return;
      for (const [ref, c] of Object.entries(cells))
        if (c.formula) yield { row: Number(ref.slice(1)), col: ref.charCodeAt(0) - 64, formula: c.formula };
    },
    read: (sheet: string, r: A1Range) =>
      sheet !== "Usage"
        ? undefined
        : Array.from({ length: r.bottom - r.top + 1 }, (_, i) =>
            Array.from({ length: r.right - r.left + 1 }, (_, j) => at(r.top + i, r.left + j)?.value ?? null),
          ),
    formulaAt: (sheet: string, row: number, col: number) => (sheet === "Usage" ? at(row, col)?.formula : undefined),
    shown: (sheet: string, row: number, col: number) => (sheet === "Usage" ? at(row, col)?.value : undefined),
    spill: () => undefined,
    table: () => undefined,
    holdsOutside: () => false,
    originals: () => undefined,
    canAddTableColumns: false,
  };
}

it("writesTo takes every write in the order the plan lists them, and the plan then holds none", () => {
  const book = usage({
    A1: { formula: '=AIECON.COSTPERINTERACTION(B1,C1,"gpt-4o")', value: 0.0275 },
    B1: { value: 7000 },
    C1: { value: 1000 },
    A2: { formula: '=AIECON.CLASSIFY("chat")', value: "COGS" },
    A3: { formula: "=SUM(1,2)", value: 3 },
    A4: { formula: '=AIECON.COSTPERINTERACTION(B1,C1,"gpt-4o-mini")', value: 0.001 },
  });
  const options = { prices: workbookPrices(book), now: new Date("2026-12-07T10:00:00Z") };
  const plain = (w: CellWrite) => ({ ...w, kind: w.kind, formula: w.kind === "formula" ? w.formula : undefined, note: w.note });
  const listed = planConversion(book, options);
  const taken: CellWrite[] = [];
  const streamed = planConversion(book, { ...options, writesTo: (w) => taken.push(w) });
  expect(listed.writes.map((w) => [w.kind, w.row, w.col])).toEqual([
    ["formula", 1, 1],
    ["values", 2, 1],
    ["formula", 4, 1],
  ]);
  expect(streamed.writes).toEqual([]);
  expect(taken.map(plain)).toEqual(listed.writes.map(plain));
  expect(streamed.report).toEqual(listed.report);
  expect(streamed.originals).toEqual(listed.originals);
});
