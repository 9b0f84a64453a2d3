// A stand-in for Excel in a real browser for the Actuals tab: answers the Office.js CDN URL with a
// stub whose Excel.run works over an in-page workbook of tables, sheets and settings (enough for the
// price-table watcher, the actuals import and the sheet inserts), counts syncs per Excel.run, and
// records every other call; dist/ is served from a made-up https origin.
import type { Page, Route } from "playwright-core";
import type { Cell } from "../../src/sheetModel/priceTable";

import { ADDIN_ORIGIN, DIST, OFFICE_JS_URL, fulfillFromDist } from "./paneHost";

export { ADDIN_ORIGIN, DIST, OFFICE_JS_URL };

export interface ActualsHostBook {
  sheets: string[];
  tables: Record<string, { sheet: string; header: Cell[]; body: Cell[][] }>;
  settings: Record<string, string>;
  /** Values or formulas written to ranges of sheets the add-in created, by "Sheet!A1:B2". */
  ranges: Record<string, Cell[][]>;
  /** Every other call or property set, by path. */
  calls: Array<{ path: string; value?: unknown; args?: unknown[] }>;
  /** Syncs of each Excel.run, in order. */
  runs: number[];
}

const STUB = String.raw`
(function (book) {
  window.__book = book;
  var loaded = function (o) { o.load = function () { return o; }; return o; };
  // As Excel reads a cell back: a leading apostrophe (quote prefix) is not part of the text (office-js #6687).
  var readBack = function (v) { return typeof v === "string" && v.charAt(0) === "'" ? v.slice(1) : v; };
  var rec = function (path) {
    return new Proxy(function () {}, {
      get: function (t, p) { return p === "then" ? undefined : rec(path + "." + String(p)); },
      set: function (t, p, v) { book.calls.push({ path: path + "." + String(p), value: v }); return true; },
      apply: function (t, self, args) {
        book.calls.push({ path: path, args: args.map(function (a) { return typeof a === "function" ? "[function]" : a && typeof a === "object" ? "[object]" : a; }) });
        return rec(path + "()");
      },
    });
  };
  var range = function (sheet, address) {
    var base = rec("sheet[" + sheet + "].getRange(" + address + ")");
    return new Proxy(base, {
      set: function (t, p, v) {
        if (p === "values" || p === "formulas") book.ranges[sheet + "!" + address] = JSON.parse(JSON.stringify(v));
        else book.calls.push({ path: "sheet[" + sheet + "].getRange(" + address + ")." + String(p), value: v });
        return true;
      },
    });
  };
  var newSheet = function (name) {
    if (book.sheets.indexOf(name) >= 0) throw new Error("ItemAlreadyExists: " + name);
    book.sheets.push(name);
    var sheet = rec("sheet[" + name + "]");
    return new Proxy(sheet, {
      get: function (t, p) {
        if (p === "getRange") return function (address) { return range(name, address); };
        if (p === "tables") return { add: function (address) {
          var data = book.ranges[name + "!" + address];
          return {
            set name(v) { book.tables[v] = { sheet: name, header: data[0], body: data.slice(1) }; },
            getRange: function () { return rec("table.getRange()"); },
          };
        } };
        return t[p];
      },
    });
  };
  var bodyBlock = function (name, r0, c0, rows, cols) {
    return {
      getResizedRange: function (dr, dc) { return bodyBlock(name, r0, c0, rows + dr, cols + dc); },
      set formulasR1C1(v) { v.forEach(function (row, i) { row.forEach(function (x, j) { book.tables[name].body[r0 + i][c0 + j] = x; }); }); },
      set values(v) { this.formulasR1C1 = v; },
      delete: function () { book.tables[name].body.splice(r0, rows); },
    };
  };
  var tableHandle = function (name, mustExist) {
    var t = book.tables[name];
    if (mustExist && !t) throw new Error("ItemNotFound: " + name);
    return loaded({
      isNullObject: !t,
      name: name,
      worksheet: loaded({ name: t ? t.sheet : "" }),
      getHeaderRowRange: function () { return loaded({ values: [t.header.map(readBack)] }); },
      getDataBodyRange: function () {
        var body = t.body.map(function (r) { return r.map(readBack); });
        return loaded({ values: body, formulas: body, formulasR1C1: body, getCell: function (r, c) { return bodyBlock(name, r, c, 1, 1); } });
      },
      rows: { add: function (i, values) { Array.prototype.push.apply(book.tables[name].body, JSON.parse(JSON.stringify(values))); } },
      getRange: function () { return rec("table[" + name + "].getRange()"); },
    });
  };
  var context = function (run) {
    return {
      workbook: {
        application: { calculate: function () {} },
        settings: {
          getItemOrNullObject: function (k) { return loaded({ isNullObject: !(k in book.settings), value: book.settings[k] }); },
          add: function (k, v) { book.settings[k] = v; },
        },
        worksheets: {
          load: function () { return { items: book.sheets.map(function (n) { return { name: n }; }) }; },
          add: newSheet,
          getItemOrNullObject: function (n) { return loaded({ isNullObject: book.sheets.indexOf(n) < 0, name: n }); },
        },
        tables: {
          getItemOrNullObject: function (n) { return tableHandle(n, false); },
          getItem: function (n) { return tableHandle(n, true); },
          onChanged: { add: function () { return { remove: function () {} }; } },
        },
      },
      sync: function () { book.runs[run] += 1; return new Promise(function (r) { setTimeout(r, 0); }); },
    };
  };
  window.Excel = {
    CalculationType: { full: "Full" },
    DeleteShiftDirection: { up: "Up" },
    ConditionalFormatType: { custom: "Custom" },
    ChartType: { lineMarkers: "LineMarkers", columnClustered: "ColumnClustered" },
    ChartSeriesBy: { rows: "Rows" },
    run: function (body) { var run = book.runs.push(0) - 1; return Promise.resolve().then(function () { return body(context(run)); }); },
  };
  function CFError(code, message) { var e = new Error(message); e.code = code; return e; }
  window.CustomFunctions = { Error: CFError, ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" }, associate: function () {} };
  window.Office = {
    onReady: function (cb) { var info = { host: "Excel", platform: "PC" }; return new Promise(function (resolve) { setTimeout(function () { if (cb) cb(info); resolve(info); }, 0); }); },
    context: { document: {}, officeTheme: { bodyBackgroundColor: "#ffffff" } },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
  };
})`;

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
    if (url === OFFICE_JS_URL) return route.fulfill({ contentType: "application/javascript", body: `${STUB}(${JSON.stringify(book)});` });
    if (url.startsWith(`${ADDIN_ORIGIN}/`)) return fulfillFromDist(route, url);
    return route.abort("blockedbyclient");
  });
  return { requests, book: () => page.evaluate(() => (window as unknown as { __book: ActualsHostBook }).__book) };
}
