#!/usr/bin/env node
// `npm run serve:dist`: serves the production dist/ on https://localhost:PORT under the base URL's
// path, with the headers a production host must send (scripts/build/hosting.cjs), to check a build
// before it is uploaded: open help.html and taskpane.html, or `curl -kI` a file to see its headers.
import { createServer } from "node:https";
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const { distHandler } = require("./build/hosting.cjs");
const { devCertificate } = require("./build/devCertificate.cjs");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const port = Number(process.env.PORT || 3000);

if (!existsSync(path.join(dist, "manifest.xml"))) {
  console.error("dist/ is missing: build it first, e.g. ADDIN_BASE_URL=https://addins.example.com/aiecon npm run build");
  process.exit(2);
}
// Serve under the same path as the production base URL, so the build's relative URLs resolve as they will there.
const source = readFileSync(path.join(dist, "manifest.xml"), "utf8").match(/<SourceLocation DefaultValue="([^"]+)"/)[1];
const base = new URL(".", source);
const basePath = base.hostname === "localhost" ? "/" : base.pathname;

/** The dev certificate, or a throwaway self-signed one (as webpack-dev-server makes); one line says which and how to trust it. */
async function certificate() {
  const { options, line } = await devCertificate({ port, page: `https://localhost:${port}${basePath}help.html` });
  console.log(line);
  if (options) return { key: options.key, cert: options.cert };
  const selfsigned = createRequire(require.resolve("webpack-dev-server"))("selfsigned");
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], { days: 30, keySize: 2048 });
  return { key: pems.private, cert: pems.cert };
}

const server = createServer(await certificate(), distHandler(dist, basePath));
server.on("error", (error) => {
  if (error.code === "EADDRINUSE") console.error(`Port ${port} is taken. Choose another: PORT=${port + 1} npm run serve:dist`);
  else console.error(`serve:dist could not start: ${error.message}`);
  process.exit(1);
});
server.listen(port, "localhost", () => {
  console.log(`Serving dist/ (built for ${base.origin}${base.pathname}) on https://localhost:${port}${basePath}`);
  console.log(`  help:    https://localhost:${port}${basePath}help.html`);
  console.log(`  headers: curl -kI https://localhost:${port}${basePath}functions.json`);
});
