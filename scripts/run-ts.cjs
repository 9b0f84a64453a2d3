#!/usr/bin/env node
// Runs a TypeScript script of this project without a build step: `node scripts/run-ts.cjs file.ts`.
// Each .ts file is transpiled on require (no type check: `npm run typecheck` does that), the way
// ts-jest runs the tests, so a script can reuse src/ and test/support/ as they are.
const { readFileSync } = require("node:fs");
const { resolve } = require("node:path");
const ts = require("typescript");

// Extensionless imports try extensions in this order: .ts before .json, since src/data/defaultPrices.ts
// sits beside the defaultPrices.json it imports.
const { ".json": json, ".node": native } = require.extensions;
delete require.extensions[".json"];
delete require.extensions[".node"];
require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
require.extensions[".json"] = json;
require.extensions[".node"] = native;

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run-ts.cjs <file.ts> [args…]");
  process.exit(1);
}
process.argv = [process.argv[0], resolve(script), ...args];
require(resolve(script));
