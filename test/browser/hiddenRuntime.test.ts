// The shared runtime opened for its functions only (the pane not shown): the built page in headless
// Chromium serves every function, with the workbook's prices, without fetching or rendering the
// React pane; the pane renders when it is shown. Build first (`npm run build`).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { ADDIN_ORIGIN, DIST, attachPaneHost, type HostBook } from "../support/paneHost";
import { isBuiltScript } from "../../scripts/build/builtFiles.cjs";

const mini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-4o-mini")!;

let browser: Browser;
beforeAll(async () => {
  if (!existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npm run build` first.");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});
afterAll(async () => {
  await browser?.close();
});

it("serves every function with the workbook's prices before the pane is shown, then renders the pane when shown", async () => {
  const ids = (JSON.parse(readFileSync(path.join(DIST, "functions.json"), "utf8")) as { functions: { id: string }[] }).functions.map(
    (f) => f.id,
  );
  const book: HostBook = {
    sheets: ["AI Prices"],
    // The workbook's own gpt-4o-mini price overrides the bundled one.
    table: {
      name: "AIECON_Prices",
      sheet: "AI Prices",
      header: [...PRICE_HEADERS],
      body: [toTableRow({ ...mini, input: 0.5 as typeof mini.input, source: "user" })],
    },
  };
  const page = await browser.newPage();
  const host = await attachPaneHost(page, book, { bodyBackgroundColor: "#ffffff", hidden: true });
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.waitForFunction(
    (n) => Object.keys((window as unknown as { __host: { functions: object } }).__host.functions).length === n,
    ids.length,
  );
  const price = await page.evaluate(() =>
    (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => unknown> } }).__host.functions.MODELPRICE(
      "gpt-4o-mini",
      null,
    ),
  );
  expect(price).toBe(0.5);
  const paneChunk = (url: string) => url.startsWith(ADDIN_ORIGIN) && isBuiltScript(new URL(url).pathname, "pane");
  expect(host.requests.filter(paneChunk)).toEqual([]);
  expect(await page.locator("#container").innerHTML()).toBe("");
  // The runtime recorded which prices the cells were recalculated with.
  const { calculations } = await host.state();
  expect(calculations).toEqual(["Full"]);

  await page.evaluate(() => (window as unknown as { __host: { showPane(): void } }).__host.showPane());
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  expect(host.requests.filter(paneChunk)).toHaveLength(1);
  // The pane shows the table the runtime already read.
  await page.getByText("gpt-4o-mini").first().waitFor();
  await page.close();
}, 60_000);
