// Production bundle sizes of the scripts Excel loads, raw and gzipped, from dist/ (build first).
// Fails when the pane's initial script exceeds its budget: a task pane that downloads slowly is
// one a finance user closes.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequire } from "node:module";

const { builtScript } = createRequire(import.meta.url)("../scripts/build/builtFiles.cjs");

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
/** Initial pane script budget, gzipped (200 KB = 200,000 bytes). */
const TASKPANE_GZIP_BUDGET = 200_000;

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

function measure(chunk) {
  let raw;
  let file;
  try {
    file = builtScript(dist, chunk);
    raw = readFileSync(path.join(dist, file));
  } catch {
    console.error(`dist/${file} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
  const gzip = gzipSync(raw, { level: 9 }).length;
  return { file, raw: raw.length, gzip };
}

// The pane's script is taskpane.js plus, once the pane is shown, its own chunk (pane.js) and the
// shared vendor chunks webpack names by number (React, Fluent UI).
const chunkNames = readdirSync(dist)
  .map((f) => /^(.+?)(\.[0-9a-f]{8})?\.js$/.exec(f)?.[1])
  .filter((name) => name !== undefined);
const paneChunks = chunkNames.filter((name) => name === "pane" || /^\d+$/.test(name)).sort();
const paneParts = ["taskpane", ...paneChunks].map(measure);
const shown = { file: "taskpane.js + pane chunks", raw: 0, gzip: 0 };
for (const part of paneParts) {
  shown.raw += part.raw;
  shown.gzip += part.gzip;
}
const sizes = [shown, ...paneParts, measure("functions")];
console.log("bundle sizes (production build)");
for (const { file, raw, gzip } of sizes) {
  console.log(`  dist/${file.padEnd(26)} raw ${kb(raw).padStart(9)}   gzip ${kb(gzip).padStart(8)}`);
}
const pane = sizes[0];
if (pane.gzip > TASKPANE_GZIP_BUDGET) {
  console.error(`The pane's scripts are ${kb(pane.gzip)} gzipped, over the ${kb(TASKPANE_GZIP_BUDGET)} budget.`);
  process.exit(1);
}
console.log(`  the pane's scripts within their ${kb(TASKPANE_GZIP_BUDGET)} gzip budget`);
