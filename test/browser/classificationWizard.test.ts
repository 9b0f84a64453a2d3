// Walks the classification wizard in headless Chromium against the built dist/ (npx webpack
// --mode production first). Office.js is answered with a stub whose Excel.run drives the same fake
// workbook the workbook tests use (test/support/classifyHost.ts), so the test can check the table,
// the formulas written, the summary, and the syncs of every Excel.run.
import type { Browser, Locator, Page } from "playwright-core";
import type { FakeExcelInit } from "../support/classifyHost";
import { COST_LINES_HEADER_AND_TWO } from "../support/costLines";
import { landsAs } from "../support/excelText";
import { OFFICE_JS, ORIGIN, openFakeExcelPane } from "../support/fakeExcelPane";
import { launchChromium } from "../support/paneHost";

const T = "AIECON_Classification";
const SHEET = "AI Classification";

const WORKBOOK: FakeExcelInit = {
  sheets: {
    Costs: {
      ...COST_LINES_HEADER_AND_TWO,
      A4: "Coding assistant",
      B4: 800,
      C4: "Anthropic",
      D4: "Internal inference",
      A5: "Live model fine-tune",
      B5: 1500,
      D5: "Post-deployment fine-tuning",
      A6: "Contract eval suite",
      B6: 600,
      D6: "Monitoring and evaluation",
      A7: "Vector DB cluster",
      B7: 2000,
      C7: "Pinecone",
      D7: "infra",
    },
    Model: { A3: "Revenue ($ / month)", B3: 100000 },
  },
  selection: "Costs!A1:D7",
};

let browser: Browser;
let page: Page;
let requests: string[];
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, requests, pageErrors } = await openFakeExcelPane(browser, WORKBOOK));
});

afterAll(async () => {
  await browser?.close();
});

const line = (workload: string): Locator => page.getByRole("region", { name: `Cost line ${workload}` });
const result = (workload: string): Locator => line(workload).getByRole("status");
/** Waits (up to 5 s) until the locator's text matches: React renders after the event that changed it. */
async function textOf(locator: Locator, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  let text = "";
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? "";
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`text ${JSON.stringify(text)} never matched ${pattern}`);
}
const fake = <R>(body: string): Promise<R> => page.evaluate(`(function (fake) { return ${body}; })(window.__fake)`) as Promise<R>;

