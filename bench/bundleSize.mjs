// Production bundle sizes of the scripts Excel loads, raw and gzipped, from dist/ (build first).
// Fails when the pane's initial script exceeds its budget: a task pane that downloads slowly is
// one a finance user closes.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
/** Initial pane script budget, gzipped (200 KB = 200,000 bytes). */
const TASKPANE_GZIP_BUDGET = 200_000;

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

function measure(file) {
  let raw;
  try {
    raw = readFileSync(path.join(dist, file));
  } catch {
    console.error(`dist/${file} is missing: run \`npm run build\` first.`);
    process.exit(2);
  }
  const gzip = gzipSync(raw, { level: 9 }).length;
  return { file, raw: raw.length, gzip };
}

const sizes = ["taskpane.js", "functions.js", "feature-model.js"].map(measure);
console.log("bundle sizes (production build)");
for (const { file, raw, gzip } of sizes) {
  console.log(`  dist/${file.padEnd(16)} raw ${kb(raw).padStart(9)}   gzip ${kb(gzip).padStart(8)}`);
}
const pane = sizes[0];
if (pane.gzip > TASKPANE_GZIP_BUDGET) {
  console.error(`dist/taskpane.js is ${kb(pane.gzip)} gzipped, over the ${kb(TASKPANE_GZIP_BUDGET)} budget.`);
  process.exit(1);
}
console.log(`  taskpane.js within its ${kb(TASKPANE_GZIP_BUDGET)} gzip budget`);
