// Which formulas lose their cached result after a conversion: those that read a converted cell,
// directly or through other formulas, names and tables, and those whose references cannot be
// followed; every other formula keeps the value it shows.
import { cellKey, dependentCells, FormulaIndex, List, type FormulaCell } from "../../src/share/xlsx/dependents";

const f = (sheet: string, a1: string, formula: string): FormulaCell => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  return { sheet, row: Number(m[2]), col: m[1].charCodeAt(0) - 64, formula };
};
const changedAt = (sheet: string, row: number, col: number) => new Map([[sheet, [{ row, col }]]]);
const has = (s: Set<string> | "all", sheet: string, row: number, col: number) => s === "all" || s.has(cellKey(sheet, row, col));

it("follows single cells, ranges, other sheets (any case), names and tables, through chains", () => {
  const formulas = [
    f("Board", "B1", "A1*2"), // reads the converted cell
    f("Board", "C1", "B1+1"), // through B1
    f("Board", "D1", "SUM(A1:A9)"),
    f("Summary", "A1", "'Board'!C1"),
    f("Summary", "A2", "board!$C$1"),
    f("Summary", "A3", "Total*2"), // a name for Board!D1
    f("Summary", "A4", "SUM(Costs[Amount])"), // a table over Board!A1:A5
    f("Summary", "A5", "E1+1"), // a different cell
    f("Summary", "A6", "SUM(Board!B2:B9)"),
    f("Summary", "A7", "[1]Board!A1"), // another workbook
    f("Summary", "A8", "Undefined*2"), // a name defined nowhere reads nothing
    f("Summary", "A9", "SUM(Board!A:A)"),
  ];
  const s = dependentCells(
    formulas,
    changedAt("Board", 1, 1),
    [{ name: "Total", refersTo: "Board!$D$1" }],
    [{ name: "Costs", sheet: "Board", range: { top: 1, left: 1, bottom: 5, right: 1 } }],
  );
  expect(s).not.toBe("all");
  for (const [sheet, row, col] of [
    ["Board", 1, 2],
    ["Board", 1, 3],
    ["Board", 1, 4],
    ["Summary", 1, 1],
    ["Summary", 2, 1],
    ["Summary", 3, 1],
    ["Summary", 4, 1],
    ["Summary", 9, 1],
  ] as const)
    expect([sheet, row, col, has(s, sheet, row, col)]).toEqual([sheet, row, col, true]);
  for (const row of [5, 6, 7, 8]) expect([row, has(s, "Summary", row, 1)]).toEqual([row, false]);
});

it("counts a formula whose references cannot be followed as dependent", () => {
  const s = dependentCells(
    [f("S", "B1", 'INDIRECT("A"&1)'), f("S", "B2", "SUM(OFFSET(C1,0,0,2,2))"), f("S", "B3", "C1")],
    changedAt("S", 1, 1),
  );
  expect(has(s, "S", 1, 2)).toBe(true);
  expect(has(s, "S", 2, 2)).toBe(true);
  expect(has(s, "S", 3, 2)).toBe(false);
});

it("keeps COLUMNS and ROWS of a range holding dependent cells, which read only its shape", () => {
  const s = dependentCells(
    [
      f("S", "B1", 'INDIRECT("A"&1)'), // may read the converted cell: dependent
      f("S", "E1", "COLUMNS(A1:D21)"), // the example: its <v>4</v> stays
      f("S", "E2", "ROWS( B1:B9 ) * 2"),
      f("S", "E3", "COLUMNS(A1:D21)+SUM(B1:B2)"), // also sums the cells: dependent
      f("S", "E4", "INDEX(A1:D21,1,1)"),
    ],
    changedAt("S", 1, 1),
  );
  expect([1, 2, 3, 4].map((row) => has(s, "S", row, 5))).toEqual([false, false, true, true]);
});

