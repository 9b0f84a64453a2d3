// The actuals writer against an office-addin-mock workbook: first import, re-import replacing
// exactly the covered rows, the feature map, and two syncs for the table whatever its size.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ActualsAggregator } from "../../src/calc/actuals/aggregate";
import { importActualsText } from "../../src/calc/actuals/importFile";
import type { ActualsImport } from "../../src/calc/actuals/types";
import { ACTUALS_COLUMNS, ACTUALS_TABLE, FEATURE_MAP_TABLE, monthSerial } from "../../src/sheetModel/actualsLayout";
import {
  CSV_MAPPING_SETTING,
  readActualsSetup,
  readUsdRate,
  saveCsvMapping,
  saveFeatureMap,
  writeActuals,
} from "../../src/workbook/actuals";
import type { Cell } from "../../src/sheetModel/priceTable";
import { HOSTILE_NAMES, landsAs, readBack } from "../support/excelText";
import { installActualsExcel, lastRunSyncs, newActualsBook, type ActualsBook } from "./actualsBook";

const fixture = (name: string) => readFileSync(path.resolve(__dirname, "../fixtures/actuals", name), "utf8");
const TODAY = new Date(2025, 10, 3);
const col = (name: (typeof ACTUALS_COLUMNS)[number]) => ACTUALS_COLUMNS.indexOf(name);

async function importInto(book: ActualsBook, text: string, today = TODAY) {
  installActualsExcel(book);
  const setup = await readActualsSetup();
  const result = await importActualsText(text, { featureMap: setup.featureMap, usdRates: { EUR: 1.1 } });
  const summary = await writeActuals(result, setup, today);
  return { summary, syncs: lastRunSyncs(book), result };
}

const rowsOf = (book: ActualsBook) => book.tables[ACTUALS_TABLE].body;

