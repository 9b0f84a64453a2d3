#!/usr/bin/env node
// `npm run bench` (after the build): aiecon-share on generated workbooks, as a user runs it (the
// built CLI in its own process). Prints seconds and peak memory per MB converted, and how fast a
// workbook beyond the size limit is refused.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { bigWorkbook } = require("../test/support/bigWorkbook.cjs");
const JSZip = require("jszip");
// The compiled CLI (`npm run build:cli`): build/cli or, in older layouts, dist/cli.
const cliDir = ["build", "dist"].map((d) => join(root, d, "cli", "share", "xlsx")).find((d) => existsSync(join(d, "cli.js")));
if (!cliDir) throw new Error("aiecon-share is not compiled: run `npm run build:cli` first.");
const { MAX_UNPACKED_MB } = require(join(cliDir, "packageCheck.js"));
const dir = mkdtempSync(join(tmpdir(), "aiecon-bench-share-"));

// The built CLI in a child process; peak memory is the child's own maxRSS, time its CPU and wall time.
const runner = `
const { main } = require(${JSON.stringify(join(cliDir, "cli.js"))});
const t = process.hrtime.bigint();
main(process.argv.slice(1), { out: () => {}, err: (l) => console.error(l), progress: () => {} }).then((code) => {
  const u = process.resourceUsage();
  console.log(JSON.stringify({ code, seconds: Number(process.hrtime.bigint() - t) / 1e9, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMb: u.maxRSS / 1024 }));
});`;

async function unpackedMb(bytes) {
  const zip = await JSZip.loadAsync(bytes);
  return Object.values(zip.files).reduce((n, f) => n + (f._data?.uncompressedSize ?? 0), 0) / 1e6;
}

async function measure(rows) {
  const bytes = await bigWorkbook({ rows });
  const input = join(dir, `in-${rows}.xlsx`);
  writeFileSync(input, bytes);
  const r = spawnSync(process.execPath, ["-e", runner, input, join(dir, `out-${rows}.xlsx`), "--force"], { encoding: "utf8" });
  const line = r.stdout.trim().split("\n").pop();
  if (!line) throw new Error(`aiecon-share failed on ${rows} rows: ${r.stderr}`);
  return { rows, zipMb: statSync(input).size / 1e6, unpackedMb: await unpackedMb(bytes), ...JSON.parse(line), stderr: r.stderr.trim() };
}

const failures = [];
console.log(`aiecon-share (limit ${MAX_UNPACKED_MB} MB unpacked)`);
for (const rows of [20_000, 80_000]) {
  const m = await measure(rows);
  if (m.code !== 0) failures.push(`${rows} rows: exit ${m.code} ${m.stderr}`);
  console.log(
    `  ${rows} rows, ${m.zipMb.toFixed(1)} MB file (${m.unpackedMb.toFixed(0)} MB unpacked): ${m.seconds.toFixed(1)} s (${m.cpuSeconds.toFixed(1)} s CPU), peak ${m.maxRssMb.toFixed(0)} MB; ` +
      `per MB of file ${(m.cpuSeconds / m.zipMb).toFixed(2)} s CPU and ${(m.maxRssMb / m.zipMb).toFixed(0)} MB memory (per unpacked MB ${(m.cpuSeconds / m.unpackedMb).toFixed(2)} s, ${(m.maxRssMb / m.unpackedMb).toFixed(0)} MB)`,
  );
}
// A 50 MB workbook is beyond the limit: it must be refused at once, not after minutes of work.
const big = await measure(1_100_000);
console.log(`  ${big.rows} rows, ${big.zipMb.toFixed(1)} MB file (${big.unpackedMb.toFixed(0)} MB unpacked): exit ${big.code} in ${big.seconds.toFixed(2)} s, peak ${big.maxRssMb.toFixed(0)} MB — ${big.stderr.split("\n")[0]}`);
if (big.code !== 1 || big.seconds > 10) failures.push(`the 50 MB workbook was not refused at once (exit ${big.code}, ${big.seconds} s)`);
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
