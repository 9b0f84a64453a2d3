// Restore through the one sharing plan, in both hosts: a block AIECON_Originals says to clear must
// be exactly the block the conversion wrote (its recorded fingerprint, column G), else nothing is
// restored and the row is named (issue 20); the pane gives back the calculation settings and takes
// away the price rows it added, as the CLI does (issue 22).
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { ORIGINALS_SHEET, RECORD_COLUMN } from "../../src/share/originals";
import { prepareForSharing, restoreLiveFunctions } from "../../src/workbook/share";
import { FakeWorkbook } from "../support/shareHost";
import { fileBytes, fileCell, fileWorkbook, paneCell, paneWorkbook, throughCli, type Fixture } from "../support/sharingTwoHosts";

const now = new Date("2026-11-23T10:00:00Z");

const fixture = (): Fixture => ({
  Model: {
    A1: { formula: '=AIECON.CLASSIFY("chat")', value: "COGS" },
    A2: { value: "keep" },
    B1: { formula: "=AIECON.TOKENCOUNT(C1)", value: 3, spill: "B1:B3" },
    B2: { value: 4 },
    B3: { value: 5 },
    C1: { value: "one two three" },
  },
});

/** Converts the fixture in both hosts, edits AIECON_Originals row `row` column `col` (1-based) in both, and restores. */
async function tampered(row: number, col: number, text: string, edit?: { address: string; value: unknown }) {
  const pane = paneWorkbook(fixture());
  await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
  let { file } = await throughCli(await fileBytes(fileWorkbook(fixture())), { now });
  pane.sheet(ORIGINALS_SHEET).cells.set(`${row - 1},${col - 1}`, { value: text, format: "@" });
  file.getWorksheet(ORIGINALS_SHEET)!.getCell(row, col).value = text;
  if (edit) {
    pane.sheet("Model").put(edit.address, edit.value);
    const typed = typeof edit.value === "string" && edit.value.startsWith("=") ? { formula: edit.value.slice(1) } : edit.value;
    file.getWorksheet("Model")!.getCell(edit.address).value = typed as never;
  }
  const paneOutcome = await restoreLiveFunctions().then(
    () => "restored",
    (e: Error) => e.message,
  );
  let fileOutcome = "restored";
  try {
    ({ file } = await throughCli(await fileBytes(file), { restore: true }));
  } catch (e) {
    fileOutcome = (e as Error).message.replace(/^aiecon-share: /, "");
  }
  return { pane, file, paneOutcome, fileOutcome };
}

describe("a block to clear must be the block the conversion wrote", () => {
  it("both hosts convert the fixture with the blocks recorded", async () => {
    const { paneOutcome, fileOutcome, pane, file } = await tampered(1, 1, "Sheet");
    expect([paneOutcome, fileOutcome]).toEqual(["restored", "restored"]);
    for (const a of ["A1", "A2", "B1", "B2", "B3"]) expect(paneCell(pane, "Model", a)).toEqual(fileCell(file, "Model", a));
    expect(paneCell(pane, "Model", "B1")).toBe("=AIECON.TOKENCOUNT(C1)");
    expect(paneCell(pane, "Model", "B2")).toBeNull();
  });

  // AIECON_Originals rows: 1 the header, 2 A1's (CLASSIFY, values in place), 3 B1's (TOKENCOUNT, values over its spill B1:B3).
  it.each([
    ["a written range stretched over the user's cell below", 2, 5, "A1:A2", undefined, "A1"],
    ["an array range stretched over the user's cells beside", 3, 4, "B1:C3", undefined, "B1"],
    ["a spill's cell typed over since", 1, 1, "Sheet", { address: "B3", value: 50 }, "B1"],
  ])("%s is refused by name in both hosts, and nothing changes", async (_, row, col, text, edit, cell) => {
    const { pane, file, paneOutcome, fileOutcome } = await tampered(row, col, text, edit);
    expect(paneOutcome).toBe(fileOutcome);
    const entry = cell === "A1" ? 1 : 2;
    expect(paneOutcome).toMatch(
      new RegExp(
        `^Nothing was restored: AIECON_Originals entry ${entry} \\(Model!${cell}\\) .*does not hold the values the conversion wrote`,
      ),
    );
    expect(["A1", "A2", "B1", "B3", "C1"].map((a) => paneCell(pane, "Model", a))).toEqual([
      "COGS",
      "keep",
      3,
      edit ? 50 : 5,
      "one two three",
    ]);
    expect(["A1", "A2", "B1", "B3", "C1"].map((a) => fileCell(file, "Model", a))).toEqual([
      "COGS",
      "keep",
      3,
      edit ? 50 : 5,
      "one two three",
    ]);
    expect(pane.sheets.map((s) => s.name)).toContain(ORIGINALS_SHEET);
  });

  it("a row from before column G may not clear a formula", async () => {
    const { pane, file, paneOutcome, fileOutcome } = await tampered(3, 7, "", { address: "B2", value: "=A2&1" });
    expect(paneOutcome).toBe(fileOutcome);
    expect(paneOutcome).toMatch(/entry 2 \(Model!B1\).*written range 'B1:B3' holds a formula at B2, which the conversion never leaves/);
    expect(paneCell(pane, "Model", "B2")).toBe("=A2&1");
    expect(fileCell(file, "Model", "B2")).toBe("=A2&1");
  });
});

