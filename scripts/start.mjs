#!/usr/bin/env node
// `npm start`: builds and serves the add-in on https://localhost:3000, then sideloads it into Excel
// where Excel exists. On Linux and CI there is no Excel: it says so and keeps serving.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const canSideload = process.platform === "win32" || process.platform === "darwin";

const server = spawn(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "serve", "--mode", "development"], {
  stdio: "inherit",
});
server.on("exit", (code) => process.exit(code ?? 0));

const manual = [
  "Serving the add-in on https://localhost:3000 (manifest: manifest.xml).",
  "To load it:",
  "  Excel on the web: Home > Add-ins > More Add-ins > Upload My Add-in > manifest.xml",
  "  Excel desktop (Windows/Mac): npx office-addin-debugging start manifest.xml, or Insert > My Add-ins > Upload",
].join("\n");

if (!canSideload) {
  console.log(`\nNo Excel on ${process.platform}: nothing to sideload into here.\n${manual}\n`);
} else {
  let debugging;
  try {
    debugging = require.resolve("office-addin-debugging/cli.js");
  } catch {
    console.log(`\noffice-addin-debugging is not installed, so the add-in is not sideloaded automatically.\n${manual}\n`);
  }
  if (debugging) {
    spawn(process.execPath, [debugging, "start", "manifest.xml", "--no-dev-server"], { stdio: "inherit" });
  }
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
