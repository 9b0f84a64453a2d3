// Where the team's shared test files live: ../shared beside the project (workbooks saved by Excel,
// a real FOCUS billing export), or where AIECON_SHARED points. Read from there, never copied in.
// CommonJS so `npm test` can check for it first (scripts/check-shared.cjs) with the same rules.
const { existsSync } = require("fs");
const { join, resolve } = require("path");

const root = resolve(__dirname, "..", "..");

/** What the tests read from the shared folder, and what for. */
const SHARED_CONTENTS = [
  { path: join("workbooks", "realworld"), what: "workbooks saved by Excel, converted and restored by the sharing tests" },
  { path: join("actuals", "focus-1.0-sample.csv"), what: "a real FOCUS billing export, read by the actuals tests" },
];

/** The shared folder: AIECON_SHARED, else ../shared (or one level higher, for a worktree one level deeper). */
function findSharedDir(env = process.env) {
  if (env.AIECON_SHARED) return resolve(env.AIECON_SHARED);
  return [join(root, "..", "shared"), join(root, "..", "..", "shared")].find((d) => existsSync(d)) ?? join(root, "..", "shared");
}

/** What is missing from the shared folder, as one message; undefined when everything is there. */
function missingShared(dir = findSharedDir()) {
  const missing = SHARED_CONTENTS.filter((c) => !existsSync(join(dir, c.path)));
  if (missing.length === 0) return undefined;
  return [
    `The tests need the team's shared test files in ${dir} (the folder "shared" beside this project, or set AIECON_SHARED to where it is). Missing:`,
    ...missing.map((c) => `  ${join(dir, c.path)}: ${c.what}`),
    "Only the tests read it: npm start, the builds and aiecon-share work without it.",
  ].join("\n");
}

module.exports = { findSharedDir, missingShared, SHARED_CONTENTS };
