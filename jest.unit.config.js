// `npm run test:unit`: the pure and hook tests, which need no build, browser or LibreOffice, for a
// quick loop while editing. `npm test` (which CI and the README use) still runs everything.
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: [
    "<rootDir>/test/calc",
    "<rootDir>/test/data",
    "<rootDir>/test/runtime",
    "<rootDir>/test/sheetModel",
    "<rootDir>/test/taskpane",
    "<rootDir>/test/architecture",
  ],
  // These recalculate in LibreOffice, compare with the dataset across all entries, or read the build.
  testPathIgnorePatterns: [
    "/node_modules/",
    "test/sheetModel/classificationFormulas\\.test\\.ts$",
    "test/sheetModel/forecastFormulas\\.test\\.ts$",
    "test/data/agreement\\.test\\.ts$",
    "test/architecture/cliBuild\\.test\\.ts$",
  ],
};
