// The built add-in page opened the way Excel's shared runtime opens it, for the start-up and
// bundle-size benchmarks: a stub Office.js, dist/ served from a made-up https origin, nothing else.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
export const { chromium } = require("playwright-core");
const { isBuiltScript } = require("../scripts/build/builtFiles.cjs");

export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

const ORIGIN = "https://aiecon.bench";
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

const stub = (hidden, functionCount) => `
(function () {
  var expected = ${functionCount}, count = 0, fns = {};
  if (${hidden}) Object.defineProperty(document, "visibilityState", { get: function () { return "hidden"; } });
  window.CustomFunctions = {
    Error: function (code, message) { var e = new Error(message); e.code = code; return e; },
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
    associate: function (id, fn) {
      if (typeof id === "string") fns[id] = fn; else Object.assign(fns, id);
      count = Object.keys(fns).length;
      if (count === expected) {
        window.__associatedAt = performance.now();
        // Excel asks for the open workbook's cells as soon as the functions are there.
        setTimeout(function () { fns.COSTPERUSER(0.02, 50); window.__firstAnswerAt = performance.now(); }, 0);
      }
    },
  };
  window.Office = {
    addin: { onVisibilityModeChanged: function () { return Promise.resolve(); } },
    // Not inside Excel: the price runtime leaves the defaults in force, so only start-up is timed.
    onReady: function (cb) { var info = { host: null, platform: null }; return Promise.resolve().then(function () { if (cb) cb(info); return info; }); },
    context: { document: {}, officeTheme: { bodyBackgroundColor: "#ffffff" } },
    EventType: { OfficeThemeChanged: "officeThemeChanged" },
  };
})();`;

const TYPES = { ".html": "text/html", ".js": "application/javascript", ".json": "application/json" };

/**
 * Opens the built taskpane.html as Excel's shared runtime does (stub Office.js, dist/ served from a
 * made-up origin); with the pane shown, waits until it has rendered and the network is idle.
 * Returns the start-up timings and every path the page requested.
 */
export async function openRuntime(browser, dist, hidden) {
  const functionCount = JSON.parse(readFileSync(path.join(dist, "functions.json"), "utf8")).functions.length;
  const page = await browser.newPage();
  const requested = [];
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ contentType: "application/javascript", body: stub(hidden, functionCount) });
    if (url.startsWith(`${ORIGIN}/`)) {
      const file = path.join(dist, new URL(url).pathname);
      if (file.startsWith(dist) && existsSync(file)) {
        return route.fulfill({ contentType: TYPES[path.extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
      }
      return route.fulfill({ status: 404, body: "" });
    }
    return route.abort("blockedbyclient");
  });
  await page.goto(`${ORIGIN}/taskpane.html`);
  await page.waitForFunction(() => window.__firstAnswerAt !== undefined, undefined, { timeout: 30_000 });
  const { ms, answerMs } = await page.evaluate(() => {
    const script = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/functions.js"));
    return { ms: window.__associatedAt - script.responseEnd, answerMs: window.__firstAnswerAt - script.responseEnd };
  });
  if (!hidden) {
    await page.waitForFunction(() => document.getElementById("container")?.childElementCount > 0);
    await page.waitForLoadState("networkidle");
  }
  await page.close();
  return { ms, answerMs, requested, paneFetched: requested.some((p) => isBuiltScript(p, "pane")) };
}
