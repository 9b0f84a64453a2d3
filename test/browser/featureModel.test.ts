// A real-browser walk of "New feature cost model" and the model comparison in the built pane
// (npx webpack --mode production first). Office.js is answered with a stub whose Excel.run drives
// the fake workbook of test/support/classifyHost.ts and counts syncs per run. The test asserts the
// formulas written (references, not numbers), the syncs, and then recalculates the written sheet in
// HyperFormula with the AIECON functions registered: the domain's normal-user figures from a new
// model, and the power-user figures after re-opening the form on that sheet and editing in place.
import { DetailedCellError } from "hyperformula";
import type { Browser, Page } from "playwright-core";
import type { ModelPrice } from "../../src/calc/prices";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { isBuiltScript } from "../../scripts/build/builtFiles.cjs";
import { cellAddress } from "../../src/sheetModel/refs";
import { PRICE_HEADERS, toTableRow } from "../../src/sheetModel/priceTable";
import { CHART_NAMES, FEATURE_INPUTS, FEATURE_OUTPUTS as O } from "../../src/sheetModel/featureModelSpec";
import type { FakeExcelInit } from "../support/classifyHost";
import { landsAs } from "../support/excelText";
import { OFFICE_JS, ORIGIN, openFakeExcelPane } from "../support/fakeExcelPane";
import { launchChromium } from "../support/paneHost";
import { loadWorkbook } from "../support/hyperformulaAiecon";

const SHEET = "Support chat cost";

const price = (model: string, input: number, output: number, cachedInput: number | null = null): ModelPrice =>
  ({
    model,
    provider: "inhouse",
    input,
    output,
    cachedInput,
    cacheWrite: null,
    contextWindow: 128000,
    asOf: "2026-11-01",
    source: "user",
    tiered: false,
  }) as unknown as ModelPrice;
// domain.md §4: ~2,000 tokens at $0.01 per 1,000 (normal) and ~5,000 at $0.05 per 1,000 (power).
const PRICES = [price("normal-llm", 10, 10), price("power-llm", 50, 50, 5), price("small-llm", 1, 1)];

const priceSheet: Record<string, unknown> = {};
[[...PRICE_HEADERS], ...PRICES.map(toTableRow)].forEach((row, r) =>
  row.forEach((v, c) => {
    if (v !== "" && v !== null) priceSheet[cellAddress(r + 1, c + 1)] = v;
  }),
);
const WORKBOOK: FakeExcelInit = {
  sheets: { Budget: { A1: "Plan" }, "AI Prices": priceSheet },
  tables: [{ name: "AIECON_Prices", address: `'AI Prices'!A1:${cellAddress(PRICES.length + 1, PRICE_HEADERS.length)}` }],
};

let browser: Browser;
let page: Page;
let requests: string[];
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  ({ page, requests, pageErrors } = await openFakeExcelPane(browser, WORKBOOK, { width: 450, height: 900 }));
  priceRuntime.setWorkbookPrices(PRICES);
});

afterAll(async () => {
  priceRuntime.setWorkbookPrices([]);
  await browser?.close();
});

const fake = <R>(body: string): Promise<R> => page.evaluate(`(function (fake) { return ${body}; })(window.__fake)`) as Promise<R>;
const syncsPerRun = () => page.evaluate(() => (window as unknown as { __syncsPerRun: number[] }).__syncsPerRun.slice());
const form = () => page.getByRole("form", { name: "New feature cost model" });
const field = (label: string) => form().getByLabel(label, { exact: true });

async function chooseModel(label: string, model: string) {
  const box = form().getByRole("combobox", { name: label, exact: true });
  await box.click(); // opens the list
  await box.fill(model);
  // The list offers it with its prices; the typed name is the choice.
  await page
    .getByRole("option", { name: new RegExp(`^${model}\\s*inhouse · in \\$\\d+ / out \\$\\d+ per 1M`) })
    .waitFor({ state: "attached" });
  await box.press("Escape");
}

