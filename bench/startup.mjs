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
import { launchChromium, openRuntime } from "./runtimePage.mjs";

const dist = path.resolve(process.env.BENCH_DIST ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist"));
const RUNS = 7;
/** Generous: a script of this size associates in tens of milliseconds on a laptop. */
const BUDGET_MS = 1000;

if (!existsSync(path.join(dist, "functions.json"))) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}
const functionCount = JSON.parse(readFileSync(path.join(dist, "functions.json"), "utf8")).functions.length;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const browser = await launchChromium();
const failures = [];
try {
  await openRuntime(browser, dist, true); // warm-up: Chromium's own start-up costs are not the add-in's
  for (const hidden of [true, false]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await openRuntime(browser, dist, hidden));
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
