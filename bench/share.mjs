#!/usr/bin/env node
// `npm run bench` (after the build): aiecon-share on generated workbooks, as a user runs it (the
// built CLI in its own process). Prints seconds and peak memory per MB converted, and how fast a
// workbook beyond the size limit is refused.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { bigWorkbook } = require("../test/support/bigWorkbook.cjs");
// Removed when the bench ends, also on failure or Ctrl+C: each run writes about 100 MB there.
const { tempDir } = require("../test/support/tempDirs.cjs");
const { recordFigure } = require("../scripts/benchFigures.cjs");
const JSZip = require("jszip");
// The compiled CLI (`npm run build:cli`): build/cli or, in older layouts, dist/cli.
const cliDir = ["build", "dist"].map((d) => join(root, d, "cli", "share", "xlsx")).find((d) => existsSync(join(d, "cli.js")));
if (!cliDir) throw new Error("aiecon-share is not compiled: run `npm run build:cli` first.");
const { MAX_UNPACKED_MB } = require(join(cliDir, "packageCheck.js"));
const dir = tempDir("bench-share");

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

/** A copy of `bytes` whose central directory claims `claimMb` more unpacked for one new part (a zip bomb's shape). */
async function bomb(bytes, claimMb) {
  const zip = await JSZip.loadAsync(bytes);
  zip.file("xl/worksheets/sheet9.xml", "x".repeat(1000), { compression: "STORE" });
  const out = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  const name = Buffer.from("xl/worksheets/sheet9.xml");
  const sig = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let at = out.indexOf(sig); at >= 0; at = out.indexOf(sig, at + 4))
    if (out.subarray(at + 46, at + 46 + name.length).equals(name)) out.writeUInt32LE(Math.min(0xfffffff0, claimMb * 1e6), at + 24);
  return out;
}

const line = (m) =>
  `  ${m.rows} rows, ${m.zipMb.toFixed(1)} MB file (${m.unpackedMb.toFixed(0)} MB unpacked): ${m.seconds.toFixed(1)} s (${m.cpuSeconds.toFixed(1)} s CPU), peak ${m.maxRssMb.toFixed(0)} MB; ` +
  `per MB of file ${(m.cpuSeconds / m.zipMb).toFixed(2)} s CPU and ${(m.maxRssMb / m.zipMb).toFixed(1)} MB memory (per unpacked MB ${(m.cpuSeconds / m.unpackedMb).toFixed(2)} s, ${(m.maxRssMb / m.unpackedMb).toFixed(2)} MB)`;

const failures = [];
console.log(`aiecon-share (limit ${MAX_UNPACKED_MB} MB unpacked)`);
const runs = [];
// 1,100,000 rows is the generated 50 MB workbook (about 280 MB of sheet XML, 2.2 million formulas).
for (const rows of [20_000, 80_000, 1_100_000]) {
  const m = await measure(rows);
  if (m.code !== 0) failures.push(`${rows} rows: exit ${m.code} ${m.stderr}`);
  runs.push(m);
  console.log(line(m));
}
// Bounded memory: the sheets stream, so peak memory grows far slower than the workbook. Holding
// the sheet as a string (or as exceljs cells) grows at least as fast as the file.
const [, mid, big] = runs;
const sizeRatio = big.unpackedMb / mid.unpackedMb;
const memoryRatio = big.maxRssMb / mid.maxRssMb;
console.log(
  `  ${sizeRatio.toFixed(1)}× the sheet data took ${memoryRatio.toFixed(1)}× the peak memory (must stay under half: ${(sizeRatio / 2).toFixed(1)}×)`,
);
if (!(memoryRatio < sizeRatio / 2))
  failures.push(`peak memory grew ${memoryRatio.toFixed(1)}× for ${sizeRatio.toFixed(1)}× the data: it is not streaming`);
// The README's figures (scripts/benchFigures.cjs writes them into its bench blocks).
const round10 = (n) => Math.round(n / 10) * 10;
recordFigure(
  "share",
  `Measured by \`npm run bench\` on a generated ${big.zipMb.toFixed(0)} MB workbook (${big.unpackedMb.toFixed(0)} MB of XML, ` +
    `${big.rows.toLocaleString("en-US")} rows): ${(big.cpuSeconds / big.zipMb).toFixed(2)} s of CPU and ${(big.maxRssMb / big.zipMb).toFixed(1)} MB ` +
    `of peak memory per MB of file (${big.seconds.toFixed(0)} s in all, peak ${big.maxRssMb.toFixed(0)} MB).`,
);
recordFigure(
  "share-limit",
  `${MAX_UNPACKED_MB.toLocaleString("en-US")} MB of XML once unpacked (about a ${round10((MAX_UNPACKED_MB * big.zipMb) / big.unpackedMb)} MB file ` +
    `compressed as the bench's generated workbook is)`,
);

