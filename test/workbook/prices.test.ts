import { priceRuntime } from "../../src/runtime/priceRuntime";
import { costPerInteractionFn } from "../../src/functions/functions";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../src/calc/units";
import {
  INSERT_CHUNK_ROWS,
  PriceTableConflict,
  insertPriceTable,
  reloadWorkbookPrices,
  saveModelTiers,
  savePriceEdits,
  watchPriceTable,
} from "../../src/workbook/prices";
import { PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME, keyOf, toTableRow, type Cell } from "../../src/sheetModel/priceTable";
import { TIER_HEADERS, TIER_TABLE_NAME } from "../../src/sheetModel/priceTierTable";

/** The tier table as written before its As of column: still read, every row from the start. */
const LEGACY_TIER_HEADERS = TIER_HEADERS.filter((h) => h !== "As of");
import { priceOn } from "../../src/calc/billing";
import { excelError } from "../support/excelErrors";
import { landsAs } from "../support/excelText";
import { fireTableChanged, installExcel, newBook, syncCount, type Book } from "./mockWorkbook";

const usd = (n: number) => n as UsdPerMillionTokens;
const gpt4o = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-4o")!;
const claude = DEFAULT_PRICE_ROWS.find((r) => r.provider === "anthropic")!;

function userRow(model: string, input: number, output: number, provider = "custom"): ModelPrice {
  return {
    model,
    provider,
    input: usd(input),
    output: usd(output),
    cachedInput: null,
    cacheWrite: null,
    contextWindow: null,
    asOf: "2026-11-01",
    source: "user",
    perThousandRequests: null,
    tiered: false,
  };
}

function bookWithTable(rows: readonly ModelPrice[], extra?: { header: string; cell: (i: number) => Cell }): Book {
  const header: Cell[] = [...PRICE_HEADERS, ...(extra ? [extra.header] : [])];
  const body = rows.map((row, i) => [...toTableRow(row), ...(extra ? [extra.cell(i)] : [])]);
  return newBook({ sheets: [PRICE_SHEET_NAME], table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header, body } });
}

const snapshot = (book: Book) => JSON.stringify({ sheets: book.sheets, table: book.table });

beforeEach(() => priceRuntime.reset());

