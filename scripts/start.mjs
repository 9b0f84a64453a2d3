#!/usr/bin/env node
// `npm start`: builds and serves the add-in on https://localhost:3000, then sideloads it into Excel
// where Excel exists (Windows, macOS). On Linux and CI there is no Excel: it says so and keeps serving.
// PORT=3001 npm start serves on another port, with a manifest written for it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { request } from "node:https";
import { createServer } from "node:net";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const { DEV_ORIGIN } = require("./build/deployTarget.cjs");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORT = Number(process.env.PORT) || 3000;
const canSideload = process.platform === "win32" || process.platform === "darwin";

/** Resolves when nothing listens on the port; otherwise explains and exits (no stack trace). */
function ensurePortFree() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error) => {
      if (error.code !== "EADDRINUSE" && error.code !== "EACCES") return resolve();
      console.error(
        `\nPort ${PORT} is ${error.code === "EACCES" ? "not allowed for this user" : "already in use (another npm start, or another program)"}.\n` +
          `Stop what uses it, or choose another port:  PORT=${PORT + 1} npm start\n`,
      );
      process.exit(1);
    });
    probe.listen(PORT, "localhost", () => probe.close(() => resolve()));
  });
}

await ensurePortFree();

// The manifest to load: manifest.xml on the default port, else a copy pointing at this port.
let manifest = "manifest.xml";
if (PORT !== 3000) {
  manifest = path.join("build", `manifest-localhost-${PORT}.xml`);
  mkdirSync(path.join(root, "build"), { recursive: true });
  writeFileSync(
    path.join(root, manifest),
    readFileSync(path.join(root, "manifest.xml"), "utf8").split(DEV_ORIGIN).join(`https://localhost:${PORT}`),
  );
}

const server = spawn(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "serve", "--mode", "development"], {
  stdio: "inherit",
  env: { ...process.env, PORT: String(PORT) },
});
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));

const manual = [
  `Serving the add-in on https://localhost:${PORT} (manifest: ${manifest}).`,
  "To load it:",
  `  Excel on the web: Home > Add-ins > More Add-ins > Upload My Add-in > ${manifest}`,
  `  Excel desktop (Windows/Mac): npx office-addin-debugging start ${manifest} desktop, or Insert > My Add-ins > Upload`,
].join("\n");

/** Resolves once the dev server answers (its certificate may be self-signed: only reachability matters). */
function serverUp() {
  return new Promise((resolve) => {
    const attempt = () => {
      const req = request({ host: "localhost", port: PORT, path: "/taskpane.html", rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve();
      });
      req.on("error", () => setTimeout(attempt, 1000));
      req.end();
    };
    attempt();
  });
}

if (!canSideload) {
  // Only once the server answers: "Serving" before that would send the user to a page that fails.
  serverUp().then(() => console.log(`\nNo Excel on ${process.platform}: nothing to sideload into here.\n${manual}\n`));
} else {
  // office-addin-debugging registers the manifest and opens Excel; --dev-server-port makes it use the
  // server started above instead of starting its own. It is fetched on demand by npx because its
  // keychain dependency needs native build tools that Linux CI machines do not have.
  serverUp().then(() => {
    const npx = process.platform === "win32" ? "npx.cmd" : "npx";
    const sideload = spawn(
      npx,
      ["--yes", "office-addin-debugging@7.0.0", "start", manifest, "desktop", "--app", "excel", "--dev-server-port", String(PORT)],
      { stdio: "inherit", shell: process.platform === "win32" },
    );
    sideload.on("exit", (code) => {
      if (code !== 0) console.log(`\nSideloading did not complete (exit ${code}).\n${manual}\n`);
    });
  });
}
