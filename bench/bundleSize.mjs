// Production bundle sizes of the scripts Excel loads, raw and gzipped, from dist/ (build first).
// Fails when the pane's initial scripts exceed their budget: a task pane that downloads slowly is
// one a finance user closes. "Initial" is measured, not guessed from chunk names: the built page is
// opened with the pane shown, and every script it fetched by the time the pane has rendered and the
// network is idle counts (functions.js aside: the runtime loads it for the cells either way). Lazy
// chunks (tabs, forms, the tokenizer) load on first use and are listed so their growth shows.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequire } from "node:module";
import { launchChromium, openRuntime } from "./runtimePage.mjs";

const { recordFigure } = createRequire(import.meta.url)("../scripts/benchFigures.cjs");

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
/** Initial pane script budget, gzipped (200 KB = 200,000 bytes). */
const TASKPANE_GZIP_BUDGET = 200_000;

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

function measure(file) {
  let raw;
  try {
    raw = readFileSync(path.join(dist, file));
  } catch {
    console.error(`dist/${file} is missing: run \`npm run build:local\` first.`);
    process.exit(2);
  }
  return { file, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
}

const scripts = readdirSync(dist)
  .filter((f) => f.endsWith(".js"))
  .sort();
const browser = await launchChromium();
let requested;
try {
  ({ requested } = await openRuntime(browser, dist, false));
} finally {
  await browser.close();
}
const initial = new Set(requested.map((p) => p.slice(1)).filter((f) => f.endsWith(".js") && f !== "functions.js"));
const initialParts = scripts.filter((f) => initial.has(f)).map(measure);
const shown = { file: "pane, as first shown", raw: 0, gzip: 0 };
for (const part of initialParts) {
  shown.raw += part.raw;
  shown.gzip += part.gzip;
}
const lazy = scripts.filter((f) => !initial.has(f) && f !== "functions.js").map(measure);

const row = ({ file, raw, gzip }) => `  ${file.padEnd(30)} raw ${kb(raw).padStart(9)}   gzip ${kb(gzip).padStart(8)}`;
console.log("bundle sizes (production build)");
console.log(row(measure("functions.js")));
console.log(row(shown));
for (const part of initialParts) console.log(`  ${row(part)}`);
console.log("  lazy chunks (on first use):");
for (const part of lazy) console.log(`  ${row(part)}`);
// The README quotes the tokenizer's size (scripts/benchFigures.cjs writes it there).
const tokenizer = lazy.find((part) => part.file.startsWith("tokenizer."));
if (tokenizer) recordFigure("tokenizer", `${(tokenizer.raw / 1e6).toFixed(1)} MB`);
if (shown.gzip > TASKPANE_GZIP_BUDGET) {
  console.error(`The pane's initial scripts are ${kb(shown.gzip)} gzipped, over the ${kb(TASKPANE_GZIP_BUDGET)} budget.`);
  process.exit(1);
}
console.log(`  the pane's initial scripts are within their ${kb(TASKPANE_GZIP_BUDGET)} gzip budget`);
