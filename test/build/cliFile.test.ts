// aiecon-share outside the repository, installed the way README "From a pipeline" documents it:
// `npm run build:cli-file`, then copy build/aiecon-share.cjs anywhere and run it with node. Here:
// a temporary folder far from the repository, no node_modules reachable, run from that folder.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
let away: string;

beforeAll(() => {
  execFileSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "-c", "webpack.cli.config.js"], { cwd: root, stdio: "pipe" });
  away = tempDir("share-elsewhere");
  copyFileSync(join(root, "build", "aiecon-share.cjs"), join(away, "aiecon-share.cjs"));
}, 10 * 60_000);

/** `node aiecon-share.cjs …` in the temporary folder, with no module path leading back here. */
function run(...args: string[]) {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, ["aiecon-share.cjs", ...args], { cwd: away, env, encoding: "utf8" });
}

it("prints its usage", () => {
  const r = run("--help");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Usage: aiecon-share <in\.xlsx> <out\.xlsx>/);
});

it("converts a workbook from that folder, and restores it", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Unit economics");
  ws.getCell("B1").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', result: 0.0275 } as ExcelJS.CellFormulaValue;
  ws.getCell("B2").value = { formula: "AIECON.COSTPERUSER(B1,50)", result: 1.375 } as ExcelJS.CellFormulaValue;
  await wb.xlsx.writeFile(join(away, "model.xlsx"));

  const r = run("model.xlsx", "board.xlsx");
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/2 formula\(s\) now native Excel/);
  const out = new ExcelJS.Workbook();
  await out.xlsx.readFile(join(away, "board.xlsx"));
  expect(out.getWorksheet("Unit economics")!.getCell("B1").formula).toMatch(/INDEX\(AIECON_Prices\[Input \$\/1M\]/);
  expect(out.getWorksheet("Unit economics")!.getCell("B2").formula).toMatch(/B1\*50/);
  expect(out.getWorksheet("Unit economics")!.getCell("B2").formula).not.toMatch(/AIECON/);

  const back = run("board.xlsx", "live.xlsx", "--restore");
  expect(back.status).toBe(0);
  const live = new ExcelJS.Workbook();
  await live.xlsx.readFile(join(away, "live.xlsx"));
  expect(live.getWorksheet("Unit economics")!.getCell("B1").formula).toBe('AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
});

it("refuses a missing input with its own message and exit code", () => {
  const r = run("nothing.xlsx", "out.xlsx");
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("nothing.xlsx does not exist");
});

describe("npx aiecon-share in a fresh checkout, before any build", () => {
  let checkout: string;
  beforeAll(() => {
    // The repository's files as git has them (no build/), sharing this checkout's node_modules.
    checkout = tempDir("checkout");
    for (const path of ["bin", "src", "package.json", "tsconfig.json", "tsconfig.cli.json"]) cpSync(join(root, path), join(checkout, path), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(checkout, "node_modules"), "dir");
  });

  it("compiles itself on first use, says so, and converts; the second run is silent", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getCell("A1").value = { formula: "AIECON.COSTPERUSER(0.02,50)", result: 1 } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(join(checkout, "in.xlsx"));
    const bin = (out: string) => spawnSync(process.execPath, [join(checkout, "bin", "aiecon-share.mjs"), "in.xlsx", out], { cwd: checkout, encoding: "utf8" });
    const first = bin("out1.xlsx");
    expect(first.stderr).toMatch(/^aiecon-share: compiling the CLI from src\/ \(first use/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/1 formula\(s\) now native Excel/);
    const second = bin("out2.xlsx");
    expect(second.stderr).toBe("");
    expect(second.status).toBe(0);
  }, 5 * 60_000);
});
