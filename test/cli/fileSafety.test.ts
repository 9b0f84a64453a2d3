// What aiecon-share refuses, and how it writes: every refusal says why in the user's words, leaves
// no output behind and the input's bytes unchanged; the output is never the input by any name.
import JSZip from "jszip";
import { existsSync, linkSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import { join } from "path";
import { MAX_UNPACKED_MB } from "../../src/share/xlsx/packageCheck";
import { writeAtomically } from "../../src/share/xlsx/safeWrite";
import { ADVERSARIAL_DIR, injectAieconFormulas, REALWORLD_DIR, runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as { bigWorkbook: (o: { rows: number; aiecon?: number }) => Promise<Buffer> };

const dir = tempDir("safety");

const cli = runCli;

/** Runs the CLI on `input` and checks the refusal: exit 1, the message, no output, input unchanged. */
async function refused(input: string, output: string, message: RegExp, ...flags: string[]) {
  const before = readFileSync(input);
  const r = await cli(input, output, ...flags);
  expect(r.err).toMatch(message);
  expect(r.code).toBe(1);
  expect(readFileSync(input).equals(before)).toBe(true);
  return r;
}

const leftovers = () => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

describe("workbooks it cannot convert", () => {
  it.each([
    ["poi__protect.xlsx", /poi__protect\.xlsx is password-protected \(encrypted\).*remove the password/],
    ["excelize__encryptAES.xlsx", /excelize__encryptAES\.xlsx is password-protected \(encrypted\)/],
    ["poi__invalid.xlsx", /poi__invalid\.xlsx is not an Excel workbook \(\.xlsx or \.xlsm\): its zip package is empty/],
  ])("%s is refused with a clear message", async (file, message) => {
    const output = join(dir, `${file}.out.xlsx`);
    await refused(join(ADVERSARIAL_DIR, file), output, message);
    expect(existsSync(output)).toBe(false);
  });

  it("a zip without a workbook is not an Excel workbook", async () => {
    const zip = new JSZip();
    zip.file("hello.txt", "hi");
    const input = join(dir, "notes.zip");
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer" }));
    await refused(input, join(dir, "notes.out.xlsx"), /not an Excel workbook.*no workbook part/);
    expect(existsSync(join(dir, "notes.out.xlsx"))).toBe(false);
  });

  it("a sheet that unpacks beyond the limit (a zip bomb) is refused before any work", async () => {
    const { xlsx } = await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, "xw__comment01.xlsx")));
    const zip = await JSZip.loadAsync(xlsx);
    zip.file("xl/worksheets/sheet9.xml", "x".repeat(1000), { compression: "STORE" });
    const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    // The central directory claims 4 GB for that part, as a zip bomb's does.
    const name = Buffer.from("xl/worksheets/sheet9.xml");
    for (
      let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    ) {
      if (bytes.subarray(at + 46, at + 46 + name.length).equals(name)) bytes.writeUInt32LE(0xfffffff0, at + 24);
    }
    const input = join(dir, "bomb.xlsx");
    writeFileSync(input, bytes);
    const r = await refused(
      input,
      join(dir, "bomb.out.xlsx"),
      new RegExp(`bomb\\.xlsx holds \\d+ MB of sheet data once unpacked, more than the ${MAX_UNPACKED_MB} MB`),
    );
    expect(r.err).not.toMatch(/Invalid string length|heap/);
    expect(existsSync(join(dir, "bomb.out.xlsx"))).toBe(false);
  });
});

