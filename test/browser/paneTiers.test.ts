// The built pane (dist/) in Chromium against a stub Excel: a model's long-context tiers opened from
// its "tiered" badge, edited and written to AIECON_PriceTiers; a time-of-day model's windows and the
// day's average formulas use. Build first: `npm run build:local`.
import { type Page } from "playwright-core";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { TIER_HEADERS } from "../../src/sheetModel/priceTierTable";
import { ADDIN_ORIGIN, attachPaneHost, chromiumForThisFile, type HostBook, type PaneHost } from "../support/paneHost";

const chromium = chromiumForThisFile();
const gemini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "google" && r.model === "gemini-2.5-pro")!;
const deepseek = DEFAULT_PRICE_ROWS.find((r) => r.provider === "deepseek" && r.model === "deepseek-chat")!;

const book = (tierBody?: (string | number)[][]): HostBook => ({
  sheets: ["AI Prices", ...(tierBody ? ["AI Price Tiers"] : [])],
  table: { name: "AIECON_Prices", sheet: "AI Prices", header: [...PRICE_HEADERS], body: [gemini, deepseek].map(toTableRow) },
  tierTable: tierBody ? { name: "AIECON_PriceTiers", sheet: "AI Price Tiers", header: [...TIER_HEADERS], body: tierBody } : null,
});

async function open(hostBook: HostBook): Promise<{ page: Page; host: PaneHost }> {
  const page = await chromium.current.newPage({ viewport: { width: 320, height: 900 } });
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00"));
  const host = await attachPaneHost(page, hostBook);
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  await page.locator('tbody tr[data-model="gemini-2.5-pro"]').waitFor();
  return { page, host };
}

const cost = (page: Page, input: number, model: string) =>
  page.evaluate(
    ([i, m]) =>
      (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => number> } }).__host.functions.COSTPERINTERACTION(
        i,
        0,
        m,
      ),
    [input, model] as const,
  );

