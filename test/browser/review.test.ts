// "Review against actuals" in the built pane (npx webpack --mode production first), over the fake
// workbook of test/support/classifyHost.ts: a sheet the feature form wrote, AIECON_Actuals (with
// request counts, then without) and AIECON_Usage. The review sheet is written in one sync after two
// reads, its formulas read the feature sheet and both tables, the latest month becomes a stacked
// waterfall, a second run refreshes it in place keeping the user's threshold, and a sheet the form did
// not write is refused next to the button. The formulas' numbers are checked in
// test/libreoffice/review.libreoffice.test.ts (LibreOffice computes them; this fake stores formulas).
import type { Browser, Page } from "playwright-core";
import { ACTUALS_COLUMNS, monthSerial } from "../../src/sheetModel/actualsLayout";
import { LAYOUT_LABELS } from "../../src/sheetModel/featureModelSpec";
import { HEADER_ROW, REVIEW_CHART } from "../../src/sheetModel/reviewSpec";
import { USAGE_COLUMNS } from "../../src/sheetModel/usageLayout";
import { cellAddress } from "../../src/sheetModel/refs";
import type { FakeExcelInit } from "../support/classifyHost";
import { openFakeExcelPane } from "../support/fakeExcelPane";
import { launchChromium } from "../support/paneHost";

const SHEET = "Support chat cost";
const REVIEW = "Support chat cost review";
const SEP = monthSerial("2025-09");
const OCT = monthSerial("2025-10");

