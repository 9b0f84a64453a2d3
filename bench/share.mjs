#!/usr/bin/env node
// `npm run bench` (after the build): aiecon-share on generated workbooks, as a user runs it (the
// built CLI in its own process), against the zip-rewrite floor and LibreOffice's convert of the same
// files, as ratios; how fast a workbook beyond the size limit is refused; crafted files.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * Node in a child process of its own. Through a shell that forks it, not straight from this one:
 * Linux keeps a process's peak memory across exec, and a child forked from the bench starts with
 * the bench's memory (it holds the generated workbook, hundreds of MB for the 50 MB cases), so a
 * child spawned directly reported that as its own peak (a crafted file refused with 55 MB of its
 * own showed 505 MB).
 */
const node = (args) => spawnSync("/bin/sh", ["-c", '"$@"; exit $?', "sh", process.execPath, ...args], { encoding: "utf8" });

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

// The zip-rewrite floor (issue 22): what any streaming rewrite of the same file costs at least —
// every sheet (the members a conversion rewrites) inflated and deflated with Node's own zlib,
// every other member copied with its compressed bytes, the zip written out — in its own process,
// like aiecon-share, so both pay Node's start-up. Its directory is read by jszip as aiecon-share
// reads it, without jszip's pass over every byte of the file (zipDirectory.ts): that pass is no
// part of a rewrite, and left in it made the floor higher (0.15 s of CPU on the 50 MB dense file).
const floorScript = `
const zlib = require("node:zlib");
const { readFileSync, writeFileSync } = require("node:fs");
require(${JSON.stringify(join(cliDir, "zipDirectory.js"))});
const JSZip = require(${JSON.stringify(require.resolve("jszip"))});
JSZip.loadAsync(readFileSync(process.argv[1])).then((zip) => {
  const out = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const raw = f._data.compressedContent;
    out.push(/^xl\\/worksheets\\/[^/]+\\.xml$/.test(f.name) ? zlib.deflateRawSync(zlib.inflateRawSync(raw)) : Buffer.from(raw));
  }
  writeFileSync(process.argv[2], Buffer.concat(out));
  const u = process.resourceUsage();
  console.log(JSON.stringify({ cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6, maxRssMb: u.maxRSS / 1024 }));
});`;
function zipRewriteFloor(input) {
  const r = node(["-e", floorScript, input, join(dir, "floor.out")]);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

/** The run of median CPU time among `runs` (a failed one, if any, instead). */
function medianRun(runs) {
  const median = [...runs].sort((a, b) => (a.cpuSeconds ?? 0) - (b.cpuSeconds ?? 0))[(runs.length - 1) >> 1];
  const failed = runs.find((r) => r.code !== undefined && r.code !== 0);
  // (Its own peak, as a single run reports it: the memory check compares these across sizes.)
  return { ...(failed ?? median), times: runs.length };
}

/**
 * `times` runs of aiecon-share (`run`) and of the floor on `input`, taken in turn, and each one's
 * median. On this kind of shared machine one run of a few seconds varies by a fifth from the next,
 * and the machine's speed drifts over minutes: the floor's runs, taken between the tool's rather than
 * after them all, meet the same drift, so their ratio moves less than either does.
 */
function alongsideFloor(times, run, input) {
  const ours = [];
  const floor = [];
  for (let i = 0; i < times; i++) {
    ours.push(run());
    floor.push(zipRewriteFloor(input));
  }
  return { ...medianRun(ours), floor: medianRun(floor) };
}

// LibreOffice's own convert of the same file (it opens, recalculates and saves the whole workbook),
// timed by /usr/bin/time (soffice runs soffice.bin as its child); skipped where it is not installed.
const soffice = ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"].find((p) => existsSync(p));
function libreOffice(input) {
  if (!soffice || !existsSync("/usr/bin/time")) return undefined;
  const out = join(dir, "lo-out");
  const r = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "TIME %e %U %S %M",
      soffice,
      `-env:UserInstallation=file://${join(dir, "lo-profile")}`,
      "--headless",
      "--convert-to",
      "xlsx",
      "--outdir",
      out,
      input,
    ],
    { encoding: "utf8" },
  );
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  return m && r.status === 0
    ? { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]), maxRssMb: Number(m[4]) / 1024 }
    : undefined;
}

