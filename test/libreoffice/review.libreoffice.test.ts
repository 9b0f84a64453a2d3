// The launch review's formulas in a board copy: a feature sheet's model (the domain.md §9 forecast:
// 10,000 actions × 2 calls × 3,000 tokens × $5 per 1M), a month of actuals and usage that is the
// domain's actual (12,000 × 3 × 3,300 × $4), the review written from its spec, converted by the CLI's
// code (COSTBRIDGE → LN) and recalculated by LibreOffice. The observed drivers are checked against
// hand-computed values and the bridge against the domain's figures to the cent.
import * as ExcelJS from "exceljs";
import { join } from "path";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { convertFile } from "../../src/share/xlsx/shareFile";
import { ACTUALS_COLUMNS, ACTUALS_TABLE, monthSerial } from "../../src/sheetModel/actualsLayout";
import { buildReviewSheet, HEADER_ROW } from "../../src/sheetModel/reviewSpec";
import { USAGE_COLUMNS, USAGE_TABLE } from "../../src/sheetModel/usageLayout";
import { tempDir } from "../support/tempDir";
import { recalcInLibreOffice } from "./soffice";

const FEATURE = "Support*"; // a wildcard in the name must match only itself
const SHEET = "Support cost";
const SEP = monthSerial("2025-09");
const OCT = monthSerial("2025-10");

function actualsRow(month: number, feature: string, input: number, output: number, requests: number | "", billed: number, priced: number) {
  // Month, Provider, Model, Feature, Input tokens, Cached input tokens, Output tokens, Requests, Billed $, Priced $, Source, Imported on
  return [month, "OpenAI", "gpt-4o", feature, input, 0, output, requests, billed, priced, "OpenAI usage", 45964];
}

function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const model = wb.addWorksheet(SHEET);
  // Only the cells the review reads: feature, interactions, users, the tree's calls, tree cost and tokens per action.
  const cells: Record<string, string | number> = {
    B4: FEATURE,
    B21: 50,
    B22: 200,
    F27: 0,
    F28: 0,
    F29: 1,
    F30: 1,
    F31: 0,
    B44: 0.03,
    B46: 6000,
  };
  for (const [a, v] of Object.entries(cells)) model.getCell(a).value = v;
  wb.addWorksheet("AI Actuals").addTable({
    name: ACTUALS_TABLE,
    ref: "A1",
    headerRow: true,
    columns: ACTUALS_COLUMNS.map((name) => ({ name })),
    rows: [
      // September as modelled: 20,000 calls, 60M tokens, $300.
      actualsRow(SEP, FEATURE, 50_000_000, 10_000_000, 20_000, 310, 300),
      // October as the domain's actual: 36,000 calls, 118.8M tokens at $4 per 1M = $475.20, in two rows.
      actualsRow(OCT, FEATURE, 80_000_000, 10_000_000, 30_000, 400, 360),
      actualsRow(OCT, FEATURE, 20_000_000, 8_800_000, 6_000, 80, 115.2),
      // Another feature whose name the wildcard would match.
      actualsRow(OCT, "Support chat", 5_000_000, 1_000_000, 999, 50, 50),
    ],
  });
  wb.addWorksheet("AI Usage").addTable({
    name: USAGE_TABLE,
    ref: "A1",
    headerRow: true,
    columns: USAGE_COLUMNS.map((name) => ({ name })),
    rows: [
      [SEP, FEATURE, 200, 10_000],
      [OCT, FEATURE, 240, 12_000],
      [OCT, "Support chat", 50, 777],
    ],
  });
  for (const [name, requests] of [
    ["Review", true],
    ["Review merged", false],
  ] as const) {
    const ws = wb.addWorksheet(name);
    for (const cell of buildReviewSheet({ featureSheet: SHEET, months: ["2025-09", "2025-10"], requests, usage: true }).cells) {
      if (cell.formula) ws.getCell(cell.address).value = { formula: cell.formula.slice(1) } as ExcelJS.CellFormulaValue;
      else if (cell.value !== undefined && cell.value !== "") ws.getCell(cell.address).value = cell.value as ExcelJS.CellValue;
    }
  }
  return wb;
}

