// The command-line tool as a pipeline runs it: a real process, real files.
import { execFileSync, spawnSync } from "child_process";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { partsLostInConversion } from "../../src/share/xlsx/lostParts";
import { join, resolve } from "path";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const bin = join(root, "bin", "aiecon-share.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });

let dir: string;
let input: string;

beforeAll(async () => {
  // The bin runs the compiled CLI: compile the current source, as `npm run build:cli` does.
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], {
    cwd: root,
    stdio: "pipe",
  });
  dir = tempDir("cli");
  input = join(dir, "model.xlsx");
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Unit economics");
  ws.getCell("A1").value = "Cost per interaction ($)";
  ws.getCell("A1").font = { bold: true, color: { argb: "FF1F4E79" } };
  ws.getColumn(1).width = 31;
  ws.mergeCells("A3:B3");
  ws.getCell("A3").value = "Board pack Q4";
  ws.getCell("B1").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', result: 0.0275 } as ExcelJS.CellFormulaValue;
  ws.getCell("B1").numFmt = "$0.0000";
  ws.getCell("B2").value = { formula: "B1*1000", result: 27.5 } as ExcelJS.CellFormulaValue;
  ws.getCell("A1").note = "Reviewed by FP&A";
  wb.definedNames.add("'Unit economics'!$B$1", "CostPerInteraction");
  const data = wb.addWorksheet("Data");
  data.addRow(["Month", "Users"]);
  data.addRow([new Date(Date.UTC(2026, 9, 1)), 1200]);
  await wb.xlsx.writeFile(input);
}, 120_000);

it("converts a workbook and keeps everything else in it", async () => {
  const output = join(dir, "board.xlsx");
  const r = run(input, output);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/1 formula\(s\) now native Excel, 0 written as values/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(output);
  const ws = wb.getWorksheet("Unit economics")!;
  expect(ws.getCell("B1").formula).toMatch(/^7000\*INDEX\(AIECON_Prices\[Input \$\/1M\],MATCH\("gpt-4o",AIECON_Prices\[Model\],0\)\)/);
  expect(ws.getCell("B1").numFmt).toBe("$0.0000");
  expect(ws.getCell("B2").formula).toBe("B1*1000");
  expect(ws.getCell("A1").font).toMatchObject({ bold: true, color: { argb: "FF1F4E79" } });
  expect(ws.getColumn(1).width).toBe(31);
  expect(ws.getCell("B3").isMerged).toBe(true);
  expect(ws.getCell("A1").note).toBe("Reviewed by FP&A");
  expect(wb.definedNames.getRanges("CostPerInteraction").ranges).toEqual(["'Unit economics'!$B$1"]);
  expect(wb.getWorksheet("Data")!.getCell("B2").value).toBe(1200);
  expect(wb.getWorksheet("AI Prices")!.getCell("A2").value).toBe("gpt-4o");
  expect(wb.getWorksheet("AIECON_Originals")!.state).toBe("veryHidden");
});

it("--restore gives back the original formulas exactly", async () => {
  const board = join(dir, "board-for-restore.xlsx");
  const live = join(dir, "live.xlsx");
  expect(run(input, board).status).toBe(0);
  const r = run(board, live, "--restore");
  expect(r.stdout).toMatch(/1 AIECON formula\(s\) restored/);
  expect(r.status).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(live);
  const ws = wb.getWorksheet("Unit economics")!;
  expect(ws.getCell("B1").formula).toBe('AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
  expect(ws.getCell("B2").formula).toBe("B1*1000");
  expect(wb.getWorksheet("AIECON_Originals")).toBeUndefined();
});

it("never overwrites without --force and never overwrites its input", () => {
  const output = join(dir, "exists.xlsx");
  writeFileSync(output, "keep me");
  const r = run(input, output);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/exists; pass --force/);
  expect(run(input, input).stderr).toMatch(/input workbook is never overwritten/);
  expect(run(input, output, "--force").status).toBe(0);
});

it("explains usage, missing files and files that are not workbooks", () => {
  expect(run().status).toBe(1);
  expect(run().stderr).toMatch(/Usage: aiecon-share <in.xlsx> <out.xlsx>/);
  expect(run(join(dir, "nope.xlsx"), join(dir, "o.xlsx")).stderr).toMatch(/does not exist/);
  const text = join(dir, "notes.xlsx");
  writeFileSync(text, "not a zip");
  const r = run(text, join(dir, "o2.xlsx"));
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/notes\.xlsx is not an Excel workbook \(\.xlsx or \.xlsm\): it is not a zip package/);
  expect(existsSync(join(dir, "o2.xlsx"))).toBe(false);
});

it("converts and restores a workbook with charts and macros, keeping them", async () => {
  // A package with chart parts and a macro project beside the cells exceljs can carry.
  const zip = await JSZip.loadAsync(readFileSync(input));
  zip.file("xl/charts/chart1.xml", '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>');
  zip.file("xl/charts/chart2.xml", '<?xml version="1.0"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"/>');
  zip.file("xl/vbaProject.bin", "macros");
  const withChart = join(dir, "with-chart.xlsx");
  writeFileSync(withChart, await zip.generateAsync({ type: "nodebuffer" }));
  const output = join(dir, "with-chart-board.xlsx");

  const converted = run(withChart, output);
  expect(converted.stderr).toBe("");
  expect(converted.status).toBe(0);
  expect(converted.stdout).toMatch(/1 formula\(s\) now native Excel.*charts \(2\), macros \(1\) kept/);
  const out = await JSZip.loadAsync(readFileSync(output));
  expect(await out.file("xl/vbaProject.bin")!.async("string")).toBe("macros");
  expect(await partsLostInConversion(readFileSync(output))).toEqual([
    { label: "charts", count: 2 },
    { label: "macros", count: 1 },
  ]);

  // Restoring patches the package too; --allow-loss is still accepted (it changes nothing now).
  const live = join(dir, "with-chart-live.xlsx");
  const restored = run(output, live, "--restore", "--allow-loss");
  expect(restored.stderr).toBe("");
  expect(restored.status).toBe(0);
  expect(restored.stdout).toMatch(/1 AIECON formula\(s\) restored; charts \(2\), macros \(1\) kept/);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(live);
  expect(back.getWorksheet("Unit economics")!.getCell("B1").formula).toBe('AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
  expect(back.getWorksheet("AIECON_Originals")).toBeUndefined();
  expect(await (await JSZip.loadAsync(readFileSync(live))).file("xl/vbaProject.bin")!.async("string")).toBe("macros");
});

it("finds nothing to lose in a plain workbook", async () => {
  expect(await partsLostInConversion(readFileSync(input))).toEqual([]);
});
