// The planner of aiecon-share reads only what the change needs (the AIECON formulas, the cells they
// name, the price table, AIECON_Originals) instead of the whole workbook. That must never change
// the plan: on every workbook Excel saved, and on one built to make the change reach beyond what was
// read first (a breakdown's spill area, rows appended under the price table), the plan from the
// streaming scan is the plan made from every cell of the workbook — converting and restoring.
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { PRICE_TABLE_COLUMNS } from "../../src/share/priceTable";
import { cellAddress } from "../../src/sheetModel/refs";
import { readBook, sharedStrings, streamPart } from "../../src/share/xlsx/bookParts";
import { convertBook, restoreBook, type FileEdits } from "../../src/share/xlsx/fileChange";
import { ScannedBook, type KeptCells } from "../../src/share/xlsx/scannedBook";
import { Areas, looksAiecon, scanAndPlan } from "../../src/share/xlsx/scanPlan";
import { SheetScanner, type ScannedCell } from "../../src/share/xlsx/sheetScan";
import { injectAieconFormulas, realworldFiles, REALWORLD_DIR, runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

const now = new Date("2026-11-23T10:00:00Z");
type Change = (book: ScannedBook) => { result: unknown; edits: FileEdits };
const convert: Change = (book) => {
  const { report, edits } = convertBook(book, { now });
  return { result: report, edits };
};
const restore: Change = (book) => {
  const { report, edits } = restoreBook(book);
  return { result: report, edits };
};

/** A plan as plain data, to compare. */
const plain = (p: FileEdits) => ({
  cells: [...p.cells].map(([s, m]) => [s, [...m]]),
  notes: [...p.notes].map(([s, m]) => [s, [...m]]),
  removedNotes: [...p.removedNotes].map(([s, m]) => [s, [...m]]),
  tableRefs: [...p.tableRefs],
  newSheets: p.newSheets.map((n) => ({ ...n, widths: [...n.widths] })),
  removedSheets: p.removedSheets,
});

/** Every cell of every sheet as the scan reads it: what the plan reads when nothing is left out. */
async function everyCell(zip: JSZip): Promise<{ book: Awaited<ReturnType<typeof readBook>>; kept: KeptCells }> {
  const book = await readBook(zip);
  const cells = new Map<string, Map<string, ScannedCell>>();
  for (const s of book.sheets.filter((x) => x.worksheet)) {
    const sheet = new Map<string, ScannedCell>();
    const scanner = new SheetScanner((c) => void sheet.set(cellAddress(c.row, c.col), c));
    await streamPart(zip, s.part, (t) => scanner.write(t));
    scanner.end();
    cells.set(s.name, sheet);
  }
  const strings = new Map<number, string>();
  const wanted = new Set([...cells.values()].flatMap((m) => [...m.values()].filter((c) => c.type === "s").map((c) => Number(c.value))));
  if (book.sharedStrings) await sharedStrings(zip, book.sharedStrings, wanted, strings);
  const kept: KeptCells = {
    cellAt: (sheet, row, col) => cells.get(sheet)?.get(cellAddress(row, col)),
    has: () => true,
    cellsOf: (sheet) => cells.get(sheet)?.values() ?? [],
    eachRowOf: (sheet, f) => {
      for (const c of cells.get(sheet)?.values() ?? []) f(c.row);
    },
    formulaCellsOf: (sheet, f) => {
      for (const c of cells.get(sheet)?.values() ?? []) if (c.formula !== undefined) f(c.row, c.col, `=${c.formula}`, c.arrayRef);
    },
    sharedString: (i) => strings.get(i),
  };
  return { book, kept };
}

/** The plan made from every cell of the workbook. */
async function wholePlan(xlsx: Buffer, change: Change) {
  priceRuntime.setWorkbookPrices([]);
  const zip = await JSZip.loadAsync(xlsx);
  const { book, kept } = await everyCell(zip);
  const scanned = new ScannedBook(
    book.sheets.map((s) => s.name),
    book.tables,
    kept,
  );
  const { result, edits } = change(scanned);
  return { result, plan: plain(edits) };
}

async function scannedPlan(xlsx: Buffer, change: Change) {
  priceRuntime.setWorkbookPrices([]);
  const stages: string[] = [];
  const zip = await JSZip.loadAsync(xlsx);
  const r = await scanAndPlan("in.xlsx", zip, change, (s) => stages.push(s));
  return { result: r.result, plan: plain(r.plan), stages };
}

const dir = tempDir("scanplan");

describe.each(realworldFiles())("%s", (file) => {
  it("plans the same conversion and restore from the scan as from the whole workbook", async () => {
    const { xlsx } = await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, file)));
    const [whole, scanned] = [await wholePlan(xlsx, convert), await scannedPlan(xlsx, convert)];
    expect(scanned.plan).toEqual(whole.plan);
    expect(scanned.result).toEqual(whole.result);
    expect(scanned.plan.cells.length).toBeGreaterThan(0);

    const input = join(dir, `${file}.in.xlsx`);
    const output = join(dir, `${file}.out${file.slice(file.lastIndexOf("."))}`);
    writeFileSync(input, xlsx);
    expect((await runCli(input, output)).code).toBe(0);
    const converted = readFileSync(output);
    const [back, backScanned] = [await wholePlan(converted, restore), await scannedPlan(converted, restore)];
    expect(backScanned.plan).toEqual(back.plan);
    // The price sheet the conversion created goes with AIECON_Originals.
    expect(backScanned.plan.removedSheets).toEqual(["AI Prices", "AIECON_Originals"]);
  });
});