// Beyond the limit: refused at once, before any work.
const over = join(dir, "over-limit.xlsx");
writeFileSync(over, await bomb(await bigWorkbook({ rows: 1000 }), MAX_UNPACKED_MB + 100));
const t0 = process.hrtime.bigint();
const refused = spawnSync(process.execPath, ["-e", runner, over, join(dir, "over-limit.out.xlsx"), "--force"], { encoding: "utf8" });
const refusedIn = Number(process.hrtime.bigint() - t0) / 1e9;
const code = JSON.parse(refused.stdout.trim().split("\n").pop() || "{}").code;
console.log(
  `  a workbook claiming ${MAX_UNPACKED_MB + 100} MB unpacked: exit ${code} in ${refusedIn.toFixed(2)} s — ${refused.stderr.trim().split("\n")[0]}`,
);
if (code !== 1 || refusedIn > 10 || existsSync(join(dir, "over-limit.out.xlsx")))
  failures.push(`a workbook beyond the limit was not refused at once (exit ${code}, ${refusedIn} s)`);

// An AIECON formula and a formula reading it on every row (issue 22): convert and restore, each
// against the zip-rewrite floor — every member a conversion rewrites (the sheets) inflated and
// deflated with Node's zlib, every other member copied as is — on the same file.
const zlib = require("node:zlib");
async function zipRewriteFloor(bytes) {
  const zip = await JSZip.loadAsync(bytes);
  const t = process.hrtime.bigint();
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const raw = f._data.compressedContent;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(f.name)) zlib.deflateRawSync(zlib.inflateRawSync(raw));
    else Buffer.from(raw);
  }
  return Number(process.hrtime.bigint() - t) / 1e9;
}
console.log("an AIECON formula and its reader on every row (convert, then restore the result)");
for (const rows of [20_000, 200_000]) {
  const bytes = await bigWorkbook({ rows, aiecon: rows });
  const input = join(dir, `dense-${rows}.xlsx`);
  const shared = join(dir, `dense-${rows}.shared.xlsx`);
  writeFileSync(input, bytes);
  const floor = await zipRewriteFloor(bytes);
  for (const [what, from, to, flags] of [
    ["convert", input, shared, []],
    ["restore", shared, join(dir, `dense-${rows}.back.xlsx`), ["--restore"]],
  ]) {
    const r = spawnSync(process.execPath, ["-e", runner, from, to, "--force", ...flags], { encoding: "utf8" });
    const m = JSON.parse(r.stdout.trim().split("\n").pop() || "{}");
    if (m.code !== 0) failures.push(`dense ${rows} rows ${what}: exit ${m.code} ${r.stderr.trim().slice(0, 200)}`);
    console.log(
      `  ${rows.toLocaleString("en-US")} rows ${what} (${(statSync(from).size / 1e6).toFixed(1)} MB): ${m.seconds?.toFixed(1)} s (${m.cpuSeconds?.toFixed(1)} s CPU), ` +
        `peak ${m.maxRssMb?.toFixed(0)} MB; zip-rewrite floor ${floor.toFixed(2)} s → ${(m.cpuSeconds / floor).toFixed(1)}× the floor`,
    );
  }
}

// Crafted files (issue 20), at full size: each must end within 30 s and 500 MB, with a message,
// and leave no output. Built small on disk by test/support/craftedFiles.cjs.
const crafted = require("../test/support/craftedFiles.cjs");
const planted = (row) => crafted.withOriginals([row]);
const CRAFTED = [
  ["100,000 nested elements holding text in workbook.xml", () => crafted.nestedText(100_000), []],
  ["a sheet cell holding a 200 MB text run", () => crafted.longTextRun(200_000_000), []],
  ["a part stated as 1 KB inflating to 2.5 GB", () => crafted.inflatesBeyondStated(2_500_000_000), []],
  ["500 MB of identical cells", () => crafted.denseCells(500), []],
  ["a part named twice", () => crafted.duplicateEntry(), []],
  ["a relationship to a missing part", () => crafted.danglingRelationship(), []],
  [
    "--restore, a written range of A1:XFD1048576",
    () => planted(["Usage", "A1", '=_xldudf_AIECON_COSTPERINTERACTION(B2,C2,"gpt-4o")', "", "A1:XFD1048576", "2026-12-01"]),
    ["--restore"],
  ],
  [
    "--restore, a WEBSERVICE formula",
    () => planted(["Usage", "H2", '=WEBSERVICE("http://evil.example/")', "", "", "2026-12-01"]),
    ["--restore"],
  ],
];
console.log("crafted files (each must end within 30 s and 500 MB, refused with exit 1)");
for (const [label, make, flags] of CRAFTED) {
  const bytes = await make();
  const input = join(dir, "crafted.xlsx");
  const output = join(dir, "crafted.out.xlsx");
  writeFileSync(input, bytes);
  const r = spawnSync(process.execPath, ["-e", runner, input, output, "--force", ...flags], { encoding: "utf8" });
  const m = JSON.parse(r.stdout.trim().split("\n").pop() || "{}");
  const ok = m.code === 1 && m.seconds < 30 && m.maxRssMb < 500 && !existsSync(output);
  if (!ok) failures.push(`crafted: ${label}: exit ${m.code}, ${m.seconds} s, ${m.maxRssMb} MB`);
  const message = r.stderr
    .trim()
    .split("\n")[0]
    .replace(/^aiecon-share: Cannot read \S+ as an \.xlsx workbook: /, "");
  console.log(
    `  ${ok ? "PASS" : "FAIL"}  ${label} (${(bytes.length / 1e3).toFixed(0)} KB): exit ${m.code} in ${m.seconds.toFixed(2)} s, peak ${m.maxRssMb.toFixed(0)} MB — ${message.slice(0, 110)}`,
  );
}

rmSync(dir, { recursive: true, force: true });
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
