/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  setupFiles: ["<rootDir>/test/support/customFunctionsGlobal.ts"],
  moduleNameMapper: {
    // office-addin-mock imports office-addin-manifest, whose ES-module build jest on Node 20 cannot load.
    "^office-addin-manifest$": "<rootDir>/test/support/officeAddinManifestStub.js",
  },
  // Browser tests start Chromium; give them room on a 2-core machine.
  testTimeout: 60000,
};
