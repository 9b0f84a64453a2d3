#!/usr/bin/env node
// Entry point of `npx aiecon-share in.xlsx out.xlsx`; the code is TypeScript compiled into dist/cli by `npm run build:cli` (after any webpack build, which empties dist/).
import { createRequire } from "module";
import { existsSync } from "fs";
import { fileURLToPath } from "url";
import { dirname, join } from "path";

const compiled = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "cli", "share", "xlsx", "cli.js");
if (!existsSync(compiled)) {
  console.error("aiecon-share is not built yet: run `npm run build:cli` in the add-in's folder first.");
  process.exit(2);
}
const { main } = createRequire(import.meta.url)(compiled);
process.exitCode = await main(process.argv.slice(2), { out: (s) => console.log(s), err: (s) => console.error(s) });
