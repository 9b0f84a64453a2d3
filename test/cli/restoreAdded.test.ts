// `--restore` gives back what the conversion changed beyond the cells: the workbook's own calcPr
// (recorded at conversion in AIECON_Originals), and it takes away the price sheet or the price rows
// the conversion added, unless the user changed them since (then they stay, and one line says so).
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { PRICE_TABLE_COLUMNS } from "../../src/share/priceTable";
import { injectAieconFormulas, partsOf, readableByExceljs, REALWORLD_DIR, runCli, worksheetParts } from "../support/realworld";
import { tempDir } from "../support/tempDir";

const dir = tempDir("restore-added");

/** The package with one part's text changed. */
async function edited(xlsx: Buffer, part: string, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(xlsx);
  const before = await zip.file(part)!.async("string");
  const after = edit(before);
  expect(after).not.toBe(before);
  zip.file(part, Buffer.from(after)); // (as bytes: see injectAieconFormulas)
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The package with a number typed over the cell `ref` of the sheet `name` (as Excel would store it). */
async function typedOver(xlsx: Buffer, name: string, ref: string, value: number): Promise<Buffer> {
  const part = (await worksheetParts(await JSZip.loadAsync(xlsx))).find((s) => s.name === name)!.part;
  return edited(xlsx, part, (xml) => xml.replace(new RegExp(`(<c r="${ref}"[^>]*>\\s*<v>)[^<]*`), `$1${value}`));
}

const calcPrTag = (workbook: Buffer) => /<(?:\w+:)?calcPr\b[^>]*>/.exec(workbook.toString())?.[0];

async function load(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readableByExceljs(xlsx)) as unknown as ArrayBuffer);
  return wb;
}

/** Converts `xlsx`, lets `between` change the converted file (as a user in Excel would), restores it. */
async function roundTrip(name: string, xlsx: Buffer, between: (shared: Buffer) => Promise<Buffer> = async (b) => b) {
  const input = join(dir, `${name}.xlsx`);
  const shared = join(dir, `${name}.shared.xlsx`);
  const back = join(dir, `${name}.live.xlsx`);
  writeFileSync(input, xlsx);
  const converted = await runCli(input, shared);
  expect(converted.code).toBe(0);
  writeFileSync(shared, await between(readFileSync(shared)));
  const restored = await runCli(shared, back, "--restore");
  expect(restored.err).toBe("");
  expect(restored.code).toBe(0);
  return { converted, restored, shared: readFileSync(shared), live: readFileSync(back) };
}

