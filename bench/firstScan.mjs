#!/usr/bin/env node
// `node --expose-gc bench/firstScan.mjs` (after `npm run build:cli`): the first scan of aiecon-share
// alone (scanSheet over every worksheet: rows read, formulas indexed, cells kept) on generated
// workbooks sparse and dense in AIECON formulas, its CPU time and what it keeps: the heap it holds
// after a full collection, per AIECON row. Usage: [sparse-rows dense-rows], default 110000 86000.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { bigWorkbook } = require("../test/support/bigWorkbook.cjs");
const JSZip = require("jszip");
const cliDir = join(root, "build", "cli", "share", "xlsx");
if (!existsSync(join(cliDir, "scanPlan.js"))) throw new Error("aiecon-share is not compiled: run `npm run build:cli` first.");
if (!global.gc) throw new Error("Run with node --expose-gc: what the scan keeps is measured after a full collection.");
const { readBook } = require(join(cliDir, "bookParts.js"));
const { FormulaIndex } = require(join(cliDir, "dependents.js"));
const { scanSheet, Kept } = require(join(cliDir, "scanPlan.js"));

const heap = () => {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** The first scan of a workbook: what it keeps, and its CPU time. */
async function scan(zip, book) {
  const start = process.cpuUsage();
  const index = new FormulaIndex(book.names, book.tables);
  const kept = new Kept();
  for (const s of book.sheets) if (s.worksheet) await scanSheet(zip, s, index, kept, false);
  index.compact();
  kept.compact();
  const cpu = process.cpuUsage(start);
  return { index, kept, seconds: (cpu.user + cpu.system) / 1e6 };
}

async function firstScan(label, rows, aiecon) {
  const zip = await JSZip.loadAsync(await bigWorkbook({ rows, aiecon }));
  const book = await readBook(zip);
  // The workbook scanned twice, both results held: what the second adds to the heap is what a scan
  // keeps (the first one also brings in what reading a part leaves behind, and the compiled code).
  const first = await scan(zip, book);
  const before = heap();
  const second = await scan(zip, book);
  const held = heap() - before;
  const cells = [...second.kept.cells.values()].reduce((n, c) => n + c.size, 0);
  console.log(
    `${label}: ${rows.toLocaleString("en-US")} rows, ${aiecon.toLocaleString("en-US")} AIECON: ` +
      `${second.seconds.toFixed(2)} s CPU (first run ${first.seconds.toFixed(2)} s), ${second.index.count.toLocaleString("en-US")} formulas, ` +
      `${cells.toLocaleString("en-US")} cells kept, ${(held / 1e6).toFixed(1)} MB held (${Math.round(held / aiecon)} bytes an AIECON row)`,
  );
}

const [sparse = 110_000, dense = 86_000] = process.argv.slice(2).map(Number);
await firstScan("sparse", sparse, 100);
await firstScan("dense", dense, dense);
