#!/usr/bin/env node
// First step of `npm test`: the shared test files must be there before ten minutes of building and
// testing, not discovered missing at the end.
const { missingShared } = require("../test/support/sharedFolder.cjs");

const missing = missingShared();
if (missing) {
  console.error(`\n${missing}\n`);
  process.exit(1);
}
