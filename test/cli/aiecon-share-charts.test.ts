// A board pack with a chart (which exceljs would drop): the CLI converts it by patching the
// original package, so the chart survives byte for byte while the cells are converted.
import { execFileSync, spawnSync } from "child_process";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { XMLValidator } from "fast-xml-parser";
import { readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { chartXml, withChart } from "./chartFixture";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const bin = join(root, "bin", "aiecon-share.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: "utf8" });

const SHEET = "Unit economics";
const FORMULAS: Record<string, string> = {
  B1: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")',
  B5: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o-mini")',
  B6: "AIECON.COSTPERINTERACTION(Data!B3,Data!B4,Data!B5,,Data!B6)",
  B7: "AIECON.COSTPERUSER(B5,Data!B2)",
};

let dir: string;

/** The plain workbook (cells only) that the chart is added to. */
function buildWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.getCell("A1").value = "Cost per interaction ($)";
  ws.getCell("A1").font = { bold: true, color: { argb: "FF1F4E79" } };
  ws.getColumn(1).width = 31;
  ws.getCell("A1").note = "Reviewed by FP&A";
  for (const [a, f] of Object.entries(FORMULAS)) ws.getCell(a).value = { formula: f, result: 0.01 } as ExcelJS.CellFormulaValue;
  ws.getCell("B1").numFmt = "$0.0000";
  ws.getCell("B7").numFmt = "$#,##0.00";
  ws.getCell("B2").value = { formula: "B1*1000", result: 10 } as ExcelJS.CellFormulaValue;
  ws.getCell("A5").value = "Mini";
  ws.getCell("A6").value = "Sonnet & cache <cached>";
  ws.getCell("A7").value = "Per user";
  ws.getCell("C9").value = { formula: 'AIECON.TOKENCOUNT("hello world")', result: 2 } as ExcelJS.CellFormulaValue;
  const data = wb.addWorksheet("Data");
  data.getCell("A1").value = "Month";
  data.getCell("B2").value = 40;
  data.getCell("B3").value = 7000;
  data.getCell("B4").value = 1000;
  data.getCell("B5").value = "claude-sonnet-4-5";
  data.getCell("B6").value = 4000;
  // A sheet without notes yet: the "as of" note needs a new comments part and note drawing.
  data.getCell("D1").value = { formula: 'AIECON.TOKENCOUNT("three tokens here")', result: 3 } as ExcelJS.CellFormulaValue;
  return wb;
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.cli.json"], {
    cwd: root,
    stdio: "pipe",
  });
  dir = tempDir("cli-chart");
}, 120_000);

const CHART = chartXml("Cost & margin", `'${SHEET}'!$A$5:$A$7`, `'${SHEET}'!$B$5:$B$7`, [0.01, 0.01, 0.01]);

async function convert(wb: ExcelJS.Workbook, name: string) {
  const { xlsx, sheetPart } = await withChart(wb, CHART);
  const input = join(dir, `${name}.xlsx`);
  const output = join(dir, `${name}-board.xlsx`);
  writeFileSync(input, xlsx);
  const r = run(input, output);
  return { r, input, output, sheetPart, before: await JSZip.loadAsync(xlsx), after: await JSZip.loadAsync(readFileSync(output)) };
}

