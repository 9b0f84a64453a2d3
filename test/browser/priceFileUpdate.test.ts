// "Update from a price file…" and the price flags, in the built pane (dist/) in headless Chromium
// against the stub Excel: a genai-prices data file picked by the user, its changes previewed, only
// the accepted ones written (in at most 2 syncs), user rows kept, other files refused.
// Build first: `npx webpack --mode production`.
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { waitForUpdate, type Provider } from "@pydantic/genai-prices";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { landsAs } from "../support/excelText";
import { ADDIN_ORIGIN, DIST, OFFICE_JS_URL, attachPaneHost, type HostBook, type PaneHost } from "../support/paneHost";

let browser: Browser;
let providers: Provider[];

beforeAll(async () => {
  if (!existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npx webpack --mode production` first.");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  providers = (await waitForUpdate()) as Provider[];
});

afterAll(async () => {
  await browser?.close();
});

const find = (provider: string, model: string) => DEFAULT_PRICE_ROWS.find((r) => r.provider === provider && r.model === model)!;
const SOURCE = PRICE_HEADERS.indexOf("Source");
const INPUT = PRICE_HEADERS.indexOf("Input $/1M");

function book(): HostBook {
  const mine = toTableRow({ ...find("openai", "gpt-4o-mini"), source: "user" });
  mine[INPUT] = 0.11;
  return {
    sheets: ["Model", "AI Prices"],
    table: {
      name: "AIECON_Prices",
      sheet: "AI Prices",
      header: [...PRICE_HEADERS],
      body: [mine, ...["gpt-4o", "gpt-4.1"].map((m) => toTableRow(find("openai", m))), toTableRow(find("deepseek", "deepseek-chat"))],
    },
  };
}

/** The pinned dataset as a newer published file: gpt-4o and gpt-4.1 repriced, gpt-4o-mini too, one new model. */
function newerFile(): Buffer {
  const data = structuredClone(providers);
  const openai = data.find((p) => p.id === "openai")!;
  const reprice = (id: string, input: number) => {
    const m = openai.models.find((x) => x.id === id)!;
    m.prices = { ...(m.prices as Record<string, number>), input_mtok: input };
  };
  reprice("gpt-4o", 2.75);
  reprice("gpt-4.1", 2.5);
  reprice("gpt-4o-mini", 0.2);
  openai.models.push({ id: "gpt-9", name: "GPT-9", match: { equals: "gpt-9" }, prices: { input_mtok: 50, output_mtok: 200 } });
  return Buffer.from(JSON.stringify(data));
}

async function open(): Promise<{ page: Page; host: PaneHost }> {
  const page = await browser.newPage();
  await page.clock.setFixedTime(new Date("2026-11-23T10:00:00"));
  const host = await attachPaneHost(page, book(), { bodyBackgroundColor: "#ffffff" });
  await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
  await page.getByRole("heading", { name: "Model prices ($ per 1M tokens)" }).waitFor();
  // The reader loads on its own; its file picker appears with it.
  await page.getByLabel("genai-prices data file").waitFor({ state: "attached" });
  return { page, host };
}

const writes = async (host: PaneHost) => (await host.state()).runs.flatMap((r) => r.writes).length;

describe("Update from a price file…", () => {
  it("previews old → new, writes only the accepted changes in ≤ 2 syncs, and keeps the user's rows", async () => {
    const { page, host } = await open();
    const before = await writes(host);
    await page.setInputFiles('input[type="file"]', { name: "data.json", mimeType: "application/json", buffer: newerFile() });
    const preview = page.getByRole("group", { name: "Update from a price file" });
    await preview.getByText(/data\.json \(prices as of \d{4}-\d{2}-\d{2}\): 2 changed, 1 unchanged; your 1 own rows are kept/).waitFor();
    const gpt4o = preview.getByRole("checkbox", { name: "gpt-4o (openai): input 2.5 → 2.75" });
    const gpt41 = preview.getByRole("checkbox", { name: "gpt-4.1 (openai): input 2 → 2.5" });
    expect(await gpt4o.isChecked()).toBe(true);
    expect(await gpt41.isChecked()).toBe(true);
    // The user's own gpt-4o-mini price is not offered for replacement.
    expect(await preview.getByText(/gpt-4o-mini \(openai\)/).count()).toBe(0);
    expect(await writes(host)).toBe(before);

    await gpt41.uncheck();
    await preview.getByRole("checkbox", { name: /^Add \d+ new models of the providers in the table/ }).check();
    const apply = preview.getByRole("button", { name: /^Apply \d+ changes$/ });
    const count = Number((await apply.innerText()).match(/\d+/)![0]);
    await apply.click();
    await page.getByText(`Applied ${count} changes from the price file; every other row is as it was.`).waitFor();

    const { book: after, runs } = await host.state();
    const save = runs.filter((r) => r.writes.length > 0).at(-1)!;
    expect(save.syncs).toBeLessThanOrEqual(2);
    const row = (m: string) => after.table!.body.find((r) => r[0] === m && r[1] === "openai")!;
    expect(row("gpt-4o")[INPUT]).toBe(2.75);
    expect(row("gpt-4.1")[INPUT]).toBe(2); // declined
    expect(row("gpt-4o-mini")[INPUT]).toBe(0.11); // the user's row
    expect(row("gpt-4o-mini")[SOURCE]).toBe("user");
    expect(row("gpt-9")[INPUT]).toBe(50);
    const outside = host.requests.filter((url) => !url.startsWith(`${ADDIN_ORIGIN}/`));
    expect(outside).toEqual([OFFICE_JS_URL]);
    await page.close();
  });

  it("holds its place while the reader loads, so the price list does not move under the pointer", async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 900 } });
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    await attachPaneHost(page, book(), { bodyBackgroundColor: "#ffffff" });
    // Registered after the host's route, so it runs first: the reader's chunk waits for the test.
    await page.route(/\/price-file\.[0-9a-f]+\.js$/, async (route) => {
      await arrived;
      await route.fallback();
    });
    await page.goto(`${ADDIN_ORIGIN}/taskpane.html`);
    const firstRow = page.locator("tbody tr").first();
    await firstRow.waitFor();
    const button = page.getByRole("button", { name: "Update from a price file…" });
    expect(await button.isDisabled()).toBe(true);
    const before = await firstRow.boundingBox();
    release();
    await page.getByLabel("genai-prices data file").waitFor({ state: "attached" });
    expect(await button.isEnabled()).toBe(true);
    expect(await firstRow.boundingBox()).toEqual(before);
    await page.close();
  });

  it("refuses a file that is not a genai-prices data file, and writes nothing", async () => {
    const { page, host } = await open();
    const before = await writes(host);
    await page.setInputFiles('input[type="file"]', {
      name: "prices.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("model,input\ngpt-4o,2.5\n"),
    });
    await page.getByText("This file is not a genai-prices data file (it is not JSON). Nothing was changed.").waitFor();
    await page.setInputFiles('input[type="file"]', {
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"gpt-4o": 2.5}'),
    });
    await page.getByText(/not a list of providers/).waitFor();
    expect(await writes(host)).toBe(before);
    await page.close();
  });

  it("fits a 320 px pane: the preview and its long change labels stay inside it", async () => {
    const { page } = await open();
    await page.setViewportSize({ width: 320, height: 900 });
    await page.setInputFiles('input[type="file"]', { name: "data.json", mimeType: "application/json", buffer: newerFile() });
    await page.getByRole("button", { name: /^Apply \d+ change/ }).waitFor();
    // Nothing of this feature's section reaches past the pane's edge (the tab bar above is not its part).
    const widest = await page
      .getByRole("region", { name: "Update from a price file" })
      .evaluate((section) => Math.max(...[section, ...section.querySelectorAll("*")].map((el) => el.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(320);
    // Every control of the preview is reachable by keyboard.
    const apply = page.getByRole("button", { name: /^Apply \d+ change/ });
    await apply.focus();
    expect(await apply.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.close();
  });
});

describe("the per-request fee in the pane's editor", () => {
  it("edits a row's $ per 1K requests: written to its column, refused beside the field when negative", async () => {
    const { page, host } = await open();
    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4.1");
    await page.getByRole("button", { name: "Edit gpt-4.1", exact: true }).click();
    const form = page.getByRole("form", { name: "Edit gpt-4.1 (openai)" });
    const fee = form.getByRole("textbox", { name: "Request fee ($ per 1K requests)" });
    expect(await fee.inputValue()).toBe("");
    await fee.fill("abc");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("$ per 1K requests must be a number in dollars per 1,000 requests; got text 'abc'.").waitFor();
    await fee.fill("-5");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("$ per 1K requests cannot be negative; got -5.").waitFor();
    await fee.fill("5");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved gpt-4.1.").waitFor();
    const row = (await host.state()).book.table!.body.find((r) => r[0] === "gpt-4.1")!;
    expect(row[PRICE_HEADERS.indexOf("$ per 1K requests")]).toBe(5);
    // The custom functions charge it: one request per interaction.
    const cost = await page.evaluate(() =>
      (window as unknown as { __host: { functions: Record<string, (...a: unknown[]) => number> } }).__host.functions.COSTPERINTERACTION(
        0,
        0,
        "gpt-4.1",
      ),
    );
    expect(cost).toBeCloseTo(0.005, 12);
    await page.close();
  });
});

describe("price flags in the table", () => {
  it("marks rows held at an unconditional time-of-day rate, with the reason for screen readers", async () => {
    const { page } = await open();
    await page.getByRole("searchbox", { name: "Search models" }).fill("deepseek-chat");
    const row = page.locator('tbody tr[data-model="deepseek-chat"]');
    await row.getByText("time of day").waitFor();
    expect(await row.getByLabel(/time of day: Another rate applies at some times of day/).count()).toBe(1);
    await page.getByRole("searchbox", { name: "Search models" }).fill("gpt-4o");
    expect(await page.locator('tbody tr[data-model="gpt-4o"]').getByText("time of day").count()).toBe(0);
    await page.close();
  });
});

describe("a price file is data, not code", () => {
  it("refuses a negative or infinite tiered price naming the model, offers hostile ids as new models and writes them as text, and a catastrophic regex does not stall the pane", async () => {
    const { page, host } = await open();
    const before = await writes(host);
    const tiered = (base: string) => {
      const data = structuredClone(providers);
      const gpt4o = data.find((p) => p.id === "openai")!.models.find((m) => m.id === "gpt-4o")!;
      gpt4o.prices = { input_mtok: { base: 1234567, tiers: [{ start: 200000, price: 5 }] }, output_mtok: 10 } as never;
      return Buffer.from(JSON.stringify(data).replace("1234567", base));
    };
    await page.setInputFiles('input[type="file"]', { name: "neg.json", mimeType: "application/json", buffer: tiered("-3") });
    await page
      .getByText(/model 'openai\/gpt-4o' has input_mtok base = -3: every price must be a number of 0 or more.*Nothing was changed/)
      .waitFor();
    await page.setInputFiles('input[type="file"]', { name: "big.json", mimeType: "application/json", buffer: tiered("1e400") });
    await page.getByText(/model 'openai\/gpt-4o' has input_mtok base = Infinity/).waitFor();
    expect(await writes(host)).toBe(before);

    const hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)"];
    const data = structuredClone(providers);
    const openai = data.find((p) => p.id === "openai")!;
    openai.model_match = { or: [{ regex: "^(a+)+$" }, ...((openai.model_match as { or?: unknown[] })?.or ?? [])] } as never;
    for (const id of hostile)
      openai.models.push({ id, match: { or: [{ regex: "^(a+)+$" }, { equals: id }] }, prices: { input_mtok: 1, output_mtok: 2 } } as never);
    openai.models.push({ id: `${"a".repeat(40)}!`, match: { regex: "^(a+)+$" }, prices: { input_mtok: 1, output_mtok: 2 } } as never);
    await page.setInputFiles('input[type="file"]', {
      name: "data.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(data)),
    });
    const preview = page.getByRole("group", { name: "Update from a price file" });
    await preview.getByRole("checkbox", { name: /^Add \d+ new models of the providers in the table/ }).check();
    await preview.getByRole("button", { name: /^Apply \d+ change/ }).click();
    await page.getByText(/^Applied \d+ changes? from the price file/).waitFor();
    const body = (await host.state()).book.table!.body;
    for (const id of hostile) expect(body.map((r) => landsAs(r[0] as string))).toContainEqual({ kind: "text", text: id });
    expect(body.every((r) => ["text"].includes(landsAs(r[0] as string).kind))).toBe(true);
    // The pane lists them by their names, as Excel reads them back.
    await page.getByRole("searchbox", { name: "Search models" }).fill("HYPERLINK");
    await page.locator("tbody tr").filter({ hasText: hostile[0] }).first().waitFor();
    await page.close();
  });
});
