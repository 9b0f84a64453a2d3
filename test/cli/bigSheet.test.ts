// A generated sheet of 200,000 rows (≈50 MB of sheet XML) through the CLI's one path: the 100
// AIECON cells are converted, the formulas reading them lose their cached result, and every other
// row keeps its bytes — no stack overflow, no string-length failure.
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { main } from "../../src/share/xlsx/cli";
import { tempDir } from "../support/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as {
  bigWorkbook: (o: { rows: number; aiecon?: number; level?: number }) => Promise<Buffer>;
};

it("converts a 200,000-row sheet, touching only the converted cells and their dependents", async () => {
  const dir = tempDir("big");
  const input = join(dir, "usage.xlsx");
  const output = join(dir, "usage-shared.xlsx");
  writeFileSync(input, await bigWorkbook({ rows: 200_000, aiecon: 100, level: 1 }));
  const stages: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([input, output], { out: (l) => out.push(l), err: (l) => err.push(l), progress: (s) => stages.push(s) });
  expect(err).toEqual([]);
  expect(code).toBe(0);
  expect(out.join("")).toMatch(/100 formula\(s\) now native Excel/);
  expect(stages[0]).toMatch(/^reading \d+(\.\d)? MB$/);
  expect(stages).toEqual(expect.arrayContaining(["converting", "patching", "writing"]));

  const sheetOf = async (file: string) => (await JSZip.loadAsync(readFileSync(file))).file("xl/worksheets/sheet1.xml")!.async("string");
  const [was, now] = [await sheetOf(input), await sheetOf(output)];
  const rowOf = (xml: string, r: number) => new RegExp(`<row r="${r}">.*?</row>`).exec(xml)![0];
  // Converted: G is native now; H reads G and must be computed afresh; D and E keep their values.
  // (The 100 converted cells, filled down, are one shared formula group.)
  expect(rowOf(now, 2)).toMatch(/<c r="G2"><f t="shared" ref="G2:G101" si="0">[^<]*INDEX\(AIECON_Prices/);
  expect(rowOf(now, 101)).toContain('<c r="G101"><f t="shared" si="0"/></c>');
  expect(rowOf(now, 2)).toContain('<c r="H2"><f>G2*2</f></c>');
  expect(rowOf(now, 2)).toContain(/<c r="D2">.*?<\/c>/.exec(rowOf(was, 2))![0]);
  expect(rowOf(now, 101)).toContain('<c r="H101"><f>G101*2</f></c>');
  // From row 102 on nothing changed: the rest of sheetData is the original text.
  const tail = (xml: string) => xml.slice(xml.indexOf('<row r="102">'));
  expect(tail(now) === tail(was)).toBe(true);
}, 600_000);
