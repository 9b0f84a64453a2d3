#!/usr/bin/env node
// `npm start`: builds and serves the add-in on https://localhost:3000, then sideloads it into Excel
// where Excel exists (Windows, macOS). On Linux and CI there is no Excel: it says so and keeps serving.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { request } from "node:https";

const require = createRequire(import.meta.url);
const PORT = 3000;
const canSideload = process.platform === "win32" || process.platform === "darwin";

const server = spawn(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "serve", "--mode", "development"], {
  stdio: "inherit",
});
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));

const manual = [
  `Serving the add-in on https://localhost:${PORT} (manifest: manifest.xml).`,
  "To load it:",
  "  Excel on the web: Home > Add-ins > More Add-ins > Upload My Add-in > manifest.xml",
  "  Excel desktop (Windows/Mac): npx office-addin-debugging start manifest.xml desktop, or Insert > My Add-ins > Upload",
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
  console.log(`\nNo Excel on ${process.platform}: nothing to sideload into here.\n${manual}\n`);
} else {
  // office-addin-debugging registers the manifest and opens Excel; --dev-server-port makes it use the
  // server started above instead of starting its own. It is fetched on demand by npx because its
  // keychain dependency needs native build tools that Linux CI machines do not have.
  serverUp().then(() => {
    const npx = process.platform === "win32" ? "npx.cmd" : "npx";
    const sideload = spawn(
      npx,
      ["--yes", "office-addin-debugging@7.0.0", "start", "manifest.xml", "desktop", "--app", "excel", "--dev-server-port", String(PORT)],
      { stdio: "inherit", shell: process.platform === "win32" },
    );
    sideload.on("exit", (code) => {
      if (code !== 0) console.log(`\nSideloading did not complete (exit ${code}).\n${manual}\n`);
    });
  });
}
