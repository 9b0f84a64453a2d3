// The Actuals tab in headless Chromium against the built dist/ (npx webpack --mode production first):
// a real FOCUS export is imported through the file picker, parsed in the Web Worker and written to
// AIECON_Actuals; a big file is cancelled; a broken file is refused; the sheets are inserted.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ACTUALS_COLUMNS, ACTUALS_TABLE, FEATURE_MAP_TABLE } from "../../src/sheetModel/actualsLayout";
import { MEASURES, planForecastSheet, rectangular } from "../../src/sheetModel/forecastLayout";
import { sourcesFrom } from "../../src/sheetModel/forecastLayout";
import { ADDIN_ORIGIN, DIST, OFFICE_JS_URL, attachActualsHost, type ActualsHost } from "../support/actualsHost";
import { landsAs, readBack } from "../support/excelText";
import { sharedFile } from "../support/sharedDir";
import { tempDir } from "../support/tempDir";

const SAMPLE = sharedFile("actuals", "focus-1.0-sample.csv");
const FIXTURES = path.resolve(__dirname, "../fixtures/actuals");

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npx webpack --mode production` first.");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function openActuals(width = 450): Promise<{ page: Page; host: ActualsHost; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const host = await attachActualsHost(page);
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("tab", { name: "Actuals" }).click();
  await page.getByRole("heading", { name: "Import what the providers billed" }).waitFor();
  return { page, host, errors };
}

it("imports the real FOCUS sample through the file picker into AIECON_Actuals, in 2 syncs", async () => {
  const { page, host, errors } = await openActuals();
  await page.getByLabel("Billing export file").setInputFiles(SAMPLE);
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/^Imported FOCUS: \d+ rows written to AIECON_Actuals on 'AI Actuals'/).waitFor();
  const book = await host.book();
  const table = book.tables[ACTUALS_TABLE];
  expect(table.header).toEqual([...ACTUALS_COLUMNS]);
  const billed = table.body.reduce((sum, row) => sum + (typeof row[8] === "number" ? row[8] : 0), 0);
  expect(billed).toBeCloseTo(20.52022672899003, 9);
  // Tag values the map does not know are listed in AIECON_FeatureMap for the user, and in the pane.
  expect(book.tables[FEATURE_MAP_TABLE].body.length).toBeGreaterThan(0);
  // The run that wrote the table: two syncs (read, write).
  expect(book.runs.at(-1)).toBe(2);
  const firstKey = String(book.tables[FEATURE_MAP_TABLE].body[0][0]);
  await page.getByLabel(`Feature for ${firstKey}`).fill("Matrix app");
  await page.getByRole("button", { name: "Save features" }).click();
  await page.getByText(/^Saved 1 feature to AIECON_FeatureMap/).waitFor();
  expect((await host.book()).tables[FEATURE_MAP_TABLE].body[0]).toEqual([firstKey, "Matrix app"]);
  // Import again: the feature applies and nothing is duplicated.
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/replacing \d+ rows of the same source and months/).waitFor();
  const again = (await host.book()).tables[ACTUALS_TABLE];
  expect(again.body.reduce((sum, row) => sum + (typeof row[8] === "number" ? row[8] : 0), 0)).toBeCloseTo(20.52022672899003, 9);
  expect(again.body.some((row) => row[3] === "Matrix app")).toBe(true);
  // Then the live sheets.
  await page.getByRole("button", { name: "Insert Forecast vs Actual" }).click();
  await page.getByText(/^Added the sheet 'Forecast vs Actual'/).waitFor();
  await page.getByRole("button", { name: "Insert board metrics" }).click();
  await page.getByText(/^Added the sheet 'Board metrics'/).waitFor();
  const final = await host.book();
  expect(final.sheets).toEqual(expect.arrayContaining(["Forecast vs Actual", "Board metrics"]));
  const forecast = Object.entries(final.ranges).find(([address]) => address.startsWith("Forecast vs Actual!A1:"))![1];
  expect(forecast.flat().some((c) => typeof c === "string" && c.includes("SUMIFS(AIECON_Actuals[Billed $]"))).toBe(true);
  expect(errors).toEqual([]);
  // Nothing left the machine: only the (stubbed) Office.js is outside the add-in's origin.
  expect(host.requests.filter((url) => !url.startsWith(`${ADDIN_ORIGIN}/`))).toEqual([OFFICE_JS_URL]);
  await page.close();
});

it("shows progress on a big file and cancels it without writing anything", async () => {
  const { page, host } = await openActuals(320);
  const header = "ChargePeriodStart,BilledCost,BillingCurrency,ProviderName,ServiceName,ChargeCategory,Tags\n";
  const line = '2025-09-01 00:00:00,0.0001,USD,AWS,Amazon Bedrock,Usage,"{""app"": ""x""}"\n';
  // A file path, not a buffer: Playwright streams big files from disk.
  const dir = tempDir("actuals");
  const big = path.join(dir, "big-focus.csv");
  writeFileSync(big, header + line.repeat(600_000));
  await page.getByLabel("Billing export file").setInputFiles(big);
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByRole("progressbar").waitFor();
  await page.getByText(/^Reading the file: \d+%/).waitFor();
  // At 320 px nothing runs off the side of the pane.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.getByText("Import cancelled; nothing was written.").waitFor();
  // The worker is gone: nothing arrives later either.
  await page.waitForTimeout(1500);
  expect((await host.book()).tables[ACTUALS_TABLE]).toBeUndefined();
  expect(await page.getByRole("progressbar").count()).toBe(0);
  await page.close();
  // Only now: the browser reads a picked file from disk while it parses.
  rmSync(dir, { recursive: true, force: true });
});

it("refuses a truncated file with a message naming the line, and writes nothing", async () => {
  const { page, host } = await openActuals();
  const text = readFileSync(path.join(FIXTURES, "anthropic-usage.json"), "utf8");
  await page
    .getByLabel("Billing export file")
    .setInputFiles({ name: "usage.json", mimeType: "application/json", buffer: Buffer.from(text.slice(0, 300)) });
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/^Nothing was imported: The file is not valid JSON at line \d+/).waitFor();
  expect((await host.book()).tables[ACTUALS_TABLE]).toBeUndefined();
  await page.close();
});

it("asks for a column mapping for a CSV that is not FOCUS, then imports with it and remembers it", async () => {
  const { page, host } = await openActuals();
  await page.getByLabel("Billing export file").setInputFiles(path.join(FIXTURES, "generic.csv"));
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByRole("heading", { name: "Map the CSV's columns" }).waitFor();
  await page.getByLabel("Date (required)").selectOption("Day");
  await page.getByLabel("Model", { exact: true }).selectOption("Engine");
  await page.getByLabel("Input tokens", { exact: true }).selectOption("Prompt tokens");
  await page.getByLabel("Output tokens").selectOption("Completion tokens");
  await page.getByLabel("Cost ($)").selectOption("Spend");
  await page.getByLabel("Provider name when the file has no provider column").fill("Self-hosted");
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/^Imported CSV: 2 rows written/).waitFor();
  const book = await host.book();
  expect(book.tables[ACTUALS_TABLE].body.map((r) => [r[1], r[2], r[4]])).toEqual([
    ["Self-hosted", "llama-3-70b", 1_500_000],
    ["Self-hosted", "llama-3-70b", 250_000],
  ]);
  expect(JSON.parse(book.settings["AIECON.actualsCsvMapping"])).toMatchObject({ date: "Day", cost: "Spend" });
  await page.close();
});

it("a FOCUS file's hostile tag values and feature names stay text, the model of a Bedrock row is found, and the sheets match by exact name", async () => {
  const page = await browser.newPage({ viewport: { width: 450, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const evil = '=HYPERLINK("http://evil","x")';
  // The feature map names one key's feature "*": a wildcard if it reached a SUMIFS criterion unescaped.
  const host = await attachActualsHost(page, {
    sheets: ["Sheet1", "AI Feature Map"],
    tables: {
      [FEATURE_MAP_TABLE]: {
        sheet: "AI Feature Map",
        header: ["Key", "Feature"],
        body: [
          ["team-a", "*"],
          ["team-b", "Support"],
        ],
      },
    },
  });
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("tab", { name: "Actuals" }).click();
  const tags = (team: string) => `"${JSON.stringify({ team }).replace(/"/g, '""')}"`;
  const row = (cost: number, resource: string, team: string) =>
    `${cost},USD,2025-09-01 00:00:00,Usage,2025-09-03 00:00:00,1000,1K Tokens,AWS,${resource},Amazon Bedrock,NULL,${tags(team)}`;
  const csv = [
    "BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,ProviderName,ResourceId,ServiceName,SkuMeter,Tags",
    row(1, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", "team-a"),
    row(10, "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", "team-b"),
    row(100, "NULL", evil),
  ].join("\n");
  await page.getByLabel("Billing export file").setInputFiles({ name: "focus.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/^Imported FOCUS: 3 rows written/).waitFor();
  await page.getByText(/does not name the model of some token rows.*Amazon Bedrock/).waitFor();
  const book = await host.book();
  const body = book.tables[ACTUALS_TABLE].body;
  expect(body.map((r) => readBack(r[2])).sort()).toEqual([
    "Amazon Bedrock",
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
    "anthropic.claude-3-5-sonnet-20240620-v1:0",
  ]);
  // The unknown tag value is listed in the map for the user, as text.
  const keys = book.tables[FEATURE_MAP_TABLE].body.map((r) => r[0]);
  expect(keys.map(landsAs)).toContainEqual({ kind: "text", text: evil });
  // The user names its feature in the pane after a formula start too.
  await page.getByLabel(`Feature for ${evil}`).fill("=1+1");
  await page.getByRole("button", { name: "Save features" }).click();
  await page.getByText(/^Saved 1 feature to AIECON_FeatureMap/).waitFor();
  const saved = (await host.book()).tables[FEATURE_MAP_TABLE].body.find((r) => readBack(r[0]) === evil)!;
  expect(landsAs(saved[1])).toEqual({ kind: "text", text: "=1+1" });
  // Re-importing writes the kept rows back: still text.
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByText(/replacing 3 rows of the same source and months/).waitFor();
  const again = (await host.book()).tables[ACTUALS_TABLE].body;
  expect(again.map((r) => r[3]).map(landsAs)).toContainEqual({ kind: "text", text: "=1+1" });
  for (const r of again) for (const c of [1, 2, 3, 10]) expect(landsAs(r[c]).kind).toBe("text");

  await page.getByRole("button", { name: "Insert Forecast vs Actual" }).click();
  await page.getByText(/^Added the sheet 'Forecast vs Actual'/).waitFor();
  const final = await host.book();
  const grid = Object.entries(final.ranges).find(([address]) => address.startsWith("Forecast vs Actual!A1:"))![1];
  // What the pane wrote is the plan the LibreOffice test evaluates (a feature "*" sums only its own rows there).
  const table = final.tables[ACTUALS_TABLE];
  const mapFeatures = final.tables[FEATURE_MAP_TABLE].body.map((r) => String(readBack(r[1]))).filter(Boolean);
  const sources = sourcesFrom(
    table.header,
    table.body.map((r) => r.map(readBack)),
    mapFeatures,
    new Date(),
  );
  expect(sources.features).toEqual(expect.arrayContaining(["*", "=1+1", "Support"]));
  expect(grid).toEqual(rectangular(planForecastSheet(sources).grid));
  for (const r of grid) expect(["text", "blank"]).toContain(landsAs(r[0]).kind);
  const starActual = grid.find((r) => r[0] === "*" && r[1] === MEASURES.actualCost)!;
  expect(String(starActual[2])).toContain('AIECON_Actuals[Feature],"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($A');
  expect(errors).toEqual([]);
  await page.close();
});

it("imports product usage through the same mapping step into AIECON_Usage, idempotently, and the board reads it", async () => {
  const { page, host, errors } = await openActuals(320);
  const usage = [
    "Month,Product area,MAU,Actions",
    "2025-09-30,Support chat,1200,10000",
    "2025-10-31,Support chat,1300,12000",
    '2025-10-31,=HYPERLINK("http://x"),5,7',
  ].join("\n");
  const file = { name: "usage.csv", mimeType: "text/csv", buffer: Buffer.from(usage) };
  await page.getByLabel("Usage CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Load usage" }).click();
  await page.getByRole("heading", { name: "Map the usage CSV's columns" }).waitFor();
  await page.getByLabel("Month or date (required)").selectOption("Month");
  await page.getByLabel("Feature (required)").selectOption("Product area");
  // Incomplete: the pane says what is missing next to the mapping, and writes nothing.
  await page.getByRole("button", { name: "Load usage" }).click();
  await page.getByText("Map the month, the feature, and active users or user actions.").waitFor();
  expect((await host.book()).tables.AIECON_Usage).toBeUndefined();
  await page.getByLabel("Active users (users / month)").selectOption("MAU");
  await page.getByLabel("User actions (actions / month)").selectOption("Actions");
  await page.getByRole("button", { name: "Load usage" }).click();
  await page.getByText("Imported 3 month × feature rows to AIECON_Usage on 'AI Usage'.").waitFor();
  let book = await host.book();
  expect(book.runs.at(-2)).toBe(2); // the write; the mapping is saved after it
  expect(book.tables.AIECON_Usage.header).toEqual(["Month", "Feature", "Active users", "User actions"]);
  expect(book.tables.AIECON_Usage.body.map((r) => r.slice(1))).toEqual([
    ["Support chat", 1200, 10000],
    ["Support chat", 1300, 12000],
    ['\'=HYPERLINK("http://x")', 5, 7],
  ]);
  // The mapping is remembered: the same file imports at once and replaces its own rows.
  await page.getByRole("button", { name: "Load usage" }).click();
  await page.getByText(/replacing 3 rows of the same months and features/).waitFor();
  book = await host.book();
  expect(book.tables.AIECON_Usage.body).toHaveLength(3);
  // A bad count is refused under the file's field, naming the line and the column; nothing changes.
  const bad = usage.replace("1300", "lots");
  await page.getByLabel("Usage CSV file").setInputFiles({ ...file, buffer: Buffer.from(bad) });
  await page.getByRole("button", { name: "Load usage" }).click();
  await page.getByText("Nothing was imported: Line 3: MAU must be a count, 0 or more; got 'lots'; nothing was imported.").waitFor();
  expect((await host.book()).tables.AIECON_Usage.body).toEqual(book.tables.AIECON_Usage.body);
  // Board metrics read the features' active users from AIECON_Usage.
  await page.getByRole("button", { name: "Insert board metrics" }).click();
  await page.getByText(/^Added the sheet 'Board metrics'/).waitFor();
  const board = Object.entries((await host.book()).ranges).find(([address]) => address.startsWith("Board metrics!A1:"))![1];
  const header = board.findIndex((r) => r[0] === "Feature") + 1;
  const row = board.findIndex((r) => r[0] === "Support chat" && r[1] === "Active users (users / month)") + 1;
  expect(board[row - 1][2]).toBe(
    `=SUMIFS(AIECON_Usage[Active users],AIECON_Usage[Month],C$${header},AIECON_Usage[Feature],"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($A${row},"~","~~"),"*","~*"),"?","~?"))`,
  );
  expect(errors).toEqual([]);
  await page.close();
});
