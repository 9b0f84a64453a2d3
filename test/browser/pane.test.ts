// The built pane (dist/) in Debian's headless Chromium against a stub Excel: what the user does in
// the pane and what reaches the workbook. Build first: `npx webpack --mode production`.
import { type Page } from "playwright-core";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, datedRowsOf, toTableRow } from "../../src/sheetModel/priceTable";
import { ADDIN_ORIGIN, OFFICE_JS_URL, attachPaneHost, chromiumForThisFile, type HostBook, type PaneHost } from "../support/paneHost";

const PANE_URL = `${ADDIN_ORIGIN}/taskpane.html`;
const gpt4oMini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-4o-mini")!;
const openaiRows = DEFAULT_PRICE_ROWS.filter((r) => r.provider === "openai");

const chromium = chromiumForThisFile();

interface Opened {
  page: Page;
  host: PaneHost;
}

async function open(book: HostBook, today = "2026-11-23T10:00:00", bodyBackgroundColor = "#ffffff"): Promise<Opened> {
  const page = await chromium.current.newPage();
  await page.clock.setFixedTime(new Date(today));
  const host = await attachPaneHost(page, book, { bodyBackgroundColor });
  await page.goto(PANE_URL);
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  // The pane listens to the workbook's table changes from the moment it opens.
  await page.waitForFunction(() => (window as unknown as { __host: { handlers: unknown[] } }).__host.handlers.length === 1);
  return { page, host };
}

function expectOnlyOfficeJsLeft(host: PaneHost) {
  const outside = host.requests.filter((url) => !url.startsWith(`${ADDIN_ORIGIN}/`));
  expect(outside).toEqual([OFFICE_JS_URL]);
}

const workbookWith = (rows = openaiRows, extraSheets: string[] = []): HostBook => ({
  sheets: ["Model", "AI Prices", ...extraSheets],
  table: { name: "AIECON_Prices", sheet: "AI Prices", header: [...PRICE_HEADERS], body: rows.map(toTableRow) },
});

/** The run (one Excel.run) that wrote cells or rows, and its sync count. */
async function lastWritingRun(host: PaneHost) {
  const { runs } = await host.state();
  return runs.filter((run) => run.writes.length > 0).at(-1)!;
}

/** 50,000 input and 50,000 output tokens (within gpt-4o-mini's 128k window): (input + output price) ÷ 20. */
const cost = (page: Page, model: string) =>
  page.evaluate(
    (m) =>
      (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => number> } }).__host.functions.COSTPERINTERACTION(
        50_000,
        50_000,
        m,
      ),
    model,
  );

/** A user typing a new input price straight into the AIECON_Prices table: Excel then raises onChanged. */
const typeInputPrice = (page: Page, model: string, price: number) =>
  page.evaluate(
    ([m, p, source]) => {
      const h = (window as unknown as { __host: { book: HostBook; fireChanged(): Promise<void> } }).__host;
      const row = h.book.table!.body.find((r) => r[0] === m)!;
      row[2] = p;
      row[source] = "user";
      return h.fireChanged();
    },
    [model, price, PRICE_HEADERS.indexOf("Source")] as const,
  );

