#!/usr/bin/env node
// Generates src/data/defaultPrices.json from the pinned @pydantic/genai-prices dataset: every
// provider, every entry priced per token. Run with `npm run generate:prices` after bumping the
// package; the output is committed so the add-in never fetches prices at run time.
// The rules (which price is in force, tiers, time-of-day conditions, which listing a plain name
// resolves to) live in src/data/genaiPrices.ts, shared with the pane's "Update from a price file…".
import { createRequire } from "node:module";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const ts = require("typescript");
const { waitForUpdate } = require("@pydantic/genai-prices");
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

const DATASET = "@pydantic/genai-prices";
const datasetVersion = JSON.parse(readFileSync(join(root, "node_modules", "@pydantic", "genai-prices", "package.json"), "utf8")).version;

// The dataset carries no date of its own: this is the registry publish date of the pinned version.
// Bump both together (the data test checks the version matches the installed package).
const PUBLISHED = { "0.1.8": "2026-09-23" };
const asOf = PUBLISHED[datasetVersion];
if (!asOf) {
  throw new Error(`Add the publish date of ${DATASET}@${datasetVersion} to PUBLISHED in ${fileURLToPath(import.meta.url)}`);
}

/** src/data/genaiPrices.ts as a module this script can import (it has no imports of its own). */
async function loadConverter() {
  const source = readFileSync(join(root, "src", "data", "genaiPrices.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } });
  const dir = mkdtempSync(join(tmpdir(), "aiecon-prices-"));
  try {
    const file = join(dir, "genaiPrices.mjs");
    writeFileSync(file, outputText);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { convertDataset } = await loadConverter();
// The package's embedded providers: waitForUpdate resolves to them until updatePrices is called.
const converted = convertDataset(await waitForUpdate(), asOf);

/** A value with its nulls, empty lists and `false`s left out (the decoder restores them). */
const compact = (value) => {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === false || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = compact(v);
  }
  return out;
};

/** What a flat row cannot say: the 1-hour cache write, tiers, time-of-day windows and dated prices. */
// A dated entry lists its prices once, under versions: the decoder takes the one in force on the as-of
// date for the row's own tiers and windows.
const billingOf = (r) => {
  const own = r.versions.length ? {} : { tiers: r.tiers, windows: r.windows };
  const billing = compact({ cacheWrite1h: r.cacheWrite1h, ...own, versions: r.versions });
  return Object.keys(billing).length ? billing : 0;
};

// Rows as arrays, the column order in GeneratedRow (src/data/defaultPrices.ts), trailing empties
// dropped: the table ships inside functions.js, so every byte counts.
const providerIndex = new Map(converted.providers.map((p, i) => [p, i]));
const encode = (r) => {
  const cells = [
    providerIndex.get(r.provider),
    r.id,
    r.name === r.id ? 0 : r.name,
    r.input,
    r.output,
    r.cachedInput,
    r.cacheWrite,
    r.perThousandRequests,
    r.contextWindow,
    (r.tiered ? 1 : 0) | (r.conditional ? 2 : 0),
    r.aliases.length ? r.aliases : 0,
    r.prefixes.length ? r.prefixes : 0,
    r.preferredFor.length ? r.preferredFor : 0,
    billingOf(r),
  ];
  while (cells.length && (cells[cells.length - 1] === 0 || cells[cells.length - 1] === null)) cells.pop();
  return cells;
};

const data = {
  dataset: DATASET,
  version: datasetVersion,
  asOf,
  providers: converted.providers,
  fallbacks: converted.fallbacks,
  excluded: converted.excluded.length,
  rows: converted.rows.map(encode),
};
const target = join(root, "src", "data", "defaultPrices.json");
const { rows, ...head } = data;
writeFileSync(target, `${JSON.stringify(head).slice(0, -1)},"rows":[\n${rows.map((r) => JSON.stringify(r)).join(",\n")}\n]}\n`);
console.log(
  `Wrote ${data.rows.length} models from ${data.providers.length} providers of ${DATASET}@${datasetVersion} (as of ${asOf}) to ${target}`,
);
console.log(`Not priced per token (left out, see test/data/agreement.test.ts): ${converted.excluded.length} entries`);
