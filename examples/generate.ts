// `npm run examples` (also part of `npm run build:local`): writes examples/ai-unit-economics.xlsx
// from the specs. test/examples checks that the committed file is what this writes.
import { readFileSync, writeFileSync, existsSync } from "fs";
import { join, resolve } from "path";
import { EXAMPLE_FILE, exampleWorkbookBytes } from "./exampleWorkbook";

async function run(): Promise<void> {
  const target = join(resolve(__dirname, ".."), EXAMPLE_FILE);
  const bytes = await exampleWorkbookBytes();
  if (existsSync(target) && readFileSync(target).equals(bytes)) {
    console.log(`${EXAMPLE_FILE}: up to date`);
    return;
  }
  writeFileSync(target, bytes);
  console.log(`${EXAMPLE_FILE}: written (${(bytes.length / 1024).toFixed(0)} KB)`);
}

run().catch((error) => {
  console.error(`npm run examples: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
