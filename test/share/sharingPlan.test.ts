// The one sharing plan through its two adapters: the same workbook prepared by the pane (Office.js,
// here the fake host) and by the CLI (its own convertFile on the file) gives the same report, the same
// cells, the same AIECON_Originals and the same price sheet; both restore it alike. The drift the
// two copies had is gone: both warn when a cell shows no value.
import JSZip from "jszip";
import { breakdownTable, evaluateCostTree, parseCostTree } from "../../src/calc/costTree";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { prepareForSharing, restoreLiveFunctions } from "../../src/workbook/share";
import {
  fileBlock,
  fileCell,
  fileOriginals,
  fileBytes,
  fileWorkbook,
  paneBlock,
  paneCell,
  paneOriginals,
  paneWorkbook,
  throughCli,
  type Fixture,
} from "../support/sharingTwoHosts";

const now = new Date("2026-11-23T10:00:00Z");
const tree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
  ["Primary", null, "gpt-4o", 7000, 1000, 1],
  ["Retry", "Primary", "gpt-4o-mini", 7000, 1000, 0.2],
];
const breakdown = breakdownTable(evaluateCostTree(parseCostTree(tree, DEFAULT_PRICE_TABLE)));
const letters = "ABCDEFG";

function board(): Fixture {
  const model: Fixture[string] = {
    A1: { formula: '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', value: 0.0275 },
    A2: { formula: "=AIECON.COSTPERUSER(A1,50)", value: 1.375 },
    A3: { formula: "=SUM(1,2)", value: 3 },
    A5: { formula: '=AIECON.CLASSIFY("chat")', value: "COGS" },
    A6: { formula: '=AIECON.CLASSIFY("eval")' }, // shows no value
    A7: { formula: '=AIECON.CLASSIFY("train")', value: "#NAME?" },
    A8: { value: "Inputs are in the Tree sheet" },
    D1: { formula: '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")', value: "Step", spill: `D1:G${breakdown.length}` },
  };
  breakdown.forEach((line, r) => line.forEach((v, c) => (r || c) && (model[`${letters[3 + c]}${r + 1}`] = { value: v })));
  const t: Fixture[string] = {};
  tree.forEach((row, r) => row.forEach((v, c) => v !== null && (t[`${letters[c]}${r + 1}`] = { value: v })));
  return { Model: model, Tree: t };
}

const cellsOf = (fixture: Fixture) =>
  Object.entries(fixture).flatMap(([sheet, cells]) => Object.keys(cells).map((a) => [sheet, a] as const));
const addressOf = (warning: string) => warning.slice(0, warning.indexOf(":"));
const calcPrOf = async (xlsx: Buffer) =>
  /<calcPr\b[^>]*\/>/.exec(await (await JSZip.loadAsync(xlsx)).file("xl/workbook.xml")!.async("string"))?.[0];