describe("the output file", () => {
  let input: string;
  beforeAll(async () => {
    input = join(dir, "model.xlsx");
    writeFileSync(input, (await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, "xw__comment01.xlsx")))).xlsx);
  });

  it("is never the input, whatever its name: a symlink or a hard link to it is refused even with --force", async () => {
    const sym = join(dir, "link.xlsx");
    symlinkSync(input, sym);
    await refused(input, sym, /input workbook is never overwritten/, "--force");
    const hard = join(dir, "hard.xlsx");
    linkSync(input, hard);
    await refused(input, hard, /input workbook is never overwritten/, "--force");
    await refused(input, join(dir, ".", "model.xlsx"), /input workbook is never overwritten/, "--force");
  });

  it("is written whole through a temporary file, replacing an existing one only with --force", async () => {
    const output = join(dir, "board.xlsx");
    writeFileSync(output, "keep me");
    expect((await cli(input, output)).code).toBe(1);
    expect(readFileSync(output, "utf8")).toBe("keep me");
    const r = await cli(input, output, "--force");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(Object.keys((await JSZip.loadAsync(readFileSync(output))).files)).toContain("xl/workbook.xml");
    expect(leftovers()).toEqual([]);
  });

  it("leaves nothing behind when it cannot be written", async () => {
    await expect(writeAtomically(join(dir, "no-such-folder", "out.xlsx"), Buffer.from("x"))).rejects.toThrow();
    expect(leftovers()).toEqual([]);
  });

  it("finds a folder that cannot take the output before any work: a missing folder, or a path through a file", async () => {
    // A path whose parent is a file cannot be written by anyone (no root permissions needed to show it).
    const notAFolder = join(dir, "plain-file");
    writeFileSync(notAFolder, "not a folder");
    // The input is not even a workbook: had the input been read first, that would be the refusal.
    const junk = join(dir, "junk.xlsx");
    writeFileSync(junk, "this is not a zip package");
    const r = await refused(
      junk,
      join(notAFolder, "out.xlsx"),
      /plain-file is not a folder; choose another place for out\.xlsx\. Nothing was done\./,
    );
    expect(r.err).not.toMatch(/zip package/);
    await refused(
      input,
      join(dir, "no-such-folder", "out.xlsx"),
      /the folder .*no-such-folder does not exist; create it or choose another place/,
    );
    expect(leftovers()).toEqual([]);
    expect(readFileSync(notAFolder, "utf8")).toBe("not a folder");
  });

  it("keeps the macro-enabled type: .xlsm in, .xlsm out, or a refusal that says why", async () => {
    const xlsm = join(dir, "macro.xlsm");
    writeFileSync(xlsm, (await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, "xw__macro01.xlsm")))).xlsx);
    await refused(
      xlsm,
      join(dir, "macro-board.xlsx"),
      /has macros, so the shared copy must be macro-enabled: name .*macro-board\.xlsx with \.xlsm/,
    );
    expect(existsSync(join(dir, "macro-board.xlsx"))).toBe(false);
    const ok = await cli(xlsm, join(dir, "macro-board.xlsm"));
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
    const out = await JSZip.loadAsync(readFileSync(join(dir, "macro-board.xlsm")));
    expect(await out.file("[Content_Types].xml")!.async("string")).toMatch(
      /PartName="\/xl\/workbook\.xml" ContentType="application\/vnd\.ms-excel\.sheet\.macroEnabled\.main\+xml"/,
    );
    expect(out.file("xl/vbaProject.bin")).not.toBeNull();
    await refused(input, join(dir, "plain.xlsm"), /has no macros: name .*plain\.xlsm with \.xlsx/);
  });

  it("leaves no output and no temporary file when the patch fails while the sheet streams through", async () => {
    // A shared formula whose first cell converts to its value but whose other cell cannot (no saved
    // value): the patcher refuses as it reaches that cell, midway through writing the output.
    const zip = await JSZip.loadAsync(await bigWorkbook({ rows: 20, aiecon: 0 }));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    zip.file(
      "xl/worksheets/sheet1.xml",
      sheet
        .replace('<row r="3">', '<row r="3"><c r="I3"><f t="shared" ref="I3:I4" si="0">_xldudf_AIECON_TOKENCOUNT(A3)</f><v>1</v></c>')
        .replace('<row r="4">', '<row r="4"><c r="I4"><f t="shared" si="0"/></c>'),
    );
    const input = join(dir, "shared.xlsx");
    const output = join(dir, "shared.out.xlsx");
    writeFileSync(input, await zip.generateAsync({ type: "nodebuffer" }));
    const before = readFileSync(input);
    const r = await cli(input, output);
    expect(r.err).toMatch(/cannot patch a shared formula whose first cell was converted/);
    expect(r.code).toBe(2);
    expect(existsSync(output)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});