describe("writing AIECON_Actuals", () => {
  it("first import creates the table on its own sheet, with Priced $ from the price table, in 2 syncs", async () => {
    const book = newActualsBook();
    const { summary, syncs } = await importInto(book, fixture("openai-usage.json"));
    expect(syncs).toBe(2);
    expect(book.sheets).toEqual(["Sheet1", "AI Actuals", "AI Feature Map"]);
    const table = book.tables[ACTUALS_TABLE];
    expect(table.header).toEqual([...ACTUALS_COLUMNS]);
    expect(summary).toMatchObject({ added: 4, removed: 0, sheet: "AI Actuals", unpriced: ["(all models)"] });
    const mini = table.body.find((r) => r[col("Model")] === "gpt-4o-mini-2024-07-18" && r[col("Month")] === monthSerial("2025-09"))!;
    expect(mini[col("Input tokens")]).toBe(2_000_000);
    expect(mini[col("Cached input tokens")]).toBe(1_000_000);
    expect(mini[col("Requests")]).toBe(2500);
    expect(mini[col("Billed $")]).toBe(""); // a usage export carries no money: blank, not $0
    expect(mini[col("Priced $")]).toBeCloseTo(0.525, 12);
    expect(mini[col("Source")]).toBe("OpenAI usage");
    expect(mini[col("Imported on")]).toBe(45964); // 2025-11-03
    expect(monthSerial("2025-09")).toBe(45901); // 2025-09-01
    // Keys the feature map does not know are listed in it with a blank feature, for the user to fill.
    // Listed by what they carry (here tokens), largest first.
    expect(book.tables[FEATURE_MAP_TABLE].body).toEqual([
      ["proj_support", ""],
      ["proj_search", ""],
      ["proj_labs", ""],
    ]);
  });

  it("re-importing the same file replaces its rows: no duplicates, nothing else touched", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    await importInto(book, fixture("anthropic-usage.json"));
    const before = rowsOf(book).map((r) => [...r]);
    const { summary, syncs } = await importInto(book, fixture("openai-usage.json"), new Date(2025, 10, 4));
    expect(syncs).toBe(2);
    expect(summary).toMatchObject({ added: 4, removed: 4 });
    expect(rowsOf(book)).toHaveLength(before.length);
    // The Anthropic rows were not rewritten and kept their place.
    const anthropic = (rows: unknown[][]) => rows.filter((r) => r[col("Provider")] === "Anthropic");
    expect(anthropic(rowsOf(book))).toEqual(anthropic(before));
    expect(
      rowsOf(book)
        .filter((r) => r[col("Source")] === "OpenAI usage")
        .every((r) => r[col("Imported on")] === 45965),
    ).toBe(true);
  });

  it("re-importing one month replaces only that source's rows for that month", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    await importInto(book, fixture("openai-costs.json"));
    const october = JSON.stringify({
      data: [
        {
          start_time: 1759276800,
          results: [
            {
              input_tokens: 7,
              input_cached_tokens: 0,
              output_tokens: 1,
              num_model_requests: 1,
              model: "gpt-4o",
              project_id: "proj_search",
            },
          ],
        },
      ],
    });
    book.writes.length = 0;
    const { summary } = await importInto(book, october);
    expect(summary).toMatchObject({ added: 1, removed: 1 });
    const rows = rowsOf(book);
    const oct = rows.filter((r) => r[col("Month")] === monthSerial("2025-10"));
    expect(oct).toHaveLength(1);
    expect(oct[0][col("Input tokens")]).toBe(7);
    // September usage (3 rows) and September costs (3 rows) are all still there.
    expect(rows.filter((r) => r[col("Month")] === monthSerial("2025-09") && r[col("Source")] === "OpenAI usage")).toHaveLength(3);
    expect(rows.filter((r) => r[col("Source")] === "OpenAI costs")).toHaveLength(3);
    // Only the rows from the first replaced one onward were written.
    expect(book.writes.filter((w) => w.startsWith(ACTUALS_TABLE))).toEqual([`${ACTUALS_TABLE} write rows 3..6`]);
  });

  it("a cost export's rows have blank token cells, not 0, while a usage export's rows keep their counts", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-costs.json"));
    await importInto(book, fixture("openai-usage.json"));
    const tokenCells = (source: string) =>
      rowsOf(book)
        .filter((r) => r[col("Source")] === source)
        .map((r) => [r[col("Input tokens")], r[col("Cached input tokens")], r[col("Output tokens")]]);
    expect(tokenCells("OpenAI costs").length).toBeGreaterThan(0);
    expect(
      tokenCells("OpenAI costs")
        .flat()
        .every((c) => c === ""),
    ).toBe(true);
    expect(
      tokenCells("OpenAI usage")
        .flat()
        .every((c) => typeof c === "number"),
    ).toBe(true);
    // So AVERAGE over the column (blanks skipped) is the usage rows' average only.
    const input = rowsOf(book)
      .map((r) => r[col("Input tokens")])
      .filter((c): c is number => typeof c === "number");
    expect(input).toHaveLength(tokenCells("OpenAI usage").length);
  });

  it("keeps a column the user added, formulas included, with the row it belongs to", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    await importInto(book, fixture("anthropic-usage.json"));
    const t = book.tables[ACTUALS_TABLE];
    t.header.push("Note");
    t.body.forEach((r) => r.push(r[col("Provider")] === "Anthropic" ? "=RC[-4]*2" : "checked"));
    await importInto(book, fixture("openai-usage.json"));
    const anthropicNotes = t.body.filter((r) => r[col("Provider")] === "Anthropic").map((r) => r[12]);
    expect(anthropicNotes.every((n) => typeof n === "string" && n === "=RC[-4]*2")).toBe(true);
    expect(t.body.filter((r) => r[col("Provider")] === "OpenAI").map((r) => r[12])).toEqual(["", "", "", ""]);
  });

  it("writes 5,000 aggregated rows, and replaces them, in 2 syncs each", async () => {
    const agg = new ActualsAggregator("csv");
    for (let i = 0; i < 5000; i++)
      agg.add("2025-09", "Self-hosted", `model-${i}`, "Unassigned", "CSV", {
        inputTokens: i,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 1,
        requests: 1,
        billedUsd: 0.01,
      });
    const big: ActualsImport = agg.result();
    const book = newActualsBook();
    installActualsExcel(book);
    await writeActuals(big, await readActualsSetup(), TODAY);
    expect(lastRunSyncs(book)).toBe(2);
    await writeActuals(big, await readActualsSetup(), TODAY);
    expect(lastRunSyncs(book)).toBe(2);
    expect(rowsOf(book)).toHaveLength(5000);
  });

  it("shrinks the table when a re-import has fewer rows, deleting the leftover rows", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    const september = JSON.stringify({
      data: [{ start_time: 1756684800, results: [{ input_tokens: 5, output_tokens: 5, model: "gpt-4o" }] }],
    });
    const { summary } = await importInto(book, september);
    expect(summary).toMatchObject({ added: 1, removed: 3 });
    expect(rowsOf(book).map((r) => [r[col("Month")], r[col("Input tokens")]])).toEqual([
      [monthSerial("2025-10"), 2_000_000],
      [monthSerial("2025-09"), 5],
    ]);
    expect(book.writes.filter((w) => w.startsWith(ACTUALS_TABLE)).slice(-2)).toEqual([
      `${ACTUALS_TABLE} write rows 0..1`,
      `${ACTUALS_TABLE} delete rows 2..3`,
    ]);
  });

  it("writes nothing when the table was deleted after the import started", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    installActualsExcel(book);
    const setup = await readActualsSetup();
    delete book.tables[ACTUALS_TABLE];
    const result = await importActualsText(fixture("anthropic-usage.json"));
    book.writes.length = 0;
    await expect(writeActuals(result, setup, TODAY)).rejects.toThrow(/ItemNotFound/);
    expect(book.writes).toEqual([]);
  });

  it("refuses a table whose columns were renamed, writing nothing", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    book.tables[ACTUALS_TABLE].header[col("Billed $")] = "Billed";
    book.writes.length = 0;
    await expect(importInto(book, fixture("openai-usage.json"))).rejects.toThrow(/columns were changed/);
    expect(book.writes).toEqual([]);
  });
});

