// Temporary folders of tests and benches go when the process ends, however it ends.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const helper = join(resolve(__dirname, "..", ".."), "test", "support", "tempDirs.cjs");
const script = (ending: string) =>
  `const { tempDir } = require(${JSON.stringify(helper)}); const d = tempDir("probe"); require("fs").writeFileSync(d + "/big", "x".repeat(1000)); console.log(d); ${ending}`;

it.each([
  ["a normal end", ""],
  ["a failure exit code", "process.exit(1);"],
  ["an uncaught error", 'throw new Error("bench failed");'],
])("removes them after %s", (_what, ending) => {
  const r = spawnSync(process.execPath, ["-e", script(ending)], { encoding: "utf8" });
  const dir = r.stdout.trim();
  expect(dir).toMatch(/aiecon-probe-/);
  expect(existsSync(dir)).toBe(false);
});

it("removes them on Ctrl+C (SIGINT), and the process still ends by that signal", async () => {
  const child = spawn(process.execPath, ["-e", script("setTimeout(() => {}, 60_000);")]);
  const dir = await new Promise<string>((done) => child.stdout.once("data", (b: Buffer) => done(b.toString().trim())));
  expect(existsSync(dir)).toBe(true);
  const ended = new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_code, signal) => done(signal)));
  child.kill("SIGINT");
  expect(await ended).toBe("SIGINT");
  expect(existsSync(dir)).toBe(false);
});
