#!/usr/bin/env node
// Generates src/data/defaultPrices.json from the pinned @pydantic/genai-prices dataset.
// Run with `npm run generate:prices` after bumping the package; the output is committed so the
// add-in never fetches prices at run time.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { findProvider } = require("@pydantic/genai-prices");
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

const DATASET = "@pydantic/genai-prices";
const datasetVersion = JSON.parse(
  readFileSync(join(root, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8"),
).version;

// The dataset carries no date of its own: this is the registry publish date of the pinned version.
// Bump both together (the data test checks the version matches the installed package).
const PUBLISHED = { "0.1.8": "2026-09-23" };
const asOf = PUBLISHED[datasetVersion];
if (!asOf) {
  throw new Error(`Add the publish date of ${DATASET}@${datasetVersion} to PUBLISHED in ${fileURLToPath(import.meta.url)}`);
}

// Model vendors first, so a plain id such as "gpt-4o" resolves to its maker, not a reseller.
const PROVIDERS = [
  "openai", "anthropic", "google", "mistral", "deepseek", "x-ai", "cohere", "moonshotai", "minimax",
  "voyageai", "groq", "cerebras", "together", "fireworks", "novita", "perplexity", "aws", "azure",
];

/**
 * The price set in force on the as-of date. start_date constraints: the latest one started by then.
 * time_of_date constraints (e.g. DeepSeek's off-peak discount): the standard, higher rate, so a
 * forecast is never flattered by a discount that only applies at night.
 */
function pricesInForce(prices) {
  if (!Array.isArray(prices)) return prices;
  let chosen = prices.find((p) => !p.constraint)?.prices;
  let chosenStart = "";
  for (const p of prices) {
    const c = p.constraint;
    if (c && c.type === "start_date" && c.start_date <= asOf && c.start_date >= chosenStart) {
      chosen = p.prices;
      chosenStart = c.start_date;
    }
  }
  for (const p of prices) {
    const c = p.constraint;
    if (c && c.type === "time_of_date" && basePrice(p.prices.input_mtok).price > basePrice(chosen?.input_mtok).price) {
      chosen = p.prices;
    }
  }
  return chosen;
}

function basePrice(value) {
  if (value === undefined || value === null) return { price: null, tiered: false };
  if (typeof value === "number") return { price: value, tiered: false };
  return { price: value.base, tiered: Array.isArray(value.tiers) && value.tiers.length > 0 };
}

/** equals/starts_with names from the dataset's match rules: the names users actually type. */
function aliasesOf(match, out = { exact: new Set(), prefixes: new Set() }) {
  if (!match || typeof match !== "object") return out;
  if (typeof match.equals === "string") out.exact.add(match.equals);
  if (typeof match.starts_with === "string") out.prefixes.add(match.starts_with);
  for (const key of ["or"]) if (Array.isArray(match[key])) match[key].forEach((m) => aliasesOf(m, out));
  return out;
}

const rows = [];
for (const providerId of PROVIDERS) {
  const provider = findProvider({ providerId });
  if (!provider) throw new Error(`Provider ${providerId} not in ${DATASET}@${datasetVersion}`);
  for (const model of provider.models) {
    const prices = pricesInForce(model.prices);
    if (!prices) continue;
    const input = basePrice(prices.input_mtok);
    if (input.price === null) continue; // not priced per token (audio hours, per request): out of scope
    const output = basePrice(prices.output_mtok);
    const cached = basePrice(prices.cache_read_mtok);
    const cacheWrite = basePrice(prices.cache_write_mtok);
    const { exact, prefixes } = aliasesOf(model.match);
    exact.delete(model.id);
    rows.push({
      id: model.id,
      provider: provider.id,
      name: model.name ?? model.id,
      input: input.price,
      output: output.price ?? 0,
      cachedInput: cached.price,
      cacheWrite: cacheWrite.price,
      contextWindow: model.context_window ?? null,
      tiered: input.tiered || output.tiered || cached.tiered || cacheWrite.tiered,
      aliases: [...exact].sort(),
      prefixes: [...prefixes].sort(),
    });
  }
}

const data = { dataset: DATASET, version: datasetVersion, asOf, providers: PROVIDERS, rows };
const target = join(root, "src", "data", "defaultPrices.json");
writeFileSync(target, JSON.stringify(data, null, 0).replace(/\},\{/g, "},\n{") + "\n");
console.log(`Wrote ${rows.length} models from ${DATASET}@${datasetVersion} (as of ${asOf}) to ${target}`);