it("marks nothing when nothing changed, and handles a 100,000-cell chain", () => {
  expect(dependentCells([f("S", "B1", "A1")], new Map())).toEqual(new Set());
  const chain = Array.from({ length: 100_000 }, (_, i) => ({ sheet: "S", row: i + 2, col: 1, formula: `A${i + 1}+1` }));
  const s = dependentCells(chain, changedAt("S", 1, 1));
  // Within the analysis' bound (1,000,000 dependents) the chain is followed exactly, in one pass.
  expect(s !== "all" && s.size).toBe(100_001);
  // An upward chain takes a pass a link: beyond 25 passes every formula counts, never fewer.
  const upward = Array.from({ length: 40 }, (_, i) => ({ sheet: "S", row: i + 1, col: 1, formula: `A${i + 2}+1` }));
  expect(dependentCells(upward, changedAt("S", 41, 1))).toBe("all");
  const short = dependentCells(chain.slice(0, 1000), changedAt("S", 1, 1));
  expect(short !== "all" && short.size).toBe(1001);
});

it("reads the references of a formula of references and operators alone as the tokenizer does", () => {
  // A leading space keeps a formula off the quick path (the tokenizer drops it): both must agree.
  const index = new FormulaIndex([{ name: "TAX2023", refersTo: "Rates!$B$2" }]);
  const formulas = [
    "B5*C5",
    "B5+F5",
    "G7*2",
    "$A$1*B$2-$C3",
    "(A1+B2)/C3%",
    "SUM(A1:B5)",
    "A1:B5*2",
    "B9:A2",
    "1E5+A1",
    "LOG10(A1)",
    "TAX2023*A1",
    "A1:B2:C3",
    "A:A",
    "1:2",
    "XFD1048576+A1",
    "XFE1+A1",
    "A1048577",
    "A0+B1",
    "A01*2",
    "a1+B1",
    "A1<>B1",
    "A1&B1",
    "-A1^2",
    "2",
  ];
  for (const f of formulas) expect([f, index.reads(f, "Usage")]).toEqual([f, index.reads(` ${f}`, "Usage")]);
  expect(index.reads("B5*C5", "Usage")).toEqual([
    { sheet: "Usage", top: 5, left: 2, bottom: 5, right: 2 },
    { sheet: "Usage", top: 5, left: 3, bottom: 5, right: 3 },
  ]);
});

it("tells cells apart at the grid's edges and beyond (rows past 2^21, columns to XFD, sheets apart)", () => {
  const index = new FormulaIndex();
  index.add("S", 1, 1, "XFD1048576*2"); // the grid's last cell
  index.add("S", 2, 1, "XFC1048576*2"); // the column before it
  index.add("S", 3, 1, "A9999999+1"); // a row past 2^21 (parseA1 reads up to 7 digits)
  index.add("S", 4, 1, "A2097153+1");
  index.add("S", 5, 1, "T!A1+1"); // another sheet, same cell: never S!A1
  index.add("T", 1_048_576, 16_384, "S!A3*1"); // on T's last cell, through S!A3
  index.add("T", 3_000_000_000, 2, "A1"); // a row no Int32 holds, as a crafted file may state
  const changed = new Map([
    [
      "S",
      [
        { row: 1_048_576, col: 16_384 },
        { row: 9_999_999, col: 1 },
      ],
    ],
  ]);
  const s = index.dependents(changed);
  expect(s !== "all" && [...s].sort()).toEqual(
    [
      cellKey("S", 1_048_576, 16_384),
      cellKey("S", 9_999_999, 1),
      cellKey("S", 1, 1),
      cellKey("S", 3, 1),
      cellKey("T", 1_048_576, 16_384),
    ].sort(),
  );
  // A cell beyond an Int32 is stale when what it reads is, and its own row is kept whole.
  const far = index.dependents(new Map([["T", [{ row: 1, col: 1 }]]]));
  expect(far !== "all" && [...far].sort()).toEqual([cellKey("S", 5, 1), cellKey("T", 1, 1), cellKey("T", 3_000_000_000, 2)].sort());
  // A formula reading a range that reaches such a row sees it.
  index.add("U", 1, 1, "SUM(T!2:3000000001)");
  const farRange = index.dependents(new Map([["T", [{ row: 3_000_000_000, col: 2 }]]]));
  expect(farRange !== "all" && [...farRange].sort()).toEqual([cellKey("T", 3_000_000_000, 2), cellKey("U", 1, 1)].sort());
  // Columns past XFD (a file may name ZZZ5): read singly and in a range.
  index.add("V", 1, 1, "ZZZ5*2");
  index.add("V", 2, 1, "SUM(XFA1:ZZZ2)");
  index.add("V", 3, 1, "SUM(A3:C4)"); // beside them: keeps its value
  const wide = index.dependents(
    new Map([
      [
        "V",
        [
          { row: 5, col: 18_278 },
          { row: 2, col: 18_000 },
        ],
      ],
    ]),
  );
  expect(wide !== "all" && [...wide].sort()).toEqual(
    [cellKey("V", 5, 18_278), cellKey("V", 2, 18_000), cellKey("V", 1, 1), cellKey("V", 2, 1)].sort(),
  );
});

