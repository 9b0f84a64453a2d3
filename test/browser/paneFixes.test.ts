// Fixes from a browser walk of the pane (issue 12 §3), checked in the built pane (dist/) in headless
// Chromium against the recording Office stub: the price list's layout, and the classification
// wizard's wording, errors beside their field and focus. Needs `npx webpack --mode production` first.
import { type Locator, type Page } from "playwright-core";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { ADDIN_ORIGIN, attachPaneHost, chromiumForThisFile } from "../support/paneHost";

const chromium = chromiumForThisFile();

async function open(width = 320): Promise<Page> {
  const page = await chromium.current.newPage({ viewport: { width, height: 900 } });
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00"));
  await attachPaneHost(page, {
    sheets: ["AI Prices"],
    table: { name: "AIECON_Prices", sheet: "AI Prices", header: [...PRICE_HEADERS], body: DEFAULT_PRICE_ROWS.map(toTableRow) },
  });
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  return page;
}

const top = async (locator: Locator) => (await locator.boundingBox())!.y;
/** Name of the focused element as a screen reader would announce it (label, aria-label or text). */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    const labelled = el.getAttribute("aria-labelledby");
    const byId = labelled ? document.getElementById(labelled.split(" ")[0])?.textContent : undefined;
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : undefined;
    return `${el.tagName.toLowerCase()}:${el.getAttribute("aria-label") ?? label ?? byId ?? el.textContent ?? ""}`;
  });

describe("price list", () => {
  it("says how many rows it shows above the list, keeps insert controls below it, and its hint matches the button", async () => {
    const page = await open();
    const showing = page.getByText(`Showing 100 of ${DEFAULT_PRICE_ROWS.length}: search to narrow the list.`);
    const table = page.getByRole("table", { name: "Model prices ($ per 1M tokens)" });
    expect(await top(showing)).toBeLessThan(await top(table));
    const addMissing = page.getByRole("button", { name: "Add missing default models" });
    const tableBox = (await table.boundingBox())!;
    expect(await top(addMissing)).toBeGreaterThan(tableBox.y + tableBox.height);
    await page.getByText("None selected adds the missing models of every provider.").waitFor();
    expect(await page.getByText("None selected inserts every provider.").count()).toBe(0);
    // No Source column: the provider (and "your price") sits under the name, which is a named button.
    expect(await page.getByRole("columnheader").allInnerTexts()).toEqual([
      expect.stringContaining("Model"),
      expect.stringContaining("Input $/1M"),
      expect.stringContaining("Output $/1M"),
    ]);
    const name = page.getByRole("button", { name: "Edit gpt-4o-mini", exact: true });
    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4o-mini");
    expect(await name.getAttribute("aria-expanded")).toBe("false");
    await name.click();
    expect(await name.getAttribute("aria-expanded")).toBe("true");
    await page.close();
  });
});