it("classifies one line of each bucket and a mixed line, shows each result, and writes an auditable table", async () => {
  await page.getByRole("tab", { name: "Classify costs" }).click();
  await page.getByRole("button", { name: "Use selected range" }).click();
  await page.getByText("6 cost lines read from Costs!A1:D7.").waitFor();

  // Buckets with one rule need no question: the result shows at once, with its rationale.
  await textOf(result("Base model training"), /OpEx.*Training \(incl\. pre-release fine-tuning, experiments\) is never COGS/);
  expect(await line("Base model training").getByRole("radio").count()).toBe(0);
  await textOf(result("Coding assistant"), /OpEx.*dev tools, testing, employee-facing apps/);

  // Customer-facing inference asks only "production?".
  expect(await line("Support chat (prod)").getByRole("radiogroup").count()).toBe(1);
  await textOf(result("Support chat (prod)"), /Answer the questions/);
  await line("Support chat (prod)").getByRole("radio", { name: "Yes" }).check();
  await textOf(result("Support chat (prod)"), /COGS.*production calls serving customers are COGS/);

  // Fine-tuning asks "exploratory?"; monitoring asks "contractually required?".
  await expect(
    line("Live model fine-tune")
      .getByText(/exploratory run for a future model version/)
      .count(),
  ).resolves.toBe(1);
  await line("Live model fine-tune").getByRole("radio", { name: "No" }).check();
  await textOf(result("Live model fine-tune"), /^COGS.*runs improving the live production model/);
  await expect(
    line("Contract eval suite")
      .getByText(/contractually required for delivery/)
      .count(),
  ).resolves.toBe(1);
  await line("Contract eval suite").getByRole("radio", { name: "Yes" }).check();
  await textOf(result("Contract eval suite"), /^COGS/);

  // A mixed line asks the allocation % and driver, and needs both.
  await line("Vector DB cluster")
    .getByRole("radio", { name: /Partly/ })
    .check();
  await line("Vector DB cluster").getByLabel("COGS share (%)").fill("75");
  await textOf(result("Vector DB cluster"), /allocation driver/);
  await line("Vector DB cluster").getByLabel("Allocation driver").fill("share of queries");
  await textOf(result("Vector DB cluster"), /^Mixed75% COGSMixed: 75% COGS by share of queries/);

  // A line typed in, with plain "Inference": the wizard asks customer-facing first.
  await page.getByLabel("Workload", { exact: true }).fill("Sales email drafts");
  await page.getByLabel("Monthly cost ($ / month)").fill("250");
  await page.getByRole("button", { name: "Add line" }).click();
  await line("Sales email drafts").getByLabel("Cost bucket").selectOption("inference");
  await line("Sales email drafts").getByRole("radio", { name: "No" }).check();
  await textOf(result("Sales email drafts"), /^OpEx.*Internal inference/);

  await page.getByLabel("Revenue cell ($ / month, optional)").fill("Model!B3");
  await page.getByRole("button", { name: "Write classification to workbook" }).click();
  await page.getByText(`Written: 7 new and 0 updated lines in '${SHEET}'!A1:L8.`).waitFor();

  expect(await fake<string>(`fake.inspect.table("${T}")`)).toBe(`'${SHEET}'!A1:L8`);
  const rows = await fake<unknown[][]>(`fake.inspect.cells("'${SHEET}'!A2:J8")`);
  expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual([
    ["Support chat (prod)", "Customer-facing inference", 12000, "COGS", 1],
    ["Base model training", "Training", 3000, "OpEx", 0],
    ["Coding assistant", "Internal inference", 800, "OpEx", 0],
    ["Live model fine-tune", "Post-deployment fine-tuning", 1500, "COGS", 1],
    ["Contract eval suite", "Monitoring and evaluation", 600, "COGS", 1],
    ["Vector DB cluster", "Infrastructure", 2000, "Mixed", 0.75],
    ["Sales email drafts", "Internal inference", 250, "OpEx", 0],
  ]);
  for (const r of rows) expect([r[5], r[6]]).toEqual(["=[@[Monthly $]]*[@[COGS %]]", "=[@[Monthly $]]-[@[COGS $]]"]);
  expect(rows[5][9]).toBe("share of queries");
  expect(await fake<unknown[][]>(`fake.inspect.cells("'${SHEET}'!O2:O9")`)).toEqual([
    [`=SUM(${T}[[Monthly $]])`],
    [`=SUM(${T}[[COGS $]])`],
    [`=SUM(${T}[[OpEx $]])`],
    [`=SUMIFS(${T}[[Monthly $]],${T}[[Classification]],"Mixed")`],
    [`=IF($O$2=0,"",SUMPRODUCT(${T}[[Monthly $]],${T}[[COGS %]])/$O$2)`],
    ["=Model!B3"],
    [`=IF(N($O$7)>0,$O$3/$O$7,"")`],
    [`=IF($O$8="","",-$O$8)`],
  ]);
  // The source range is untouched.
  expect(await fake<unknown>(`fake.inspect.cell("Costs", "A2")`)).toBe("Support chat (prod)");

  // Re-run: a changed allocation updates the row in place and is flagged.
  await line("Vector DB cluster").getByLabel("COGS share (%)").fill("80");
  await page.getByRole("button", { name: "Write classification to workbook" }).click();
  await page.getByText(/Written: 0 new and 7 updated lines.*Classification changed since the last run.*: Vector DB cluster\./).waitFor();
  expect(await fake<string>(`fake.inspect.table("${T}")`)).toBe(`'${SHEET}'!A1:L8`);
  expect(await fake<unknown>(`fake.inspect.cell("${SHEET}", "E7")`)).toBe(0.8);
  expect(await fake<string>(`fake.inspect.cell("${SHEET}", "K7")`)).toMatch(
    /^CHANGED since \d{4}-\d\d-\d\d: Mixed \(75% COGS\) → Mixed \(80% COGS\)/,
  );
  expect(await fake<unknown>(`fake.inspect.cell("${SHEET}", "K2")`)).toBeUndefined();

  // Earlier answers come back as defaults: drop the line, pick the range again.
  await line("Vector DB cluster").getByRole("button", { name: "Remove" }).click();
  await page.getByRole("button", { name: "Use selected range" }).click();
  await textOf(line("Vector DB cluster"), /Answers from the run of \d{4}-\d\d-\d\d are filled in\./);
  await textOf(result("Vector DB cluster"), /^Mixed80% COGSMixed: 80% COGS by share of queries/);
  expect(await line("Vector DB cluster").getByLabel("Allocation driver").inputValue()).toBe("share of queries");
  expect(await page.getByRole("region", { name: /^Cost line / }).count()).toBe(7);

  const syncsPerRun = await page.evaluate(() => (window as unknown as { __syncsPerRun: number[] }).__syncsPerRun);
  expect(syncsPerRun.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...syncsPerRun)).toBeLessThanOrEqual(2);

  expect(pageErrors).toEqual([]);
  const outside = requests.filter((u) => !u.startsWith(ORIGIN) && u !== OFFICE_JS);
  expect(outside).toEqual([]);
});

