// `npm test` first checks for the shared test files and, when they are missing, says at once where
// it looked, what is missing and what each is for.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { findSharedDir, missingShared, SHARED_CONTENTS } from "../support/sharedFolder.cjs";
import { tempDir } from "../support/tempDir";

const root = resolve(__dirname, "..", "..");
const check = (env: Record<string, string>) =>
  spawnSync(process.execPath, [join(root, "scripts", "check-shared.cjs")], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" });

it("passes silently when the shared folder holds what the tests read", () => {
  expect(missingShared()).toBeUndefined();
  const r = check({});
  expect(r.status).toBe(0);
  expect(`${r.stdout}${r.stderr}`).toBe("");
});

it("without it, exits 1 naming the folder, each missing item and what it is for", () => {
  const empty = tempDir("no-shared");
  expect(findSharedDir({ AIECON_SHARED: empty })).toBe(empty);
  const r = check({ AIECON_SHARED: empty });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain(`The tests need the team's shared test files in ${empty}`);
  for (const item of SHARED_CONTENTS) expect(r.stderr).toContain(`${join(empty, item.path)}: ${item.what}`);
  expect(r.stderr).toContain("npm start, the builds and aiecon-share work without it");
});