describe("classification wizard", () => {
  const line = (page: Page, workload: string) => page.getByRole("region", { name: `Cost line ${workload}` });

  it("shows the add-line errors beside their field, in the field's words, and Enter adds the line", async () => {
    const page = await open();
    await page.getByRole("tab", { name: "Classify costs" }).click();
    const workload = page.getByLabel("Workload", { exact: true });
    const monthly = page.getByLabel("Monthly cost ($ / month)");
    await workload.fill("Support chat");
    await page.getByRole("button", { name: "Add line" }).click();
    const error = page.getByText("Enter the monthly cost in dollars, e.g. 1200.");
    await error.waitFor();
    // Right under its field, not far down the pane.
    const fieldBox = (await monthly.boundingBox())!;
    const errorBox = (await error.boundingBox())!;
    expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeGreaterThanOrEqual(0);
    expect(errorBox.y - (fieldBox.y + fieldBox.height)).toBeLessThan(40);
    expect(await monthly.getAttribute("aria-invalid")).toBe("true");
    expect(await focusedLabel(page)).toMatch(/^input:Monthly cost/);
    expect(await page.getByText(/Monthly \$ must be/).count()).toBe(0);

    await monthly.fill("abc");
    await monthly.press("Enter");
    await page.getByText("'abc' is not an amount: enter the monthly cost in dollars, e.g. 1200.").waitFor();

    // Enter in a field adds the line; focus is back on Workload for the next one.
    await monthly.fill("1,200");
    await monthly.press("Enter");
    await line(page, "Support chat").waitFor();
    expect(await focusedLabel(page)).toBe("input:Workload");
    expect(await workload.inputValue()).toBe("");
    await page.close();
  });

  it("a mixed line waits for its share without an error, reads the share as a percent and warns about 0.6", async () => {
    const page = await open();
    await page.getByRole("tab", { name: "Classify costs" }).click();
    await page.getByLabel("Workload", { exact: true }).fill("Vector DB");
    await page.getByLabel("Monthly cost ($ / month)").fill("2000");
    await page.keyboard.press("Enter");
    const vdb = line(page, "Vector DB");
    await vdb.getByLabel("Cost bucket").selectOption("infrastructure");
    await vdb.getByRole("radio", { name: /Partly/ }).check();
    // Nothing red before the share could be typed.
    await vdb.getByText("Enter the COGS share and the allocation driver to see the classification.").waitFor();
    expect(await vdb.locator(".fui-MessageBar").count()).toBe(0);
    expect(await vdb.getByLabel("COGS share (%)").getAttribute("aria-invalid")).not.toBe("true");

    const share = vdb.getByLabel("COGS share (%)");
    await share.fill("100");
    await vdb
      .getByText("Enter a share above 0 and below 100 %. A workload that is all COGS or all OpEx is answered Yes or No, not Partly.")
      .waitFor();
    expect(await share.getAttribute("aria-invalid")).toBe("true");
    await share.fill("0.6");
    await vdb.getByText("0.6 means 0.6% COGS. If you meant 60%, enter 60.").waitFor();
    await vdb.getByLabel("Allocation driver").fill("share of queries");
    await vdb.getByRole("status").getByText("0.6% COGS", { exact: true }).waitFor();
    // The spreadsheet function's own words never reach the pane.
    expect(await page.getByText(/cogs_share|TRUE or FALSE/).count()).toBe(0);
    await share.fill("60");
    await vdb.getByRole("status").getByText("60% COGS", { exact: true }).waitFor();
    expect(await vdb.getByText(/means 60% COGS/).count()).toBe(0);
    await page.close();
  });

  it("names each Remove button after its line and keeps focus in the list after removing", async () => {
    const page = await open();
    await page.getByRole("tab", { name: "Classify costs" }).click();
    for (const [name, amount] of [
      ["Alpha", "10"],
      ["Beta", "20"],
      ["Gamma", "30"],
    ]) {
      await page.getByLabel("Workload", { exact: true }).fill(name);
      await page.getByLabel("Monthly cost ($ / month)").fill(amount);
      await page.keyboard.press("Enter");
      await line(page, name).waitFor();
    }
    expect(await page.getByRole("button", { name: /^Remove / }).evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label")))).toEqual([
      "Remove Alpha",
      "Remove Beta",
      "Remove Gamma",
    ]);
    await page.getByRole("button", { name: "Remove Beta" }).click();
    await page.waitForFunction(() => document.activeElement?.tagName === "SELECT");
    expect(await page.evaluate(() => document.activeElement!.closest("section")!.getAttribute("aria-label"))).toBe("Cost line Gamma");
    await page.getByRole("button", { name: "Remove Gamma" }).click();
    await page.waitForFunction(() => document.activeElement?.closest("section")?.getAttribute("aria-label") === "Cost line Alpha");
    await page.getByRole("button", { name: "Remove Alpha" }).click();
    await page.waitForFunction(() => document.activeElement?.textContent === "Cost lines (0)");
    await page.close();
  });
});
