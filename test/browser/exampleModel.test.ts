// The built pane in headless Chromium: clicking "Insert example model" writes the model through
// Excel.run (stubbed, recording) and asks for the two charts; nothing leaves the page but the
// stubbed Office.js. Needs `npx webpack --mode production` first.
import { existsSync, readFileSync } from "fs";
import { extname, join } from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { builtScript } from "../../scripts/build/builtFiles.cjs";
import { buildExampleModel } from "../../src/sheetModel/exampleModelSpec";
import { OFFICE_JS_URL, officeStubScript, type HostRecord } from "../support/exampleHost";

const DIST = join(__dirname, "..", "..", "dist");
const ORIGIN = "https://addin.test/";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".png": "image/png" };

let browser: Browser;
/** The tokenizer chunk's file name (content-hashed in a production build). */
let TOKENIZER: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npm run build:local` first");
  TOKENIZER = builtScript(DIST, "tokenizer");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function openPane(existing: string[], failWritesWith?: string): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url === OFFICE_JS_URL) {
      return route.fulfill({ status: 200, contentType: "text/javascript", body: officeStubScript(existing, failWritesWith) });
    }
    if (url.startsWith(ORIGIN)) {
      const file = join(DIST, new URL(url).pathname);
      if (existsSync(file)) {
        return route.fulfill({ status: 200, contentType: TYPES[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
      }
      return route.fulfill({ status: 404, body: "" });
    }
    return route.abort();
  });
  await page.goto(`${ORIGIN}taskpane.html`);
  await page.getByRole("tab", { name: "Model" }).click();
  return { page, requests };
}

const hostRecord = (page: Page) => page.evaluate(() => (window as unknown as { __host: HostRecord }).__host);

describe("Insert example model in the pane", () => {
  it("writes both sheets with live formulas and styled inputs, adds the charts, in two syncs", async () => {
    const { page, requests } = await openPane(["Sheet1"]);
    await page.getByRole("button", { name: "Insert example model" }).click();
    await page.getByText("Added the sheets 'AI Inputs' and 'AI Model'.").waitFor();
    const host = await hostRecord(page);

    expect(host.added).toEqual(["AI Inputs", "AI Model"]);
    expect(host.activated).toEqual(["AI Model"]);
    expect(host.syncs).toBe(2);
    // Everything is written in the second batch, after the sheet names were read.
    expect(host.writes.every((w) => w.batch === 1)).toBe(true);

    const spec = buildExampleModel();
    for (const sheet of spec.sheets) {
      for (const cell of sheet.cells) {
        const property = cell.formula ? "formulas" : "values";
        const expected = [[cell.formula ?? cell.value]];
        const hit = host.writes.find((w) => w.sheet === sheet.name && w.address === cell.address && w.property === property);
        expect({ at: `${sheet.name}!${cell.address}`, value: hit?.value }).toEqual({
          at: `${sheet.name}!${cell.address}`,
          value: expected,
        });
      }
    }
    const power = host.writes.find((w) => w.sheet === "AI Model" && w.address === "C14" && w.property === "formulas");
    expect(power?.value).toEqual([["=AIECON.COSTPERUSER(C13,'AI Inputs'!C11)"]]);
    const inputFill = host.writes.find((w) => w.sheet === "AI Inputs" && w.address === "C11" && w.property === "format.fill.color");
    expect(inputFill?.value).toBe("#FFF2CC");

    expect(host.charts).toEqual([
      expect.objectContaining({
        sheet: "AI Model",
        type: "Line",
        source: "B39:C63",
        seriesBy: "Columns",
        position: ["G38", "N58"],
        xAxisValues: { 0: "A40:A63", 1: "A40:A63" },
      }),
      expect.objectContaining({
        sheet: "AI Model",
        type: "ColumnClustered",
        source: "C30:C35",
        seriesBy: "Columns",
        xAxisValues: { 0: "A31:A35" },
      }),
    ]);
    expect(host.charts[0].title).toMatch(/tenure/i);

    // The functions script registered the scenario functions; the tokenizer chunk was not loaded.
    expect(host.associated).toEqual(
      expect.arrayContaining(["COSTCURVE", "BLENDEDPRICE", "GPUCOSTPERMTOK", "VALUATIONIMPACT", "USERMIX", "TOKENCOUNT"]),
    );
    expect(requests.some((u) => u.endsWith(`/${TOKENIZER}`))).toBe(false);
    expect(requests.filter((u) => u !== OFFICE_JS_URL && !u.startsWith(ORIGIN))).toEqual([]);
    await page.close();
  });

  it("never overwrites: with 'AI Model' present the pair goes to '(2)' and the pane says so", async () => {
    const { page } = await openPane(["AI Model", "Budget"]);
    await page.getByRole("button", { name: "Insert example model" }).click();
    await page.getByText(/added as 'AI Inputs \(2\)' and 'AI Model \(2\)'\. Nothing was overwritten\./).waitFor();
    const host = await hostRecord(page);
    expect(host.added).toEqual(["AI Inputs (2)", "AI Model (2)"]);
    expect(host.writes.some((w) => w.sheet === "AI Model" || w.sheet === "Budget")).toBe(false);
    const board = host.writes.find((w) => w.sheet === "AI Model (2)" && w.address === "B8" && w.property === "formulas");
    expect(board?.value).toEqual([["=AIECON.VALUATIONIMPACT('AI Inputs (2)'!B5,B7)"]]);
    expect(host.charts.map((c) => c.sheet)).toEqual(["AI Model (2)", "AI Model (2)"]);
    await page.close();
  });

  it("TOKENCOUNT loads the tokenizer chunk on first use, from the add-in's own origin", async () => {
    const { page, requests } = await openPane([]);
    await page.getByRole("button", { name: "Insert example model" }).waitFor();
    expect(requests.some((u) => u.endsWith(`/${TOKENIZER}`))).toBe(false);
    const count = await page.evaluate(() =>
      (window as unknown as { __functions: Record<string, (text: string) => Promise<number>> }).__functions.TOKENCOUNT("hello world"),
    );
    expect(count).toBe(2);
    expect(requests.filter((u) => u.endsWith(`/${TOKENIZER}`))).toEqual([`${ORIGIN}${TOKENIZER}`]);
    await page.close();
  });

  it("a failed write is reported in the pane, and the button can be used again", async () => {
    const { page } = await openPane([], "The workbook is protected.");
    const button = page.getByRole("button", { name: "Insert example model" });
    await button.click();
    await page.getByRole("alert").getByText("The example model could not be inserted: The workbook is protected.").waitFor();
    expect(await button.isEnabled()).toBe(true);
    await page.close();
  });
});