describe("feature map, CSV mapping and currency rate", () => {
  it("assigns features from AIECON_FeatureMap, case-insensitively; blank features stay Unassigned", async () => {
    const book = newActualsBook({
      sheets: ["Sheet1", "AI Feature Map"],
      tables: {
        [FEATURE_MAP_TABLE]: {
          sheet: "AI Feature Map",
          header: ["Key", "Feature"],
          body: [
            ["PROJ_SUPPORT", "Support bot"],
            ["proj_labs", ""],
          ],
        },
      },
    });
    const { result, summary } = await importInto(book, fixture("openai-usage.json"));
    expect(new Set(result.rows.map((r) => r.feature))).toEqual(new Set(["Support bot", "Unassigned"]));
    // proj_labs is already listed (blank), so only proj_search is appended.
    expect(summary.newKeys).toEqual(["proj_search"]);
    expect(book.tables[FEATURE_MAP_TABLE].body.map((r) => r[0])).toEqual(["PROJ_SUPPORT", "proj_labs", "proj_search"]);
  });

  it("saves features typed in the pane into the map, updating listed keys in place", async () => {
    const book = newActualsBook();
    await importInto(book, fixture("openai-usage.json"));
    await saveFeatureMap([
      { key: "proj_labs", feature: "Labs" },
      { key: "wrkspc_new", feature: "Agent" },
    ]);
    expect(book.tables[FEATURE_MAP_TABLE].body).toEqual([
      ["proj_support", ""],
      ["proj_search", ""],
      ["proj_labs", "Labs"],
      ["wrkspc_new", "Agent"],
    ]);
    const { result } = await importInto(book, fixture("openai-usage.json"));
    expect(result.rows.find((r) => r.model === "(all models)")!.feature).toBe("Labs");
  });

  it("remembers a CSV column mapping in the workbook's settings", async () => {
    const book = newActualsBook();
    installActualsExcel(book);
    expect((await readActualsSetup()).csvMapping).toBeUndefined();
    await saveCsvMapping({ date: "Day", cost: "Spend" });
    expect(JSON.parse(book.settings[CSV_MAPPING_SETTING])).toEqual({ date: "Day", cost: "Spend" });
    expect((await readActualsSetup()).csvMapping).toEqual({ date: "Day", cost: "Spend" });
  });

  it("reads a USD rate from a cell, and refuses one that is not a positive number", async () => {
    const book = newActualsBook({ sheets: ["Sheet1", "Assumptions"], cells: { "Assumptions!B2": 1.08, "Sheet1!C3": "n/a" } });
    installActualsExcel(book);
    expect(await readUsdRate("Assumptions!B2", "EUR")).toBe(1.08);
    await expect(readUsdRate("C3", "EUR")).rejects.toThrow("USD rate for EUR must be a number above 0");
  });
});