/** The written sheet recalculated by HyperFormula with AIECON.* registered. */
async function recalculated() {
  const cells = await fake<Record<string, string | number>>(`fake.inspect.sheetCells(${JSON.stringify(SHEET)})`);
  const wb = loadWorkbook({ [SHEET]: cells });
  return (address: string) => {
    const v = wb.value(SHEET, address);
    if (typeof v !== "number") throw new Error(`${address} is ${v instanceof DetailedCellError ? `${v.value} ${v.message}` : String(v)}`);
    return v;
  };
}

it("writes a new feature model from guided inputs: live formulas, cost tree, comparison, charts, in two syncs; normal-user figures", async () => {
  await page.getByRole("tab", { name: "Model" }).click();
  await form().waitFor();
  await form()
    .getByRole("button", { name: /^Write feature model$/ })
    .click();
  // Errors sit beside their field, in the pane's words.
  await form().getByText("Enter the feature's name, e.g. Support chat.").waitFor();
  expect(await field("Feature name").evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await fake<string[]>("fake.inspect.sheetNames()")).toEqual(["Budget", "AI Prices"]);

  await field("Feature name").fill("Support chat");
  await chooseModel("Model", "normal-llm");
  await field("System prompt (tokens)").fill("1000");
  await field("Context (tokens)").fill("500");
  await field("User query (tokens)").fill("300");
  await field("Response (output tokens)").fill("200");
  await field("Interactions per user per month").fill("50");
  await field("Active users").fill("1,000");
  await field("ARPU ($ per user per month)").fill("100");
  // Compare three models found by search.
  await form().getByLabel("Find a model to compare").fill("llm");
  for (const model of ["power-llm", "normal-llm", "small-llm"])
    await form()
      .getByRole("button", { name: `Add ${model} to the comparison` })
      .click();

  // The cache is written once per 10 calls; a pricing date that is not a date is refused beside its field.
  await field("Calls per prompt-cache write").fill("10");
  await field("Pricing date (yyyy-mm-dd)").fill("2026-13-01");
  await form().getByRole("button", { name: "Write feature model" }).click();
  await form().getByText("'2026-13-01' is not a date").waitFor();
  expect(await fake<string[]>("fake.inspect.sheetNames()")).toEqual(["Budget", "AI Prices"]);
  await field("Pricing date (yyyy-mm-dd)").fill("");

  const runsBefore = (await syncsPerRun()).length;
  await form().getByRole("button", { name: "Write feature model" }).click();
  await page.getByText(`Wrote the model on the new sheet '${SHEET}'. Nothing else was changed.`).waitFor();
  const runs = (await syncsPerRun()).slice(runsBefore);
  expect(runs).toEqual([2]);
  expect(await fake<string[]>("fake.inspect.sheetNames()")).toEqual(["Budget", "AI Prices", SHEET]);
  expect(await fake<unknown>(`fake.inspect.cell("Budget", "A1")`)).toBe("Plan");

  const cell = (address: string) => fake<unknown>(`fake.inspect.cell(${JSON.stringify(SHEET)}, ${JSON.stringify(address)})`);
  // Inputs are values; everything else refers to them.
  expect(await cell(FEATURE_INPUTS.model)).toBe("normal-llm");
  expect(await cell(FEATURE_INPUTS.perMonth)).toBe(50);
  expect(await cell(FEATURE_INPUTS.callsPerCacheWrite)).toBe(10);
  // Expected cache-write tokens per interaction: a live formula over the inputs, read by the costs.
  expect(await cell("H29")).toBe("=IF(N(B17)>0,B10/B17,0)");
  expect(await cell("B15")).toBe("=B10+B11+B12");
  expect(await cell("C29")).toBe("=B5");
  expect(await cell("D29")).toBe("=B15");
  expect(await cell("A34")).toBe('=AIECON.COSTTREE(A26:H31,"breakdown",B8)');
  expect(await cell(O.primaryCost)).toBe("=AIECON.COSTPERINTERACTION(B15,B13,B5,,B16,,H29,,B8)");
  expect(await cell(O.treeCost)).toBe("=AIECON.COSTTREE(A26:H31,,B8)");
  expect(await cell(O.costPerUser)).toBe("=AIECON.COSTPERUSER(B44,B21)");
  expect(await cell(O.marginImpact)).toBe("=AIECON.MARGINIMPACT(B47,B23)");
  expect(await cell(O.tokensPerUser)).toBe("=B46*B21");
  expect(await cell("I27")).toBe("power-llm");
  expect(await cell("J27")).toBe("=AIECON.COSTPERINTERACTION($B$15,$B$13,I27,,$B$16,,$H$29,,$B$8)");
  expect(await cell("N27")).toBe('=COUNTIF(J$27:J$29,"<"&J27)+COUNTIF(J$27:J27,J27)');
  expect(await cell("O27")).toBe('=IF(I27=$B$5,"◀ chosen","")');
  expect(await cell("J33")).toBe("=INDEX(I$27:I$29,MATCH(I33,N$27:N$29,0))");
  const charts = await fake<{ name: string; type: string; source: string }[]>("fake.inspect.charts()");
  expect(charts.map((c) => [c.name, c.type, c.source])).toEqual([
    [CHART_NAMES.perUser, "ColumnClustered", `'${SHEET}'!E43:E45`],
    [CHART_NAMES.comparison, "BarClustered", `'${SHEET}'!K32:K35`],
    [CHART_NAMES.tornado, "BarStacked", `'${SHEET}'!C89:D97`],
  ]);
  // The tornado's ends are input cells (±25%), its ranking formulas.
  expect([await cell("C79"), await cell("D79")]).toEqual([-0.25, 0.25]);
  expect(await cell("J79")).toBe('=COUNTIF($I$79:$I$86,">"&I79)+COUNTIF(I$79:I79,I79)');
  expect(await fake<unknown>(`fake.inspect.styleOf(${JSON.stringify(SHEET)}, "B10")`)).toEqual({
    "fill.color": "#FFF2CC",
    "font.color": "#0000FF",
  });

  const num = await recalculated();
  expect(num(O.treeCost)).toBeCloseTo(0.02, 12);
  expect(num(O.costPerUser)).toBeCloseTo(1.0, 12);
  expect(num(O.marginImpact)).toBeCloseTo(0.01, 12);
  expect(num("K33")).toBeCloseTo(0.002 * 50, 12); // cheapest first: small-llm
  // Tornado: 50 interactions at ±25% move cost per user by ±$0.25.
  expect([num("E79"), num("F79")]).toEqual([expect.closeTo(0.75, 12), expect.closeTo(1.25, 12)]);
});

