// A workbook with a chart converted by the CLI (which patches the original package rather than
// rewriting it), then opened and recalculated by LibreOffice: the converted cells must compute the
// add-in's own numbers, and the chart must still be there after a real spreadsheet engine read it.
import { execFileSync, spawnSync } from "child_process";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { costPerInteractionFn, costPerUserFn, marginImpactFn, modelPriceFn } from "../../src/functions/functions";
import { gpuCostPerMTokFn } from "../../src/functions/scenarioFunctions";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { chartXml, withChart } from "../cli/chartFixture";
import { recalcInLibreOffice } from "./soffice";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");

const inputs: Record<string, ExcelJS.CellValue> = {
  B1: 7000,
  B2: 1000,
  B3: "claude-sonnet-4-5",
  B4: 4000,
  B5: 40,
  B6: 25,
  B7: " GPT-4o-2024-08-06 ",
};
const I = (a: string) => inputs[a] ?? null;

// Sheet "Board", column B: the formula and the add-in's own value for it.
const cases: { cell: string; formula: string; expected: () => number }[] = [
  { cell: "B1", formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', expected: () => costPerInteractionFn(7000, 1000, "gpt-4o") },
  {
    cell: "B2",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B3,,Inputs!B4)",
    expected: () => costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4")),
  },
  {
    cell: "B3",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B7)",
    expected: () => costPerInteractionFn(I("B1"), I("B2"), I("B7")),
  },
  {
    cell: "B4",
    formula: "AIECON.COSTPERUSER(B2,Inputs!B5)",
    expected: () => costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4")), I("B5")),
  },
  {
    cell: "B5",
    formula: "AIECON.MARGINIMPACT(B4,Inputs!B6)",
    expected: () => marginImpactFn(costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4")), I("B5")), I("B6")),
  },
  { cell: "B6", formula: 'AIECON.MODELPRICE("gpt-4o-mini","output")', expected: () => modelPriceFn("gpt-4o-mini", "output") },
  { cell: "B7", formula: "AIECON.GPUCOSTPERMTOK(3.43,1200,0.6)", expected: () => gpuCostPerMTokFn(3.43, 1200, 0.6) },
  // Not AIECON, but depends on a converted cell: its stale cached result must not survive.
  { cell: "B8", formula: "B1*1000", expected: () => costPerInteractionFn(7000, 1000, "gpt-4o") * 1000 },
];

// The bin runs the compiled CLI: compile the current source first, as `npm run build:cli` does.
beforeAll(() => {
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], {
    cwd: root,
    stdio: "pipe",
  });
}, 120_000);

