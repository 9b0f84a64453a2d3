// The price runtime is the one owner of price state: what the functions compute with, what was
// applied (so an unchanged table recalculates nothing), and what the pane hears. A price edit made in
// the pane comes back to it once, though the write raises a change event that reads the table again.
import { DEFAULT_PRICE_ROWS, DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import * as ExcelJS from "exceljs";
import { PriceRuntime, priceRuntime } from "../../src/runtime/priceRuntime";
import { PRICE_TABLE_COLUMNS } from "../../src/share/priceTable";
import JSZip from "jszip";
import { NO_EDITS, workbookPrices } from "../../src/share/xlsx/fileChange";
import { scanAndPlan } from "../../src/share/xlsx/scanPlan";
import { keyOf, PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME, toTableRow } from "../../src/sheetModel/priceTable";
import { NO_TIER_TABLE, type WorkbookPriceTable } from "../../src/sheetModel/priceTables";
import { subscribeWorkbookPrices } from "../../src/workbook/priceWatch";
import { reloadWorkbookPrices, savePriceEdits, watchPriceTable } from "../../src/workbook/prices";
import { fireTableChanged, installExcel, newBook } from "../workbook/mockWorkbook";

const usd = (n: number) => n as UsdPerMillionTokens;
const mine = (input: number): ModelPrice => ({
  model: "my-llama",
  provider: "custom",
  input: usd(input),
  output: usd(0.3),
  cachedInput: null,
  cacheWrite: null,
  contextWindow: null,
  asOf: "2026-11-01",
  source: "user",
  perThousandRequests: null,
  tiered: false,
});
const tableOf = (rows: readonly ModelPrice[]): WorkbookPriceTable => ({
  exists: true,
  rows,
  problems: [],
  missingColumns: [],
  tiers: NO_TIER_TABLE,
});

describe("PriceRuntime", () => {
  it("starts with the bundled defaults and puts a workbook's rows over them", () => {
    const runtime = new PriceRuntime();
    expect(runtime.prices()).toBe(DEFAULT_PRICE_TABLE);
    expect(runtime.apply(tableOf([mine(0.1)]))).toBe(true);
    expect(runtime.prices().find("my-llama")!.input).toBe(0.1);
    expect(runtime.prices().find("gpt-4o")!.input).toBe(DEFAULT_PRICE_ROWS.find((r) => r.model === "gpt-4o")!.input);
  });

  it("an unchanged table changes nothing (no recalculation), a changed one does", () => {
    const runtime = new PriceRuntime();
    runtime.apply(tableOf([mine(0.1)]));
    const digest = runtime.appliedDigest();
    expect(runtime.apply(tableOf([mine(0.1)]))).toBe(false);
    expect(runtime.appliedDigest()).toBe(digest);
    expect(runtime.apply(tableOf([mine(0.2)]))).toBe(true);
    expect(runtime.appliedDigest()).not.toBe(digest);
    expect(new PriceRuntime().appliedDigest()).toBe(PriceRuntime.NOTHING_APPLIED_DIGEST);
  });

  it("restore puts back the prices and the tables of a snapshot", () => {
    const runtime = new PriceRuntime();
    runtime.apply(tableOf([mine(0.1)]));
    const before = runtime.snapshot();
    runtime.apply(tableOf([mine(9)]));
    runtime.restore(before);
    expect(runtime.prices().find("my-llama")!.input).toBe(0.1);
    expect(runtime.table.rows[0].input).toBe(0.1);
  });

  it("tells a listener of a changed table, not of the same table again, and of an error", () => {
    const runtime = new PriceRuntime();
    const heard: string[] = [];
    runtime.subscribe({ onTable: (t) => heard.push(`table ${t.rows[0]?.input}`), onError: (e) => heard.push(`error ${String(e)}`) });
    runtime.publish(tableOf([mine(0.1)]));
    runtime.publish(tableOf([mine(0.1)]));
    runtime.publish(tableOf([mine(0.2)]));
    runtime.publishError("busy");
    runtime.publish(tableOf([mine(0.2)])); // after an error, the table is news again
    expect(heard).toEqual(["table 0.1", "table 0.2", "error busy", "table 0.2"]);
    // A late listener hears the table at once.
    const late: number[] = [];
    runtime.subscribe({ onTable: (t) => late.push(t.rows[0].input) });
    expect(late).toEqual([0.2]);
  });

  it("reads 'As of' serials in the workbook's date system", async () => {
    // 46357 is 2026-12-01 in the 1900 system and 2030-12-02 in the 1904 system.
    const row = [...toTableRow(mine(0.1))];
    row[PRICE_HEADERS.indexOf("As of")] = 46357;
    const book = newBook({
      sheets: [PRICE_SHEET_NAME],
      table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: [row] },
    });
    installExcel(book);
    priceRuntime.reset();
    priceRuntime.useDateSystem("1904");
    try {
      expect((await reloadWorkbookPrices()).rows[0].asOf).toBe("2030-12-02");
    } finally {
      priceRuntime.useDateSystem("1900");
    }
    expect((await reloadWorkbookPrices()).rows[0].asOf).toBe("2026-12-01");
  });
});

describe("a price edit from the pane", () => {
  it("comes back to the pane once, though the write's change event reads the table again", async () => {
    const book = newBook({
      sheets: [PRICE_SHEET_NAME],
      table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: [toTableRow(mine(0.1))] },
    });
    installExcel(book);
    priceRuntime.reset();
    await reloadWorkbookPrices();
    await watchPriceTable(() => undefined);
    const heard: number[] = [];
    const stop = subscribeWorkbookPrices({ onTable: (t) => heard.push(t.rows[0].input) });
    expect(heard).toEqual([0.1]);

    await savePriceEdits([{ kind: "update", key: keyOf(mine(0.1)), price: mine(0.25) }]);
    expect(heard).toEqual([0.1, 0.25]);
    await fireTableChanged(book); // Excel's event for the add-in's own write
    expect(heard).toEqual([0.1, 0.25]);
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.25);

    book.table!.body[0][2] = 0.5; // the user types in the sheet: that is news
    await fireTableChanged(book);
    expect(heard).toEqual([0.1, 0.25, 0.5]);
    stop();
  });
});

describe("the sharing CLI's prices", () => {
  it("come from the file's own table, and the add-in's runtime keeps its own", async () => {
    const wb = new ExcelJS.Workbook();
    const row = Object.fromEntries(PRICE_TABLE_COLUMNS.map((c) => [c, null as string | number | null]));
    Object.assign(row, {
      Model: "house-llm",
      Provider: "custom",
      "Input $/1M": 1,
      "Output $/1M": 2,
      "As of": "2026-11-01",
      Source: "user",
    });
    wb.addWorksheet(PRICE_SHEET_NAME).addTable({
      name: PRICE_TABLE_NAME,
      ref: "A1",
      headerRow: true,
      columns: PRICE_TABLE_COLUMNS.map((c) => ({ name: c })),
      rows: [PRICE_TABLE_COLUMNS.map((c) => row[c])],
    });
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    priceRuntime.reset();
    priceRuntime.apply(tableOf([mine(0.1)]));

    // The prices the CLI's conversion computes with, read from the scanned file.
    const { result: prices } = await scanAndPlan("prices.xlsx", zip, (book) => ({ result: workbookPrices(book), edits: NO_EDITS }));
    expect(prices.find("house-llm")!.input).toBe(1);
    expect(prices.find("my-llama")).toBeUndefined();
    expect(priceRuntime.prices().find("house-llm")).toBeUndefined();
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.1);
  });
});