describe("tiers and time-of-day windows in the pane", () => {
  it("the tiered badge opens the bundled tiers; a bad edit is refused beside its field, a good one is written to AIECON_PriceTiers", async () => {
    const { page, host } = await open(book());
    const badge = page.locator('tbody tr[data-model="gemini-2.5-pro"]').getByRole("button", { name: /^tiered:/ });
    await badge.click();
    expect(await badge.getAttribute("aria-expanded")).toBe("true");
    const panel = page.getByRole("region", { name: "Long-context tiers of gemini-2.5-pro" });
    await panel.getByText("Above 200,000 input tokens").waitFor();
    await panel.getByText(/The bundled tiers/).waitFor();

    await panel.getByRole("button", { name: "Add a tier" }).click();
    const form = page.getByRole("form", { name: "Add a tier to gemini-2.5-pro" });
    await form.getByLabel("Above input tokens").fill("200000");
    await form.getByLabel("Input price ($ per 1M tokens)", { exact: true }).fill("-1");
    await form.getByLabel("Output price ($ per 1M tokens)").fill("20");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("already has a tier above 200,000 input tokens").waitFor();
    expect((await host.state()).book.tierTable ?? null).toBeNull();

    await form.getByLabel("Above input tokens").fill("500000");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("cannot be negative").waitFor();
    expect((await host.state()).book.tierTable ?? null).toBeNull();

    await form.getByLabel("Input price ($ per 1M tokens)", { exact: true }).fill("4");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved the tiers of gemini-2.5-pro.").waitFor();
    const { book: written } = await host.state();
    expect(written.sheets).toContain("AI Price Tiers");
    // The bundled tier is copied with the new one, since tier rows replace every tier of the model.
    expect(written.tierTable!.body.map((r) => r.slice(0, 5))).toEqual([
      ["gemini-2.5-pro", "", 200000, 2.5, 15],
      ["gemini-2.5-pro", "", 500000, 4, 20],
    ]);
    expect(await cost(page, 600_000, "gemini-2.5-pro")).toBeCloseTo(0.6 * 4, 12);
    await panel.getByText(/From the AI Price Tiers sheet/).waitFor();
    await page.close();
  });

  it("edits and deletes a tier of the workbook's tier table", async () => {
    const { page, host } = await open(
      book([
        ["gemini-2.5-pro", "", 200000, 2.5, 15, "", ""],
        ["gemini-2.5-pro", "", 400000, 3, 18, "", ""],
      ]),
    );
    await page
      .locator('tbody tr[data-model="gemini-2.5-pro"]')
      .getByRole("button", { name: /^tiered:/ })
      .click();
    const panel = page.getByRole("region", { name: "Long-context tiers of gemini-2.5-pro" });
    await panel.getByRole("button", { name: "Edit the tier above 400,000 input tokens" }).click();
    const form = page.getByRole("form", { name: "Edit the tier of gemini-2.5-pro above 400,000 input tokens" });
    await form.getByLabel("Above input tokens").fill("400k");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("whole number of input tokens").waitFor();
    await form.getByLabel("Above input tokens").fill("300000");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved the tiers of gemini-2.5-pro.").waitFor();
    expect((await host.state()).book.tierTable!.body.map((r) => r[2])).toEqual([200000, 300000]);

    await panel.getByRole("button", { name: "Delete the tier above 300,000 input tokens" }).click();
    await page.waitForFunction(() => (window as unknown as { __host: { book: HostBook } }).__host.book.tierTable!.body.length === 1);
    expect(await cost(page, 350_000, "gemini-2.5-pro")).toBeCloseTo(0.35 * 2.5, 12);

    // A tier dated in the future: shown with its date, written with its As of, refused when the date is not one.
    await panel.getByRole("button", { name: "Add a tier" }).click();
    const dated = page.getByRole("form", { name: "Add a tier to gemini-2.5-pro" });
    await dated.getByLabel("Applies from (yyyy-mm-dd)").fill("next year");
    await dated.getByLabel("Above input tokens").fill("100000");
    await dated.getByLabel("Input price ($ per 1M tokens)", { exact: true }).fill("9");
    await dated.getByLabel("Output price ($ per 1M tokens)").fill("30");
    await dated.getByRole("button", { name: "Save" }).click();
    await dated.getByText("As of must be a date (yyyy-mm-dd)").waitFor();
    await dated.getByLabel("Applies from (yyyy-mm-dd)").fill("2099-01-01");
    await dated.getByRole("button", { name: "Save" }).click();
    await panel.getByText("Above 100,000 input tokens from 2099-01-01").waitFor();
    expect((await host.state()).book.tierTable!.body.map((r) => [r[1], r[2]])).toEqual([
      ["", 200000],
      ["2099-01-01", 100000],
    ]);
    // Before its date the model bills the earlier tiers.
    expect(await cost(page, 150_000, "gemini-2.5-pro")).toBeCloseTo(0.15 * 1.25, 12);
    await page.close();
  });

  it("adds a dated price of a listed model from the pane: a second row with its As of, listed with its date", async () => {
    const { page, host } = await open(book());
    await page.getByRole("button", { name: "Add a custom model" }).click();
    const form = page.getByRole("form", { name: "Add a custom model" });
    await form.getByRole("textbox", { name: "Model name", exact: true }).fill("gemini-2.5-pro");
    await form.getByRole("textbox", { name: "Provider", exact: true }).fill("google");
    await form.getByRole("textbox", { name: "Input price ($ per 1M tokens)", exact: true }).fill("2.5");
    await form.getByRole("textbox", { name: "Output price ($ per 1M tokens)", exact: true }).fill("20");
    await form.getByRole("textbox", { name: "Applies from (yyyy-mm-dd)", exact: true }).fill("2027-13-01");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("As of must be a date").waitFor();
    await form.getByRole("textbox", { name: "Applies from (yyyy-mm-dd)", exact: true }).fill("2027-01-01");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved gemini-2.5-pro.").waitFor();
    const rows = (await host.state()).book.table!.body.filter((r) => r[0] === "gemini-2.5-pro");
    expect(rows.map((r) => [r[2], r[8]])).toEqual([
      [gemini.input, gemini.asOf],
      [2.5, "2027-01-01"],
    ]);
    await page.locator('tbody tr[data-model="gemini-2.5-pro"]').getByText("from 2027-01-01").waitFor();
    // Formulas price the row in force on as_of.
    const at = (asOf: string) =>
      page.evaluate(
        (d) =>
          (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => number> } }).__host.functions.COSTPERINTERACTION(
            100_000,
            0,
            "gemini-2.5-pro",
            null,
            null,
            null,
            null,
            null,
            d,
          ),
        asOf,
      );
    // 100,000 input tokens: below the 200k tier, at the row in force.
    expect(await at("2027-01-01")).toBeCloseTo(0.1 * 2.5, 12);
    expect(await at("2026-12-31")).toBeCloseTo(0.1 * gemini.input, 12);
    await page.close();
  });

  it("the time-of-day badge shows each window and its rate, and says the day's average is used", async () => {
    const { page } = await open(book());
    await page
      .locator('tbody tr[data-model="deepseek-chat"]')
      .getByRole("button", { name: /^time of day:/ })
      .click();
    const panel = page.getByRole("region", { name: "Time-of-day prices of deepseek-chat" });
    const window0 = deepseek.windows![0];
    await panel.getByText(`${window0.startUtc.slice(0, 5)}–${window0.endUtc.slice(0, 5)}`).waitFor();
    await panel.getByText("Other hours").waitFor();
    const average = await panel.getByTestId("day-average").innerText();
    expect(average).toMatch(/Formulas use the day's average/);
    // 16 of 24 hours at the window's input rate, 8 at the row's own.
    const expected = (16 * window0.input + 8 * deepseek.input) / 24;
    expect(average).toContain(`input $${expected.toLocaleString("en-US", { maximumFractionDigits: 6 })}`);
    await page.close();
  });
});
