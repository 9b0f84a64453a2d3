// A stand-in for Excel in a real browser: answers the Office.js CDN URL with a stub that defines
// Office.onReady, Excel.run and CustomFunctions over the one fake Excel (./fakeExcel) holding the
// book's price and tier tables (./fakeExcel/priceBook), records every write and counts syncs per
// Excel.run, and serves dist/ from a made-up https origin. Every request the page makes is recorded,
// so a test can assert nothing leaves but the (stubbed) Office.js.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page, type Route } from "playwright-core";
import { createFakeExcel } from "./fakeExcel/fakeExcel";
import { installOfficeGlobals } from "./fakeExcel/officeGlobals";
import { bindPriceBook } from "./fakeExcel/priceBook";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const ADDIN_ORIGIN = "https://addin.test";
export const DIST = path.resolve(__dirname, "../../dist");

export type HostCell = string | number | boolean | null;

export interface HostBook {
  sheets: string[];
  table: { name: string; sheet: string; header: HostCell[]; body: HostCell[][] } | null;
  /** AIECON_PriceTiers, when the book has one. */
  tierTable?: { name: string; sheet: string; header: HostCell[]; body: HostCell[][] } | null;
  /** Application.calculationMode ("Automatic" unless set). */
  calculationMode?: string;
  /** Workbook.use1904DateSystem; unset: the host predates that API and answers it with an error. */
  use1904DateSystem?: boolean;
  /** Document settings the add-in wrote (workbook.settings). */
  settings?: Record<string, string>;
}

export interface HostWrite {
  op: string;
  [detail: string]: unknown;
}

export interface HostRun {
  syncs: number;
  writes: HostWrite[];
}

export interface HostState {
  book: HostBook;
  runs: HostRun[];
  calculations: string[];
}

/**
 * Runs in the page (serialised with the fake Excel's factory and the price book binding, so it
 * refers to nothing outside). `window.__host` is the test's handle: the book, the runs with their
 * syncs and writes, the calculations, the tables.onChanged handlers, and hold/delay of syncs.
 */
function paneHostPage(core: any, bindBook: any, installOffice: any, book: HostBook, options: PaneHostOptions): void {
  const clone = (v: unknown) => JSON.parse(JSON.stringify(v));
  const host: any = { book, runs: [], calculations: [], handlers: [], functions: {}, delayMs: 0, hold: false, held: [] };
  (window as any).__host = host;
  // With hold set, each sync waits until the test releases it: long operations become observable.
  host.releaseOne = () => {
    const next = host.held.shift();
    if (next) next();
    return !!next;
  };
  host.fireChanged = () =>
    Promise.all(host.handlers.map((h: any) => h({ tableId: "{T1}", worksheetId: "{S1}", changeType: "RangeEdited", source: "Local" })));
  host.state = () =>
    clone({ book: host.book, runs: host.runs.map((r: any) => ({ syncs: r.syncs, writes: r.writes })), calculations: host.calculations });

  const fake = core({}, { formulaValue: (formula: string) => formula });
  fake.state.handlers.tablesChanged = host.handlers;
  fake.state.calculations = host.calculations;
  book.settings = book.settings || {};
  // Syncs wait (held or delayed) before the book is copied in, as Excel answers later than asked.
  fake.state.beforeSync = () =>
    host.hold ? new Promise((resolve) => host.held.push(resolve)) : new Promise((resolve) => setTimeout(resolve, host.delayMs));
  bindBook(fake, book, "AIECON_PriceTiers", null);
  const copyOut = fake.state.afterSync;
  fake.state.afterSync = (failure: unknown, context: any) => {
    copyOut(failure, context);
    // Excel raises the table's changed event for add-in writes too.
    if (context.__run?.touched) setTimeout(host.fireChanged, 0);
    if (context.__run) context.__run.touched = false;
  };
  fake.book.onOp((op: any, context: any) => {
    const run = context?.__run;
    if (!run) return;
    const write = (w: Record<string, unknown>) => {
      run.writes.push(clone(w));
      run.touched = true;
    };
    if (op.kind === "write" && op.part === "header") write({ op: "header", values: op.value[0] });
    else if (op.kind === "write" && op.part === "body") write({ op: "cell", row: op.row, col: op.column, value: op.value[0][0] });
    else if (op.kind === "rows.add") write({ op: "addRows", count: op.count });
    else if (op.kind === "rows.delete") write({ op: "deleteRow", index: op.index });
    else if (op.kind === "sheet.add") write({ op: "addSheet", name: op.sheet });
    else if (op.kind === "numberFormat") write({ op: "numberFormat", address: op.address, rows: op.rows });
    else if (op.kind === "table.add") write({ op: "createTable", sheet: op.sheet, address: op.address });
  });

  fake.state.onRun = (run: any) => host.runs.push(Object.assign(run, { writes: [], touched: false }));
  (window as any).Excel = fake.excel;
  installOffice({
    bodyBackgroundColor: options.bodyBackgroundColor,
    onAssociate: (id: string, fn: unknown) => (host.functions[id] = fn),
  });
  // A shared runtime opened for its functions only: the page is hidden until the pane is shown.
  const visibilityHandlers: Array<(e: unknown) => void> = [];
  if (options.hidden) {
    let visibility = "hidden";
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => visibility });
    host.showPane = () => {
      visibility = "visible";
      visibilityHandlers.forEach((h) => h({ visibilityMode: "Taskpane" }));
    };
  }
  (window as any).Office.addin = {
    onVisibilityModeChanged: (h: (e: unknown) => void) => {
      visibilityHandlers.push(h);
      return Promise.resolve(() => undefined);
    },
  };
}

