// What Excel gives a custom-functions script, shared by the jest tests and the benchmarks (plain
// CommonJS so `npm run bench` can use it without a TypeScript step): a CustomFunctions global whose
// associate() fills a registry, and a loader that runs dist/functions.js in a fresh context the way
// Excel loads functions.json and the functions script.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createContext, runInContext } = require("node:vm");

const ErrorCode = Object.freeze({
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
});

function makeCustomFunctionsGlobal() {
  class CustomFunctionsError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }
  const registry = new Map();
  return {
    Error: CustomFunctionsError,
    ErrorCode,
    associate(id, fn) {
      if (typeof id === "string") registry.set(id, fn);
      else for (const [k, v] of Object.entries(id)) registry.set(k, v);
    },
    registry,
  };
}

const DIST = join(__dirname, "..", "..", "dist");

/**
 * isolated (default): a fresh vm context holding only browser-like globals, so the test proves the
 * script needs nothing from Node. shared: the script runs as a function in this realm, with its
 * own CustomFunctions and self; a vm context's globals sit behind interceptors that make every
 * global look-up (Number, Math...) far slower than in Excel's JavaScript engine, so benchmarks use this.
 */
function loadBuiltFunctions(dist = DIST, { realm = "isolated" } = {}) {
  const metadata = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions;
  const script = readFileSync(join(dist, "functions.js"), "utf8");
  const CustomFunctions = makeCustomFunctionsGlobal();
  if (realm === "shared") {
    const self = { CustomFunctions };
    new Function("CustomFunctions", "self", "window", script)(CustomFunctions, self, self);
  } else {
    const context = createContext({ CustomFunctions, console, setTimeout, clearTimeout, Promise });
    context.self = context;
    context.window = context;
    runInContext(script, context, { filename: "functions.js" });
  }
  const call = (id, ...args) => {
    const fn = CustomFunctions.registry.get(id);
    if (!fn) throw new Error(`functions.js did not associate ${id}`);
    return fn(...args);
  };
  return { metadata, call, registry: CustomFunctions.registry, CustomFunctions };
}

module.exports = { ErrorCode, makeCustomFunctionsGlobal, loadBuiltFunctions, DIST };
