// Every tab of the built pane at 320 px and 450 px, in Excel's light and dark themes: axe-core finds
// no accessibility violation (Fluent's focus guards aside), and no card or control reaches past its
// card or the pane. Needs `npx webpack --mode production` first.
import { type Page } from "playwright-core";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { ADDIN_ORIGIN, attachPaneHost, chromiumForThisFile, type HostBook } from "../support/paneHost";
import { fadingColours, horizontalOverflows, midWordBreaks, realAxeViolations } from "../support/paneQuality";

const chromium = chromiumForThisFile();

const book = (): HostBook => ({
  sheets: ["Model", "AI Prices"],
  table: { name: "AIECON_Prices", sheet: "AI Prices", header: [...PRICE_HEADERS], body: DEFAULT_PRICE_ROWS.map(toTableRow) },
});

async function open(width: number, dark: boolean): Promise<Page> {
  const page = await chromium.current.newPage({ viewport: { width, height: 900 } });
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00"));
  await attachPaneHost(page, book(), { bodyBackgroundColor: dark ? "#262626" : "#ffffff" });
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  return page;
}

/** Brings each tab into its fullest state: an open row editor, wizard lines with every kind of field. */
const TABS: { tab: string; ready: (page: Page) => Promise<void> }[] = [
  {
    tab: "Prices",
    ready: async (page) => {
      await page.getByRole("searchbox", { name: "Search models" }).fill("claude-3-5-haiku");
      await page
        .getByRole("button", { name: /^Edit claude-3-5-haiku/ })
        .first()
        .click();
      await page.getByRole("form").first().waitFor();
    },
  },
  {
    // A model's tiers open from its badge, with the add form showing its errors beside the fields.
    tab: "Prices",
    ready: async (page) => {
      await page.getByRole("searchbox", { name: "Search models" }).fill("gemini-2.5-pro");
      await page
        .locator('tbody tr[data-model="gemini-2.5-pro"]')
        .first()
        .getByRole("button", { name: /^tiered:/ })
        .click();
      await page.getByRole("button", { name: "Add a tier" }).click();
      const form = page.getByRole("form", { name: "Add a tier to gemini-2.5-pro" });
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("Input $/1M is required.").waitFor();
    },
  },
  {
    // The add form with its "Applies from" date showing its error.
    tab: "Prices",
    ready: async (page) => {
      await page.getByRole("searchbox", { name: "Search models" }).fill("");
      await page.getByRole("button", { name: "Add a custom model" }).click();
      const form = page.getByRole("form", { name: "Add a custom model" });
      await form.getByRole("textbox", { name: "Applies from (yyyy-mm-dd)", exact: true }).fill("soon");
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("As of must be a date").waitFor();
    },
  },
  {
    // A time-of-day model's windows and the day's average.
    tab: "Prices",
    ready: async (page) => {
      await page.getByRole("searchbox", { name: "Search models" }).fill("deepseek-chat");
      await page
        .locator('tbody tr[data-model="deepseek-chat"]')
        .first()
        .getByRole("button", { name: /^time of day:/ })
        .click();
      await page.getByTestId("day-average").first().waitFor();
    },
  },
  {
    tab: "Model",
    ready: async (page) => {
      // The feature form with every optional step open, the token counter and a comparison list.
      const form = page.getByRole("form", { name: "New feature cost model" });
      await form.waitFor();
      for (const step of ["Safety classifier", "Embedding lookup", "Evaluation pass", "Retry when the evaluation fails"]) {
        const box = form.getByRole("checkbox", { name: step });
        if (!(await box.isChecked())) await box.check();
      }
      await form.getByText("Count tokens of a text (estimate)").click();
      await form.getByLabel("Find a model to compare").fill("claude-3-5");
      await form
        .getByRole("button", { name: /^Add .* to the comparison$/ })
        .first()
        .click();
      await page.getByRole("button", { name: "Insert example model" }).waitFor();
    },
  },
  {
    tab: "Classify costs",
    ready: async (page) => {
      await page.getByLabel("Workload", { exact: true }).fill("Vector DB cluster");
      await page.getByLabel("Monthly cost ($ / month)").fill("2000");
      await page.getByRole("button", { name: "Add line" }).click();
      const line = page.getByRole("region", { name: "Cost line Vector DB cluster" });
      await line.getByLabel("Cost bucket").selectOption("infrastructure");
      await line.getByRole("radio", { name: /Partly/ }).check();
      await line.getByLabel("COGS share (%)").waitFor();
    },
  },
  { tab: "Share", ready: async (page) => void (await page.getByRole("button", { name: "Prepare for sharing" }).waitFor()) },
  {
    tab: "Actuals",
    ready: async (page) => void (await page.getByRole("heading", { name: "Import what the providers billed" }).waitFor()),
  },
  {
    // The usage import's column-mapping card, open, with a problem shown beside it.
    tab: "Actuals",
    ready: async (page) => {
      const csv = "Month,Product area,MAU,Actions\n2025-09-30,Support chat,1200,10000\n";
      await page.getByLabel("Usage CSV file").setInputFiles({ name: "usage.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.getByRole("button", { name: "Load usage" }).click();
      await page.getByRole("heading", { name: "Map the usage CSV's columns" }).waitFor();
      await page.getByRole("button", { name: "Load usage" }).click();
      await page.getByText("Map the month, the feature, and active users or user actions.").waitFor();
    },
  },
];

describe.each([320, 450])("the pane at %i px", (width) => {
  it.each([
    ["light", false],
    ["dark", true],
  ])("in the %s theme: every tab passes axe-core and nothing overflows horizontally", async (_theme, dark) => {
    const page = await open(width, dark);
    // Native parts (select lists, spinners, scrollbars) follow the theme too.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe(dark ? "dark" : "light");
    for (const { tab, ready } of TABS) {
      await page.getByRole("tab", { name: tab }).click();
      await ready(page);
      expect({ tab, violations: await realAxeViolations(page) }).toEqual({ tab, violations: [] });
      expect({ tab, overflows: await horizontalOverflows(page) }).toEqual({ tab, overflows: [] });
    }
    await page.close();
  });

  it.each([
    ["light", false],
    ["dark", true],
  ])("in the %s theme: the full price list breaks no model name mid-word and a hovered row keeps its contrast", async (_theme, dark) => {
    const page = await open(width, dark);
    const first = page.locator("tbody tr").first();
    await first.waitFor();
    // The price-file reader has arrived (its frame was already in place), so nothing moves now.
    await page.getByLabel("genai-prices data file").waitFor({ state: "attached" });
    expect(await midWordBreaks(page, "[data-model-name]")).toEqual([]);
    // The row hovered away from the name (the row's background darkens), then the name itself. The
    // name's colour must change in the same frame as the background: a fade would sit below 4.5:1
    // on the darker row for its length, which axe (run once fades end) would not see.
    await first.locator("td").nth(1).hover();
    expect(await fadingColours(page, "[data-model-link]")).toEqual([]);
    expect(await realAxeViolations(page)).toEqual([]);
    await first.getByRole("button").hover();
    expect(await fadingColours(page, "[data-model-link]")).toEqual([]);
    expect(await realAxeViolations(page)).toEqual([]);
    await page.close();
  });
});