it("the pane and the CLI prepare the same workbook alike: report, cells, AIECON_Originals, price sheet", async () => {
  const fixture = board();
  const pane = paneWorkbook(fixture);
  const paneReport = await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
  // The pane records Office.js's calculation settings as calcPr attributes; the CLI reads the file's.
  const converted = await throughCli(await fileBytes(fileWorkbook(fixture), { calcMode: "auto" }), { now });
  const { kept: _kept, ...fileReport } = converted.report;
  let file = converted.file;

  expect({ ...paneReport, warnings: paneReport.warnings.map(addressOf) }).toEqual({
    ...fileReport,
    warnings: fileReport.warnings.map(addressOf),
  });
  expect(paneReport).toMatchObject({ formulas: 2, values: 2, priceRowsAdded: 1 });
  // Both warn about the cell that shows no value (only the CLI did), each in its own words.
  expect(paneReport.warnings).toEqual([
    "Model!A6: it shows no value now, so there is none to keep; the formula was left as it is.",
    expect.stringMatching(/^Model!A7: it shows #NAME\? now/),
  ]);
  expect(fileReport.warnings[0]).toBe(
    "Model!A6: no current value to keep (the file was saved without one); the formula was left as it is.",
  );

  for (const [sheet, address] of cellsOf(fixture))
    expect([sheet, address, paneCell(pane, sheet, address)]).toEqual([sheet, address, fileCell(file, sheet, address)]);
  const kept = paneOriginals(pane)!;
  expect(kept).toEqual(fileOriginals(file));
  expect(kept.entries.map((r) => r.slice(0, 5))).toEqual([
    ["Sheet", "Cell", "Original formula", "Array range", "Written range"],
    ["Model", "A1", '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', null, null],
    ["Model", "A2", "=AIECON.COSTPERUSER(A1,50)", null, null],
    ["Model", "D1", '=AIECON.COSTTREE(Tree!A1:F3,"breakdown")', `D1:G${breakdown.length}`, `D1:G${breakdown.length}`],
    ["Model", "A5", '=AIECON.CLASSIFY("chat")', null, "A5:A5"],
  ]);
  expect(kept.record[1]).toEqual(["calcPr before", '{"calcMode":"auto"}']);
  expect(kept.record.map((r) => r[0])).toContain("Prices fingerprint");
  expect(paneBlock(pane, "AI Prices", 3, 10)).toEqual(fileBlock(file, "AI Prices", 3, 10));

  // Restore: the same report, every formula back, the price sheet gone from both.
  const paneBack = await restoreLiveFunctions();
  const back = await throughCli(converted.xlsx, { restore: true });
  file = back.file;
  expect(paneBack).toEqual({ restored: back.report.restored });
  expect(paneBack).toEqual({ restored: 4 });
  // The file's own calcPr is back (the full calculation on open is asked for, as the restored formulas carry no result).
  expect(await calcPrOf(back.xlsx)).toBe('<calcPr calcMode="auto" fullCalcOnLoad="1"/>');
  for (const [sheet, address] of cellsOf(fixture)) {
    const c = fixture[sheet][address];
    const held = paneCell(pane, sheet, address);
    expect([sheet, address, held]).toEqual([sheet, address, fileCell(file, sheet, address)]);
    // A spill's values are cleared so the formula can spill again; everything else is as it was.
    const inSpill = sheet === "Model" && address !== "D1" && /^[D-G]\d+$/.test(address);
    expect([address, held]).toEqual([address, inSpill ? null : (c.formula ?? c.value ?? null)]);
  }
  expect(pane.sheets.map((s) => s.name)).toEqual(["Model", "Tree"]);
  expect(file.worksheets.map((s) => s.name)).toEqual(["Model", "Tree"]);
  expect(pane.sheets.map((s) => s.name)).not.toContain(ORIGINALS_SHEET);
});

it("a price table from before the fee column: one rule, the pane adds the column and the file keeps formulas without a fee term", async () => {
  const fixture: Fixture = {
    Prices: {
      A1: { value: "Model" },
      B1: { value: "Provider" },
      C1: { value: "Input $/1M" },
      D1: { value: "Output $/1M" },
      A2: { value: "gpt-4o" },
      B2: { value: "openai" },
      C2: { value: 2.5 },
      D2: { value: 10 },
    },
    Model: { A1: { formula: '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', value: 0.0275 } },
  };
  const pane = paneWorkbook(fixture);
  pane.tables.push({ name: "AIECON_Prices", sheet: pane.sheet("Prices"), row: 0, col: 0, rows: 2, cols: 4 });
  const fileBook = fileWorkbook(fixture);
  fileBook.getWorksheet("Prices")!.addTable({
    name: "AIECON_Prices",
    ref: "A1",
    headerRow: true,
    columns: ["Model", "Provider", "Input $/1M", "Output $/1M"].map((name) => ({ name })),
    rows: [["gpt-4o", "openai", 2.5, 10]],
  });
  const paneReport = await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
  const { report, file } = await throughCli(await fileBytes(fileBook), { now });
  const { kept: _kept, ...fileReport } = report;
  expect(paneReport).toEqual(fileReport);
  expect(paneReport).toEqual({ formulas: 1, values: 0, priceRowsAdded: 0, warnings: [] });
  expect(pane.sheet("Prices").at("E1")?.value).toBe("$ per 1K requests");
  expect(paneCell(pane, "Model", "A1")).toMatch(/\+N\(INDEX\(AIECON_Prices\[\$ per 1K requests\],/);
  expect(fileCell(file, "Model", "A1")).toBe(
    '=7000*INDEX(AIECON_Prices[Input $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))/1000000+1000*INDEX(AIECON_Prices[Output $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))/1000000',
  );
});
