#!/usr/bin/env node
// `npm run bench`: speed of the built add-in, printed as ratios from one run (run after a build).
// Each measurement is the median of several timed batches, after a warm-up.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadBuiltFunctions } = require("../test/support/customFunctionsHost.cjs");
const { calcPrice } = require("@pydantic/genai-prices");

// The built script in this realm, as Excel's engine runs it (see customFunctionsHost.cjs).
const addin = loadBuiltFunctions(undefined, { realm: "shared" });
const failures = [];
const rows = [];

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * CPU ms used by this process: unlike wall time, it does not count time the OS gave other
 * processes. The kernel accounts it in ticks, so every batch below runs for tens of milliseconds.
 */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median CPU ms per call of fn over `batches` batches of `n` calls. */
function timePerCall(fn, n, batches = 7) {
  for (let i = 0; i < n; i++) fn(i); // warm-up: let the JIT settle before measuring
  const samples = [];
  for (let b = 0; b < batches; b++) samples.push(timeBatch(fn, n));
  return median(samples);
}

/** CPU ms per call of one batch of n calls. */
function timeBatch(fn, n) {
  // Start each batch with an empty heap so one batch does not pay for the previous one's garbage.
  globalThis.gc?.();
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) fn(i);
  return (cpuMs() - t0) / n;
}

function check(label, ok, detail) {
  rows.push(`${ok ? "PASS" : "FAIL"}  ${label}: ${detail}`);
  if (!ok) failures.push(label);
}

// 1. COSTPERINTERACTION by model name, through the built function as Excel calls it, vs calcPrice.
const MODELS = [
  ["gpt-4o", "openai"],
  ["claude-sonnet-4", "anthropic"],
  ["gemini-2.5-flash", "google"],
  ["deepseek-chat", "deepseek"],
];
let sink = 0;
for (const [model, providerId] of MODELS) {
  const ours = timePerCall((i) => {
    sink += addin.call("COSTPERINTERACTION", 7000 + (i & 7), 1000, model, null, 4000, null);
  }, 200_000);
  const theirs = timePerCall((i) => {
    sink += calcPrice({ input_tokens: 7000 + (i & 7), output_tokens: 1000, cache_read_tokens: 4000 }, model, { providerId }).total_price;
  }, 10_000);
  const ratio = theirs / ours;
  check(
    `COSTPERINTERACTION("${model}") vs calcPrice`,
    ratio >= 10,
    `${(ours * 1e3).toFixed(2)} µs vs ${(theirs * 1e3).toFixed(2)} µs per call → ${ratio.toFixed(1)}× faster (need ≥ 10×)`,
  );
}

// 2. COSTTREE scaling: a tree of n steps, each with up to 4 children, mixing model names and prices.
function tree(n) {
  const range = [["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls", "Cached input tokens"]];
  const models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4", 0.5];
  for (let i = 0; i < n; i++) {
    range.push([`step ${i}`, i === 0 ? null : `step ${Math.floor((i - 1) / 4)}`, models[i % 4], 1000 + (i % 100), 200, i % 10 === 0 ? 0.2 : 1, 100]);
  }
  return range;
}
const small = tree(10_000);
const large = tree(100_000);
// Equal work per batch (200,000 rows) for both sizes, so each batch meets the same heap pressure,
// and the two sizes alternate batch by batch, so a busy moment on the machine hits both alike.
const tree10k = [];
const tree100k = [];
const evaluateTree = (range) => (sink += addin.call("COSTTREE", range, null)[0][0]);
timePerCall(() => evaluateTree(small), 20, 1);
timePerCall(() => evaluateTree(large), 2, 1);
for (let b = 0; b < 9; b++) {
  tree10k.push(timeBatch(() => evaluateTree(small), 20));
  tree100k.push(timeBatch(() => evaluateTree(large), 2));
}
const t10k = median(tree10k);
const t100k = median(tree100k);
check("COSTTREE 100,000 ÷ 10,000 rows", t100k / t10k <= 12, `${t100k.toFixed(1)} ms ÷ ${t10k.toFixed(1)} ms = ${(t100k / t10k).toFixed(2)} (need ≤ 12, linear = 10)`);
// Excel waits seconds on a recalculation before users notice; a 10,000-row tree should take a small fraction of one.
check("COSTTREE 10,000 rows", t10k < 250, `${t10k.toFixed(1)} ms per evaluation (need < 250 ms)`);
// The floor under that ratio: merely reading every cell of the same two ranges once, with no
// evaluation, is itself more than 10× slower at 10× the rows, because 100,000 rows (~20 MB of
// arrays and strings) no longer fit the processor's caches the way 10,000 rows do.
const readAll = (range) => {
  let s = 0;
  for (let i = 1; i < range.length; i++) {
    const cells = range[i];
    s += cells[3] + cells[4] + cells[5] + cells[0].length + (cells[1] ? cells[1].length : 0);
  }
  return s;
};
const read10k = [];
const read100k = [];
for (let b = 0; b < 9; b++) {
  read10k.push(timeBatch(() => (sink += readAll(small)), 200));
  read100k.push(timeBatch(() => (sink += readAll(large)), 20));
}
rows.push(
  `info  reading the same ranges once, no evaluation: ${median(read100k).toFixed(2)} ms ÷ ${median(read10k).toFixed(2)} ms = ${(median(read100k) / median(read10k)).toFixed(2)} (the memory-hierarchy floor of the ratio above)`,
);
const tBreakdown = timePerCall(() => (sink += addin.call("COSTTREE", small, "breakdown").length), 3, 5);
rows.push(`info  COSTTREE 10,000 rows, breakdown spill: ${tBreakdown.toFixed(1)} ms`);

console.log(rows.join("\n"));
if (!Number.isFinite(sink)) throw new Error("benchmark produced a non-finite result");
if (failures.length) {
  console.error(`\n${failures.length} benchmark target(s) missed: ${failures.join("; ")}`);
  process.exit(1);
}