describe("the launch review converted and recalculated by LibreOffice", () => {
  let wb: ExcelJS.Workbook;
  // exceljs leaves out a formula's cached result when it is 0 or "" (falsy): those read as null here.
  const at = (sheet: string, a1: string) => {
    const v = wb.getWorksheet(sheet)!.getCell(a1).value as unknown;
    return v && typeof v === "object" && "formula" in v ? ((v as { result?: unknown }).result ?? null) : v;
  };
  const cents = (sheet: string, a1: string) => Math.round(Number(at(sheet, a1)) * 100) / 100;
  const sep = HEADER_ROW + 1;
  const oct = HEADER_ROW + 2;

  beforeAll(async () => {
    priceRuntime.setWorkbookPrices([]);
    const dir = tempDir("review");
    await workbook().xlsx.writeFile(join(dir, "in.xlsx"));
    const report = await convertFile(join(dir, "in.xlsx"), join(dir, "board.xlsx"), { now: new Date("2026-12-06T12:00:00Z") });
    expect(report.values).toBe(0); // every COSTBRIDGE cell became a native formula
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(recalcInLibreOffice(join(dir, "board.xlsx")));
  }, 180_000);

  it("shows the model's drivers from the feature sheet", () => {
    expect(["B", "C", "D", "E"].map((c) => at("Review", `${c}${oct}`))).toEqual([10_000, 2, 3_000, 5]);
  });

  it("observes the drivers from actuals and usage: requests ÷ actions, tokens ÷ requests, Priced $ ÷ tokens", () => {
    expect(["F", "G", "H", "I"].map((c) => at("Review", `${c}${oct}`))).toEqual([12_000, 3, 3_300, 4]);
    expect(["F", "G", "H", "I"].map((c) => at("Review", `${c}${sep}`))).toEqual([10_000, 2, 3_000, 5]);
    expect(["J", "K", "L", "M"].map((c) => Number((at("Review", `${c}${oct}`) as number).toFixed(12)))).toEqual([1.2, 1.5, 1.1, 0.8]);
    expect(at("Review", `N${oct}`)).toBe("Calls per action; ");
    expect(at("Review", `N${sep}`)).toBe(null); // ""
  });

  it("bridges each month: the domain's figures to the cent, zeros for a month as modelled", () => {
    expect(["O", "P", "Q", "R", "S"].map((c) => cents("Review", `${c}${oct}`))).toEqual([69.45, 154.45, 36.3, -85, 175.2]);
    expect(["O", "P", "Q", "R", "S"].map((c) => at("Review", `${c}${sep}`))).toEqual([null, null, null, null, null]); // 0
  });

  it("draws the latest month as a waterfall: model cost, four steps, observed cost", () => {
    const top = oct + 3;
    const col = (c: string) => Array.from({ length: 6 }, (_, i) => cents("Review", `${c}${top + 1 + i}`));
    expect(col("F")).toEqual([300, 369.45, 523.89, 560.2, 475.2, 475.2]);
    expect(col("D")).toEqual([0, 69.45, 154.45, 36.3, 0, 0]);
    expect(col("E")).toEqual([0, 0, 0, 0, 85, 0]);
    expect(col("B")).toEqual([0, 300, 369.45, 523.89, 475.2, 0]);
  });

  it("merges calls and tokens into tokens per action when requests are missing", () => {
    expect(["C", "D", "G", "H"].map((c) => at("Review merged", `${c}${oct}`))).toEqual([1, 6000, 1, 9900]);
    expect(at("Review merged", `P${oct}`)).toBe(null); // 0
    const parts = ["O", "P", "Q", "R"].map((c) => Number(at("Review merged", `${c}${oct}`)));
    expect(Math.abs(parts.reduce((a, b) => a + b, 0) - 175.2)).toBeLessThan(1e-9);
    expect(cents("Review merged", `S${oct}`)).toBe(175.2);
  });
});
