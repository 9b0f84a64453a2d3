#!/usr/bin/env node
// `npm run bench` (prices part): what bundling every provider of the genai-prices dataset costs.
// - size: dist/functions.js gzipped, against the size before every provider was bundled and the budget;
// - speed: model-name look-ups through the built COSTPERINTERACTION, as ratios against calcPrice on
//   the same names: repeated names (a recalculation), provider-qualified and reseller names, dated
//   snapshots resolved by prefix, and names seen for the first time (no cache);
// - start-up: building the default price table when functions.js loads.
// Run after a build. CPU time per call, median of several batches after a warm-up.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const { loadBuiltFunctions } = require("../test/support/customFunctionsHost.cjs");
const { calcPrice } = require("@pydantic/genai-prices");

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
/** functions.js gzipped with the 18 providers bundled before issue 10 (production build, level 9). */
const BEFORE_GZIP = 26_200;
/** Every provider of the dataset must fit in this, gzipped. */
const FUNCTIONS_GZIP_BUDGET = 80_000;
/** Look-ups by name must stay this many times faster than calcPrice (as bench/run.mjs asks). */
const MIN_RATIO = 10;

const rows = [];
const failures = [];
const check = (label, ok, detail) => {
  rows.push(`${ok ? "PASS" : "FAIL"}  ${label}: ${detail}`);
  if (!ok) failures.push(label);
};
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

// ---- size ----
const script = readFileSync(path.join(dist, "functions.js"));
const gzip = gzipSync(script, { level: 9 }).length;
check(
  "functions.js gzipped, every provider bundled",
  gzip <= FUNCTIONS_GZIP_BUDGET,
  `${kb(gzip)} (before: ${kb(BEFORE_GZIP)} with 18 providers; budget ${kb(FUNCTIONS_GZIP_BUDGET)})`,
);

// ---- start-up: loading functions.js builds the default price table ----
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const loads = [];
let addin;
for (let i = 0; i < 5; i++) {
  const t0 = cpuMs();
  addin = loadBuiltFunctions(undefined, { realm: "shared" });
  loads.push(cpuMs() - t0);
}
rows.push(`info  loading functions.js (parse + building the price table): ${median(loads).toFixed(1)} ms CPU`);

// ---- speed of look-ups ----
function timePerCall(fn, n, batches = 7) {
  for (let i = 0; i < n; i++) fn(i);
  const samples = [];
  for (let b = 0; b < batches; b++) {
    globalThis.gc?.();
    const t0 = cpuMs();
    for (let i = 0; i < n; i++) fn(i);
    samples.push((cpuMs() - t0) / n);
  }
  return median(samples);
}

let sink = 0;
// [name as a user types it, the calcPrice options that price the same listing]
const NAMES = [
  ["gpt-4o", { providerId: "openai" }],
  ["openrouter/meta-llama/llama-3.3-70b-instruct", null],
  ["meta-llama/llama-3.3-70b-instruct", { providerId: "openrouter" }],
  ["claude-sonnet-4-20250514", { providerId: "anthropic" }],
  // Perplexity lists 9 models, so calcPrice finds its names in a few µs: shown, not held to the ratio.
  ["sonar", { providerId: "perplexity" }, "info"],
];
for (const [name, options, infoOnly] of NAMES) {
  const calcName = options ? name : name.slice(name.indexOf("/") + 1);
  const calcOptions = options ?? { providerId: name.slice(0, name.indexOf("/")) };
  const ours = timePerCall((i) => {
    sink += addin.call("COSTPERINTERACTION", 7000 + (i & 7), 1000, name, null, null, null);
  }, 100_000);
  const theirs = timePerCall((i) => {
    sink += calcPrice({ input_tokens: 7000 + (i & 7), output_tokens: 1000 }, calcName, calcOptions).total_price;
  }, 5_000);
  const detail = `${(ours * 1e3).toFixed(2)} µs vs ${(theirs * 1e3).toFixed(2)} µs per call → ${(theirs / ours).toFixed(1)}× faster`;
  if (infoOnly) rows.push(`info  COSTPERINTERACTION("${name}") vs calcPrice: ${detail}`);
  else check(`COSTPERINTERACTION("${name}") vs calcPrice`, theirs / ours >= MIN_RATIO, `${detail} (need ≥ ${MIN_RATIO}×)`);
}

// Provider billing (issue 18): the long-context tier of a 300k call, the day's average of a
// time-of-day model (calcPrice prices one moment), a dated price chosen by as_of.
const BILLING = [
  ["gemini-2.5-pro above its 200k tier", "gemini-2.5-pro", 300_000, null, { providerId: "google" }],
  ["deepseek-chat (day average)", "deepseek-chat", 7000, null, { providerId: "deepseek" }],
  [
    "gemini-3.6-flash as of 2027-01-01",
    "gemini-3.6-flash",
    7000,
    "2027-01-01",
    { providerId: "google", timestamp: new Date("2027-01-01T12:00:00Z") },
  ],
];
for (const [label, name, input, asOf, options] of BILLING) {
  const ours = timePerCall((i) => {
    sink += addin.call("COSTPERINTERACTION", input + (i & 7), 1000, name, null, null, null, null, null, asOf);
  }, 100_000);
  const theirs = timePerCall((i) => {
    sink += calcPrice({ input_tokens: input + (i & 7), output_tokens: 1000 }, name, options).total_price;
  }, 5_000);
  const detail = `${(ours * 1e3).toFixed(2)} µs vs ${(theirs * 1e3).toFixed(2)} µs per call → ${(theirs / ours).toFixed(1)}× faster`;
  check(`COSTPERINTERACTION, ${label}, vs calcPrice`, theirs / ours >= MIN_RATIO, `${detail} (need ≥ ${MIN_RATIO}×)`);
}

// Names never seen before: no cache, a prefix search over every provider's rules.
const fresh = timePerCall(
  (i) => {
    sink += addin.call("COSTPERINTERACTION", 7000, 1000, `claude-sonnet-4-2025${String(i % 100_000).padStart(5, "0")}`, null, null, null);
  },
  2_000,
  5,
);
const freshTheirs = timePerCall(
  (i) => {
    sink += calcPrice({ input_tokens: 7000, output_tokens: 1000 }, `claude-sonnet-4-2025${String(i % 100_000).padStart(5, "0")}`, {
      providerId: "anthropic",
    }).total_price;
  },
  2_000,
  5,
);
check(
  "a name seen for the first time (prefix search) vs calcPrice",
  freshTheirs / fresh >= 1,
  `${(fresh * 1e3).toFixed(2)} µs vs ${(freshTheirs * 1e3).toFixed(2)} µs per call → ${(freshTheirs / fresh).toFixed(1)}× (need ≥ 1×)`,
);

console.log("prices: every provider of the dataset");
console.log(rows.join("\n"));
if (!Number.isFinite(sink)) throw new Error("benchmark produced a non-finite result");
if (failures.length) {
  console.error(`\n${failures.length} price benchmark target(s) missed: ${failures.join("; ")}`);
  process.exit(1);
}