it("reads the cells a change reaches beyond the ones it named, and plans exactly as from the whole workbook", async () => {
  const wb = new ExcelJS.Workbook();
  const model = wb.addWorksheet("Model");
  const inputs = wb.addWorksheet("Inputs");
  const tree = wb.addWorksheet("Cost tree");
  const prices = wb.addWorksheet("Prices");
  inputs.getCell("B1").value = "gpt-4o";
  inputs.getCell("B2").value = 7000;
  for (let r = 3; r <= 2000; r++) inputs.getCell(r, 1).value = r; // filler the plan never needs
  wb.definedNames.add("Inputs!$B$1", "Chosen");
  [
    ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
    ["Answer", null, "gpt-4o", 3000, 500, 2],
    ["Check", "Answer", "claude-sonnet-4-5", 3500, 20, 1],
  ].forEach((row, r) => row.forEach((v, c) => v !== null && (tree.getCell(r + 1, c + 1).value = v)));
  prices.addTable({
    name: "AIECON_Prices",
    ref: "A1",
    headerRow: true,
    columns: PRICE_TABLE_COLUMNS.map((name) => ({ name })),
    rows: [PRICE_TABLE_COLUMNS.map((c) => (c === "Model" ? "my-model" : typeof c === "string" && /\$/.test(c) ? 1 : ""))],
  });
  model.getCell("A1").value = {
    formula: "AIECON.COSTPERINTERACTION(Inputs!B2,1000,Inputs!B1)",
    result: 0.0275,
  } as ExcelJS.CellFormulaValue;
  model.getCell("A2").value = { formula: "AIECON.COSTPERINTERACTION(7000,1000,Chosen)", result: 0.0275 } as ExcelJS.CellFormulaValue;
  // A shared formula whose every cell is an AIECON call: the group converts whole.
  model.getCell("A3").value = {
    formula: "AIECON.COSTPERUSER(A1,30)",
    shareType: "shared",
    ref: "A3:A4",
    result: 0.825,
  } as unknown as ExcelJS.CellValue;
  model.getCell("A4").value = { sharedFormula: "A3", result: 0.825 } as unknown as ExcelJS.CellValue;
  model.getCell("A5").value = { formula: "A4*2", result: 1.65 } as ExcelJS.CellFormulaValue;
  // The breakdown spills over D1:J3; E3 holds the user's text, so it stays as it is, with a warning.
  model.getCell("D1").value = { formula: "AIECON.COSTTREE('Cost tree'!A1:F3,\"breakdown\")", result: 0.1 } as ExcelJS.CellFormulaValue;
  model.getCell("E3").value = "keep me";
  model.getCell("D10").value = { formula: "AIECON.COSTTREE('Cost tree'!A1:F3,\"breakdown\")", result: 0.1 } as ExcelJS.CellFormulaValue;
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

  const [whole, scanned] = [await wholePlan(xlsx, convert), await scannedPlan(xlsx, convert)];
  expect(scanned.plan).toEqual(whole.plan);
  expect(scanned.result).toEqual(whole.result);
  // It did have to go back for cells: the spill areas, and the rows under the price table.
  expect(scanned.stages.filter((s) => s.startsWith("reading cells of")).length).toBeGreaterThan(0);
  expect((scanned.result as { warnings: string[] }).warnings.join("\n")).toMatch(/Model!D1.*Model!E3|E3/);
  const edited = new Map(scanned.plan.cells as [string, [string, unknown][]][]);
  expect(edited.get("Model")!.map(([a]) => a)).toEqual(expect.arrayContaining(["A1", "A2", "A3", "A4", "D10", "E11"]));
  expect(scanned.plan.tableRefs).toEqual([["AIECON_Prices", expect.stringMatching(/^A1:[A-Z]+[3-9]$/)]]);
});

