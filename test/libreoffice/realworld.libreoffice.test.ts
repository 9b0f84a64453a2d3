// The workbooks Excel saved (../shared/workbooks/realworld), with AIECON formulas written in as
// Excel stores them, converted by aiecon-share and recalculated by LibreOffice in one batch: each
// converted cell computes the add-in's own value in a real spreadsheet engine, and the cell kept as
// values still shows it.
import * as ExcelJS from "exceljs";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { costPerInteractionFn, costPerUserFn, marginImpactFn } from "../../src/functions/functions";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { injectAieconFormulas, readableByExceljs, realworldFiles, REALWORLD_DIR, runCli, type Injected } from "../support/realworld";
import { recalcAllInLibreOffice } from "./soffice";
import { tempDir } from "../support/tempDir";

const files = realworldFiles();
const converted = new Map<string, { injected: Injected; recalculated: string }>();

beforeAll(async () => {
  priceRuntime.setWorkbookPrices([]);
  const dir = tempDir("lo-realworld");
  const outputs: string[] = [];
  for (const [i, file] of files.entries()) {
    const ext = file.slice(file.lastIndexOf("."));
    const injected = await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, file)));
    const input = join(dir, `in${i}${ext}`);
    writeFileSync(input, injected.xlsx);
    const output = join(dir, `w${i}${ext}`);
    const r = await runCli(input, output);
    if (r.code !== 0) throw new Error(`${file}: ${r.err}`);
    outputs.push(output);
    converted.set(file, { injected, recalculated: "" });
  }
  const recalculated = recalcAllInLibreOffice(outputs);
  files.forEach((f, i) => (converted.get(f)!.recalculated = recalculated[i]));
}, 900_000);

const cost = costPerInteractionFn(7000, 1000, "gpt-4o");
const expected: Record<number, number> = { 0: cost, 1: costPerUserFn(cost, 30), 2: marginImpactFn(costPerUserFn(cost, 30), 25), 3: 2 };

it.each(files)("%s: LibreOffice computes every converted cell to the add-in's value", async (file) => {
  const { injected, recalculated } = converted.get(file)!;
  expect(existsSync(recalculated)).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readableByExceljs(readFileSync(recalculated))) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(injected.sheet)!;
  injected.cells.forEach((c, i) => {
    const cell = ws.getCell(c.ref);
    const got = (c.becomes === "formula" ? cell.result : cell.value) as unknown;
    expect([c.ref, typeof got]).toEqual([c.ref, "number"]);
    expect(Math.abs((got as number) - expected[i])).toBeLessThanOrEqual(1e-9 * Math.abs(expected[i]));
  });
});