const x = (a, b) => `${(a / b).toFixed(1)}×`;
const describe = (m) =>
  `${m.label}: ${m.zipMb.toFixed(1)} MB file (${m.unpackedMb.toFixed(0)} MB unpacked), ${m.seconds.toFixed(1)} s (${m.cpuSeconds.toFixed(1)} s CPU${m.times > 1 ? `, median of ${m.times}` : ""}), peak ${m.maxRssMb.toFixed(0)} MB; ` +
  `floor ${m.floor.cpuSeconds.toFixed(2)} s CPU → ${x(m.cpuSeconds, m.floor.cpuSeconds)} the floor` +
  (m.lo
    ? `; LibreOffice ${m.lo.seconds.toFixed(1)} s (${m.lo.cpuSeconds.toFixed(1)} s CPU, peak ${m.lo.maxRssMb.toFixed(0)} MB) → ${x(m.cpuSeconds, m.lo.cpuSeconds)} its CPU`
    : "; LibreOffice not installed");

/**
 * One case: the generated workbook converted (and, dense, restored) by aiecon-share, against the floor and LibreOffice;
 * `sharedFormulas`: its fill-downs saved as Excel saves them (shared formulas, see bigWorkbook.cjs).
 */
async function compare(label, rows, aiecon, { restore = false, sharedFormulas = false } = {}) {
  const bytes = await bigWorkbook({ rows, aiecon, shared: sharedFormulas });
  const input = join(dir, `${label.replace(/\W+/g, "-")}.xlsx`);
  writeFileSync(input, bytes);
  const shared = join(dir, "shared.xlsx");
  // Files of a few MB: the median of five runs, the tool's and the floor's (the 50 MB ones, of three: they take minutes each).
  const times = bytes.length < 20e6 ? 5 : 3;
  const cli = (...args) => {
    const r = node(["-e", runner, ...args]);
    const line = r.stdout.trim().split("\n").pop();
    if (!line) throw new Error(`aiecon-share failed on ${label}: ${r.stderr}`);
    return { ...JSON.parse(line), stderr: r.stderr.trim() };
  };
  const m = {
    label,
    rows,
    zipMb: bytes.length / 1e6,
    unpackedMb: await unpackedMb(bytes),
    ...alongsideFloor(times, () => cli(input, shared, "--force"), input),
  };
  if (m.code !== 0) failures.push(`${label}: exit ${m.code} ${m.stderr.slice(0, 200)}`);
  m.lo = libreOffice(input);
  console.log(`  ${describe(m)}`);
  if (restore) {
    const b = alongsideFloor(times, () => cli(shared, join(dir, "back.xlsx"), "--force", "--restore"), shared);
    if (b.code !== 0) failures.push(`${label} restore: exit ${b.code} ${b.stderr.slice(0, 200)}`);
    console.log(
      `    restore: ${b.seconds?.toFixed(1)} s (${b.cpuSeconds?.toFixed(1)} s CPU), peak ${b.maxRssMb?.toFixed(0)} MB → ${x(b.cpuSeconds, b.floor.cpuSeconds)} the floor`,
    );
  }
  rmSync(input, { force: true });
  return m;
}

const failures = [];
console.log(`aiecon-share against the zip-rewrite floor and LibreOffice's convert (limit ${MAX_UNPACKED_MB} MB unpacked)`);
// BENCH_SHARE_CASES=sparse-5,dense-20k... runs only those (the 50 MB cases take minutes).
const only = process.env.BENCH_SHARE_CASES?.split(",");
// Rows of the generated workbook for about 5 MB and 50 MB of file: sparse (100 AIECON formulas) and
// dense (an AIECON formula and a formula reading it on every row). The "-excel" cases are the same
// workbooks saved as Excel saves them, each filled-down column one shared formula group: that layout
// is smaller per row (4.0 MB at 110,000 sparse rows, 3.6 MB at 86,000 dense ones), so they take the
// rows that again make about 5 MB of file. The 50 MB sparse workbook stops at the last row of
// Excel's grid (1,048,576 with the header: 47 MB of file): rows beyond it make no workbook Excel
// opens, and their formulas name no cells (B1048577 is not a reference), so each went through the
// tokenizer, 7% of the case's CPU at 1,100,000 rows.
const CASES = [
  ["sparse-5", "5 MB sparse", 110_000, 100],
  ["sparse-50", "50 MB sparse", 1_048_575, 100],
  ["dense-5", "5 MB dense", 86_000, 86_000],
  ["dense-50", "50 MB dense", 860_000, 860_000],
  ["dense-20k", "20,000 dense rows", 20_000, 20_000],
  ["dense-200k", "200,000 dense rows", 200_000, 200_000],
  ["sparse-5-excel", "5 MB sparse, saved by Excel (shared formulas)", 136_000, 100, { sharedFormulas: true }],
  ["dense-5-excel", "5 MB dense, saved by Excel (shared formulas)", 119_000, 119_000, { sharedFormulas: true }],
];
const runs = {};
for (const [id, label, rows, aiecon, layout] of CASES)
  if (!only || only.includes(id)) runs[id] = await compare(label, rows, aiecon, { restore: id.startsWith("dense-2"), ...layout });