describe("a converted workbook with a chart, recalculated by LibreOffice", () => {
  let recalculated: ExcelJS.Workbook;
  let recalculatedZip: JSZip;

  beforeAll(async () => {
    priceRuntime.setWorkbookPrices([]);
    const wb = new ExcelJS.Workbook();
    const board = wb.addWorksheet("Board");
    const inp = wb.addWorksheet("Inputs");
    for (const [a, v] of Object.entries(inputs)) inp.getCell(a).value = v;
    cases.forEach((c, i) => {
      board.getCell(`A${i + 1}`).value = c.cell;
      // A stale cached result, as a file saved before a price change would carry.
      board.getCell(c.cell).value = { formula: c.formula, result: 1 } as ExcelJS.CellFormulaValue;
    });
    // No native formula: kept as its value, with an "as of" note LibreOffice must read as a note.
    board.getCell("D1").value = { formula: 'AIECON.TOKENCOUNT("hello world")', result: 2 } as ExcelJS.CellFormulaValue;
    const { xlsx } = await withChart(
      wb,
      chartXml(
        "Unit costs",
        "Board!$A$1:$A$8",
        "Board!$B$1:$B$8",
        cases.map(() => 1),
      ),
    );
    const dir = tempDir("share-chart");
    writeFileSync(join(dir, "in.xlsx"), xlsx);
    const r = spawnSync(process.execPath, [join(root, "bin", "aiecon-share.mjs"), join(dir, "in.xlsx"), join(dir, "out.xlsx")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const recalc = recalcInLibreOffice(join(dir, "out.xlsx"));
    recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(recalc);
    recalculatedZip = await JSZip.loadAsync(readFileSync(recalc));
  }, 180_000);

  it.each(cases.map((c) => [c.cell, c.formula, c] as const))("%s =%s", (_cell, _formula, c) => {
    const expected = c.expected();
    const got = recalculated.getWorksheet("Board")!.getCell(c.cell).result as unknown;
    expect(typeof got).toBe("number");
    expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
  });

  it("keeps a value without a native formula, with its as-of note", () => {
    const cell = recalculated.getWorksheet("Board")!.getCell("D1");
    expect(cell.value).toBe(2);
    expect(JSON.stringify(cell.note)).toMatch(/Values as of \d{4}-\d{2}-\d{2} \(prices as of .*AIECON.TOKENCOUNT/);
  });

  it("keeps the chart, still drawing the converted cells", async () => {
    const charts = Object.keys(recalculatedZip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
    expect(charts).toHaveLength(1);
    const chart = await recalculatedZip.file(charts[0])!.async("string");
    expect(chart).toMatch(/<c:barChart>/);
    expect(chart).toMatch(/<c:f>Board!\$B\$1:\$B\$8<\/c:f>/);
  });
});

describe("a workbook with a chart and its own AIECON_Prices table, recalculated by LibreOffice", () => {
  const header = [
    "Model",
    "Provider",
    "Input $/1M",
    "Output $/1M",
    "Cached input $/1M",
    "Cache write $/1M",
    "Context window",
    "As of",
    "Source",
  ];
  const ownRows = [["gpt-4o", "openai", 2, 8, 1, null, 128000, "2026-10-01", "user"]];
  let ws: ExcelJS.Worksheet;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Sheet1");
    sheet.getCell("A1").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",,4000)' } as ExcelJS.CellFormulaValue;
    // Looked up in rows the conversion appends: found only if the table's ref grew with them.
    sheet.getCell("A2").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"claude-sonnet-4-5",,4000)' } as ExcelJS.CellFormulaValue;
    sheet.getCell("A3").value = { formula: 'AIECON.MODELPRICE("gpt-4o-mini","output")' } as ExcelJS.CellFormulaValue;
    wb.addWorksheet("My prices").addTable({
      name: "AIECON_Prices",
      ref: "B2",
      headerRow: true,
      columns: header.map((name) => ({ name })),
      rows: ownRows,
    });
    const { xlsx } = await withChart(wb, chartXml("Costs", "Sheet1!$A$1:$A$3", "Sheet1!$A$1:$A$3", [1, 1, 1]));
    const dir = tempDir("share-chart");
    writeFileSync(join(dir, "in.xlsx"), xlsx);
    const r = spawnSync(process.execPath, [join(root, "bin", "aiecon-share.mjs"), join(dir, "in.xlsx"), join(dir, "out.xlsx")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(recalcInLibreOffice(join(dir, "out.xlsx")));
    ws = recalculated.getWorksheet("Sheet1")!;
  }, 180_000);

  it("uses the table's own prices first and finds the appended rows", () => {
    const { rowsFromTable } = jest.requireActual("../../src/share/priceTable");
    priceRuntime.setWorkbookPrices(rowsFromTable(header, ownRows));
    try {
      const expected = [
        costPerInteractionFn(7000, 1000, "gpt-4o", null, 4000),
        costPerInteractionFn(7000, 1000, "claude-sonnet-4-5", null, 4000),
        modelPriceFn("gpt-4o-mini", "output"),
      ];
      expected.forEach((v, i) => {
        const got = ws.getCell(`A${i + 1}`).result;
        expect(typeof got).toBe("number");
        expect(Math.abs((got as number) - v)).toBeLessThanOrEqual(1e-9 * v);
      });
    } finally {
      priceRuntime.setWorkbookPrices([]);
    }
  });
});

describe("a workbook with a chart saved by LibreOffice itself (its own XML: shared strings, lower-case unknown functions)", () => {
  let ws: ExcelJS.Worksheet;
  let zip: JSZip;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const board = wb.addWorksheet("Board");
    board.getCell("A1").value = "Cost";
    board.getCell("B1").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', result: 1 } as ExcelJS.CellFormulaValue;
    board.getCell("B2").value = { formula: "B1*2", result: 2 } as ExcelJS.CellFormulaValue;
    board.getCell("B3").value = { formula: 'AIECON.TOKENCOUNT("hello world")', result: 2 } as ExcelJS.CellFormulaValue;
    const { xlsx } = await withChart(wb, chartXml("Cost", "Board!$A$1:$A$2", "Board!$B$1:$B$2", [1, 2]));
    const dir = tempDir("share-chart");
    writeFileSync(join(dir, "excel.xlsx"), xlsx);
    const saved = recalcInLibreOffice(join(dir, "excel.xlsx"));
    expect(Object.keys((await JSZip.loadAsync(readFileSync(saved))).files).filter((p) => p.startsWith("xl/charts/"))).not.toEqual([]);
    const r = spawnSync(process.execPath, [join(root, "bin", "aiecon-share.mjs"), saved, join(dir, "out.xlsx")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/1 formula\(s\) now native Excel, 1 written as values .*charts \(1\) kept/);
    const recalc = recalcInLibreOffice(join(dir, "out.xlsx"));
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(recalc);
    ws = out.getWorksheet("Board")!;
    zip = await JSZip.loadAsync(readFileSync(recalc));
  }, 240_000);

  it("computes the converted cell and its dependent, keeps the value with its note and the chart", () => {
    const expected = costPerInteractionFn(7000, 1000, "gpt-4o");
    expect(Math.abs((ws.getCell("B1").result as number) - expected)).toBeLessThanOrEqual(1e-9 * expected);
    expect(Math.abs((ws.getCell("B2").result as number) - 2 * expected)).toBeLessThanOrEqual(1e-9 * expected);
    expect(ws.getCell("B3").value).toBe(2);
    expect(JSON.stringify(ws.getCell("B3").note)).toMatch(/Values as of .*AIECON.TOKENCOUNT/i);
    expect(Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(1);
  });
});
