// The one way tests and benches make temporary folders: `aiecon-<what>-XXXXXX` in the system temp
// folder, removed when the process ends however it ends (success, failure, an uncaught error,
// Ctrl+C), and earlier by removeTempDirs() (tempDir.ts calls it after each test file).
// CommonJS so the benches (plain Node) use the same code as the jest tests.
const { mkdtempSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const { join } = require("path");

const made = [];

/** Removes every folder made so far by this process. */
function removeTempDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let hooked = false;
function removeOnExit() {
  if (hooked) return;
  hooked = true;
  process.on("exit", removeTempDirs);
  for (const signal of ["SIGINT", "SIGTERM"])
    process.once(signal, () => {
      removeTempDirs();
      process.kill(process.pid, signal);
    });
}

/** A new empty folder `aiecon-<what>-XXXXXX` in the system temp folder, removed at the latest when the process ends. */
function tempDir(what) {
  removeOnExit();
  const dir = mkdtempSync(join(tmpdir(), `aiecon-${what}-`));
  made.push(dir);
  return dir;
}

module.exports = { tempDir, removeTempDirs };