it("re-opened on the sheet it wrote, edits the inputs in place (power user) in two syncs, with no second sheet", async () => {
  await page.getByRole("button", { name: "Start a new model instead" }).click();
  await page.getByRole("button", { name: "Edit the model on the active sheet" }).click();
  await page.getByText(`Editing the model on '${SHEET}': Write changes its input cells in place.`).waitFor();
  expect(await field("Feature name").inputValue()).toBe("Support chat");
  expect(await field("System prompt (tokens)").inputValue()).toBe("1000");

  await chooseModel("Model", "power-llm");
  await field("System prompt (tokens)").fill("2500");
  await field("Context (tokens)").fill("1500");
  await field("User query (tokens)").fill("500");
  await field("Response (output tokens)").fill("500");
  await field("Interactions per user per month").fill("500");
  await form().getByRole("button", { name: "Remove small-llm from the comparison" }).click();
  const runsBefore = (await syncsPerRun()).length;
  await form()
    .getByRole("button", { name: `Update '${SHEET}'` })
    .click();
  await page.getByText(`Updated the inputs on '${SHEET}'; its formulas recalculate.`).waitFor();
  expect((await syncsPerRun()).slice(runsBefore)).toEqual([2]);
  expect(await fake<string[]>("fake.inspect.sheetNames()")).toEqual(["Budget", "AI Prices", SHEET]);
  expect(await fake<unknown>(`fake.inspect.cell(${JSON.stringify(SHEET)}, "B44")`)).toBe("=AIECON.COSTTREE(A26:H31,,B8)");
  expect(await fake<unknown>(`fake.inspect.cell(${JSON.stringify(SHEET)}, "I29")`)).toBeUndefined();

  const num = await recalculated();
  expect(num(O.treeCost)).toBeCloseTo(0.25, 12);
  expect(num(O.costPerUser)).toBeCloseTo(125, 9);
  expect(num(O.marginImpact)).toBeCloseTo(1.25, 12);
  expect(await fake<unknown>(`fake.inspect.cell(${JSON.stringify(SHEET)}, "O27")`)).toBe('=IF(I27=$B$5,"◀ chosen","")');

  expect(pageErrors).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(ORIGIN) && u !== OFFICE_JS)).toEqual([]);
});