describe("the pane's restore gives back what the conversion changed beyond the cells, as the CLI's does", () => {
  it("records the calculation settings and gives them back", async () => {
    const wb = paneWorkbook(fixture());
    wb.calculation = { mode: "Manual", iterative: { enabled: true, maxIteration: 50, maxChange: 0.01 } };
    await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
    const kept = wb.sheet(ORIGINALS_SHEET);
    expect([kept.get(1, RECORD_COLUMN - 1)?.value, kept.get(1, RECORD_COLUMN)?.value]).toEqual([
      "calcPr before",
      '{"calcMode":"manual","iterate":"1","iterateCount":"50","iterateDelta":"0.01"}',
    ]);
    wb.calculation = { mode: "Automatic", iterative: { enabled: false, maxIteration: 100, maxChange: 0.001 } };
    await restoreLiveFunctions();
    expect(wb.calculation).toEqual({ mode: "Manual", iterative: { enabled: true, maxIteration: 50, maxChange: 0.01 } });
  });

  it("gives back the calculation mode a file's conversion recorded (calcPr as the CLI keeps it)", async () => {
    const { file } = await throughCli(await fileBytes(fileWorkbook(fixture()), { calcId: "191029", calcMode: "autoNoTable" }), { now });
    // The converted file opened in Excel: the same cells in the pane's host.
    const wb = new FakeWorkbook();
    for (const ws of file.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => {
          const held = fileCell(file, ws.name, c.address);
          if (ws.name === ORIGINALS_SHEET)
            wb.sheet(ws.name).cells.set(`${Number(c.row) - 1},${Number(c.col) - 1}`, { value: held, format: "@" });
          else wb.sheet(ws.name).put(c.address, held);
        }),
      );
    wb.install();
    expect(await restoreLiveFunctions()).toEqual({ restored: 2 });
    expect(wb.calculation.mode).toBe("AutomaticExceptTables");
    expect(paneCell(wb, "Model", "B1")).toBe("=AIECON.TOKENCOUNT(C1)");
  });

  function withPriceTable(): FakeWorkbook {
    const wb = new FakeWorkbook();
    const p = wb.sheet("Prices");
    ["Model", "Provider", "Input $/1M", "Output $/1M", "$ per 1K requests"].forEach((h, c) => p.set(0, c, h));
    ["gpt-4o", "openai", 2.5, 10, null].forEach((v, c) => v !== null && p.set(1, c, v));
    wb.tables.push({ name: "AIECON_Prices", sheet: p, row: 0, col: 0, rows: 2, cols: 5 });
    wb.sheet("Model").put("A1", '=AIECON.COSTPERINTERACTION(7000,1000,"claude-sonnet-4-5")', 0.036);
    wb.install();
    return wb;
  }

  it("takes away the price rows it appended to the user's table", async () => {
    const wb = withPriceTable();
    expect((await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE })).priceRowsAdded).toBe(1);
    const table = wb.tables.find((t) => t.name === "AIECON_Prices")!;
    expect([table.rows, wb.sheet("Prices").at("A3")?.value]).toEqual([3, "claude-sonnet-4-5"]);
    expect(await restoreLiveFunctions()).toEqual({ restored: 1 });
    expect([table.rows, wb.sheet("Prices").at("A3")]).toEqual([2, undefined]);
    expect(wb.sheet("Prices").at("A2")?.value).toBe("gpt-4o");
  });

  it("keeps appended price rows the user changed since, and says so", async () => {
    const wb = withPriceTable();
    await prepareForSharing("workbook", { now, prices: DEFAULT_PRICE_TABLE });
    wb.sheet("Prices").put("C3", 2.75);
    expect(await restoreLiveFunctions()).toEqual({
      restored: 1,
      pricesKept: "Kept the price row(s) the conversion added to AIECON_Prices ('Prices'!A3:E3): they were changed since.",
    });
    expect(wb.tables.find((t) => t.name === "AIECON_Prices")!.rows).toBe(3);
  });
});