// Bounded memory: the sheets stream, so peak memory grows far slower than the workbook (issue 22:
// less than a third as fast). Holding the sheet as a string (or as exceljs cells) grows at least as fast.
for (const kind of ["sparse", "dense"]) {
  const [small, big] = [runs[`${kind}-5`], runs[`${kind}-50`]];
  if (!small || !big) continue;
  const sizeRatio = big.zipMb / small.zipMb;
  const memoryRatio = big.maxRssMb / small.maxRssMb;
  console.log(
    `  ${kind}: ${sizeRatio.toFixed(1)}× the file took ${memoryRatio.toFixed(1)}× the peak memory (must stay under a third: ${(sizeRatio / 3).toFixed(1)}×)`,
  );
  if (!(memoryRatio < sizeRatio / 3))
    failures.push(`${kind}: peak memory grew ${memoryRatio.toFixed(1)}× for ${sizeRatio.toFixed(1)}× the file`);
}

// The README's figures (scripts/benchFigures.cjs writes them into its bench blocks): the cases run.
const big = runs["sparse-50"];
const round10 = (n) => Math.round(n / 10) * 10;
const FIGURE_CASES = ["sparse-5", "sparse-50", "dense-5", "dense-50", "sparse-5-excel", "dense-5-excel"];
if (FIGURE_CASES.some((k) => runs[k])) {
  const ratio = (m) =>
    `${m.label} ${m.cpuSeconds.toFixed(1)} s of CPU, ${x(m.cpuSeconds, m.floor.cpuSeconds)} the floor` +
    (m.lo ? ` and ${x(m.cpuSeconds, m.lo.cpuSeconds)} LibreOffice's ${m.lo.cpuSeconds.toFixed(1)} s` : "") +
    `, peak ${m.maxRssMb.toFixed(0)} MB`;
  recordFigure(
    "share",
    `Measured by \`npm run bench\` on generated workbooks, against the zip-rewrite floor (every sheet inflated and deflated by ` +
      `Node's zlib, other parts copied) and LibreOffice's own convert of the same file, CPU seconds (the median of five runs of each for the 5 MB files, of three for the 50 MB ones, the tool's and the floor's taken in turn): ` +
      `${FIGURE_CASES.map((k) => runs[k] && ratio(runs[k]))
        .filter(Boolean)
        .join("; ")}.`,
  );
}
if (big)
  recordFigure(
    "share-limit",
    `${MAX_UNPACKED_MB.toLocaleString("en-US")} MB of XML once unpacked (about a ${round10((MAX_UNPACKED_MB * big.zipMb) / big.unpackedMb)} MB file ` +
      `compressed as the bench's generated workbook is)`,
  );

// Beyond the limit: refused at once, before any work.
const over = join(dir, "over-limit.xlsx");
writeFileSync(over, await bomb(await bigWorkbook({ rows: 1000 }), MAX_UNPACKED_MB + 100));
const t0 = process.hrtime.bigint();
const refused = node(["-e", runner, over, join(dir, "over-limit.out.xlsx"), "--force"]);
const refusedIn = Number(process.hrtime.bigint() - t0) / 1e9;
const code = JSON.parse(refused.stdout.trim().split("\n").pop() || "{}").code;
console.log(
  `  a workbook claiming ${MAX_UNPACKED_MB + 100} MB unpacked: exit ${code} in ${refusedIn.toFixed(2)} s — ${refused.stderr.trim().split("\n")[0]}`,
);
if (code !== 1 || refusedIn > 10 || existsSync(join(dir, "over-limit.out.xlsx")))
  failures.push(`a workbook beyond the limit was not refused at once (exit ${code}, ${refusedIn} s)`);

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
  ["three AIECON calls naming A1:XFD1048576 as their model", () => crafted.aieconReading("A1:XFD1048576", 3), []],
  ["2,000 AIECON calls each naming a whole column as their model", () => crafted.aieconReading("$A$1:$A$1048576", 2000), []],
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
  const r = node(["-e", runner, input, output, "--force", ...flags]);
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