it("fetches the cells AIECON formulas name outside their own row before it first plans, and plans once", async () => {
  const wb = new ExcelJS.Workbook();
  const model = wb.addWorksheet("Model");
  const inputs = wb.addWorksheet("Inputs");
  inputs.getCell("B1").value = "gpt-4o";
  model.getCell("A1").value = "claude-sonnet-4-5";
  for (let r = 2; r <= 40; r++) {
    model.getCell(r, 2).value = 1000 + r;
    model.getCell(r, 3).value = 100 + r;
    // Every row reads its own row, and a model name above it or on another sheet.
    const name = r % 2 ? "Inputs!$B$1" : "$A$1";
    model.getCell(r, 4).value = { formula: `AIECON.COSTPERINTERACTION(B${r},C${r},${name})`, result: 0.01 } as ExcelJS.CellFormulaValue;
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  const [whole, scanned] = [await wholePlan(xlsx, convert), await scannedPlan(xlsx, convert)];
  expect(scanned.plan).toEqual(whole.plan);
  expect(scanned.result).toEqual(whole.result);
  // A name missed by the first planning would take a second round of reading and planning.
  expect(scanned.stages.filter((s) => s === "converting")).toHaveLength(1);
  expect(scanned.stages.filter((s) => s.startsWith("reading cells of"))).toEqual(["reading cells of Model", "reading cells of Inputs"]);
});

it("tells a formula calling an AIECON function, as files spell it, from one naming AIECON_Prices", () => {
  const calls = /AIECON[._][\w.]*\s*\(/i;
  let s = 7;
  const pick = <T>(xs: readonly T[]) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), xs[s % xs.length]);
  const formulas = [
    '_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")',
    "AIECON.TOKENCOUNT (A1)",
    "INDEX(AIECON_Prices[Model],1)",
    "aiecon.x\u00a0(",
  ];
  // Calls and near misses: a prefix, AIECON in either case, a separator, a name, spaces, then "(" or not.
  for (let i = 0; i < 3000; i++)
    formulas.push(
      [
        pick(["", "_xldudf_", "1+", "x"]),
        pick(["AIECON", "aiecon", "AIECO", "AIECONX"]),
        pick([".", "_", "", "-"]),
        pick(["", "COST", "Prices", "A.B_C1"]),
        pick(["", " ", "  ", "\t", "\u00a0", "\n", "\u3000", "\ufeff", "\u2028", "\u0085"]),
        pick(["(", "[", "", "x(", "~(", "\u00e9(", ")"]),
        pick(["", "A1)", "AIECON_Prices[Model]", "+AIECON.Y(", "AIECON_AIECON.Z (", "AIECON_Prices[Model] \u00a0("]),
      ].join(""),
    );
  const verdicts = formulas.map((f) => [f, looksAiecon(f)]);
  expect(verdicts).toEqual(formulas.map((f) => [f, calls.test(f)]));
  expect(verdicts.slice(0, 4).map((v) => v[1])).toEqual([true, true, false, true]);
  expect(verdicts.filter((v) => v[1]).length).toBeGreaterThan(200);
  expect(verdicts.filter((v) => !v[1]).length).toBeGreaterThan(200);
});