it("gives the same cells by sheet, row and column as dependents does", () => {
  const index = new FormulaIndex();
  for (let row = 2; row <= 3000; row++) {
    index.addFormula("Usage", row, 7, `B${row}*C${row}`);
    index.addFormula("Usage", row, 8, `G${row}*2`);
    index.addFormula("Summary", row, 1, `SUM(Usage!H${row - 1}:H${row})`);
  }
  const changed = new Map([["Usage", [1, 50, 2999].map((row) => ({ row, col: 2 }))]]);
  const keys = index.dependents(changed);
  const bySheet = index.dependentsBySheet(changed);
  if (keys === "all" || bySheet === "all") throw new Error("the analysis gave up");
  const flat: string[] = [];
  for (const [sheet, cells] of bySheet) cells.forEach((row, col) => flat.push(`${sheet}\u0000${row}\u0000${col}`));
  expect(flat.sort()).toEqual([...keys].sort());
  // Asked per cell and per row, each sheet answers for its own cells only.
  for (const key of keys) {
    const [sheet, row, col] = key.split("\u0000");
    expect(bySheet.get(sheet)!.holds(Number(row), Number(col))).toBe(true);
    expect(bySheet.get(sheet)!.holdsRow(Number(row))).toBe(true);
  }
  expect(bySheet.get("usage")!.holds(2, 2)).toBe(keys.has(`usage\u00002\u00002`));
  expect(bySheet.get("usage")!.holdsRow(3000)).toBe([...keys].some((k) => k.startsWith("usage\u00003000\u0000")));
  expect([...bySheet.keys()].sort()).toEqual(["summary", "usage"]);
  expect(keys.size).toBe(3 + 2 * 2 + 4);
});

it("follows rows of many stale cells as rows of few, each cell once", () => {
  // Row 1 holds 40 converted cells; row 2 reads each of them, row 3 the ones of row 2 every third column.
  const formulas: FormulaCell[] = [];
  for (let col = 1; col <= 40; col++)
    formulas.push({ sheet: "Wide", row: 2, col, formula: `${String.fromCharCode(64 + ((col - 1) % 26) + 1)}1*2` });
  for (let col = 1; col <= 60; col++) formulas.push({ sheet: "Wide", row: 3, col, formula: `SUM(A2:C2)+Z2*${col}` });
  formulas.push({ sheet: "Wide", row: 4, col: 1, formula: "AB1+AC2" }); // column 28 of row 1 changed, 29 of row 2 stale
  formulas.push({ sheet: "Wide", row: 4, col: 2, formula: "AZ1+AZ2" }); // column 52: neither
  const changed = new Map([["Wide", [...Array.from({ length: 40 }, (_, i) => ({ row: 1, col: i + 1 })), { row: 1, col: 5 }]]]);
  const s = dependentCells(formulas, changed);
  if (s === "all") throw new Error("the analysis gave up");
  // Row 2's formulas read columns A..Z of row 1 (all changed), so all 40 are stale; all of row 3; A4; not B4.
  expect(s.size).toBe(40 + 40 + 60 + 1);
  expect([has(s, "Wide", 2, 40), has(s, "Wide", 3, 60), has(s, "Wide", 4, 1), has(s, "Wide", 4, 2)]).toEqual([true, true, true, false]);
});

