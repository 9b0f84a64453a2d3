// The formulas the writer puts in the workbook, calculated by a real spreadsheet engine: the table
// rows and summary block are saved to an .xlsx (exceljs) and recalculated by LibreOffice, which
// evaluates structured table references. Skipped, with a note, where LibreOffice is not installed.
import { execFileSync } from "child_process";
import { existsSync, readFileSync, rmSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { classify, type Answers, type BucketId } from "../../src/calc/classification";
import { CLASSIFICATION_TABLE, COLUMNS, planMerge, summaryCells, type ClassifiedLine } from "../../src/sheetModel/classificationLayout";
import { tempDir } from "../support/tempDir";

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const T = CLASSIFICATION_TABLE;

const line = (workload: string, monthlyUsd: number, bucket: BucketId, answers: Answers, cogsShare?: number): ClassifiedLine => ({
  workload,
  monthlyUsd,
  answers,
  result: classify({ bucket, answers, cogsShare }),
});

// In a file, Excel stores the row form [@[X]] as Table[[#This Row],[X]].
const fileFormula = (formula: string) => formula.slice(1).replace(/\[@\[([^\]]+)\]\]/g, `${T}[[#This Row],[$1]]`);

(SOFFICE ? it : it.skip)(`summary and row formulas calculate as intended${SOFFICE ? "" : " (LibreOffice not installed)"}`, async () => {
  const dir = tempDir("classify");
  try {
    const plan = planMerge(
      [],
      [
        line("Chat", 12000, "customer-inference", { production: true }),
        line("Training", 3000, "training", {}),
        line("Vector DB", 2000, "infrastructure", { production: "partly" }, 0.75),
        line("Eval QA", 500, "monitoring", { contractuallyRequired: false }),
      ],
      46349,
    );
    const wb = new ExcelJS.Workbook();
    // The classification sheet comes first: LibreOffice's CSV export writes the first sheet.
    const ws = wb.addWorksheet("AI Classification");
    wb.addWorksheet("Model").getCell("B3").value = 100000;
    ws.addTable({
      name: T,
      ref: "A1",
      headerRow: true,
      columns: COLUMNS.map((name) => ({ name })),
      rows: plan.additions.map((row) => row.map((v) => (typeof v === "string" && v.startsWith("=") ? { formula: fileFormula(v) } : v))),
    });
    const summary = summaryCells({ row: 0, column: 13 }, "=Model!B3");
    summary.formulas.forEach((row, r) =>
      row.forEach((v, c) => {
        ws.getCell(r + 1, 14 + c).value = typeof v === "string" && v.startsWith("=") ? { formula: v.slice(1) } : v;
      }),
    );
    await wb.xlsx.writeFile(path.join(dir, "in.xlsx"));
    // CSV of calculated values (exceljs drops a formula result of 0 when it reads an .xlsx back).
    execFileSync(
      SOFFICE!,
      [
        `-env:UserInstallation=file://${dir}/profile`,
        "--headless",
        "--convert-to",
        "csv",
        "--outdir",
        path.join(dir, "out"),
        path.join(dir, "in.xlsx"),
      ],
      {
        stdio: "ignore",
        timeout: 120_000,
      },
    );
    const csv = readFileSync(path.join(dir, "out", "in.csv"), "utf8")
      .split(/\r?\n/)
      .map((row) => [...row.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, "")).slice(0, 15));
    const result = (r: number, c: number) => Number(csv[r - 1][c - 1]);
    // COGS $ and OpEx $ per row: Monthly $ × COGS %, and the rest.
    expect([2, 3, 4, 5].map((r) => [result(r, 6), result(r, 7)])).toEqual([
      [12000, 0],
      [0, 3000],
      [1500, 500],
      [0, 500],
    ]);
    const total = 12000 + 3000 + 2000 + 500;
    const cogs = 12000 + 1500;
    expect(result(2, 15)).toBeCloseTo(total, 9);
    expect(result(3, 15)).toBeCloseTo(cogs, 9);
    expect(result(4, 15)).toBeCloseTo(total - cogs, 9);
    expect(result(5, 15)).toBeCloseTo(2000, 9);
    expect(result(6, 15)).toBeCloseTo(cogs / total, 12);
    expect(result(7, 15)).toBe(100000);
    expect(result(8, 15)).toBeCloseTo(cogs / 100000, 12);
    expect(result(9, 15)).toBeCloseTo(-cogs / 100000, 12);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
