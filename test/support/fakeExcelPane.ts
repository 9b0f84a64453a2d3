// The built pane (dist/) in a browser page whose Office.js is a stub over the fake workbook of
// classifyHost.ts, injected with the one fake Excel under it (./fakeExcel): Excel.run drives that
// workbook and records the syncs of every run in window.__syncsPerRun; dist/ is served from a
// made-up origin and every other request is refused.
import { existsSync } from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { classifyWorkbook, type FakeExcelInit } from "./classifyHost";
import { createFakeExcel as createCore } from "./fakeExcel/fakeExcel";
import { ADDIN_ORIGIN, DIST, OFFICE_JS_URL, fulfillFromDist } from "./paneHost";

export const ORIGIN = `${ADDIN_ORIGIN}/`;
export const OFFICE_JS = OFFICE_JS_URL;
export { DIST };

/** Office.js stand-in: Office.onReady, CustomFunctions, and Excel.run over the fake workbook, counting syncs per run. */
export function officeStub(init: FakeExcelInit): string {
  return `(function () {
    var fake = (${classifyWorkbook.toString()})(${createCore.toString()}, ${JSON.stringify(init)});
    window.__fake = fake;
    window.__syncsPerRun = [];
    window.Excel = Object.assign({}, fake.fake.excel, { run: async function (cb) {
      var before = fake.inspect.syncs;
      try { return await fake.run(cb); } finally { window.__syncsPerRun.push(fake.inspect.syncs - before); }
    } });
    window.Office = {
      onReady: function (cb) { var info = { host: "Excel", platform: "PC" }; setTimeout(function () { if (cb) cb(info); }, 0); return Promise.resolve(info); },
      context: {},
      EventType: { OfficeThemeChanged: "officeThemeChanged" },
    };
    function CFError(code, message) { var e = new Error(message); e.code = code; return e; }
    window.CustomFunctions = { associate: function () {}, Error: CFError, ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" } };
  })();`;
}

export interface FakeExcelPane {
  readonly page: Page;
  /** Every URL the page requested. */
  readonly requests: string[];
  readonly pageErrors: string[];
}

export async function openFakeExcelPane(
  browser: Browser,
  init: FakeExcelInit,
  viewport?: { width: number; height: number },
): Promise<FakeExcelPane> {
  if (!existsSync(path.join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npx webpack --mode production` first");
  const page = await browser.newPage(viewport ? { viewport } : undefined);
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url === OFFICE_JS) return route.fulfill({ status: 200, contentType: "application/javascript", body: officeStub(init) });
    if (url.startsWith(ORIGIN)) return fulfillFromDist(route, url);
    return route.abort();
  });
  await page.goto(`${ORIGIN}taskpane.html`);
  return { page, requests, pageErrors };
}