it("counts a pasted prompt's tokens on demand (the tokenizer chunk loads then, from the add-in's origin) and uses the estimate", async () => {
  const tokenizer = (u: string) => isBuiltScript(u, "tokenizer");
  expect(requests.some(tokenizer)).toBe(false);
  await form().getByText("Count tokens of a text (estimate)").click();
  await form().getByLabel("Text to count").fill("hello world");
  await form().getByLabel("Use the count for").selectOption({ label: "Context (tokens)" });
  await form().getByRole("button", { name: "Count tokens" }).click();
  await form().getByText("≈ 2 tokens (estimate: OpenAI's o200k tokenizer; other vendors count differently).").waitFor();
  const fetched = requests.filter(tokenizer);
  expect(fetched).toHaveLength(1);
  expect(fetched[0].startsWith(ORIGIN)).toBe(true);
  await form().getByRole("button", { name: "Use this count" }).click();
  expect(await field("Context (tokens)").inputValue()).toBe("2");
});

it("a feature name and a model name starting with - or @ land on the sheet as text, and the title formula shows them", async () => {
  // The workbook's price table lists a model named "@my-llm" (text in its cell, as Excel holds it).
  const rows = [...PRICES, price("@my-llm", 1, 1)];
  const sheetCells: Record<string, unknown> = {};
  [[...PRICE_HEADERS], ...rows.map(toTableRow)].forEach((row, r) =>
    row.forEach((v, c) => {
      if (v !== "" && v !== null) sheetCells[cellAddress(r + 1, c + 1)] = typeof v === "string" && v.startsWith("@") ? `'${v}` : v;
    }),
  );
  const { page: p } = await openFakeExcelPane(
    browser,
    {
      sheets: { "AI Prices": sheetCells },
      tables: [{ name: "AIECON_Prices", address: `'AI Prices'!A1:${cellAddress(rows.length + 1, PRICE_HEADERS.length)}` }],
    },
    { width: 450, height: 900 },
  );
  const f = () => p.getByRole("form", { name: "New feature cost model" });
  await p.getByRole("tab", { name: "Model" }).click();
  await f().waitFor();
  await f().getByLabel("Feature name", { exact: true }).fill("-Support chat");
  const box = f().getByRole("combobox", { name: "Model", exact: true });
  await box.click();
  await box.fill("@my-llm");
  await box.press("Escape");
  for (const [label, value] of [
    ["System prompt (tokens)", "1000"],
    ["Context (tokens)", "0"],
    ["User query (tokens)", "100"],
    ["Response (output tokens)", "100"],
    ["Interactions per user per month", "10"],
    ["Active users", "10"],
    ["ARPU ($ per user per month)", "10"],
  ])
    await f().getByLabel(label, { exact: true }).fill(value);
  await f().getByRole("button", { name: "Write feature model" }).click();
  await p.getByText(/^Wrote the model on the new sheet '.*'\. Nothing else was changed\./).waitFor();
  const names = await p.evaluate(() =>
    (window as unknown as { __fake: { inspect: { sheetNames(): string[] } } }).__fake.inspect.sheetNames(),
  );
  const sheet = names.at(-1)!;
  const cell = (address: string) =>
    p.evaluate(`window.__fake.inspect.cell(${JSON.stringify(sheet)}, ${JSON.stringify(address)})`) as Promise<unknown>;
  expect(landsAs((await cell(FEATURE_INPUTS.feature)) as string)).toEqual({ kind: "text", text: "-Support chat" });
  expect(landsAs((await cell(FEATURE_INPUTS.model)) as string)).toEqual({ kind: "text", text: "@my-llm" });
  // Recalculated, the title reads the name as text; the formulas refer to the cell, never embed it.
  const cells = (await p.evaluate(`window.__fake.inspect.sheetCells(${JSON.stringify(sheet)})`)) as Record<string, string | number>;
  expect(loadWorkbook({ [sheet]: cells }).value(sheet, "A1")).toBe("-Support chat: AI feature cost model");
  await p.close();
});