describe("task pane in a browser", () => {
  it("inserts the chosen providers' prices as AIECON_Prices on a new AI Prices sheet", async () => {
    const { page, host } = await open({ sheets: ["Sheet1"], table: null });
    await page.getByText("This workbook has no price table yet").waitFor();
    await page.getByRole("combobox", { name: "Providers" }).click();
    await page.getByRole("menuitemcheckbox", { name: "openai" }).click();
    await page.getByRole("menuitemcheckbox", { name: "anthropic" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Insert price table" }).click();
    await page.getByText(/Inserted \d+ models on the sheet 'AI Prices'/).waitFor();

    const { book, calculations } = await host.state();
    const expected = DEFAULT_PRICE_ROWS.filter((r) => r.provider === "openai" || r.provider === "anthropic");
    // A model with dated prices is one row per date; the tiered models' tiers go to their own sheet.
    const written = expected.flatMap(datedRowsOf);
    expect(book.sheets).toEqual(["Sheet1", "AI Prices", "AI Price Tiers"]);
    expect(book.table!.name).toBe("AIECON_Prices");
    expect(book.table!.header).toEqual([...PRICE_HEADERS]);
    expect(book.table!.body).toEqual(written.map(toTableRow));
    expect(book.tierTable!.name).toBe("AIECON_PriceTiers");
    expect(book.tierTable!.body.length).toBeGreaterThan(0);
    expect(calculations).toContain("Full");
    const insertRun = (await host.state()).runs.find((run) => run.writes.some((w) => w.op === "createTable"))!;
    expect(insertRun.syncs).toBe(1 + Math.ceil(written.length / 500));
    expect(insertRun.writes.filter((w) => w.op === "numberFormat" && String(w.address).startsWith("A2:J"))).toEqual([
      { op: "numberFormat", address: `A2:J${written.length + 1}`, rows: written.length },
    ]);
    // The pane now lists the table and the functions in the same runtime use it.
    await page.getByText(`${expected.length} models in the AIECON_Prices table`).waitFor();
    expectOnlyOfficeJsLeft(host);
    await page.close();
  });

  it("shows progress while writing every provider's rows in chunks", async () => {
    const { page, host } = await open({ sheets: [], table: null });
    type Held = { __host: { hold: boolean; held: unknown[]; releaseOne(): boolean; book: HostBook } };
    const releaseSync = async () => {
      await page.waitForFunction(() => (window as unknown as Held).__host.held.length > 0);
      await page.evaluate(() => (window as unknown as Held).__host.releaseOne());
    };
    await page.evaluate(() => ((window as unknown as Held).__host.hold = true));
    await page.getByRole("button", { name: "Insert price table" }).click();
    await releaseSync(); // the pane looks whether the sheet or table exists
    await page.getByRole("progressbar").waitFor();
    await releaseSync(); // the insert looks again before writing
    await releaseSync(); // first chunk of rows
    const allRows = DEFAULT_PRICE_ROWS.flatMap(datedRowsOf).length;
    await page.getByText(`Writing 500 of ${allRows} rows`).waitFor();
    expect(await page.evaluate(() => (window as unknown as Held).__host.book.table!.body.length)).toBe(500);
    await page.evaluate(() => {
      // Let everything through: the last chunk, and the reload Excel's change event started.
      const host = (window as unknown as Held).__host;
      host.hold = false;
      while (host.releaseOne());
    });
    await page.getByText(/Inserted \d+ models/).waitFor();
    expect(await page.getByRole("progressbar").count()).toBe(0);
    const { book } = await host.state();
    expect(book.table!.body).toHaveLength(allRows);
    expectOnlyOfficeJsLeft(host);
    await page.close();
  });

  it("asks before touching an existing table; Cancel is the default and writes nothing; merging keeps every row", async () => {
    const mine = { ...gpt4oMini, input: 0.01 as typeof gpt4oMini.input, source: "user" as const };
    const { page, host } = await open(workbookWith([mine]));
    await page.getByRole("combobox", { name: "Providers" }).click();
    await page.getByRole("menuitemcheckbox", { name: "openai" }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Add missing default models" }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText("It will not be replaced").waitFor();
    await page.keyboard.press("Enter"); // the focused default button: Cancel
    await dialog.waitFor({ state: "hidden" });
    expect((await host.state()).runs.every((run) => run.writes.length === 0)).toBe(true);

    await page.getByRole("button", { name: "Add missing default models" }).click();
    await page.getByRole("button", { name: "Add missing models" }).click();
    await page.getByText(`Added ${openaiRows.length - 1} missing models`).waitFor();
    const { book } = await host.state();
    expect(book.table!.body[0]).toEqual(toTableRow(mine));
    expect(book.table!.body).toHaveLength(1 + openaiRows.filter((r) => r !== gpt4oMini).flatMap(datedRowsOf).length);
    expectOnlyOfficeJsLeft(host);
    await page.close();
  });

  it("offers a new sheet when 'AI Prices' is taken by something else", async () => {
    const { page, host } = await open({ sheets: ["AI Prices"], table: null });
    await page.getByRole("button", { name: "Insert price table" }).click();
    await page.getByRole("button", { name: "Insert on 'AI Prices (2)'" }).click();
    await page.getByText(/on the sheet 'AI Prices \(2\)'/).waitFor();
    const { book } = await host.state();
    expect(book.sheets).toEqual(["AI Prices", "AI Prices (2)", "AI Price Tiers"]);
    expect(book.table!.sheet).toBe("AI Prices (2)");
    await page.close();
  });

  it("searches, sorts, and edits a price inline; invalid input is refused beside the field", async () => {
    const { page, host } = await open(workbookWith());
    const rows = page.locator("tbody tr[data-model]");
    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4o-mini");
    const models = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-model")));
    expect(models.length).toBeGreaterThan(0);
    expect(models.every((m) => m!.includes("gpt-4o-mini"))).toBe(true);

    await page.getByRole("searchbox", { name: "Search models" }).fill("");
    await page.getByRole("columnheader", { name: "Input $/1M" }).click();
    const cheapest = Math.min(...openaiRows.map((r) => r.input));
    expect(await rows.first().locator("td").nth(1).innerText()).toBe(String(cheapest));

    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4o-mini");
    await page.getByRole("button", { name: "Edit gpt-4o-mini", exact: true }).click();
    const form = page.getByRole("form", { name: "Edit gpt-4o-mini (openai)" });
    const input = form.getByRole("textbox", { name: "Input price ($ per 1M tokens)", exact: true });
    const writesBefore = (await host.state()).runs.flatMap((r) => r.writes).length;

    await input.fill("-1");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Input $/1M cannot be negative; got -1.").waitFor();
    await input.fill("abc");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Input $/1M must be a number in $ per 1M tokens; got text 'abc'.").waitFor();
    expect((await host.state()).runs.flatMap((r) => r.writes)).toHaveLength(writesBefore);

    await input.fill("0.2");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved gpt-4o-mini.").waitFor();
    const { book, calculations } = await host.state();
    const row = book.table!.body.find((r) => r[0] === "gpt-4o-mini")!;
    expect(row).toEqual(["gpt-4o-mini", "openai", 0.2, 0.6, 0.075, "", "", 128000, "2026-11-23", "user"]);
    const save = await lastWritingRun(host);
    expect(save.syncs).toBe(2);
    expect(save.writes.map((w) => w.op)).toEqual(["cell", "cell", "cell"]);
    expect(calculations).toContain("Full");
    // The custom functions in the shared runtime already price with the new row.
    expect(await cost(page, "gpt-4o-mini")).toBeCloseTo((0.2 + 0.6) / 20, 12);

    await page.getByRole("button", { name: "Edit gpt-4o-mini", exact: true }).click();
    await page.getByRole("button", { name: "Reset to default" }).click();
    await page.getByText("gpt-4o-mini is back to its default price.").waitFor();
    const reset = (await host.state()).book.table!.body.find((r) => r[0] === "gpt-4o-mini")!;
    expect(reset).toEqual(toTableRow(gpt4oMini));
    expectOnlyOfficeJsLeft(host);
    await page.close();
  });

  it("adds a custom model (refusing an empty or duplicate name) and deletes it", async () => {
    const { page, host } = await open(workbookWith());
    await page.getByRole("button", { name: "Add a custom model" }).click();
    const form = page.getByRole("form", { name: "Add a custom model" });
    await form.getByRole("textbox", { name: "Input price ($ per 1M tokens)", exact: true }).fill("0.1");
    await form.getByRole("textbox", { name: "Output price ($ per 1M tokens)", exact: true }).fill("0.3");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("Model name cannot be empty.").waitFor();

    await form.getByRole("textbox", { name: "Model name", exact: true }).fill("GPT-4o-mini");
    await form.getByRole("textbox", { name: "Provider", exact: true }).fill("openai");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText(/'GPT-4o-mini' is already in the price table for provider 'openai'/).waitFor();
    expect((await host.state()).runs.every((run) => run.writes.length === 0)).toBe(true);

    await form.getByRole("textbox", { name: "Model name", exact: true }).fill("my-llama-ft");
    await form.getByRole("textbox", { name: "Provider", exact: true }).fill("");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved my-llama-ft.").waitFor();
    let { book } = await host.state();
    expect(book.table!.body.at(-1)).toEqual(["my-llama-ft", "custom", 0.1, 0.3, "", "", "", "", "2026-11-23", "user"]);
    expect((await lastWritingRun(host)).syncs).toBe(2);
    expect(await cost(page, "my-llama-ft")).toBeCloseTo(0.4 / 20, 12);

    await page.getByRole("searchbox", { name: "Search models" }).fill("llama");
    await page.getByRole("button", { name: "Edit my-llama-ft" }).click();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText("Delete 'my-llama-ft' and its prices from the workbook?").waitFor();
    await page.getByRole("button", { name: "Keep it" }).click();
    expect((await host.state()).book.table!.body.map((r) => r[0])).toContain("my-llama-ft");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Delete from workbook" }).click();
    await page.getByText("Deleted my-llama-ft.").waitFor();
    ({ book } = await host.state());
    expect(book.table!.body.map((r) => r[0])).not.toContain("my-llama-ft");
    expect(book.table!.body).toHaveLength(openaiRows.length);
    expectOnlyOfficeJsLeft(host);
    await page.close();
  });

  it("follows edits typed straight into the table: grid and formulas update without F9", async () => {
    const { page, host } = await open(workbookWith());
    const calculationsBefore = (await host.state()).calculations.length;
    await typeInputPrice(page, "gpt-4o-mini", 0.05);
    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4o-mini");
    await page.locator('tr[data-model="gpt-4o-mini"] td').nth(1).getByText("0.05", { exact: true }).waitFor();
    expect((await host.state()).calculations.length).toBe(calculationsBefore + 1);
    expect(await cost(page, "gpt-4o-mini")).toBeCloseTo((0.05 + 0.6) / 20, 12);
    await page.close();
  });

  it("keeps the formulas' prices live while another tab is open", async () => {
    const { page } = await open(workbookWith());
    await page.getByRole("tab", { name: "Share" }).click();
    await page.getByRole("button", { name: "Prepare for sharing" }).waitFor();
    // Still listening to the table after the price grid is out of sight.
    expect(await page.evaluate(() => (window as unknown as { __host: { handlers: unknown[] } }).__host.handlers.length)).toBe(1);
    await typeInputPrice(page, "gpt-4o-mini", 0.07);
    await page.waitForFunction(
      () =>
        (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => number> } }).__host.functions.MODELPRICE(
          "gpt-4o-mini",
        ) === 0.07,
    );
    expect(await cost(page, "gpt-4o-mini")).toBeCloseTo((0.07 + 0.6) / 20, 12);
    await page.close();
  });

  it("warns when the prices are more than 90 days old, and not before", async () => {
    const stale = await open(workbookWith(), "2027-03-01T10:00:00");
    await stale.page.getByText(/These prices are \d+ days old \(more than 90\)/).waitFor();
    expect(await stale.page.getByTestId("prices-as-of").innerText()).toBe(`Prices as of ${openaiRows[0].asOf}`);
    await stale.page.close();

    const fresh = await open(workbookWith(), "2026-10-01T10:00:00");
    await fresh.page.getByTestId("prices-as-of").waitFor();
    expect(await fresh.page.getByText(/days old/).count()).toBe(0);
    await fresh.page.close();
  });

  it("follows Excel's dark theme through Fluent tokens", async () => {
    const luminance = (page: Page) =>
      page.getByRole("main").evaluate((main) => {
        const [r, g, b] = getComputedStyle(main).backgroundColor.match(/\d+/g)!.map(Number);
        return 0.299 * r + 0.587 * g + 0.114 * b;
      });
    const light = await open(workbookWith());
    expect(await luminance(light.page)).toBeGreaterThan(200);
    await light.page.close();
    const dark = await open(workbookWith(), undefined, "#262626");
    expect(await luminance(dark.page)).toBeLessThan(60);
    // Text on the pane's own controls turns light too, so it stays readable.
    const buttonText = await dark.page.getByRole("button", { name: "Add a custom model" }).evaluate((button) => {
      const [r, g, b] = getComputedStyle(button).color.match(/\d+/g)!.map(Number);
      return 0.299 * r + 0.587 * g + 0.114 * b;
    });
    expect(buttonText).toBeGreaterThan(180);
    await dark.page.close();
  });
});
