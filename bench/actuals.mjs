#!/usr/bin/env node
// `npm run bench` (chained): the actuals import's parse + aggregate throughput on a generated
// 1,000,000-row FOCUS file, as a ratio to bare papaparse reading the same text with the same chunk
// size and doing nothing with the rows. Target: at most 1.5×. The import code is the pane worker's
// own (src/calc/actuals), transpiled here so the bench runs without a webpack build.
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const Papa = require("papaparse");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "node_modules/.cache/aiecon-bench-actuals");
const ROWS = Number(process.env.ACTUALS_BENCH_ROWS ?? 1_000_000);
const TARGET = 1.5;

/** Transpiles a TS module and everything it imports from src/ into CommonJS under OUT. */
function build(file, done = new Set()) {
  if (done.has(file)) return;
  done.add(file);
  const source = readFileSync(file, "utf8");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
  });
  const target = path.join(OUT, path.relative(path.join(ROOT, "src"), file)).replace(/\.ts$/, ".js");
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, out.outputText);
  for (const m of source.matchAll(/from\s+"(\.[^"]+)"/g)) build(path.resolve(path.dirname(file), `${m[1]}.ts`), done);
}

build(path.join(ROOT, "src/calc/actuals/importFile.ts"));
const { importCsv } = require(path.join(OUT, "calc/actuals/importFile.js"));

/** A FOCUS export like a cloud bill for AI: model tokens, vector DB, egress, credits, 12 months, tagged features. */
function generateFocus(rows) {
  const header =
    "BilledCost,BillingCurrency,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,EffectiveCost,ProviderName,ResourceId,ServiceCategory,ServiceName,SkuId,SkuMeter,Tags";
  const kinds = [
    ["AWS", "AI and Machine Learning", "Amazon Bedrock", "1K Tokens", "claude-sonnet-4 Input Tokens"],
    ["AWS", "AI and Machine Learning", "Amazon Bedrock", "1K Tokens", "claude-sonnet-4 Output Tokens"],
    ["Microsoft", "AI and Machine Learning", "Azure OpenAI", "Tokens", "gpt-4o-mini Input Tokens"],
    ["Google Cloud", "AI and Machine Learning", "Vertex AI", "1M tokens", "gemini-2.5-flash Output Tokens"],
    ["AWS", "Databases", "Amazon OpenSearch Service", "Hours", "NULL"],
    ["AWS", "Networking", "AWS Data Transfer", "GB", "NULL"],
  ];
  const features = ["support-bot", "search", "agent", "summariser", "labs"];
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const [provider, category, service, unit, meter] = kinds[i % kinds.length];
    const month = String((i % 12) + 1).padStart(2, "0");
    const day = String((i % 28) + 1).padStart(2, "0");
    const cost = ((i % 997) / 1000).toFixed(11);
    const category2 = i % 500 === 0 ? "Credit" : "Usage";
    const tags = i % 7 === 0 ? "NULL" : `"{""feature"": ""${features[i % features.length]}"", ""env"": ""prod""}"`;
    lines.push(
      `${category2 === "Credit" ? "-" : ""}${cost},USD,2025-${month}-01 00:00:00,${category2},NULL,"${service} usage",2025-${month}-${day} 00:00:00,${(i % 1000) + 1}.000000000000000,${unit},${cost},${provider},arn:res:${i % 50},${category},${service},SKU${i % 6},${meter},${tags}`,
    );
  }
  return lines.join("\n") + "\n";
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Mean CPU ms of two functions run in ABBA order after a warm-up of each: whichever runs second in a
 * pair was seen to be up to 20% faster, so each takes both places equally often.
 */
async function timePair(a, b, rounds = 1) {
  await a();
  await b();
  const samples = [[], []];
  const once = async (fn, slot) => {
    globalThis.gc?.();
    const start = cpuMs();
    await fn();
    samples[slot].push(cpuMs() - start);
  };
  for (let i = 0; i < rounds; i++) {
    await once(a, 0);
    await once(b, 1);
    await once(b, 1);
    await once(a, 0);
  }
  const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
  return samples.map(mean);
}

const CHUNK = 1 << 20;
const text = generateFocus(ROWS);
const bare = () =>
  new Promise((resolve) => {
    let n = 0;
    Papa.parse(text, { chunkSize: CHUNK, skipEmptyLines: true, chunk: (r) => (n += r.data.length), complete: () => resolve(n) });
  });
let result;
const ours = async () => {
  result = await importCsv(text, { featureMap: { "support-bot": "Support bot", search: "Search" } }, { chunkSize: CHUNK });
};

const [bareMs, oursMs] = await timePair(bare, ours);
const ratio = oursMs / bareMs;
const mb = Buffer.byteLength(text) / 1e6;
console.log(`actuals import (FOCUS CSV, ${ROWS.toLocaleString("en-US")} rows, ${mb.toFixed(0)} MB)`);
console.log(`  bare papaparse        ${bareMs.toFixed(0)} ms CPU   ${((ROWS / bareMs) * 1000).toFixed(0)} rows/s`);
console.log(
  `  parse + aggregate     ${oursMs.toFixed(0)} ms CPU   ${((ROWS / oursMs) * 1000).toFixed(0)} rows/s   -> ${result.rows.length} aggregated rows`,
);
console.log(`  ratio                 ${ratio.toFixed(2)}x bare papaparse (target <= ${TARGET}x)`);
if (result.recordsRead !== ROWS) {
  console.error(`  FAILED: read ${result.recordsRead} rows of ${ROWS}`);
  process.exitCode = 1;
}
if (ratio > TARGET) {
  console.error(`  FAILED: ${ratio.toFixed(2)}x is above the ${TARGET}x target`);
  process.exitCode = 1;
}
