#!/usr/bin/env node
// `npm run bench` (chained): TOKENCOUNT on cells up to Excel's 32,767-character limit. The count runs
// in the shared runtime, so a slow one freezes the pane too. Prints ms per call by kind of text at
// 8,192 and 32,767 characters (linear ≈ 4×, quadratic ≈ 16×) beside the tokenizer run on the whole
// text, and checks the largest stays under 500 ms (the whole text took up to 18 s of CJK). Runs the
// built functions script (dist/, after `npm run build:local`) as Excel's runtime does.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { loadBuiltFunctions } = require("../test/support/customFunctionsHost.cjs");
const { countTokens } = require("gpt-tokenizer/encoding/o200k_base");

const addin = loadBuiltFunctions(undefined, { realm: "shared" });
const estimateTokens = (text) => addin.call("TOKENCOUNT", text);
await estimateTokens("warm up: loads the tokenizer's chunk");

// Text that does not repeat (the tokenizer caches pieces it has seen): pseudo-random, a new seed each time.
let seed = 12345;
function random(n, alphabet) {
  let x = (seed += 7919);
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const WORDS = ["revenue", "tokens", "per", "month", "the", "model", "cost", "of", "a", "call", "is", "$0.25,", "and", "1M", "users."];
const KINDS = {
  prose: (n) =>
    random(
      Math.ceil(n / 5),
      WORDS.map((w) => `${w} `),
    ).slice(0, n),
  "one long word (letters)": (n) => random(n, "abcdefghijklmnopqrstuvwxyz"),
  base64: (n) => random(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
  "CJK without punctuation": (n) => random(n, "模型成本令牌计算每百万个用户收入"),
};

async function msPerCall(make, n, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const text = make(n);
    const t = process.hrtime.bigint();
    await estimateTokens(text);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

let failed = false;
for (const [kind, make] of Object.entries(KINDS)) {
  const small = await msPerCall(make, 8192);
  const large = await msPerCall(make, 32767);
  const text = make(32767);
  const t = process.hrtime.bigint();
  const whole = countTokens(text, { disallowedSpecial: new Set() });
  const wholeMs = Number(process.hrtime.bigint() - t) / 1e6;
  const ours = await estimateTokens(text);
  const ok = large < 500;
  failed ||= !ok;
  console.log(
    `${ok ? "PASS" : "FAIL"}  TOKENCOUNT, ${kind}: ${small.toFixed(1)} ms at 8,192 characters, ${large.toFixed(1)} ms at 32,767 (×${(large / small).toFixed(1)}); ` +
      `the tokenizer on the whole text ${wholeMs.toFixed(0)} ms; count ${ours} vs ${whole} (${(((ours - whole) / whole) * 100).toFixed(2)}%)`,
  );
}
process.exitCode = failed ? 1 : 0;