it("says that new rows push the cells under the table down (as table.rows.add does), and keeps focus on the outcome", async () => {
  await fake<void>(`fake.inspect.setCell("${SHEET}", "A9", "a note under the table")`);
  await page.getByLabel("Workload", { exact: true }).fill("Chatbot evals");
  await page.getByLabel("Monthly cost ($ / month)").fill("90");
  await page.keyboard.press("Enter");
  await line("Chatbot evals").getByLabel("Cost bucket").selectOption("training");
  await page.getByRole("button", { name: "Write classification to workbook" }).click();
  const warning = page.getByText(
    `Adding 1 line inserts 1 row into the table, and Excel moves the cells under it down 1 row: '${SHEET}'!A9. Their values are kept and formulas that refer to them follow.`,
  );
  await warning.waitFor();
  expect(await page.getByText(/would be overwritten/).count()).toBe(0);
  // Focus moved to the question, not to the page body.
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/^Adding 1 line inserts 1 row.*Write anyway\?/);
  await page.getByRole("button", { name: "Write anyway" }).click();
  await page.getByText(/Written: 1 new and 7 updated lines/).waitFor();
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/^Written: 1 new and 7 updated lines/);
  expect(await fake<string>(`fake.inspect.table("${T}")`)).toBe(`'${SHEET}'!A1:L9`);
});

it("workload names and drivers starting with = + - @ stay text in the table, also when a re-run writes the rows back", async () => {
  const hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)"];
  const { page: p } = await openFakeExcelPane(browser, {
    // In the source range they are text, as Excel holds them: quote-prefixed.
    sheets: {
      Costs: {
        A1: "Workload",
        B1: "Monthly $",
        C1: "Bucket",
        ...Object.fromEntries(
          hostile.flatMap((w, i) => [
            [`A${i + 2}`, `'${w}`],
            [`B${i + 2}`, 100 * (i + 1)],
            [`C${i + 2}`, "Training"],
          ]),
        ),
      },
    },
    selection: `Costs!A1:C${hostile.length + 1}`,
  });
  const inspect = <R>(body: string): Promise<R> => p.evaluate(`(function (fake) { return ${body}; })(window.__fake)`) as Promise<R>;
  await p.getByRole("tab", { name: "Classify costs" }).click();
  await p.getByRole("button", { name: "Use selected range" }).click();
  await p.getByText(`${hostile.length} cost lines read from Costs!A1:C${hostile.length + 1}.`).waitFor();
  await p.getByLabel("Workload", { exact: true }).fill("-Shared infra");
  await p.getByLabel("Monthly cost ($ / month)").fill("50");
  await p.getByRole("button", { name: "Add line" }).click();
  const shared = p.getByRole("region", { name: "Cost line -Shared infra" });
  await shared.getByLabel("Cost bucket").selectOption("infrastructure");
  await shared.getByRole("radio", { name: /Partly/ }).check();
  await shared.getByLabel("COGS share (%)").fill("40");
  await shared.getByLabel("Allocation driver").fill('=WEBSERVICE("http://evil")');
  await p.getByRole("button", { name: "Write classification to workbook" }).click();
  await p.getByText(/^Written: 4 new and 0 updated lines/).waitFor();
  const rows = () => inspect<unknown[][]>(`fake.inspect.cells("'${SHEET}'!A2:J5")`);
  const texts = (cells: unknown[]) => cells.map((c) => landsAs(c as string));
  expect(texts((await rows()).map((r) => r[0]))).toEqual([...hostile, "-Shared infra"].map((text) => ({ kind: "text", text })));
  expect(landsAs((await rows())[3][9] as string)).toEqual({ kind: "text", text: '=WEBSERVICE("http://evil")' });
  // Drop one line and write again: the table body is rewritten, the dropped line's row from what was read back.
  await p
    .getByRole("region", { name: `Cost line ${hostile[0]}` })
    .getByRole("button", { name: "Remove" })
    .click();
  await p.getByRole("button", { name: "Write classification to workbook" }).click();
  await p.getByText(/^Written: 0 new and 3 updated lines/).waitFor();
  expect(texts((await rows()).map((r) => r[0]))).toEqual([...hostile, "-Shared infra"].map((text) => ({ kind: "text", text })));
  expect(landsAs((await rows())[3][9] as string).kind).toBe("text");
  await p.close();
});
