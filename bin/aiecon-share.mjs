#!/usr/bin/env node
// Entry point of `npx aiecon-share in.xlsx out.xlsx` inside the add-in's folder. The code is
// TypeScript compiled into build/cli (by `npm ci` through the "prepare" script, or `npm run build:cli`);
// when that is missing or older than the sources, it is compiled here first, with a message.
// Outside this folder, use the single-file build instead: `npm run build:cli-file` (see README).
import { createRequire } from "node:module";
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const compiled = join(root, "build", "cli", "share", "xlsx", "cli.js");

/** Newest modification time of the TypeScript the CLI is compiled from. */
function newestSource(dir = join(root, "src")) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(compiled) || (existsSync(join(root, "src")) && newestSource() > statSync(compiled).mtimeMs);
if (stale) {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc)) {
    console.error("aiecon-share is not built and TypeScript is not installed: run `npm ci` in the add-in's folder first.");
    process.exit(2);
  }
  console.error("aiecon-share: compiling the CLI from src/ (first use, or the sources changed); this takes a few seconds…");
  const built = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.cli.json")], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (built.status !== 0 || !existsSync(compiled)) {
    console.error("aiecon-share: compiling failed (see above); `npm run build:cli` shows the same errors.");
    process.exit(2);
  }
}
const { main } = createRequire(import.meta.url)(compiled);
process.exitCode = await main(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