describe("a workbook with a chart", () => {
  let c: Awaited<ReturnType<typeof convert>>;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    c = await convert(buildWorkbook(), "chart");
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.output);
  }, 60_000);

  it("converts without refusing and says the chart is kept", () => {
    expect(c.r.stderr).toBe("");
    expect(c.r.status).toBe(0);
    expect(c.r.stdout).toMatch(/4 formula\(s\) now native Excel, 2 written as values .* charts \(1\) kept/);
  });

  it("keeps the chart and drawing parts byte for byte, and the sheet still draws them", async () => {
    for (const part of [
      "xl/charts/chart1.xml",
      "xl/drawings/drawing1.xml",
      "xl/drawings/_rels/drawing1.xml.rels",
      "xl/styles.xml",
      "xl/sharedStrings.xml",
    ]) {
      expect(c.after.file(part)).not.toBeNull();
      expect(await c.after.file(part)!.async("nodebuffer")).toEqual(await c.before.file(part)!.async("nodebuffer"));
    }
    const sheet = await c.after.file(c.sheetPart)!.async("string");
    expect(sheet).toMatch(/<drawing r:id="rIdChart1"\/>/);
    const rels = await c.after.file("xl/worksheets/_rels/sheet1.xml.rels")!.async("string");
    expect(rels).toMatch(/Id="rIdChart1"[^>]*Target="..\/drawings\/drawing1.xml"/);
    const types = await c.after.file("[Content_Types].xml")!.async("string");
    expect(types).toMatch(
      /PartName="\/xl\/charts\/chart1.xml" ContentType="application\/vnd.openxmlformats-officedocument.drawingml.chart\+xml"/,
    );
  });

  it("writes every converted cell as its native formula, keeping its style", () => {
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getCell("B1").formula).toMatch(/^7000\*INDEX\(AIECON_Prices\[Input \$\/1M\],MATCH\("gpt-4o",AIECON_Prices\[Model\],0\)\)/);
    expect(ws.getCell("B5").formula).toMatch(/MATCH\("gpt-4o-mini",AIECON_Prices\[Model\],0\)/);
    expect(ws.getCell("B6").formula).toMatch(/Data!B3/);
    expect(ws.getCell("B7").formula).toMatch(/\*Data!B2/);
    for (const a of Object.keys(FORMULAS)) expect(ws.getCell(a).formula).not.toMatch(/AIECON\./);
    expect(ws.getCell("B1").numFmt).toBe("$0.0000");
    expect(ws.getCell("B7").numFmt).toBe("$#,##0.00");
    expect(ws.getCell("C9").value).toBe(2);
  });

  it("leaves the other cells and styles as they were", () => {
    const ws = wb.getWorksheet(SHEET)!;
    expect(ws.getCell("B2").formula).toBe("B1*1000");
    expect(ws.getCell("A1").value).toBe("Cost per interaction ($)");
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, color: { argb: "FF1F4E79" } });
    expect(ws.getCell("A1").note).toBe("Reviewed by FP&A");
    expect(ws.getCell("A6").value).toBe("Sonnet & cache <cached>");
    expect(ws.getColumn(1).width).toBe(31);
    expect(wb.getWorksheet("Data")!.getCell("B5").value).toBe("claude-sonnet-4-5");
  });

  it("keeps the originals in a very hidden sheet", () => {
    const ws = wb.getWorksheet(ORIGINALS_SHEET)!;
    expect(ws.state).toBe("veryHidden");
    const kept = new Map<string, unknown>();
    ws.eachRow((row, i) => i > 1 && kept.set(`${row.getCell(1).value}!${row.getCell(2).value}`, row.getCell(3).value));
    for (const [a, f] of Object.entries(FORMULAS)) expect(kept.get(`${SHEET}!${a}`)).toBe(`=${f}`);
    expect(kept.get(`${SHEET}!C9`)).toBe('=AIECON.TOKENCOUNT("hello world")');
    expect(kept.get("Data!D1")).toBe('=AIECON.TOKENCOUNT("three tokens here")');
    expect(kept.size).toBe(6);
  });

  it("notes the cells written as values, beside the notes the workbook had", () => {
    const note = (sheet: string, a: string) => JSON.stringify(wb.getWorksheet(sheet)!.getCell(a).note ?? null);
    expect(note(SHEET, "C9")).toMatch(/Values as of \d{4}-\d{2}-\d{2} \(prices as of .*AIECON.TOKENCOUNT/);
    expect(note("Data", "D1")).toMatch(/Values as of \d{4}-\d{2}-\d{2} \(prices as of .*three tokens here/);
    expect(wb.getWorksheet("Data")!.getCell("D1").value).toBe(3);
    expect(wb.getWorksheet(SHEET)!.getCell("A1").note).toBe("Reviewed by FP&A");
    for (const a of ["B1", "B5", "B6", "B7", "B2"]) expect(note(SHEET, a)).toBe("null");
  });

  it("creates the AIECON_Prices table with the looked-up models", async () => {
    const ws = wb.getWorksheet("AI Prices")!;
    const models = [2, 3, 4].map((r) => ws.getCell(r, 1).value);
    expect(models.sort()).toEqual(["claude-sonnet-4-5", "gpt-4o", "gpt-4o-mini"]);
    expect(ws.getCell("C2").value).toEqual(expect.any(Number));
    const table = await c.after.file("xl/tables/table1.xml")!.async("string");
    expect(table).toMatch(/name="AIECON_Prices" displayName="AIECON_Prices" ref="A1:J4"/);
    expect(table).toMatch(/<tableColumn id="1" name="Model"\/>/);
  });

  it("writes only well-formed parts, each with a content type", async () => {
    const types = await c.after.file("[Content_Types].xml")!.async("string");
    for (const [path, f] of Object.entries(c.after.files)) {
      if (f.dir || !/\.(xml|rels|vml)$/.test(path)) continue;
      expect([path, XMLValidator.validate(await f.async("string"))]).toEqual([path, true]);
      const ext = path.split(".").pop();
      expect(types.includes(`PartName="/${path}"`) || types.includes(`Extension="${ext}"`)).toBe(true);
    }
  });

  it("drops the calculation chain and asks for a full recalculation", async () => {
    expect(c.before.file("xl/calcChain.xml")).not.toBeNull();
    expect(c.after.file("xl/calcChain.xml")).toBeNull();
    expect(await c.after.file("[Content_Types].xml")!.async("string")).not.toMatch(/calcChain/);
    expect(await c.after.file("xl/_rels/workbook.xml.rels")!.async("string")).not.toMatch(/calcChain/);
    expect(await c.after.file("xl/workbook.xml")!.async("string")).toMatch(/<calcPr\b[^>]*fullCalcOnLoad="1"/);
  });
});

