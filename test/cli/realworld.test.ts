// Every workbook Excel saved in ../shared/workbooks/realworld, with AIECON formulas written into
// it as Excel stores them: converted and restored by the CLI's one path (patching the original
// package). Every part the conversion has no reason to touch keeps its bytes, both ways.
import * as ExcelJS from "exceljs";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import {
  injectAieconFormulas,
  readableByExceljs,
  partsOf,
  realworldFiles,
  REALWORLD_DIR,
  runCli,
  type Injected,
} from "../support/realworld";
import { tempDir } from "../support/tempDir";

const files = realworldFiles();
const dir = tempDir("realworld");

const cli = runCli;

// Parts a conversion may change: the workbook (calcPr, new sheets), its relationships and content
// types, the sheet it converted cells in and that sheet's notes (comments, note drawing, rels).
const mayChange = (part: string, sheetPart: string) =>
  part === "xl/workbook.xml" ||
  part === "xl/_rels/workbook.xml.rels" ||
  part === "[Content_Types].xml" ||
  part === sheetPart ||
  part === sheetPart.replace(/([^/]+)$/, "_rels/$1.rels") ||
  /^xl\/comments\d*\.xml$/.test(part) ||
  /^xl\/drawings\/vmlDrawing\d*\.vml$/.test(part);

// A sheet whose formulas reach cells without naming them (INDIRECT, OFFSET, CELL) may depend on the
// converted cells: those formulas lose their cached result, so the sheet may change too.
const unfollowable = (part: Buffer) => /<f\b[^>]*>[^<]*\b(INDIRECT|OFFSET|CELL)\(/.test(part.toString());

function changedParts(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  return [...before.keys()].filter((p) => after.has(p) && !after.get(p)!.equals(before.get(p)!) && !unfollowable(before.get(p)!));
}

/** workbook.xml's calcPr element's attributes, or null when it has none. */
const calcPrOf = (workbook: Buffer): Record<string, string> | null => {
  const tag = /<(?:\w+:)?calcPr\b[^>]*>/.exec(workbook.toString())?.[0];
  return tag ? Object.fromEntries([...tag.matchAll(/\s([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) : null;
};

/** A relationships or content-types part without its calc chain entry (the conversion drops the chain for good). */
const withoutCalcChain = (xml: string) => xml.replace(/<(?:\w+:)?(?:Relationship|Override)\b[^>]*calcChain[^>]*\/>/g, "");

it("finds the workbooks saved by Excel", () => {
  expect(files.length).toBeGreaterThanOrEqual(30);
});

describe.each(files)("%s", (file) => {
  let injected: Injected;
  let input: string;
  let original: Map<string, Buffer>;
  let sheetNames: string[];
  const ext = file.slice(file.lastIndexOf("."));

  beforeAll(async () => {
    injected = await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, file)));
    input = join(dir, `${file}.in${ext}`);
    writeFileSync(input, injected.xlsx);
    original = await partsOf(injected.xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readableByExceljs(injected.xlsx)) as unknown as ArrayBuffer);
    sheetNames = wb.worksheets.map((w) => w.name);
  }, 120_000);

  it("converts, touching only the converted sheet, its notes and the workbook's own parts", async () => {
    const output = join(dir, `${file}.shared${ext}`);
    const r = await cli(input, output);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 formula\(s\) now native Excel, 1 written as values/);
    const converted = await partsOf(readFileSync(output));
    expect(changedParts(original, converted).filter((p) => !mayChange(p, injected.part))).toEqual([]);
    // Only the calc chain may go (it lists cells whose formulas changed).
    expect([...original.keys()].filter((p) => !converted.has(p) && !/calcChain\.xml$/.test(p))).toEqual([]);
    expect(readFileSync(input).equals(injected.xlsx)).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readableByExceljs(readFileSync(output))) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(injected.sheet)!;
    for (const c of injected.cells) {
      const cell = ws.getCell(c.ref);
      if (c.becomes === "formula") expect(cell.formula).not.toMatch(/AIECON\.|_xldudf_|_xludf/i);
      else expect(cell.value).toBe(2);
    }
    expect(wb.getWorksheet("AIECON_Originals")!.state).toBe("veryHidden");

    const back = join(dir, `${file}.live${ext}`);
    const restored = await cli(output, back, "--restore");
    expect(restored.err).toBe("");
    expect(restored.out).toMatch(/4 AIECON formula\(s\) restored/);
    const live = await partsOf(readFileSync(back));
    expect(changedParts(original, live).filter((p) => !mayChange(p, injected.part))).toEqual([]);
    // Nothing the conversion added is left behind: not the price sheet and table it created, no
    // notes, comment parts or note drawings.
    expect([...live.keys()].filter((p) => !original.has(p))).toEqual([]);
    for (const [p, bytes] of live) if (/comments\d*\.xml$/.test(p)) expect(bytes.toString()).not.toMatch(/<comment\b[^>]*>\s*<text\s*\/>/);
    // The workbook part comes back as it was: its own calcPr attributes, its sheets. The restored formulas
    // carry no cached result, so Excel is still asked to calculate them on open.
    expect(calcPrOf(live.get("xl/workbook.xml")!)).toEqual({ ...(calcPrOf(original.get("xl/workbook.xml")!) ?? {}), fullCalcOnLoad: "1" });
    // The rest of it byte for byte (the calcPr element is written anew, its spacing may differ).
    const withoutCalcPr = (b: Buffer) => b.toString().replace(/<(?:\w+:)?calcPr\b[^>]*>/, "<calcPr/>");
    expect(withoutCalcPr(live.get("xl/workbook.xml")!)).toBe(withoutCalcPr(original.get("xl/workbook.xml")!));
    // Its relationships and content types as well, but for the calc chain the conversion dropped.
    for (const part of ["xl/_rels/workbook.xml.rels", "[Content_Types].xml"])
      expect(withoutCalcChain(live.get(part)!.toString())).toBe(withoutCalcChain(original.get(part)!.toString()));
    const again = new ExcelJS.Workbook();
    await again.xlsx.load((await readableByExceljs(readFileSync(back))) as unknown as ArrayBuffer);
    for (const c of injected.cells) expect(again.getWorksheet(injected.sheet)!.getCell(c.ref).formula).toBe(c.formula);
    expect(again.getWorksheet("AIECON_Originals")).toBeUndefined();
    expect(again.worksheets.map((w) => w.name)).toEqual(sheetNames);
  }, 240_000);
});