function sheetOf(rows: unknown[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  rows.forEach((row, r) => row.forEach((v, c) => v !== "" && (out[cellAddress(r + 1, c + 1)] = v)));
  return out;
}

function workbook(requests: boolean): FakeExcelInit {
  const actuals = [
    [...ACTUALS_COLUMNS],
    [SEP, "OpenAI", "gpt-4o", "Support chat", 50_000_000, 0, 10_000_000, requests ? 20_000 : "", 310, 300, "OpenAI usage", 45964],
    [OCT, "OpenAI", "gpt-4o", "Support chat", 100_000_000, 0, 18_800_000, requests ? 36_000 : "", 480, 475.2, "OpenAI usage", 45964],
    [OCT, "OpenAI", "gpt-4o", "Search", 1_000, 0, 100, 10, 1, 1, "OpenAI usage", 45964],
  ];
  const usage = [[...USAGE_COLUMNS], [SEP, "Support chat", 200, 10_000], [OCT, "Support chat", 240, 12_000]];
  return {
    sheets: {
      [SHEET]: { ...LAYOUT_LABELS, B4: "Support chat", B21: 50, B22: 200, F27: 0, F28: 0, F29: 1, F30: 1, F31: 0, B44: 0.03, B46: 6000 },
      Budget: { A1: "Plan" },
      "AI Actuals": sheetOf(actuals),
      "AI Usage": sheetOf(usage),
    },
    active: SHEET,
    tables: [
      { name: "AIECON_Actuals", address: `'AI Actuals'!A1:L${actuals.length}` },
      { name: "AIECON_Usage", address: `'AI Usage'!A1:D${usage.length}` },
    ],
  };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(init: FakeExcelInit): Promise<{ page: Page; pageErrors: string[] }> {
  const { page, pageErrors } = await openFakeExcelPane(browser, init, { width: 320, height: 900 });
  await page.getByRole("tab", { name: "Model" }).click();
  await page.getByRole("button", { name: "Review against actuals" }).waitFor();
  return { page, pageErrors };
}

const fake = <R>(page: Page, body: string): Promise<R> =>
  page.evaluate(`(function (fake) { return ${body}; })(window.__fake)`) as Promise<R>;
const syncsPerRun = (page: Page) => page.evaluate(() => (window as unknown as { __syncsPerRun: number[] }).__syncsPerRun.slice());

it("writes the review of the active feature sheet: live formulas over the feature sheet and both tables, a waterfall, one write sync", async () => {
  const { page, pageErrors } = await open(workbook(true));
  await page.getByRole("button", { name: "Review against actuals" }).click();
  await page.getByText(`Wrote the review '${REVIEW}' (2 months).`).waitFor();
  expect((await syncsPerRun(page)).at(-1)).toBe(3); // two reads, then every write in one sync
  const cells = await fake<Record<string, unknown>>(page, `fake.inspect.sheetCells(${JSON.stringify(REVIEW)})`);
  const oct = HEADER_ROW + 2;
  expect(cells.A1).toBe(`='${SHEET}'!$B$4&": launch review against actuals"`);
  expect([cells[`A${oct}`], cells.B4, cells.B5]).toEqual([OCT, 0.25, "Priced $"]);
  expect(cells[`B${oct}`]).toBe(`='${SHEET}'!$B$22*'${SHEET}'!$B$21`);
  expect(cells[`C${oct}`]).toBe(`='${SHEET}'!$F$27+'${SHEET}'!$F$28+'${SHEET}'!$F$29*(1+'${SHEET}'!$F$30*(1+'${SHEET}'!$F$31))`);
  const feature = '"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($B$3,"~","~~"),"*","~*"),"?","~?")';
  expect(cells[`F${oct}`]).toBe(
    `=IF(SUMIFS(AIECON_Usage[User actions],AIECON_Usage[Month],$A${oct},AIECON_Usage[Feature],${feature})>0,SUMIFS(AIECON_Usage[User actions],AIECON_Usage[Month],$A${oct},AIECON_Usage[Feature],${feature}),"")`,
  );
  expect(cells[`G${oct}`]).toBe(`=IF(AND(N(F${oct})>0,U${oct}>0),U${oct}/F${oct},"")`);
  expect(cells[`U${oct}`]).toBe(`=SUMIFS(AIECON_Actuals[Requests],AIECON_Actuals[Month],$A${oct},AIECON_Actuals[Feature],${feature})`);
  expect(cells[`P${oct}`]).toBe(`=IF(COUNT($B${oct}:$I${oct})<8,"",AIECON.COSTBRIDGE($B${oct}:$E${oct},$F${oct}:$I${oct},"calls"))`);
  expect(cells.A6).toBeUndefined(); // requests are counted: nothing merged, nothing to explain
  const charts = await fake<Array<{ sheet: string; name: string; type: string; fills?: Record<number, string> }>>(
    page,
    "fake.inspect.charts()",
  );
  expect(charts.filter((c) => c.sheet === REVIEW)).toEqual([
    expect.objectContaining({ name: REVIEW_CHART, type: "ColumnStacked", fills: { 0: "none", 1: "#4472C4", 2: "#C00000", 3: "#70AD47" } }),
  ]);
  expect(await fake(page, `fake.inspect.styleOf(${JSON.stringify(REVIEW)}, "J${oct - 1}:M${oct}")`)).toMatchObject({
    conditionalFormat: "Custom",
    "rule.formula": `=AND(ISNUMBER(J${oct - 1}),ABS(J${oct - 1}-1)>$B$4)`,
  });

  // Run again from the feature sheet: refreshed in place, the user's threshold kept, still one chart.
  await fake(page, `(fake.inspect.setCell(${JSON.stringify(REVIEW)}, "B4", 0.1), fake.inspect.activate(${JSON.stringify(SHEET)}))`);
  await page.getByRole("button", { name: "Review against actuals" }).click();
  await page.getByText(`Refreshed the review '${REVIEW}' (2 months).`).waitFor();
  expect(await fake(page, `fake.inspect.cell(${JSON.stringify(REVIEW)}, "B4")`)).toBe(0.1);
  expect(await fake(page, "fake.inspect.sheetNames()")).toEqual([SHEET, "Budget", "AI Actuals", "AI Usage", REVIEW]);
  expect((await fake<Array<{ sheet: string }>>(page, "fake.inspect.charts()")).filter((c) => c.sheet === REVIEW)).toHaveLength(1);

  // Another sheet: refused next to the button, nothing written.
  await fake(page, `fake.inspect.activate("Budget")`);
  await page.getByRole("button", { name: "Review against actuals" }).click();
  await page
    .getByText("Select a sheet the feature form wrote (Model → New feature cost model), then choose Review against actuals.")
    .waitFor();
  expect(await fake(page, "fake.inspect.sheetNames()")).toHaveLength(5);
  expect(pageErrors).toEqual([]);
  await page.close();
});

it("merges calls and tokens into tokens per action when the exports carry no request counts, and says why", async () => {
  const { page } = await open(workbook(false));
  await page.getByRole("button", { name: "Review against actuals" }).click();
  await page.getByText(/^Wrote the review .* calls per action and tokens per call are merged/).waitFor();
  const cells = await fake<Record<string, unknown>>(page, `fake.inspect.sheetCells(${JSON.stringify(REVIEW)})`);
  const oct = HEADER_ROW + 2;
  expect(cells.A6).toMatch(/no request counts .* merged into tokens per action/);
  expect([cells[`C${HEADER_ROW}`], cells[`D${HEADER_ROW}`]]).toEqual(["Calls per action (merged: 1)", "Tokens per action"]);
  expect([cells[`C${oct}`], cells[`D${oct}`]]).toEqual(["=1", `='${SHEET}'!$B$46`]);
  expect(cells[`H${oct}`]).toBe(`=IF(AND(N(F${oct})>0,V${oct}>0),V${oct}/F${oct},"")`);
  await page.close();
});
