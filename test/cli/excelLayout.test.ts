// Excel saves a formula filled down a column as one shared formula group (its first cell holds the
// text and the group's range, every other cell only <f t="shared" si="N"/>), not as the formula
// written out in each cell. The same generated workbook in both layouts must read, convert and
// restore alike, cell for cell: compared as SheetScanner reads the cells, not as XML, because the
// converter may write its output in either layout.
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { readBook, streamPart } from "../../src/share/xlsx/bookParts";
import { SheetScanner } from "../../src/share/xlsx/sheetScan";
import { runCli } from "../support/realworld";
import { tempDir } from "../support/tempDir";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bigWorkbook } = require("../support/bigWorkbook.cjs") as {
  bigWorkbook: (o: { rows: number; aiecon?: number; shared?: boolean }) => Promise<Buffer>;
};

const dir = tempDir("excel-layout");

/** Data rows, each with an AIECON formula and a formula reading it (rows 2 to ROWS + 1). */
const ROWS = 300;
const LAST = ROWS + 1;

/** A cell as SheetScanner reports it: its formula (a shared one's moved to the cell) and its stored value. */
interface Cell {
  readonly formula?: string;
  readonly value?: string;
}

/** Every worksheet cell of the workbook at `file`, by "sheet!address", as SheetScanner reads it. */
async function scanned(file: string): Promise<Map<string, Cell>> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const cells = new Map<string, Cell>();
  for (const sheet of (await readBook(zip)).sheets.filter((s) => s.worksheet)) {
    const scanner = new SheetScanner((c) => void cells.set(`${sheet.name}!${c.ref}`, { formula: c.formula, value: c.value }));
    await streamPart(zip, sheet.part, (text) => scanner.write(text));
    scanner.end();
  }
  return cells;
}

/** The formula of every cell holding one, by "sheet!address". */
const formulas = (cells: Map<string, Cell>) =>
  Object.fromEntries([...cells].filter(([, c]) => c.formula !== undefined).map(([at, c]) => [at, c.formula]));

const sheetXml = async (file: string) => (await JSZip.loadAsync(readFileSync(file))).file("xl/worksheets/sheet1.xml")!.async("string");

type Layout = "full" | "excel";
const LAYOUTS: Layout[] = ["full", "excel"];
const file = (layout: Layout, step: "in" | "converted" | "restored") => join(dir, `${layout}.${step}.xlsx`);
const runs = {} as Record<Layout, { convert: Awaited<ReturnType<typeof runCli>>; restore: Awaited<ReturnType<typeof runCli>> }>;

beforeAll(async () => {
  for (const layout of LAYOUTS) {
    writeFileSync(file(layout, "in"), await bigWorkbook({ rows: ROWS, aiecon: ROWS, shared: layout === "excel" }));
    const convert = await runCli(file(layout, "in"), file(layout, "converted"));
    const restore = await runCli(file(layout, "converted"), file(layout, "restored"), "--restore");
    runs[layout] = { convert, restore };
  }
}, 120_000);

describe(`${ROWS} dense rows saved with every formula in full, and as Excel saves them (shared formulas)`, () => {
  it("the Excel layout holds one shared group per filled-down column, which the scanner reads as the formulas in full", async () => {
    const excel = await sheetXml(file("excel", "in"));
    expect(excel).toContain(`<c r="D2"><f t="shared" ref="D2:D${LAST}" si="0">B2*C2</f>`);
    expect(excel).toContain(`<c r="G2"><f t="shared" ref="G2:G${LAST}" si="2">_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")</f>`);
    // Every other cell of the four groups (D, E, G, H) holds only its group's number, and keeps its cached value.
    expect(excel.match(/<f t="shared" si="[0-3]"\/><v>[^<]+<\/v>/g)).toHaveLength(4 * (ROWS - 1));
    expect(await sheetXml(file("full", "in"))).not.toContain('t="shared"');

    const [full, shared] = [await scanned(file("full", "in")), await scanned(file("excel", "in"))];
    expect(Object.keys(formulas(full))).toHaveLength(4 * ROWS);
    expect(formulas(full)[`Usage!G${LAST}`]).toBe(`_xldudf_AIECON_COSTPERINTERACTION(B${LAST},C${LAST},"gpt-4o")`);
    expect(formulas(full)[`Usage!E${LAST}`]).toBe(`B${LAST}+F${LAST}`);
    expect(Object.fromEntries(shared)).toEqual(Object.fromEntries(full));
  });

  it("both convert to the same cells: every AIECON formula native, every other formula and value as in the other layout", async () => {
    for (const layout of LAYOUTS) {
      expect([layout, runs[layout].convert.err, runs[layout].convert.code]).toEqual([layout, "", 0]);
      expect(runs[layout].convert.out).toMatch(new RegExp(`${ROWS} formula\\(s\\) now native Excel`));
    }
    const [full, shared] = [await scanned(file("full", "converted")), await scanned(file("excel", "converted"))];
    const converted = formulas(full);
    for (const row of [2, 150, LAST]) {
      expect(converted[`Usage!G${row}`]).toMatch(/AIECON_Prices/);
      expect(converted[`Usage!H${row}`]).toBe(`G${row}*2`);
      expect(converted[`Usage!D${row}`]).toBe(`B${row}*C${row}`);
    }
    expect(Object.values(converted).filter((f) => /AIECON_COSTPERINTERACTION/.test(f!))).toEqual([]);
    expect(Object.fromEntries(shared)).toEqual(Object.fromEntries(full));
  });

  it("--restore gives each layout back the formulas of every cell it was saved with", async () => {
    for (const layout of LAYOUTS) {
      const original = formulas(await scanned(file(layout, "in")));
      expect(Object.keys(original)).toHaveLength(4 * ROWS);
      expect([layout, runs[layout].restore.err, runs[layout].restore.code]).toEqual([layout, "", 0]);
      expect(runs[layout].restore.out).toMatch(new RegExp(`${ROWS} AIECON formula\\(s\\) restored`));
      expect([layout, formulas(await scanned(file(layout, "restored")))]).toEqual([layout, original]);
    }
  });
});