describe("a workbook saved by Excel, with the price sheet the conversion created", () => {
  let injected: Awaited<ReturnType<typeof injectAieconFormulas>>;
  beforeAll(async () => {
    injected = await injectAieconFormulas(readFileSync(join(REALWORLD_DIR, "excelize__Book1.xlsx")));
  });

  it("keeps the sheet when the user edited a price the conversion added, and says so in one line", async () => {
    const { shared, live, restored } = await roundTrip("edited", injected.xlsx, (b) => typedOver(b, "AI Prices", "C2", 9.99));
    expect((await load(shared)).getWorksheet("AI Prices")!.getCell("A2").value).toBe("gpt-4o");
    expect(restored.out.split("\n")).toEqual([
      expect.stringMatching(/4 AIECON formula\(s\) restored/),
      "Kept the sheet AI Prices with AIECON_Prices that the conversion added: its prices were changed since.",
    ]);
    const wb = await load(live);
    expect(wb.getWorksheet("AI Prices")!.getCell("C2").value).toBe(9.99);
    expect(wb.getWorksheet("AIECON_Originals")).toBeUndefined();
    for (const c of injected.cells) expect(wb.getWorksheet(injected.sheet)!.getCell(c.ref).formula).toBe(c.formula);
    // The calcPr comes back all the same.
    expect(calcPrTag((await partsOf(live)).get("xl/workbook.xml")!)).toMatch(
      /^<calcPr calcId="150001" concurrentCalc="0" fullCalcOnLoad="1"\s*\/>$/,
    );
  });

  it("removes the sheet, and a workbook that had no calcPr gets only the calculation on open", async () => {
    const noCalcPr = await edited(injected.xlsx, "xl/workbook.xml", (xml) => xml.replace(/<calcPr\b[^>]*>/, ""));
    const { shared, live, restored } = await roundTrip("no-calcpr", noCalcPr);
    expect(calcPrTag((await partsOf(shared)).get("xl/workbook.xml")!)).toMatch(/fullCalcOnLoad="1"/);
    expect(restored.out).not.toMatch(/Kept/);
    const parts = await partsOf(live);
    expect(calcPrTag(parts.get("xl/workbook.xml")!)).toBe('<calcPr fullCalcOnLoad="1"/>');
    // Otherwise the workbook part is the original to the byte.
    const withoutCalcPr = (xml: string) => xml.replace('<calcPr fullCalcOnLoad="1"/>', "");
    expect(withoutCalcPr(parts.get("xl/workbook.xml")!.toString())).toBe((await partsOf(noCalcPr)).get("xl/workbook.xml")!.toString());
    expect((await load(live)).worksheets.map((w) => w.name)).toEqual(["Sheet1", "Sheet2"]);
  });

  it("gives back the calcPr Excel had before, even after Excel rewrote it in the shared copy", async () => {
    const resaved = (b: Buffer) => edited(b, "xl/workbook.xml", (xml) => xml.replace(/<calcPr\b[^>]*>/, '<calcPr calcId="191029"/>'));
    const { live } = await roundTrip("resaved", injected.xlsx, resaved);
    expect(calcPrTag((await partsOf(live)).get("xl/workbook.xml")!)).toMatch(
      /^<calcPr calcId="150001" concurrentCalc="0" fullCalcOnLoad="1"\s*\/>$/,
    );
  });
});

describe("a workbook with its own AIECON_Prices, to which the conversion appended a row", () => {
  let xlsx: Buffer;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Model");
    ws.getCell("B1").value = { formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', result: 0.0275 } as ExcelJS.CellFormulaValue;
    const prices = wb.addWorksheet("Our prices");
    prices.addTable({
      name: "AIECON_Prices",
      ref: "A1",
      headerRow: true,
      columns: PRICE_TABLE_COLUMNS.map((name) => ({ name })),
      rows: [["our-model", "Us", 1, 2, null, null, null, 128000, "2026-01-01", "user"]],
    });
    xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  });

  it("takes the appended row away, the table back to its size", async () => {
    const { shared, live, restored } = await roundTrip("appended", xlsx);
    const converted = await load(shared);
    expect(converted.getWorksheet("Our prices")!.getCell("A3").value).toBe("gpt-4o");
    expect(restored.out).not.toMatch(/Kept/);
    const wb = await load(live);
    const ws = wb.getWorksheet("Our prices")!;
    expect(ws.getCell("A2").value).toBe("our-model");
    for (let col = 1; col <= PRICE_TABLE_COLUMNS.length; col++) expect(ws.getCell(3, col).value).toBeNull();
    const table = (await partsOf(live)).get("xl/tables/table1.xml")!.toString();
    expect(table).toMatch(/ref="A1:J2"/);
    expect(wb.getWorksheet("Model")!.getCell("B1").formula).toBe('AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")');
  });

  it("keeps an appended row the user edited, and says which", async () => {
    const { live, restored } = await roundTrip("appended-edited", xlsx, (b) => typedOver(b, "Our prices", "D3", 12.5));
    expect(restored.out.split("\n")[1]).toBe(
      "Kept the price row(s) the conversion added to AIECON_Prices ('Our prices'!A3:J3): they were changed since.",
    );
    const ws = (await load(live)).getWorksheet("Our prices")!;
    expect(ws.getCell("A3").value).toBe("gpt-4o");
    expect(ws.getCell("D3").value).toBe(12.5);
    expect((await partsOf(live)).get("xl/tables/table1.xml")!.toString()).toMatch(/ref="A1:J3"/);
  });
});