describe("insertPriceTable", () => {
  it("creates the AI Prices sheet and the AIECON_Prices table with unit headers, then recalculates", async () => {
    const book = newBook({ sheets: ["Model"] });
    installExcel(book);
    const rows = DEFAULT_PRICE_ROWS.filter((r) => r.provider === "openai" || r.provider === "anthropic");
    const result = await insertPriceTable(rows, { mode: "create" });

    expect(result.status).toBe("inserted");
    // The tier table goes on its own sheet, with the bundled tiers of the tiered models written.
    expect(rows.some((r) => r.tiered)).toBe(true);
    expect(book.sheets).toEqual(["Model", "AI Prices", "AI Price Tiers"]);
    expect(book.table!.name).toBe("AIECON_Prices");
    expect(book.table!.header).toEqual([
      "Model",
      "Provider",
      "Input $/1M",
      "Output $/1M",
      "Cached input $/1M",
      "Cache write $/1M",
      "$ per 1K requests",
      "Context window",
      "As of",
      "Source",
    ]);
    // Models with dated prices come with one row per date (history and announced changes).
    const dated = rows.filter((r) => (r.versions ?? []).length > 1);
    expect(dated.length).toBeGreaterThan(0);
    const extra = dated.reduce((n, r) => n + r.versions!.length - 1, 0);
    expect(book.table!.body).toHaveLength(rows.length + extra);
    const written = book.table!.body.find((r) => r[0] === "gpt-4o" && r[1] === "openai");
    expect(written).toEqual(["gpt-4o", "openai", 2.5, 10, 1.25, "", "", 128000, gpt4o.asOf, "default"]);
    // Formats cover exactly the rows written, A2 down, with an array of the range's size.
    const total = rows.length + extra;
    expect(book.table!.numberFormats).toEqual([{ address: `A2:J${total + 1}`, rows: total, columns: 10 }]);
    expect(book.tierTable!.name).toBe("AIECON_PriceTiers");
    expect(book.tierTable!.body.length).toBeGreaterThan(0);
    expect(book.calculations).toEqual(["Full"]);
    // One sync to look before writing, one per chunk of rows.
    expect(syncCount(book)).toBe(1 + Math.ceil(total / INSERT_CHUNK_ROWS));
  });

  it("writes thousands of rows in chunks, reporting progress after each, with a bounded sync count", async () => {
    const book = newBook();
    installExcel(book);
    const many = Array.from({ length: 2_345 }, (_, i) => userRow(`model-${i}`, i % 7, i % 11));
    const progress: Array<[number, number]> = [];
    await insertPriceTable(many, { mode: "create", onProgress: (done, total) => progress.push([done, total]) });

    expect(book.table!.body).toHaveLength(2_345);
    expect(progress).toEqual([
      [500, 2345],
      [1000, 2345],
      [1500, 2345],
      [2000, 2345],
      [2345, 2345],
    ]);
    expect(syncCount(book)).toBe(1 + 5);
    expect(book.writes.filter((w) => w.startsWith("add"))).toHaveLength(5);
    expect(book.table!.numberFormats!.map((f) => f.address)).toEqual([
      "A2:J501",
      "A502:J1001",
      "A1002:J1501",
      "A1502:J2001",
      "A2002:J2346",
    ]);
  });

  it("refuses to touch an existing AIECON_Prices table unless asked to merge", async () => {
    const book = bookWithTable([userRow("gpt-4o", 1, 2, "openai")]);
    installExcel(book);
    const before = snapshot(book);
    const result = await insertPriceTable(DEFAULT_PRICE_ROWS, { mode: "create" });
    expect(result.status).toBe("refused");
    if (result.status === "refused") expect(result.presence.tableExists).toBe(true);
    const asNewSheet = await insertPriceTable(DEFAULT_PRICE_ROWS, { mode: "newSheet" });
    expect(asNewSheet.status).toBe("refused");
    expect(snapshot(book)).toBe(before);
    expect(book.writes).toEqual([]);
  });

  it("refuses to write into an existing AI Prices sheet; offers the first free sheet name instead", async () => {
    const book = newBook({ sheets: ["AI Prices", "AI Prices (2)"] });
    installExcel(book);
    const refused = await insertPriceTable([gpt4o], { mode: "create" });
    expect(refused).toEqual({
      status: "refused",
      presence: {
        sheetExists: true,
        tableExists: false,
        freeSheetName: "AI Prices (3)",
        tierTableExists: false,
        freeTierSheetName: "AI Price Tiers",
      },
    });
    expect(book.table).toBeUndefined();

    const inserted = await insertPriceTable([gpt4o], { mode: "newSheet" });
    expect(inserted.status === "inserted" && inserted.sheetName).toBe("AI Prices (3)");
    expect(book.table!.sheet).toBe("AI Prices (3)");
    expect(book.sheets).toEqual(["AI Prices", "AI Prices (2)", "AI Prices (3)"]);
  });

  it("merging adds only the missing models and keeps every existing row and the user's own column", async () => {
    const mine = userRow("gpt-4o", 1.5, 6, "openai");
    const book = bookWithTable([mine, userRow("my-llama", 0.2, 0.2)], { header: "Notes", cell: (i) => `note ${i}` });
    installExcel(book);
    const result = await insertPriceTable([gpt4o, claude], { mode: "merge" });

    expect(result.status === "merged" && result.added).toBe(1);
    const body = book.table!.body;
    expect(body).toHaveLength(3);
    expect(body[0]).toEqual([...toTableRow(mine), "note 0"]);
    expect(body[1][10]).toBe("note 1");
    expect(body[2]).toEqual([...toTableRow(claude), ""]);
    expect(book.writes).toEqual(["add 1"]);
    // The user's gpt-4o price, not the default, is what formulas now use.
    expect(priceRuntime.prices().find("gpt-4o")!.input).toBe(1.5);
  });

  it("merging when nothing is missing writes no row", async () => {
    const book = bookWithTable([gpt4o]);
    installExcel(book);
    const result = await insertPriceTable([gpt4o], { mode: "merge" });
    expect(result.status === "merged" && result.added).toBe(0);
    expect(book.writes).toEqual([]);
    expect(book.table!.body).toEqual([toTableRow(gpt4o)]);
  });
});