describe("Areas, the rectangles the scan kept", () => {
  type Box = { top: number; left: number; bottom: number; right: number };
  const inside = (boxes: readonly Box[], row: number, col: number) =>
    boxes.some((b) => row >= b.top && row <= b.bottom && col >= b.left && col <= b.right);
  /** Every answer of `areas` on a grid against the areas given, and the areas it lists covering the same cells. */
  const expectSame = (areas: Areas, added: readonly Box[], rows: number, cols: number) => {
    const listed = [...areas];
    const wrong: string[] = [];
    for (let row = 1; row <= rows; row++) {
      if (areas.touchesRow(row) !== added.some((b) => row >= b.top && row <= b.bottom)) wrong.push(`touchesRow(${row})`);
      for (let col = 1; col <= cols; col++) {
        const want = inside(added, row, col);
        if (areas.has(row, col) !== want) wrong.push(`has(${row}, ${col})`);
        if (inside(listed, row, col) !== want) wrong.push(`listed ${row}, ${col}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(areas.lastRow).toBe(Math.max(0, ...added.map((b) => b.bottom)));
  };

  it("an AIECON formula on every row reading two cells of its row: two areas, not two a row", () => {
    const areas = new Areas();
    const added: Box[] = [];
    for (let row = 2; row <= 3000; row++)
      for (const col of [2, 3]) {
        const b = { top: row, left: col, bottom: row, right: col };
        added.push(b);
        areas.add(b);
      }
    expect([...areas]).toEqual([
      { top: 2, left: 2, bottom: 3000, right: 2 },
      { top: 2, left: 3, bottom: 3000, right: 3 },
    ]);
    expectSame(areas, added, 3002, 5);
  });

  it("answers as the areas given on runs, gaps, repeats, taller areas and more runs than MAX_TALL", () => {
    let s = 11;
    const rand = (n: number) => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s % n);
    const areas = new Areas();
    const added: Box[] = [];
    const add = (b: Box) => {
      added.push(b);
      areas.add(b);
    };
    for (let row = 1; row <= 400; row++) {
      // Runs in a few column pairs, some rows skipped, a repeat now and then.
      for (const [left, right] of [
        [2, 3],
        [5, 5],
        [7, 9],
      ])
        if (rand(10) > 1) add({ top: row, left, bottom: row, right });
      if (rand(20) === 0) add({ top: row, left: 5, bottom: row, right: 5 });
      if (rand(50) === 0) add({ top: row, left: 1 + rand(10), bottom: row + rand(100), right: 11 });
    }
    expectSame(areas, added, 520, 12);
    // More runs than MAX_TALL, each taller than SHORT rows: still the same answers.
    const many = new Areas();
    const runs: Box[] = [];
    for (let row = 1; row <= 70; row++)
      for (let col = 1; col <= Areas.MAX_TALL + 20; col++) {
        const b = { top: row, left: col, bottom: row, right: col };
        runs.push(b);
        many.add(b);
      }
    expectSame(many, runs, 72, Areas.MAX_TALL + 22);
    expect([...many].length).toBeGreaterThan(Areas.MAX_TALL + 20);
  });
});