describe("names from a billing file land as text", () => {
  const mapping = {
    date: "Day",
    model: "Engine",
    inputTokens: "Prompt tokens",
    outputTokens: "Completion tokens",
    cost: "Spend",
    featureKey: "Team",
  };
  const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const hostileCsv = (month: string) =>
    [
      "Day,Engine,Prompt tokens,Completion tokens,Spend,Team",
      ...HOSTILE_NAMES.map((name) => [`${month}-02`, csvCell(name), 1000, 100, 0.5, csvCell(name)].join(",")),
    ].join("\n");

  async function importHostile(book: ActualsBook, month: string, featureMap: Record<string, string> = {}) {
    installActualsExcel(book);
    const setup = await readActualsSetup();
    const result = await importActualsText(hostileCsv(month), {
      csvMapping: mapping,
      csvProvider: "Self-hosted",
      featureMap: { ...Object.fromEntries(setup.featureMap), ...featureMap },
    });
    return writeActuals(result, setup, TODAY);
  }

  const landed = (cells: Cell[]) => cells.map(landsAs);
  const asTexts = (names: readonly string[]) => names.map((text) => ({ kind: "text", text }));

  it("model names and feature keys such as =HYPERLINK(…) are text in AIECON_Actuals and AIECON_FeatureMap, also after a re-import", async () => {
    const book = newActualsBook();
    await importHostile(book, "2025-09");
    const body = () => book.tables[ACTUALS_TABLE].body;
    // Names are trimmed when read ("\t=1+1" and "\r=1+1" are one model "=1+1").
    const names = [...new Set(HOSTILE_NAMES.map((n) => n.trim()))].sort();
    const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(landed(body().map((r) => r[col("Model")])).sort(byText)).toEqual(asTexts(names).sort(byText));
    expect(landed(book.tables[FEATURE_MAP_TABLE].body.map((r) => r[0])).sort(byText)).toEqual(asTexts(names).sort(byText));
    expect(body().every((r) => landsAs(r[col("Feature")]).kind === "text")).toBe(true);

    // A second source's import keeps the first one's rows: read back through formulasR1C1 (which drops
    // the quote prefix, office-js #6687) and written again, they must still be text.
    await importInto(book, fixture("openai-usage.json"));
    const kept = body().filter((r) => readBack(r[col("Source")]) === "CSV");
    expect(kept).toHaveLength(names.length);
    for (const row of kept)
      for (const c of ["Model", "Feature", "Provider", "Source"] as const) expect(landsAs(row[col(c)]).kind).toBe("text");
  });

  it("features typed in the pane for hostile keys are text too", async () => {
    const book = newActualsBook();
    await importHostile(book, "2025-09");
    await saveFeatureMap([
      { key: HOSTILE_NAMES[0], feature: "=1+1" },
      { key: "@new", feature: "-Support" },
    ]);
    const map = book.tables[FEATURE_MAP_TABLE].body;
    for (const row of map) for (const cell of row) expect(["text", "blank"]).toContain(landsAs(cell).kind);
    expect(map.find((r) => readBack(r[0]) === HOSTILE_NAMES[0])![1]).toBe("'=1+1");
    expect(map.find((r) => readBack(r[0]) === "@new")![1]).toBe("'-Support");
  });
});