describe("the workbook's rows drive the custom functions", () => {
  it("uses workbook rows before the bundled defaults, and a user row wins over a default of the same name", async () => {
    const defaultRow = { ...gpt4o, input: usd(2.5) };
    const book = bookWithTable([defaultRow, userRow("gpt-4o", 0.5, 1, "my-azure"), userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    await reloadWorkbookPrices();

    expect(priceRuntime.prices().find("gpt-4o")!.provider).toBe("my-azure");
    expect(priceRuntime.prices().find("my-llama")!.output).toBe(0.3);
    // Models the workbook lacks still resolve from the bundled defaults.
    expect(priceRuntime.prices().find(claude.model)!.input).toBe(claude.input);
    // 1M input tokens of my-llama at $0.10 per 1M, 1M output tokens at $0.30 per 1M.
    expect(costPerInteractionFn(1_000_000, 1_000_000, "my-llama")).toBeCloseTo(0.4, 12);
    expect(book.calculations).toEqual(["Full"]);
  });

  it("a default row edited in the sheet also answers for its dated alias names", async () => {
    const book = bookWithTable([{ ...gpt4o, input: usd(9) }]);
    installExcel(book);
    await reloadWorkbookPrices();
    expect(priceRuntime.prices().find("gpt-4o-2024-08-06")!.input).toBe(9);
  });

  it("a row with an unreadable price makes formulas naming that model fail with the row's problem", async () => {
    const book = bookWithTable([userRow("my-llama", 0.1, 0.3)]);
    book.table!.body[0][2] = "ten cents";
    installExcel(book);
    const table = await reloadWorkbookPrices();

    expect(table.problems).toHaveLength(1);
    const error = excelError(() => costPerInteractionFn(1000, 1000, "my-llama"));
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toContain("AIECON_Prices row 1 ('my-llama')");
    expect(error.message).toContain("Input $/1M must be a number");
  });

  it("reloads and recalculates when the table changes in Excel, and not when nothing changed", async () => {
    const book = bookWithTable([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    const seen: number[] = [];
    await reloadWorkbookPrices();
    await watchPriceTable((table) => seen.push(table.rows[0].input));
    expect(book.handlers).toHaveLength(1);
    expect(book.calculations).toEqual(["Full"]);

    book.table!.body[0][2] = 0.25; // the user types a new input price in the sheet
    await fireTableChanged(book);
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.25);
    expect(costPerInteractionFn(1_000_000, 0, "my-llama")).toBeCloseTo(0.25, 12);
    expect(book.calculations).toEqual(["Full", "Full"]);

    await fireTableChanged(book); // e.g. a change in another table: same prices, no recalculation
    expect(book.calculations).toEqual(["Full", "Full"]);
    expect(seen).toEqual([0.25, 0.25]);
  });
});

describe("watchPriceTable", () => {
  it("folds a burst of change events into one follow-up reload", async () => {
    const book = bookWithTable([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    let reloads = 0;
    await watchPriceTable(() => reloads++);
    book.table!.body[0][2] = 0.2;
    // A paste raises several events at once; the first reloads, the rest share one more reload.
    await Promise.all([fireTableChanged(book), fireTableChanged(book), fireTableChanged(book)]);
    expect(reloads).toBe(2);
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.2);
    expect(book.calculations).toEqual(["Full"]);
  });
});

describe("savePriceEdits", () => {
  it("writes an update, a delete and an add in exactly 2 syncs, touching only changed cells", async () => {
    const book = bookWithTable([gpt4o, userRow("old-model", 1, 1), claude]);
    installExcel(book);
    const edited = { ...gpt4o, input: usd(2), source: "user" as const, asOf: "2026-11-20" };
    const result = await savePriceEdits([
      { kind: "update", key: keyOf(gpt4o), price: edited },
      { kind: "delete", key: "custom/old-model@2026-11-01" },
      { kind: "add", price: userRow("my-llama", 0.1, 0.3) },
    ]);

    expect(syncCount(book)).toBe(2);
    expect(book.writes).toEqual(["cell 0,2", "cell 0,8", "cell 0,9", "delete 1", "add 1"]);
    expect(book.table!.body.map((r) => r[0])).toEqual(["gpt-4o", claude.model, "my-llama"]);
    expect(book.table!.body[0].slice(2, 4)).toEqual([2, 10]);
    expect(result.rows.map((r) => r.model)).toEqual(["gpt-4o", claude.model, "my-llama"]);
    expect(priceRuntime.prices().find("gpt-4o")!.input).toBe(2);
    expect(book.calculations).toEqual(["Full"]);
  });

  it("when the write batch fails, formulas keep the prices the workbook still holds", async () => {
    const book = bookWithTable([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    await reloadWorkbookPrices();
    book.failSync = 2;
    await expect(savePriceEdits([{ kind: "update", key: "custom/my-llama@2026-11-01", price: userRow("my-llama", 9, 9) }])).rejects.toThrow(
      /batch failed/,
    );
    expect(book.table!.body[0][2]).toBe(0.1);
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.1);
  });

  it("saves 1,000 edited rows in 2 syncs", async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => userRow(`m-${i}`, 1, 2));
    const book = bookWithTable(rows);
    installExcel(book);
    await savePriceEdits(rows.map((row) => ({ kind: "update" as const, key: keyOf(row), price: { ...row, output: usd(3) } })));
    expect(syncCount(book)).toBe(2);
    expect(book.table!.body.every((r) => r[3] === 3)).toBe(true);
  });

  it("writes nothing when a row the pane edits was deleted in the sheet meanwhile", async () => {
    const book = bookWithTable([userRow("a", 1, 1), userRow("b", 1, 1)]);
    installExcel(book);
    const before = snapshot(book);
    await expect(
      savePriceEdits([
        { kind: "update", key: "custom/a@2026-11-01", price: userRow("a", 2, 2) },
        { kind: "delete", key: "custom/gone@2026-11-01" },
      ]),
    ).rejects.toThrow(PriceTableConflict);
    expect(snapshot(book)).toBe(before);
    expect(syncCount(book)).toBe(1);
  });

  it("refuses to add a model the table already has for that provider, or to rename onto one", async () => {
    const book = bookWithTable([userRow("a", 1, 1), userRow("b", 1, 1)]);
    installExcel(book);
    const before = snapshot(book);
    await expect(savePriceEdits([{ kind: "add", price: userRow("A ", 3, 3) }])).rejects.toThrow(/already has a row dated 2026-11-01/);
    await expect(savePriceEdits([{ kind: "update", key: "custom/a@2026-11-01", price: userRow("b", 3, 3) }])).rejects.toThrow(
      /already has a row dated 2026-11-01/,
    );
    expect(snapshot(book)).toBe(before);
  });
});

describe("a table written before the $ per 1K requests column", () => {
  const OLD_HEADERS = PRICE_HEADERS.filter((h) => h !== "$ per 1K requests");
  const oldRow = (row: ModelPrice) => toTableRow(row).filter((_, i) => PRICE_HEADERS[i] !== "$ per 1K requests");
  const oldBook = (rows: readonly ModelPrice[]) =>
    newBook({
      sheets: [PRICE_SHEET_NAME],
      table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...OLD_HEADERS], body: rows.map(oldRow) },
    });
  const sonar = DEFAULT_PRICE_ROWS.find((r) => r.provider === "perplexity" && r.model === "sonar")!;

  it("is read as before: its prices are used, its rows have no fee", async () => {
    const book = oldBook([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    const table = await reloadWorkbookPrices();
    expect(table.missingColumns).toEqual([]);
    expect(table.problems).toEqual([]);
    expect(priceRuntime.prices().find("my-llama")).toMatchObject({ input: 0.1, perThousandRequests: null });
    expect(costPerInteractionFn(1_000_000, 0, "my-llama")).toBeCloseTo(0.1, 12);
  });

  it("edits without a fee are saved without adding the column", async () => {
    const book = oldBook([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    await savePriceEdits([{ kind: "update", key: "custom/my-llama@2026-11-01", price: userRow("my-llama", 0.2, 0.3) }]);
    expect(book.table!.header).toEqual(OLD_HEADERS);
    expect(book.table!.body[0][2]).toBe(0.2);
  });

  it("gets the column, in the same 2 syncs, when a row with a fee is written, so the fee is never dropped", async () => {
    const book = oldBook([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    await savePriceEdits([{ kind: "add", price: sonar }]);
    expect(syncCount(book)).toBe(2);
    expect(book.table!.header).toEqual([...OLD_HEADERS, "$ per 1K requests"]);
    const added = book.table!.body[1];
    expect(added[0]).toBe("sonar");
    expect(added[OLD_HEADERS.length]).toBe(12);
    expect(book.table!.body[0][OLD_HEADERS.length]).toBe("");
    expect(priceRuntime.prices().find("sonar")!.perThousandRequests).toBe(12);
  });

  it("merging defaults with fees into it adds the column too", async () => {
    const book = oldBook([userRow("my-llama", 0.1, 0.3)]);
    installExcel(book);
    await insertPriceTable([sonar], { mode: "merge" });
    expect(book.table!.header.at(-1)).toBe("$ per 1K requests");
    expect(book.table!.body[1].at(-1)).toBe(12);
  });
});

describe("AIECON_PriceTiers and dated rows drive the custom functions", () => {
  const gemini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "google" && r.model === "gemini-2.5-pro")!;
  const tierBook = (rows: readonly ModelPrice[], tierBody: Cell[][]) => {
    const book = bookWithTable(rows);
    book.tierTable = { name: TIER_TABLE_NAME, sheet: "AI Price Tiers", header: [...LEGACY_TIER_HEADERS], body: tierBody };
    return book;
  };

  it("a table row keeps the bundled tiers until the tier table gives its own; then those bill the whole call", async () => {
    const book = bookWithTable([gemini]);
    installExcel(book);
    await reloadWorkbookPrices();
    // 300,000 input tokens pass the bundled 200k tier: $2.50 input and $15 output per 1M.
    expect(costPerInteractionFn(300_000, 1_000, "gemini-2.5-pro")).toBeCloseTo(0.3 * 2.5 + 0.001 * 15, 12);

    book.tierTable = {
      name: TIER_TABLE_NAME,
      sheet: "AI Price Tiers",
      header: [...LEGACY_TIER_HEADERS],
      body: [["Gemini-2.5-pro", 250000, 3, 20, 0.3, ""]],
    };
    const table = await reloadWorkbookPrices();
    expect(table.tiers.exists).toBe(true);
    expect(table.tiers.rows).toHaveLength(1);
    expect(costPerInteractionFn(240_000, 1_000, "gemini-2.5-pro")).toBeCloseTo(0.24 * 1.25 + 0.001 * 10, 12);
    expect(costPerInteractionFn(300_000, 1_000, "gemini-2.5-pro")).toBeCloseTo(0.3 * 3 + 0.001 * 20, 12);
    expect(book.calculations).toEqual(["Full", "Full"]);
  });

  it("tier rows apply to the models AIECON_Prices lists: one for a model the table lacks leaves the bundled tiers", async () => {
    const book = tierBook([userRow("my-llama", 0.1, 0.3)], [["gemini-2.5-pro", 100000, 5, 30, "", ""]]);
    installExcel(book);
    const table = await reloadWorkbookPrices();
    expect(costPerInteractionFn(150_000, 0, "gemini-2.5-pro")).toBeCloseTo(0.15 * gemini.input, 12);
    // The pane lists it among the rows formulas cannot use, in the words of every bad row; it holds nothing back.
    expect(table.tiers.problems).toEqual([
      expect.objectContaining({
        index: 0,
        unused: true,
        message: expect.stringMatching(/^AIECON_PriceTiers row 1 \('gemini-2.5-pro'\): No AIECON_Prices row lists/),
      }),
    ]);
  });

  it("a bad tier row makes formulas naming that model show #VALUE! with the row's problem", async () => {
    const book = tierBook([gemini], [["gemini-2.5-pro", "200k", 3, 20, "", ""]]);
    installExcel(book);
    const table = await reloadWorkbookPrices();
    expect(table.tiers.problems).toHaveLength(1);
    const error = excelError(() => costPerInteractionFn(1000, 1000, "gemini-2.5-pro"));
    expect(error.code).toBe("#VALUE!");
    expect(error.message).toContain("AIECON_PriceTiers row 1 ('gemini-2.5-pro')");
    expect(error.message).toContain("Above input tokens must be a whole number");
    // Other models are unaffected.
    expect(costPerInteractionFn(100_000, 0, claude.model)).toBeCloseTo(0.1 * claude.input, 12);
  });

  it("a repeated model and threshold in the tier table is a bad row", async () => {
    const book = tierBook(
      [gemini],
      [
        ["gemini-2.5-pro", 200000, 3, 20, "", ""],
        ["GEMINI-2.5-PRO", 200000, 4, 20, "", ""],
      ],
    );
    installExcel(book);
    const table = await reloadWorkbookPrices();
    expect(table.tiers.problems.map((p) => p.message)).toEqual([expect.stringContaining("already has a tier above 200,000 input tokens")]);
  });

  it("several rows of one model are its dated prices; the same model and date twice is a bad row", async () => {
    const rows = [userRow("my-llama", 0.1, 0.3), { ...userRow("my-llama", 0.2, 0.6), asOf: "2099-01-01" }];
    const book = bookWithTable(rows);
    installExcel(book);
    const table = await reloadWorkbookPrices();
    expect(table.problems).toEqual([]);
    const priced = priceRuntime.prices().find("my-llama")!;
    expect(priced.input).toBe(0.1); // the announced change is not in force yet
    expect(priceOn(priced, "2099-01-01").input).toBe(0.2);
    expect(priceOn(priced, "2098-12-31").input).toBe(0.1);

    book.table!.body.push(toTableRow({ ...userRow("my-llama", 0.5, 0.6), asOf: "2099-01-01" }));
    const again = await reloadWorkbookPrices();
    expect(again.problems.map((p) => p.message)).toEqual([expect.stringContaining("already has a row dated 2099-01-01")]);
    expect(excelError(() => costPerInteractionFn(1000, 1000, "my-llama")).code).toBe("#VALUE!");
  });

  it("the pane may add a dated row of a model, never a second row of one date", async () => {
    const book = bookWithTable([userRow("a", 1, 1)]);
    installExcel(book);
    await savePriceEdits([{ kind: "add", price: { ...userRow("a", 2, 2), asOf: "2027-01-01" } }]);
    expect(book.table!.body.map((r) => [r[0], r[8]])).toEqual([
      ["a", "2026-11-01"],
      ["a", "2027-01-01"],
    ]);
    await savePriceEdits([{ kind: "update", key: "custom/a@2027-01-01", price: { ...userRow("a", 3, 3), asOf: "2027-01-01" } }]);
    expect(book.table!.body[1][2]).toBe(3);
    expect(book.table!.body[0][2]).toBe(1);
  });

  it("a save of price rows keeps the tier table's tiers in force", async () => {
    const book = tierBook([gemini], [["gemini-2.5-pro", 250000, 3, 20, "", ""]]);
    installExcel(book);
    await reloadWorkbookPrices();
    await savePriceEdits([{ kind: "add", price: userRow("my-llama", 0.1, 0.3) }]);
    expect(costPerInteractionFn(300_000, 0, "gemini-2.5-pro")).toBeCloseTo(0.3 * 3, 12);
  });

  it("merging keeps a model's rows and adds a new model with its dated prices and no tier table of its own", async () => {
    const dated = DEFAULT_PRICE_ROWS.find((r) => (r.versions ?? []).length > 1 && r.provider === "google")!;
    const book = bookWithTable([gpt4o]);
    installExcel(book);
    const result = await insertPriceTable([gpt4o, dated], { mode: "merge" });
    expect(result.status === "merged" && result.added).toBe(1);
    expect(book.table!.body.filter((r) => r[0] === dated.model)).toHaveLength(dated.versions!.length);
    expect(book.table!.body.filter((r) => r[0] === "gpt-4o")).toHaveLength(1);
    // The table's rows reproduce the bundled dated prices.
    const priced = priceRuntime.prices().find(dated.model)!;
    for (const v of dated.versions!) if (v.from) expect(priceOn(priced, v.from).input).toBe(v.input);
  });
});

describe("merging writes the dated tiers of the models it adds", () => {
  it("into a tier table written before the As of column: the column is added, the rows already there kept", async () => {
    const sol = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-5.6-sol")!;
    const book = bookWithTable([gpt4o]);
    book.tierTable = {
      name: TIER_TABLE_NAME,
      sheet: "AI Price Tiers",
      header: [...LEGACY_TIER_HEADERS],
      body: [["gpt-4o", 100000, 9, 9, "", ""]],
    };
    installExcel(book);
    await insertPriceTable([gpt4o, sol], { mode: "merge" });
    expect(book.tierTable.header).toEqual([...LEGACY_TIER_HEADERS, "As of"]);
    expect(book.tierTable.body.map((r) => [r[0], r[6], r[1], r[2]])).toEqual([
      ["gpt-4o", "", 100000, 9],
      ["gpt-5.6-sol", "", 271999, 10],
      ["gpt-5.6-sol", "2026-08-21", 271999, 8],
    ]);
    priceRuntime.reset();
    await reloadWorkbookPrices();
    const rate = (date: string) => costPerInteractionFn(300_000, 0, "gpt-5.6-sol", null, null, null, null, null, date) / 0.3;
    expect([rate("2026-08-20"), rate("2026-08-21")]).toEqual([10, 8]);
  });
});

describe("saveModelTiers", () => {
  const gemini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "google" && r.model === "gemini-2.5-pro")!;
  const tier = (above: number, input: number) => ({
    aboveInputTokens: above as Tokens,
    input: usd(input),
    output: usd(input * 4),
    cachedInput: null,
    cacheWrite: null,
    cacheWrite1h: null,
  });

  it("creates the tier table on its own sheet when the workbook has none, and bills the new tier at once", async () => {
    const book = bookWithTable([gemini]);
    installExcel(book);
    await reloadWorkbookPrices();
    const result = await saveModelTiers("gemini-2.5-pro", [tier(100_000, 6)], []);
    expect(book.sheets).toContain("AI Price Tiers");
    expect(book.tierTable!.header).toEqual([...TIER_HEADERS]);
    expect(book.tierTable!.body).toEqual([["gemini-2.5-pro", "", 100000, 6, 24, "", ""]]);
    expect(result.tiers.rows).toHaveLength(1);
    expect(costPerInteractionFn(150_000, 0, "gemini-2.5-pro")).toBeCloseTo(0.15 * 6, 12);
    expect(book.calculations).toEqual(["Full", "Full"]);
  });

  it("writes a model name that starts like a formula as text, in a new tier table and in an existing one", async () => {
    const names = ['=HYPERLINK("http://evil","x")', "+1+1"];
    const book = bookWithTable(names.map((model) => ({ ...gemini, model })));
    installExcel(book);
    const read = await reloadWorkbookPrices();
    expect(read.rows.map((r) => r.model)).toEqual(names);
    await saveModelTiers(names[0], [tier(100_000, 6)], []); // creates the table
    await saveModelTiers(names[1], [tier(100_000, 7)], []); // writes into it
    expect(book.tierTable!.body.map((r) => landsAs(r[0] as string))).toEqual(names.map((text) => ({ kind: "text", text })));
    expect(costPerInteractionFn(150_000, 0, names[1])).toBeCloseTo(0.15 * 7, 12);
  });

  it("replaces only that model's rows, keeping other models' rows and the user's own column", async () => {
    const book = bookWithTable([gemini]);
    book.tierTable = {
      name: TIER_TABLE_NAME,
      sheet: "AI Price Tiers",
      header: [...LEGACY_TIER_HEADERS, "Note"],
      body: [
        ["other", 50000, 1, 2, "", "", "keep"],
        ["gemini-2.5-pro", 200000, 2.5, 15, 0.25, "", "old"],
      ],
    };
    installExcel(book);
    const read = await reloadWorkbookPrices();
    const seen = read.tiers.rows.filter((r) => r.model === "gemini-2.5-pro");
    await saveModelTiers("gemini-2.5-pro", [tier(200_000, 3), tier(500_000, 5)], seen);
    expect(book.tierTable!.body).toEqual([
      ["other", 50000, 1, 2, "", "", "keep"],
      ["gemini-2.5-pro", 200000, 3, 12, "", "", ""],
      ["gemini-2.5-pro", 500000, 5, 20, "", "", ""],
    ]);
    expect(costPerInteractionFn(600_000, 0, "gemini-2.5-pro")).toBeCloseTo(0.6 * 5, 12);
  });

  it("writes nothing when the model's tiers changed in the sheet since the pane read them", async () => {
    const book = bookWithTable([gemini]);
    book.tierTable = {
      name: TIER_TABLE_NAME,
      sheet: "AI Price Tiers",
      header: [...LEGACY_TIER_HEADERS],
      body: [["gemini-2.5-pro", 200000, 2.5, 15, "", ""]],
    };
    installExcel(book);
    await reloadWorkbookPrices();
    book.tierTable.body.push(["gemini-2.5-pro", 300000, 4, 15, "", ""]);
    const before = JSON.stringify(book.tierTable);
    await expect(saveModelTiers("gemini-2.5-pro", [tier(100_000, 1)], [])).rejects.toThrow(/changed in the sheet/);
    expect(JSON.stringify(book.tierTable)).toBe(before);
  });
});
