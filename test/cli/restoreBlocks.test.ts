// aiecon-share --restore clears only the blocks the conversion wrote (issue 20): a spill written as
// values comes back as its formula, its cells cleared, even though the scan's planning copy does not
// hold them at first; a row of AIECON_Originals stretched over other cells is refused by name, with
// exit code 1 and no output.
import * as ExcelJS from "exceljs";
import { existsSync } from "fs";
import { join } from "path";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

async function converted(dir: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Model");
  ws.getCell("A1").value = { formula: 'AIECON.CLASSIFY("chat")', result: "COGS" } as ExcelJS.CellFormulaValue;
  ws.getCell("B1").value = {
    formula: "AIECON.TOKENCOUNT(C1)",
    result: 3,
    shareType: "array",
    ref: "B1:B3",
  } as unknown as ExcelJS.CellValue;
  ws.getCell("B2").value = 4;
  ws.getCell("B3").value = 5;
  ws.getCell("C1").value = "one two three";
  ws.getCell("C2").value = "keep";
  await wb.xlsx.writeFile(join(dir, "in.xlsx"));
  const r = await runCli(join(dir, "in.xlsx"), join(dir, "shared.xlsx"));
  expect([r.code, r.err]).toEqual([0, ""]);
  expect(r.out).toMatch(/2 written as values/);
  return join(dir, "shared.xlsx");
}

const cells = async (file: string, addresses: string[]) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet("Model")!;
  return addresses.map((a) => {
    const v = ws.getCell(a).value as unknown;
    return v && typeof v === "object" && "formula" in v ? `=${(v as { formula: string }).formula}` : (v ?? null);
  });
};

it("restores a spill written as values: its formula back, its cells cleared, the rest as it was", async () => {
  const dir = tempDir("restore-blocks");
  const shared = await converted(dir);
  expect(await cells(shared, ["A1", "B1", "B2", "B3"])).toEqual(["COGS", 3, 4, 5]);
  const r = await runCli(shared, join(dir, "back.xlsx"), "--restore");
  expect([r.code, r.out, r.err]).toEqual([0, `${join(dir, "back.xlsx")}: 2 AIECON formula(s) restored.`, ""]);
  expect(await cells(join(dir, "back.xlsx"), ["A1", "B1", "B2", "B3", "C1", "C2"])).toEqual([
    '=AIECON.CLASSIFY("chat")',
    "=AIECON.TOKENCOUNT(C1)",
    null,
    null,
    "one two three",
    "keep",
  ]);
}, 60_000);

it("refuses a written range stretched over the user's cells, naming the row, and writes nothing", async () => {
  const dir = tempDir("restore-blocks");
  const shared = await converted(dir);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(shared);
  const kept = wb.getWorksheet(ORIGINALS_SHEET)!;
  const row = [2, 3].find((r) => kept.getCell(r, 2).value === "B1")!;
  expect(kept.getCell(row, 5).value).toBe("B1:B3");
  kept.getCell(row, 5).value = "B1:C3";
  await wb.xlsx.writeFile(join(dir, "tampered.xlsx"));
  const r = await runCli(join(dir, "tampered.xlsx"), join(dir, "back.xlsx"), "--restore");
  expect(r.code).toBe(1);
  expect(r.err).toMatch(
    new RegExp(
      `^aiecon-share: Nothing was restored: AIECON_Originals entry ${row - 1} \\(Model!B1\\) .*written range 'B1:C3' does not hold the values the conversion wrote`,
    ),
  );
  expect(existsSync(join(dir, "back.xlsx"))).toBe(false);
}, 60_000);
