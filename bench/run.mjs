#!/usr/bin/env node
// `npm run bench`: speed of the built add-in, printed as ratios from one run (run after a build).
// Each measurement is the median of several timed batches, after a warm-up.
import { createRequire } from "node:module";
import { describeScaling, measureScaling, withQuadraticStep } from "./scaling.mjs";
import { timePerCall } from "./timing.mjs";

const require = createRequire(import.meta.url);
const { loadBuiltFunctions } = require("../test/support/customFunctionsHost.cjs");
const { calcPrice } = require("@pydantic/genai-prices");

// The built script in this realm, as Excel's engine runs it (see customFunctionsHost.cjs).
const addin = loadBuiltFunctions(undefined, { realm: "shared" });
const failures = [];
const rows = [];

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
    range.push([
      `step ${i}`,
      i === 0 ? null : `step ${Math.floor((i - 1) / 4)}`,
      models[i % 4],
      1000 + (i % 100),
      200,
      i % 10 === 0 ? 0.2 : 1,
      100,
    ]);
  }
  return range;
}
const small = tree(10_000);
const large = tree(100_000);
const evaluateTree = (range) => addin.call("COSTTREE", range, null)[0][0];
const readAll = (range) => {
  let s = 0;
  for (let i = 1; i < range.length; i++) {
    const cells = range[i];
    s += cells[3] + cells[4] + cells[5] + cells[0].length + (cells[1] ? cells[1].length : 0);
  }
  return s;
};
const scaling = measureScaling({ evaluate: (r) => (sink += evaluateTree(r)), read: (r) => (sink += readAll(r)), small, large });
check("COSTTREE 100,000 ÷ 10,000 rows", scaling.ok, describeScaling(scaling));
// Excel waits seconds on a recalculation before users notice; a 10,000-row tree should take a small fraction of one.
check("COSTTREE 10,000 rows", scaling.evalSmall < 250, `${scaling.evalSmall.toFixed(1)} ms per evaluation (need < 250 ms)`);
// Self-test: the same check on an evaluation with a quadratic step injected must fail, or the
// check above proves nothing.
const regressed = measureScaling({
  evaluate: withQuadraticStep((r) => (sink += evaluateTree(r)), { small, smallMs: scaling.evalSmall }),
  read: (r) => (sink += readAll(r)),
  small,
  large,
  rounds: 5,
});
check(
  "self-test: the scaling check catches an injected quadratic step",
  !regressed.ok,
  `with the step ${describeScaling(regressed)} → ${regressed.ok ? "NOT caught" : "caught"}`,
);
const tBreakdown = timePerCall(() => (sink += addin.call("COSTTREE", small, "breakdown").length), 3, 5);
rows.push(`info  COSTTREE 10,000 rows, breakdown spill: ${tBreakdown.toFixed(1)} ms`);

console.log(rows.join("\n"));
if (!Number.isFinite(sink)) throw new Error("benchmark produced a non-finite result");
if (failures.length) {
  console.error(`\n${failures.length} benchmark target(s) missed: ${failures.join("; ")}`);
  process.exit(1);
}
