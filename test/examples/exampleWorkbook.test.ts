// The shipped example (examples/ai-unit-economics.xlsx) is what `npm run examples` writes from the
// specs, and its cached values are the add-in's own results.
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync } from "fs";
import { join, resolve } from "path";
import {
  CLASSIFICATION_EXAMPLE_SHEET,
  EXAMPLE_FEATURE,
  EXAMPLE_FILE,
  exampleSheets,
  exampleWorkbookBytes,
} from "../../examples/exampleWorkbook";
import { EXAMPLE_SHEET_NAMES, EXAMPLE_SPILLS } from "../../src/sheetModel/exampleModelSpec";
import { FEATURE_OUTPUTS, featureSheetName } from "../../src/sheetModel/featureModelSpec";
import { costPerInteractionFn } from "../../src/functions/functions";
import { classifyFn } from "../../src/functions/classificationFunctions";

const committed = join(resolve(__dirname, "..", ".."), EXAMPLE_FILE);

async function parts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort()) if (!zip.files[name].dir) out[name] = await zip.files[name].async("string");
  return out;
}

let wb: ExcelJS.Workbook;
beforeAll(async () => {
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(committed);
});

it("is what `npm run examples` writes from the specs today (run it after changing a spec or the prices)", async () => {
  expect(await parts(readFileSync(committed))).toEqual(await parts(await exampleWorkbookBytes()));
});

it("holds every spec cell: the example model, the feature model with its comparison, and the classification", () => {
  const sheets = exampleSheets();
  expect(wb.worksheets.map((ws) => ws.name)).toEqual(sheets.map((s) => s.name));
  for (const sheet of sheets) {
    const ws = wb.getWorksheet(sheet.name)!;
    for (const cell of sheet.cells) {
      if (cell.formula)
        expect(`${sheet.name}!${cell.address} =${ws.getCell(cell.address).formula}`).toBe(`${sheet.name}!${cell.address} ${cell.formula}`);
      else expect(ws.getCell(cell.address).value).toBe(cell.value);
    }
  }
});

it("caches the add-in's own results, spills included", () => {
  const model = wb.getWorksheet(EXAMPLE_SHEET_NAMES.model)!;
  // The domain's worked example: $0.02 per interaction and $0.25 for the power user.
  expect(model.getCell("B13").result).toBeCloseTo(0.02, 12);
  expect(model.getCell("C13").result).toBeCloseTo(0.25, 12);
  // The cost tree's breakdown spills as a legacy array over its whole extent, values in every cell.
  const { anchor, rows, columns } = EXAMPLE_SPILLS.costTreeBreakdown;
  const spill = model.getCell(anchor).value as { shareType?: string; ref?: string };
  expect(spill.shareType).toBe("array");
  expect(spill.ref).toBe(`${anchor}:${model.getCell(Number(model.getCell(anchor).row) + rows - 1, columns).address}`);
  expect(model.getCell("A31").value).toBe("Safety classifier");
  expect(model.getCell(`A${30 + rows - 1}`).value).toMatch(/total/i);
  const feature = wb.getWorksheet(featureSheetName(EXAMPLE_FEATURE.feature, []))!;
  expect(feature.getCell("J27").formula).toMatch(/^AIECON\.COSTPERINTERACTION\(/);
  // gpt-4o on the feature's workload: 4,000 + 2,000 + 1,000 input tokens (half the system prompt cached), 1,000 out.
  expect(feature.getCell("J27").result).toBeCloseTo(costPerInteractionFn(7000, 1000, "gpt-4o", null, 2000), 12);
  expect(typeof feature.getCell(FEATURE_OUTPUTS.treeCost).result).toBe("number");
  const classification = wb.getWorksheet(CLASSIFICATION_EXAMPLE_SHEET)!;
  const outcomes = [5, 6, 7, 8, 9, 10].map((r) => classification.getCell(`H${r}`).result);
  expect(outcomes).toEqual(
    [5, 6, 7, 8, 9, 10].map((r) => {
      const v = (c: string) => classification.getCell(`${c}${r}`).value ?? null;
      return classifyFn(v("B"), v("D"), v("E"), v("F"), v("G"));
    }),
  );
  expect(new Set(outcomes)).toEqual(new Set(["COGS", "OpEx", "Mixed"]));
});
