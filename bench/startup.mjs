#!/usr/bin/env node
// `npm run bench` (after a build): how soon the functions answer when Excel opens a workbook. The
// built taskpane.html runs in headless Chromium as Excel's shared runtime does, with a stub Office.js;
// measured: from the functions script arriving (its responseEnd) to the last CustomFunctions.associate
// call, and to the first answer of a function Excel asks for right then (which waits for whatever
// else the page's main thread runs first, e.g. rendering the pane), with the pane hidden (a workbook
// opened for its formulas) and shown. Also whether the React pane's chunk was fetched while hidden
// (it must not be). Median of several fresh pages. BENCH_DIST=<dir> measures another build.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const dist = path.resolve(process.env.BENCH_DIST ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist"));
const ORIGIN = "https://aiecon.bench";
const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const RUNS = 7;
/** Generous: a script of this size associates in tens of milliseconds on a laptop. */
const BUDGET_MS = 1000;

if (!existsSync(path.join(dist, "functions.json"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}
const functionCount = JSON.parse(readFileSync(path.join(dist, "functions.json"), "utf8")).functions.length;

const stub = (hidden) => `
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

async function once(browser, hidden) {
  const page = await browser.newPage();
  const requested = [];
  page.on("request", (r) => requested.push(new URL(r.url()).pathname));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS) return route.fulfill({ contentType: "application/javascript", body: stub(hidden) });
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
  if (!hidden) await page.waitForFunction(() => document.getElementById("container")?.childElementCount > 0);
  await page.close();
  return { ms, answerMs, paneFetched: requested.some((p) => /^\/pane(\.[0-9a-f]{8})?\.js$/.test(p)) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const failures = [];
try {
  await once(browser, true); // warm-up: Chromium's own start-up costs are not the add-in's
  for (const hidden of [true, false]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(browser, hidden));
    const ms = median(runs.map((r) => r.ms));
    const answerMs = median(runs.map((r) => r.answerMs));
    const fetched = runs.some((r) => r.paneFetched);
    const label = hidden ? "pane hidden" : "pane shown ";
    const ok = answerMs < BUDGET_MS && (hidden ? !fetched : true);
    if (!ok) failures.push(label);
    console.log(
      `${ok ? "PASS" : "FAIL"}  start-up, ${label}: functions script start → all ${functionCount} functions associated ` +
        `${ms.toFixed(1)} ms, first answer ${answerMs.toFixed(1)} ms (medians of ${RUNS}, need < ${BUDGET_MS} ms); ` +
        `React pane chunk ${fetched ? "fetched" : "not fetched"}`,
    );
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`start-up benchmark missed: ${failures.join("; ")}`);
  process.exit(1);
}
