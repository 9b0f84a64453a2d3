// COSTBRIDGE in a board copy: the domain.md §9 example (forecast $300, actual $475.20) written as
// AIECON.COSTBRIDGE formulas, converted by the CLI's code and recalculated by LibreOffice, which has
// never heard of the add-in. Each driver's cell becomes LN arithmetic and must give the add-in's
// number (and the domain.md figure to the cent); the spilled table keeps the add-in's values.
import * as ExcelJS from "exceljs";
import { join } from "path";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { costBridgeFn } from "../../src/functions/varianceFunctions";
import { convertFile } from "../../src/share/xlsx/shareFile";
import { tempDir } from "../support/tempDir";
import { recalcInLibreOffice } from "./soffice";

const FORECAST = [10000, 2, 3000, 5];
const ACTUAL = [12000, 3, 3300, 4];
const column = (v: readonly unknown[]) => v.map((x) => [x]);
const OUTPUTS = ["volume", "calls", "tokens", "price", "total"] as const;
const CENTS = [69.45, 154.45, 36.3, -85, 175.2];

/** The add-in's own value of one output over given drivers, or an error. */
function addinValue(forecast: readonly unknown[], actual: readonly unknown[], output: string): number | { error: true } {
  try {
    return (costBridgeFn(column(forecast), column(actual), output) as number[][])[0][0];
  } catch {
    return { error: true };
  }
}

// Sheet "Bridge inputs": forecast in B2:B5, actual in C2:C5, the same as a row in F2:I2 / F3:I3,
// a month with a zero driver in D2:D5, an unchanged month in E2:E5, an output word in K2.
const inputs: [string, unknown][] = [
  ...FORECAST.map((v, i): [string, unknown] => [`B${i + 2}`, v]),
  ...ACTUAL.map((v, i): [string, unknown] => [`C${i + 2}`, v]),
  ...[12000, 0, 3300, 4].map((v, i): [string, unknown] => [`D${i + 2}`, v]),
  ...FORECAST.map((v, i): [string, unknown] => [`E${i + 2}`, v]),
  ...FORECAST.map((v, i): [string, unknown] => [`${"FGHI"[i]}2`, v]),
  ...ACTUAL.map((v, i): [string, unknown] => [`${"FGHI"[i]}3`, v]),
  ["K2", "Calls"],
];

const cases: { cell: string; formula: string; expected: () => number | { error: true } }[] = [
  ...OUTPUTS.map((o, i) => ({
    cell: `B${i + 2}`,
    formula: `AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!C2:C5,"${o}")`,
    expected: () => addinValue(FORECAST, ACTUAL, o),
  })),
  ...OUTPUTS.map((o, i) => ({
    cell: `C${i + 2}`,
    formula: `AIECON.COSTBRIDGE('Bridge inputs'!F2:I2,{12000,3,3300,4},"${o}")`,
    expected: () => addinValue(FORECAST, ACTUAL, o),
  })),
  {
    cell: "D2",
    formula: "AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!D2:D5,\"volume\")",
    expected: () => addinValue(FORECAST, [12000, 0, 3300, 4], "volume"),
  },
  {
    cell: "D3",
    formula: "AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!E2:E5,\"calls\")",
    expected: () => addinValue(FORECAST, FORECAST, "calls"),
  },
  {
    cell: "D4",
    formula: "AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!C2:C5,'Bridge inputs'!K2)",
    expected: () => addinValue(FORECAST, ACTUAL, "calls"),
  },
  { cell: "D5", formula: "ROUND(AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!C2:C5,\"price\"),2)", expected: () => -85 },
];

describe("COSTBRIDGE converted and recalculated by LibreOffice", () => {
  let recalculated: ExcelJS.Workbook;
  let converted: ExcelJS.Workbook;
  let report: Awaited<ReturnType<typeof convertFile>>;

  beforeAll(async () => {
    priceRuntime.setWorkbookPrices([]);
    const wb = new ExcelJS.Workbook();
    const review = wb.addWorksheet("Review");
    const inp = wb.addWorksheet("Bridge inputs");
    for (const [a, v] of inputs) inp.getCell(a).value = v as ExcelJS.CellValue;
    for (const c of cases) review.getCell(c.cell).value = { formula: c.formula } as ExcelJS.CellFormulaValue;
    // The spilled table: the translator keeps the add-in's values there, with a note.
    review.getCell("F1").value = { formula: "AIECON.COSTBRIDGE('Bridge inputs'!B2:B5,'Bridge inputs'!C2:C5)" } as ExcelJS.CellFormulaValue;
    const dir = tempDir("bridge");
    await wb.xlsx.writeFile(join(dir, "in.xlsx"));
    report = await convertFile(join(dir, "in.xlsx"), join(dir, "board.xlsx"), { now: new Date("2026-12-06T12:00:00Z") });
    converted = new ExcelJS.Workbook();
    await converted.xlsx.readFile(join(dir, "board.xlsx"));
    recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(recalcInLibreOffice(join(dir, "board.xlsx")));
  }, 180_000);

  it("converts every per-driver cell to a native formula and keeps the table as values", () => {
    expect(report.formulas).toBe(cases.length);
    expect(report.values).toBe(1);
    const ws = converted.getWorksheet("Review")!;
    for (const c of cases)
      expect([c.cell, ws.getCell(c.cell).formula]).toEqual([c.cell, expect.stringMatching(/^(?!.*AIECON).*LN\(|^(?!.*AIECON).*-/)]);
  });

  it.each(cases.map((c) => [c.cell, c.formula, c] as const))("%s =%s", (_cell, _formula, c) => {
    const expected = c.expected();
    const got = recalculated.getWorksheet("Review")!.getCell(c.cell).result as unknown;
    if (typeof expected === "object") expect(got).toEqual({ error: expect.stringMatching(/^#/) });
    else {
      expect(typeof got).toBe("number");
      expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    }
  });

  it("reproduces the domain.md example to the cent: +69.45, +154.45, +36.30, −85.00, total +175.20", () => {
    const ws = recalculated.getWorksheet("Review")!;
    const cents = (col: string) => OUTPUTS.map((_, i) => Math.round((ws.getCell(`${col}${i + 2}`).result as number) * 100) / 100);
    expect(cents("B")).toEqual(CENTS);
    expect(cents("C")).toEqual(CENTS);
  });

  it("writes the spilled table as the add-in's values with an as-of note", () => {
    const table = costBridgeFn(column(FORECAST), column(ACTUAL));
    const ws = recalculated.getWorksheet("Review")!;
    table.forEach((line, r) =>
      line.forEach((v, c) => {
        const got = ws.getCell(1 + r, 6 + c).value;
        if (typeof v === "number") expect(Math.abs((got as number) - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
        else expect(got).toBe(v);
      }),
    );
    expect(JSON.stringify(converted.getWorksheet("Review")!.getCell("F1").note)).toMatch(
      /Values as of 2026-12-06.*spilled COSTBRIDGE table/,
    );
  });
});
