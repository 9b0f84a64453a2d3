// The planner of aiecon-share reads only what the change needs (the AIECON formulas, the cells they
// name, the price table, AIECON_Originals) instead of the whole workbook. That must never change
// the plan: on every workbook Excel saved, and on one built to make the change reach beyond what was
// read first (a breakdown's spill area, rows appended under the price table), the plan from the
// streaming scan is the plan exceljs makes from the whole workbook — converting and restoring.
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { PRICE_TABLE_COLUMNS } from "../../src/share/priceTable";
import { convertWorkbook, restoreWorkbook } from "../../src/share/xlsx/convertWorkbook";
import { FormulaIndex } from "../../src/share/xlsx/dependents";
import { planEdits, recordChange, type PatchPlan } from "../../src/share/xlsx/patchPackage";
import { scanAndPlan } from "../../src/share/xlsx/scanPlan";
import { injectAieconFormulas, readableByExceljs, realworldFiles, REALWORLD_DIR, runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

const now = new Date("2026-11-23T10:00:00Z");
type Change = (wb: ExcelJS.Workbook) => unknown;
const convert: Change = (wb) => convertWorkbook(wb, { now });
const restore: Change = (wb) => restoreWorkbook(wb);

/** A plan as plain data, to compare. */
const plain = (p: PatchPlan) => ({
  cells: [...p.cells].map(([s, m]) => [s, [...m]]),
  notes: [...p.notes].map(([s, m]) => [s, [...m]]),
  removedNotes: [...p.removedNotes].map(([s, m]) => [s, [...m]]),
  tableRefs: [...p.tableRefs],
  newSheets: p.newSheets.map((n) => ({ ...n, cells: [...n.cells], widths: [...n.widths] })),
  removedSheets: p.removedSheets,
});

/** The plan exceljs makes from the whole workbook (how it was planned before the scan). */
async function wholePlan(xlsx: Buffer, change: Change) {
  priceRuntime.setWorkbookPrices([]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readableByExceljs(xlsx)) as unknown as ArrayBuffer);
  const { result, before } = await recordChange(wb, change);
  return { result, plan: plain(planEdits(before, wb, new FormulaIndex())) };
}

async function scannedPlan(xlsx: Buffer, change: Change) {
  priceRuntime.setWorkbookPrices([]);
  const stages: string[] = [];
  const r = await scanAndPlan(ExcelJS, "in.xlsx", xlsx, await JSZip.loadAsync(xlsx), change, (s) => stages.push(s));
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