it("a typed list past LARGE entries grows four-fold: what it leaves behind growing stays under its final size, and it keeps every value", () => {
  // Each array a list grows out of is garbage until the next full collection; growing by half left
  // twice the final size behind (dense 50 MB: some 180 MB of dead arrays when the scan ended).
  const made: number[] = [];
  const list = new List(new Int32Array(16), (n) => {
    made.push(n);
    return new Int32Array(n);
  });
  const count = (1 << 18) * 12;
  for (let i = 0; i < count; i++) list.push(i * 7);
  const left = 16 + made.slice(0, -1).reduce((a, b) => a + b, 0);
  expect(left).toBeLessThan(count);
  expect(list.length).toBe(count);
  expect(list.data[count - 1]).toBe((count - 1) * 7);
  expect(list.data[1 << 18]).toBe((1 << 18) * 7);
  // Small lists still grow by half (their room is written as they fill).
  expect(made.slice(0, 3)).toEqual([40, 76, 130]);
  list.trim();
  expect(list.data.length).toBe(count);
});

describe("a shared formula group's other cells, read by moving its first cell's references", () => {
  /** What the index holds, formula by formula (its own lists, read as they are). */
  const contents = (index: FormulaIndex) => {
    const lists = index as unknown as Record<string, List<Int32Array>>;
    return ["ownRow", "ownCol", "singleEnd", "rangeEnd", "singles", "ranges"].map((k) => [...lists[k].data.subarray(0, lists[k].length)]);
  };
  const corner = (rnd: () => number, top: number) => {
    const col = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 16_384 : 30));
    const row = rnd() < 0.1 ? top : 1 + Math.floor(rnd() * (rnd() < 0.2 ? 1_048_576 : 40));
    const letters = (n: number): string => (n > 26 ? letters(Math.floor((n - 1) / 26)) : "") + String.fromCharCode(65 + ((n - 1) % 26));
    return `${rnd() < 0.3 ? "$" : ""}${letters(col)}${rnd() < 0.3 ? "$" : ""}${row}`;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FormulaShift } = require("../../src/sheetModel/formula") as typeof import("../../src/sheetModel/formula");

  it("adds what the moved text adds, for anchored, mixed and ranged references, and leaves to the text a move off the grid", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const byText = new FormulaIndex();
    const byMove = new FormulaIndex();
    let moved = 0;
    let declined = 0;
    for (let g = 0; g < 400; g++) {
      const refs = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
        rnd() < 0.4 ? `${corner(rnd, 1)}:${corner(rnd, 1)}` : corner(rnd, 1),
      );
      const formula = refs.join(["+", "*", "-", "/"][g % 4]) + (g % 3 ? "*2" : "");
      const first = { formula, row: 1 + Math.floor(rnd() * 50), col: 1 + Math.floor(rnd() * 20) };
      const shift = FormulaShift.of(formula)!;
      for (let k = 0; k < 8; k++) {
        const row = Math.max(1, first.row + Math.floor(rnd() * 80) - 20);
        const col = Math.max(1, first.col + Math.floor(rnd() * 30) - 10);
        const text = shift.at(row - first.row, col - first.col);
        byText.addFormula("Sheet1", row, col, text);
        if (byMove.addMoved("Sheet1", row, col, first)) moved++;
        else {
          declined++;
          byMove.addFormula("Sheet1", row, col, text);
        }
      }
    }
    expect(contents(byMove)).toEqual(contents(byText));
    // Both ways were taken: most cells by moving, those whose references leave the grid by their text.
    expect(moved).toBeGreaterThan(2000);
    expect(declined).toBeGreaterThan(100);
  });

  it("leaves a group whose formula is not plain to its text", () => {
    const index = new FormulaIndex();
    expect(index.addMoved("Sheet1", 3, 2, { formula: "SUM(A1:A2)", row: 2, col: 2 })).toBe(false);
    expect(index.addMoved("Sheet1", 3, 2, { formula: "a1*2", row: 2, col: 2 })).toBe(false);
    expect(index.addMoved("Sheet1", 3, 2, { formula: "A1*2", row: 2, col: 2 })).toBe(true);
    expect(index.count).toBe(1);
  });
});