it("--restore puts the AIECON formulas back and takes the conversion's notes and sheet away, keeping the chart", async () => {
  const c = await convert(buildWorkbook(), "round-trip");
  expect(c.r.status).toBe(0);
  const live = join(dir, "round-trip-live.xlsx");
  const r = run(c.output, live, "--restore");
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/6 AIECON formula\(s\) restored; charts \(1\) kept/);
  const back = new ExcelJS.Workbook();
  await back.xlsx.readFile(live);
  const ws = back.getWorksheet(SHEET)!;
  for (const [a, f] of Object.entries(FORMULAS)) expect(ws.getCell(a).formula).toBe(f);
  expect(ws.getCell("C9").formula).toBe('AIECON.TOKENCOUNT("hello world")');
  expect(back.getWorksheet("Data")!.getCell("D1").formula).toBe('AIECON.TOKENCOUNT("three tokens here")');
  expect(ws.getCell("C9").note).toBeUndefined();
  expect(back.getWorksheet("Data")!.getCell("D1").note).toBeUndefined();
  expect(ws.getCell("A1").note).toBe("Reviewed by FP&A");
  expect(ws.getCell("B1").numFmt).toBe("$0.0000");
  expect(back.getWorksheet(ORIGINALS_SHEET)).toBeUndefined();
  // The price sheet the conversion created goes too (nobody changed it).
  expect(back.worksheets.map((w) => w.name)).toEqual([SHEET, "Data"]);
  const zip = await JSZip.loadAsync(readFileSync(live));
  for (const part of ["xl/charts/chart1.xml", "xl/drawings/drawing1.xml"]) {
    expect(await zip.file(part)!.async("nodebuffer")).toEqual(await c.before.file(part)!.async("nodebuffer"));
  }
  expect(await zip.file(c.sheetPart)!.async("string")).toMatch(/<drawing r:id="rIdChart1"\/>/);
  const vml = await zip.file("xl/drawings/vmlDrawing1.vml")!.async("string");
  expect(vml.match(/ObjectType="Note"/g)).toHaveLength(1);
  const types = await zip.file("[Content_Types].xml")!.async("string");
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  expect(wbXml).not.toMatch(/AIECON_Originals/);
  // Every part the content types name is in the package.
  for (const m of types.matchAll(/PartName="\/([^"]+)"/g)) expect(zip.file(m[1])).not.toBeNull();
});

it("appends the missing models to an existing AIECON_Prices table and widens it", async () => {
  const wb = buildWorkbook();
  const prices = wb.addWorksheet("My prices");
  const header = [
    "Model",
    "Provider",
    "Input $/1M",
    "Output $/1M",
    "Cached input $/1M",
    "Cache write $/1M",
    "Context window",
    "As of",
    "Source",
  ];
  prices.addTable({
    name: "AIECON_Prices",
    ref: "B2",
    headerRow: true,
    columns: header.map((name) => ({ name })),
    rows: [["gpt-4o", "openai", 2, 8, 1, null, 128000, "2026-10-01", "user"]],
  });
  const c = await convert(wb, "own-table");
  expect(c.r.stderr).toBe("");
  expect(c.r.status).toBe(0);
  const out = new ExcelJS.Workbook();
  await out.xlsx.readFile(c.output);
  expect(out.getWorksheet("AI Prices")).toBeUndefined();
  const ws = out.getWorksheet("My prices")!;
  expect(ws.getCell("B3").value).toBe("gpt-4o");
  expect([ws.getCell("B4").value, ws.getCell("B5").value].sort()).toEqual(["claude-sonnet-4-5", "gpt-4o-mini"]);
  const tablePart = Object.keys(c.after.files).find((p) => /^xl\/tables\/.+\.xml$/.test(p))!;
  const table = await c.after.file(tablePart)!.async("string");
  expect(table).toMatch(/<table\b[^>]*ref="B2:J5"/);
  expect(table).toMatch(/<autoFilter\b[^>]*ref="B2:J5"/);
  expect(await c.after.file("xl/charts/chart1.xml")!.async("string")).toBe(CHART);
});
