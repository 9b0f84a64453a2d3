// aiecon-share bills a workbook's models with the workbook's own long-context tiers
// (AIECON_PriceTiers), as the add-in does in Excel, not with the bundled ones.
import { execFileSync, spawnSync } from "child_process";
import * as ExcelJS from "exceljs";
import { join, resolve } from "path";
import { PRICE_TABLE_COLUMNS } from "../../src/share/priceTable";
import { TIER_HEADERS, TIER_TABLE_NAME } from "../../src/sheetModel/priceTierTable";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const bin = join(root, "bin", "aiecon-share.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });

let dir: string;
beforeAll(() => {
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], {
    cwd: root,
    stdio: "pipe",
  });
  dir = tempDir("cli-tiers");
}, 120_000);

/** A workbook pricing "house-llm" at $1/$2 per 1M, with a tier above 1,000 input tokens at $10/$20 (or a bad tier row). */
async function workbook(name: string, ...tierRows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Model");
  ws.getCell("A1").value = 5000;
  ws.getCell("B1").value = {
    formula: 'AIECON.COSTPERINTERACTION(A1,10,"house-llm")',
    result: (5000 * 10 + 10 * 20) / 1e6,
  } as ExcelJS.CellFormulaValue;
  const prices = wb.addWorksheet("AI Prices");
  const row = Object.fromEntries(PRICE_TABLE_COLUMNS.map((c) => [c, null as string | number | null]));
  Object.assign(row, { Model: "house-llm", Provider: "custom", "Input $/1M": 1, "Output $/1M": 2, "As of": "2026-11-01", Source: "user" });
  prices.addTable({
    name: "AIECON_Prices",
    ref: "A1",
    headerRow: true,
    columns: PRICE_TABLE_COLUMNS.map((c) => ({ name: c })),
    rows: [PRICE_TABLE_COLUMNS.map((c) => row[c])],
  });
  const tiers = wb.addWorksheet("AI Price Tiers");
  tiers.addTable({ name: TIER_TABLE_NAME, ref: "A1", headerRow: true, columns: TIER_HEADERS.map((c) => ({ name: c })), rows: tierRows });
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function formulaAt(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return String(wb.getWorksheet("Model")!.getCell("B1").formula ?? "");
}

it("writes the workbook's own tier as a plain IF on the token cell", async () => {
  const input = await workbook("tiered.xlsx", ["house-llm", null, 1000, 10, 20, null, null]);
  const output = join(dir, "tiered-board.xlsx");
  const r = run(input, output);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const formula = await formulaAt(output);
  expect(formula).toContain("IF(A1>1000,");
  expect(formula).toContain("A1*10/1000000+10*20/1000000");
});

it("keeps the values of a model whose tier row is bad, saying why, instead of billing it without the tier", async () => {
  const input = await workbook("bad-tier.xlsx", ["house-llm", null, -5, 10, 20, null, null]);
  const output = join(dir, "bad-tier-board.xlsx");
  const r = run(input, output);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/0 formula\(s\) now native Excel, 1 written as values/);
  expect(await formulaAt(output)).toBe("");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(output);
  // The cell's "as of" note says why: the row's own problem, as the add-in shows it in Excel.
  expect(JSON.stringify(wb.getWorksheet("Model")!.getCell("B1").note)).toMatch(/AIECON_PriceTiers row 1 \('house-llm'\)/);
});

it("warns, in the pane's words, about a tier row for a model AIECON_Prices does not list, and converts the rest", async () => {
  const input = await workbook(
    "unlisted-tier.xlsx",
    ["house-llm", null, 1000, 10, 20, null, null],
    ["ghost-llm", null, 1000, 3, 4, null, null],
  );
  const output = join(dir, "unlisted-tier-board.xlsx");
  const r = run(input, output);
  expect(r.status).toBe(0);
  expect(r.stderr).toContain("warning: AIECON_PriceTiers row 2 ('ghost-llm'): No AIECON_Prices row lists 'ghost-llm'");
  expect(await formulaAt(output)).toContain("IF(A1>1000,");
});
