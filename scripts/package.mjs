#!/usr/bin/env node
// `ADDIN_BASE_URL=https://… npm run package`: the production build, checked offline, zipped as
// aiecon-addin-<version>.zip: manifest.xml (for the Microsoft 365 admin centre) at the top, and
// dist/ (for the web server) beside it.
// Options (for tests and CI): --dist <dir> build into that folder instead of dist/; --no-build
// package an existing build; --out <dir> where to write the zip (default: this folder).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import JSZip from "jszip";

const require = createRequire(import.meta.url);
const { parseBaseUrl, manifestVersion, DeployConfigError } = require("./build/deployTarget.cjs");
const { checkProductionDist } = require("./build/productionChecks.cjs");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
};
const dist = option("--dist", path.join(root, "dist"));
const outDir = option("--out", root);
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

let baseUrl;
try {
  baseUrl = parseBaseUrl(process.env.ADDIN_BASE_URL);
  manifestVersion(version);
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  console.error(error.message.replace(/npm run build\b/, "npm run package"));
  process.exit(1);
}

if (!args.includes("--no-build")) {
  const webpack = require.resolve("webpack-cli/bin/cli.js");
  const built = spawnSync(process.execPath, [webpack, "--mode", "production", "--env", "deploy", "--output-path", dist], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const problems = checkProductionDist(dist, { baseUrl, version: manifestVersion(version) });
if (problems.length) {
  console.error(`The build in ${dist} cannot be deployed as it is:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

function filesUnder(dir, prefix = "") {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}
const zip = new JSZip();
// Fixed dates keep the zip byte-identical for the same build.
const date = new Date(Date.UTC(2000, 0, 1));
zip.file("manifest.xml", readFileSync(path.join(dist, "manifest.xml")), { date, createFolders: false });
for (const file of filesUnder(dist)) zip.file(`dist/${file}`, readFileSync(path.join(dist, file)), { date, createFolders: false });
const target = path.join(outDir, `aiecon-addin-${version}.zip`);
writeFileSync(target, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } }));
console.log(`${target}: manifest.xml for the admin centre, dist/ for ${baseUrl}/`);
