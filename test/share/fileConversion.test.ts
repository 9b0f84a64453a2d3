// The file conversion (the CLI's convertFile) on workbooks exceljs writes: the cases a real .xlsx
// brings that a freshly typed workbook does not (shared formulas, saved errors, no saved values).
import * as ExcelJS from "exceljs";
import { fileBytes, throughCli } from "../support/sharingTwoHosts";

/** Converts the workbook as a file; the report (without the kept-parts list) and the converted file's sheet. */
async function convertWorkbook(wb: ExcelJS.Workbook, options: { now: Date }) {
  const { report, file, xlsx } = await throughCli(await fileBytes(wb), options);
  const { kept: _kept, ...rest } = report;
  return { report: rest, file, xlsx };
}

const now = new Date("2026-11-23T10:00:00Z");

it("converts every cell of a shared formula (Excel's fill-down) on its own", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Users");
  ws.getCell("A1").value = 0.02;
  ws.getCell("A2").value = 0.03;
  ws.getCell("B1").value = {
    formula: "AIECON.COSTPERUSER(A1,30)",
    shareType: "shared",
    ref: "B1:B2",
    result: 0.6,
  } as unknown as ExcelJS.CellValue;
  ws.getCell("B2").value = { sharedFormula: "B1", result: 0.9 } as unknown as ExcelJS.CellValue;
  const { report, file } = await convertWorkbook(wb, { now });
  expect(report.formulas).toBe(2);
  const out = file.getWorksheet("Users")!;
  expect(out.getCell("B1").formula).toBe("IF(OR(COUNT(A1)<1,MIN(A1)<0),NA(),A1*30)");
  expect(out.getCell("B2").formula).toBe("IF(OR(COUNT(A2)<1,MIN(A2)<0),NA(),A2*30)");
  expect((out.getCell("B2").value as { result?: unknown }).result).toBeUndefined();
});

it("keeps formulas whose only value is an error or missing, and says which", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Model");
  ws.getCell("A1").value = { formula: '_xldudf_AIECON_CLASSIFY("chat")', result: { error: "#NAME?" } } as ExcelJS.CellFormulaValue;
  ws.getCell("A2").value = { formula: 'AIECON.CLASSIFY("eval")' } as ExcelJS.CellFormulaValue;
  ws.getCell("A3").value = { formula: 'AIECON.CLASSIFY("train")', result: "OpEx" } as ExcelJS.CellFormulaValue;
  const { report, file } = await convertWorkbook(wb, { now });
  const out = file.getWorksheet("Model")!;
  expect(report.warnings).toEqual([
    expect.stringMatching(/^Model!A1: it shows #NAME\? now/),
    "Model!A2: no current value to keep (the file was saved without one); the formula was left as it is.",
  ]);
  expect(out.getCell("A1").formula).toBe('_xldudf_AIECON_CLASSIFY("chat")');
  expect(out.getCell("A3").value).toBe("OpEx");
  expect(out.getCell("A3").note).toMatch(/^Values as of 2026-11-23/);
  expect(report.values).toBe(1);
});

it("leaves a workbook without AIECON formulas as it is (no originals sheet, no price table)", async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Model").getCell("A1").value = { formula: "1+1", result: 2 } as ExcelJS.CellFormulaValue;
  const { report, file } = await convertWorkbook(wb, { now });
  expect(report).toEqual({ formulas: 0, values: 0, priceRowsAdded: 0, warnings: [] });
  expect(file.worksheets.map((w) => w.name)).toEqual(["Model"]);
  expect(file.getWorksheet("Model")!.getCell("A1").result).toBe(2);
});

it("restores what it converted: formulas back exactly, written values and its notes gone", async () => {
  const wb = new ExcelJS.Workbook();
  const tree = wb.addWorksheet("Tree");
  [
    ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
    ["Answer", null, "gpt-4o", 3000, 500, 1],
  ].forEach((row, r) => row.forEach((v, c) => v !== null && (tree.getCell(r + 1, c + 1).value = v)));
  const ws = wb.addWorksheet("Model");
  const originals: Record<string, string> = {
    A1: "AIECON.COSTTREE(Tree!A1:F2)",
    A2: 'ROUND(AIECON.COSTPERUSER(_xldudf_AIECON_COSTPERINTERACTION(1000,100,"gpt-4o"),50),2)',
    C1: 'AIECON.COSTTREE(Tree!A1:F2,"breakdown")',
  };
  for (const [a, f] of Object.entries(originals)) ws.getCell(a).value = { formula: f } as ExcelJS.CellFormulaValue;
  ws.getCell("A3").value = "kept";
  ws.getCell("A3").note = "the user's own note";
  ws.getCell("A2").note = "checked by finance"; // a user's note on a cell the restore puts a formula back in
  const converted = await convertWorkbook(wb, { now });
  expect(converted.file.getWorksheet("Model")!.getCell("C2").value).toBe("Answer"); // the breakdown's values were written
  expect(converted.file.getWorksheet("Model")!.getCell("C1").note).toMatch(/^Values as of /);
  const back = await throughCli(converted.xlsx, { restore: true });
  expect(back.report.restored).toBe(3);
  const out = back.file.getWorksheet("Model")!;
  for (const [a, f] of Object.entries(originals)) expect(out.getCell(a).formula).toBe(f);
  expect(out.getCell("C2").value).toBeNull();
  expect(out.getCell("C1").note).toBeUndefined();
  expect(out.getCell("A1").note).toBeUndefined();
  expect(out.getCell("A3").note).toBe("the user's own note");
  expect(out.getCell("A2").note).toBe("checked by finance");
  expect(back.file.getWorksheet("AIECON_Originals")).toBeUndefined();
});