/** The page script answering Office.js's URL: the fake Excel over `book`, with Office and CustomFunctions. */
export function paneHostScript(book: HostBook, options: PaneHostOptions): string {
  return `(${paneHostPage.toString()})(${createFakeExcel.toString()}, ${bindPriceBook.toString()}, ${installOfficeGlobals.toString()}, ${JSON.stringify(book)}, ${JSON.stringify(options)});`;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "application/javascript",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** Answers a request to the add-in's made-up origin from dist/, as a web server would (404 for a missing file or a path outside dist/). */
export function fulfillFromDist(route: Route, url: string): Promise<void> {
  const file = path.join(DIST, decodeURIComponent(new URL(url).pathname));
  if (!file.startsWith(DIST) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
  return route.fulfill({
    status: 200,
    contentType: CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    body: readFileSync(file),
  });
}

export interface PaneHost {
  /** Every URL the page requested, in order. */
  readonly requests: string[];
  state(): Promise<HostState>;
}

/** Routes the page: stubbed Office.js over `book`, dist/ at ADDIN_ORIGIN, everything else refused. */
export interface PaneHostOptions {
  /** Excel's Office theme body colour: "#ffffff" for the light theme, e.g. "#262626" for dark. */
  readonly bodyBackgroundColor: string;
  /** The runtime starts hidden (functions only) until window.__host.showPane() is called. */
  readonly hidden?: boolean;
}

export async function attachPaneHost(
  page: Page,
  book: HostBook,
  options: PaneHostOptions = { bodyBackgroundColor: "#ffffff" },
): Promise<PaneHost> {
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.route("**/*", async (route: Route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL) {
      return route.fulfill({
        contentType: "application/javascript",
        body: paneHostScript(book, options),
      });
    }
    if (url.startsWith(`${ADDIN_ORIGIN}/`)) return fulfillFromDist(route, url);
    return route.abort("blockedbyclient");
  });
  return {
    requests,
    state: () => page.evaluate(() => (window as unknown as { __host: { state(): HostState } }).__host.state()),
  };
}

/** Debian's Chromium for one test file: launched before its tests (the built dist/ must exist), closed after them. */
export function chromiumForThisFile(): { readonly current: Browser } {
  const handle = {} as { current: Browser };
  beforeAll(async () => {
    if (!existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npm run build:local` first.");
    handle.current = await launchChromium();
  });
  afterAll(async () => {
    await handle.current?.close();
  });
  return handle;
}

/** Debian's Chromium, headless, the way every browser test starts it (never a downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}
