// A stand-in for Excel in a real browser: answers the Office.js CDN URL with a stub that defines
// Office.onReady, Excel.run and CustomFunctions over an in-page workbook, records every write and
// counts syncs per Excel.run, and serves dist/ from a made-up https origin. Every request the page
// makes is recorded, so a test can assert nothing leaves but the (stubbed) Office.js.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page, type Route } from "playwright-core";

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

// Runs in the page. Plain JavaScript in a string so no compiler or coverage tool rewrites it.
const STUB = String.raw`
(function (book, options) {
  var clone = function (v) { return JSON.parse(JSON.stringify(v)); };
  var host = { book: book, runs: [], calculations: [], handlers: [], functions: {}, delayMs: 0, hold: false, held: [] };
  window.__host = host;
  // With hold set, each sync waits until the test releases it: long operations become observable.
  host.releaseOne = function () { var next = host.held.shift(); if (next) next(); return !!next; };
  host.fireChanged = function () {
    return Promise.all(host.handlers.map(function (h) {
      return h({ tableId: "{T1}", worksheetId: "{S1}", changeType: "RangeEdited", source: "Local" });
    }));
  };
  host.state = function () { return clone({ book: host.book, runs: host.runs, calculations: host.calculations }); };

  function newContext(run) {
    var queue = [];
    var failure = null;
    var op = function (fn) { queue.push(fn); };
    // Two tables at most: AIECON_PriceTiers in book.tierTable, any other in book.table.
    var slotOf = function (name) { return name === "AIECON_PriceTiers" ? "tierTable" : "table"; };
    var tableIn = function (slot) {
      return function () {
        if (!book[slot]) throw new Error("ItemNotFound: the table does not exist");
        return book[slot];
      };
    };
    var write = function (w) { run.writes.push(w); run.touchedTable = true; };

    function headerRange(tableOf) {
      var loaded;
      return {
        load: function () { var self = this; op(function () { loaded = [clone(tableOf().header)]; }); return self; },
        get values() { if (loaded === undefined) throw new Error("PropertyNotLoaded: values"); return loaded; },
        set values(v) { op(function () { tableOf().header = clone(v[0]); write({ op: "header", values: clone(v[0]) }); }); },
      };
    }
    function bodyRange(tableOf) {
      var loaded;
      return {
        // As Excel reads a cell back: a leading apostrophe (quote prefix) is not part of the text.
        load: function () { var self = this; op(function () { loaded = clone(tableOf().body).map(function (r) { return r.map(function (v) { return typeof v === "string" && v.charAt(0) === "'" ? v.slice(1) : v; }); }); }); return self; },
        get values() { if (loaded === undefined) throw new Error("PropertyNotLoaded: values"); return loaded; },
        getCell: function (row, col) {
          return { set values(v) { op(function () { tableOf().body[row][col] = v[0][0]; write({ op: "cell", row: row, col: col, value: v[0][0] }); }); } };
        },
      };
    }
    function tableHandle(name, mustExist, created) {
      var slot = slotOf(name);
      var tableOf = created ? function () { return created; } : tableIn(slot);
      var t = {
        isNullObject: undefined,
        load: function () { op(function () { t.isNullObject = !(book[slot] && book[slot].name === name); }); return t; },
        set name(v) { op(function () { created.name = v; book[slotOf(v)] = created; }); },
        getHeaderRowRange: function () { return headerRange(tableOf); },
        getDataBodyRange: function () { return bodyRange(tableOf); },
        getRange: function () { return { format: { autofitColumns: function () {} } }; },
        rows: {
          add: function (index, values) { op(function () { Array.prototype.push.apply(tableOf().body, clone(values)); write({ op: "addRows", count: values.length }); }); },
          getItemAt: function (i) { return { delete: function () { op(function () { tableOf().body.splice(i, 1); write({ op: "deleteRow", index: i }); }); } }; },
        },
      };
      if (mustExist) op(function () { if (!(book[slot] && book[slot].name === name)) failure = new Error("ItemNotFound: " + name); });
      return t;
    }
    var application = {
      calculationMode: undefined,
      load: function () { op(function () { application.calculationMode = book.calculationMode || "Automatic"; }); return application; },
      calculate: function (type) { op(function () { host.calculations.push(type); }); },
    };
    var workbook = {
      // Workbook.use1904DateSystem: a newer API; this host answers it when the book says which system it uses.
      load: function () {
        op(function () {
          if (book.use1904DateSystem === undefined) failure = new Error("InvalidArgument: use1904DateSystem");
          else workbook.use1904DateSystem = book.use1904DateSystem;
        });
        return workbook;
      },
    };
    book.settings = book.settings || {};
    return {
      workbook: Object.assign(workbook, {
        application: application,
        settings: {
          getItemOrNullObject: function (key) {
            var item = { load: function () { op(function () { item.isNullObject = !(key in book.settings); item.value = book.settings[key]; }); return item; } };
            return item;
          },
          add: function (key, value) { op(function () { book.settings[key] = value; }); },
        },
        worksheets: {
          getItemOrNullObject: function (name) {
            var s = { isNullObject: undefined, load: function () { op(function () { s.isNullObject = book.sheets.indexOf(name) < 0; }); return s; } };
            return s;
          },
          add: function (name) {
            op(function () {
              if (book.sheets.indexOf(name) >= 0) { failure = new Error("ItemAlreadyExists: " + name); return; }
              book.sheets.push(name);
              write({ op: "addSheet", name: name });
            });
            return {
              getRange: function (address) {
                return { set numberFormat(v) { op(function () { write({ op: "numberFormat", address: address, rows: v.length }); }); } };
              },
              tables: {
                add: function (address) {
                  var created = { name: "Table1", sheet: name, header: [], body: [] };
                  op(function () { write({ op: "createTable", sheet: name, address: address }); });
                  return tableHandle(null, false, created);
                },
              },
            };
          },
        },
        tables: {
          getItemOrNullObject: function (name) { return tableHandle(name, false); },
          getItem: function (name) { return tableHandle(name, true); },
          onChanged: {
            add: function (handler) {
              op(function () { host.handlers.push(handler); });
              return { context: {}, remove: function () { host.handlers = host.handlers.filter(function (h) { return h !== handler; }); } };
            },
          },
        },
      }),
      sync: function () {
        run.syncs += 1;
        var batch = queue.splice(0);
        var wait = host.hold
          ? new Promise(function (resolve) { host.held.push(resolve); })
          : new Promise(function (resolve) { setTimeout(resolve, host.delayMs); });
        return wait.then(function () {
          run.touchedTable = false;
          for (var i = 0; i < batch.length && !failure; i++) batch[i]();
          if (failure) { var f = failure; failure = null; throw f; }
          // Excel raises the table's changed event for add-in writes too.
          if (run.touchedTable) setTimeout(host.fireChanged, 0);
        });
      },
    };
  }

  window.Excel = {
    CalculationType: { full: "Full", recalculate: "Recalculate", fullRebuild: "FullRebuild" },
    run: function (first, second) {
      var body = typeof first === "function" ? first : second;
      var run = { syncs: 0, writes: [] };
      host.runs.push(run);
      return Promise.resolve().then(function () { return body(newContext(run)); });
    },
  };
  function CFError(code, message) { var e = new Error(message); e.code = code; return e; }
  window.CustomFunctions = {
    Error: CFError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
    associate: function (id, fn) {
      if (typeof id === "string") host.functions[id] = fn;
      else Object.keys(id).forEach(function (k) { host.functions[k] = id[k]; });
    },
  };
  // A shared runtime opened for its functions only: the page is hidden until the pane is shown.
  var visibilityHandlers = [];
  if (options.hidden) {
    var visibility = "hidden";
    Object.defineProperty(document, "visibilityState", { configurable: true, get: function () { return visibility; } });
    host.showPane = function () {
      visibility = "visible";
      visibilityHandlers.forEach(function (h) { h({ visibilityMode: "Taskpane" }); });
    };
  }
  window.Office = {
    addin: { onVisibilityModeChanged: function (h) { visibilityHandlers.push(h); return Promise.resolve(function () {}); } },
    onReady: function (cb) {
      var info = { host: "Excel", platform: "PC" };
      return new Promise(function (resolve) { setTimeout(function () { if (cb) cb(info); resolve(info); }, 0); });
    },
    context: { document: {}, officeTheme: { bodyBackgroundColor: options.bodyBackgroundColor } },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
  };
})`;

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
        body: `${STUB}(${JSON.stringify(book)}, ${JSON.stringify(options)});`,
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
