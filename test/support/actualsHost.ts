// A stand-in for Excel in a real browser for the Actuals tab: answers the Office.js CDN URL with a
// stub whose Excel.run works over the one fake Excel (./fakeExcel) holding the book's tables, sheets
// and settings (./fakeExcel/tableBook), counts syncs per Excel.run, keeps what was written to ranges
// outside tables and records formatting and charts as calls; dist/ is served from a made-up origin.
import type { Page, Route } from "playwright-core";
import type { Cell } from "../../src/sheetModel/priceTable";

import { createFakeExcel } from "./fakeExcel/fakeExcel";
import { installOfficeGlobals } from "./fakeExcel/officeGlobals";
import { bindTableBook } from "./fakeExcel/tableBook";
import { ADDIN_ORIGIN, DIST, OFFICE_JS_URL, fulfillFromDist } from "./paneHost";

export { ADDIN_ORIGIN, DIST, OFFICE_JS_URL };

export interface ActualsHostBook {
  sheets: string[];
  tables: Record<string, { sheet: string; header: Cell[]; body: Cell[][] }>;
  settings: Record<string, string>;
  /** Values or formulas written to ranges of sheets the add-in created, by "Sheet!A1:B2". */
  ranges: Record<string, Cell[][]>;
  /** Formatting, number formats and charts the add-in asked for, by path. */
  calls: Array<{ path: string; value?: unknown; args?: unknown[] }>;
  /** Syncs of each Excel.run, in order. */
  runs: number[];
}

/**
 * Runs in the page (serialised with the fake Excel's factory and the table book binding, so it
 * refers to nothing outside). window.__book is the test's handle on the book.
 */
function actualsHostPage(core: any, bindBook: any, installOffice: any, book: ActualsHostBook): void {
  (window as any).__book = book;
  // A formula's value is its result; this host does not calculate, so it reads 0.
  const fake = core({}, { formulaValue: () => 0 });
  bindBook(fake, book);
  const clone = (v: unknown) => JSON.parse(JSON.stringify(v));
  fake.book.onOp((op: any) => {
    if (op.kind === "write" && !op.table && (op.prop === "values" || op.prop === "formulas"))
      book.ranges[`${op.sheet}!${op.address}`] = clone(op.value);
    else if (op.kind === "format") book.calls.push({ path: `${op.fullAddress}.${op.path}`, value: op.value });
    else if (op.kind === "numberFormat")
      book.calls.push({ path: `sheet[${op.sheet}].getRange(${op.address}).numberFormat`, value: clone(op.value) });
    else if (op.kind === "chart.add") book.calls.push({ path: `sheet[${op.sheet}].charts.add`, args: [op.type, op.source] });
  });
  // book.runs: the syncs of each Excel.run, in order.
  fake.state.onRun = (run: any) => (run.index = book.runs.push(0) - 1);
  const copyOut = fake.state.afterSync;
  fake.state.afterSync = (failure: unknown, context: any) => {
    copyOut(failure, context);
    if (context.__run) book.runs[context.__run.index] = context.__run.syncs;
  };
  (window as any).Excel = fake.excel;
  installOffice({ bodyBackgroundColor: "#ffffff" });
}

export interface ActualsHost {
  readonly requests: string[];
  book(): Promise<ActualsHostBook>;
}

export async function attachActualsHost(page: Page, init: Partial<ActualsHostBook> = {}): Promise<ActualsHost> {
  const book: ActualsHostBook = { sheets: ["Sheet1"], tables: {}, settings: {}, ranges: {}, calls: [], runs: [], ...init };
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.context().route("**/*", async (route: Route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL)
      return route.fulfill({
        contentType: "application/javascript",
        body: `(${actualsHostPage.toString()})(${createFakeExcel.toString()}, ${bindTableBook.toString()}, ${installOfficeGlobals.toString()}, ${JSON.stringify(book)});`,
      });
    if (url.startsWith(`${ADDIN_ORIGIN}/`)) return fulfillFromDist(route, url);
    return route.abort("blockedbyclient");
  });
  return { requests, book: () => page.evaluate(() => (window as unknown as { __book: ActualsHostBook }).__book) };
}
