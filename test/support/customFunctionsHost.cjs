// What Excel gives a custom-functions script, shared by the jest tests and the benchmarks (plain
// CommonJS so `npm run bench` can use it without a TypeScript step): a CustomFunctions global whose
// associate() fills a registry, and a loader that runs dist/functions.js in a fresh context the way
// Excel loads functions.json and the functions script.
const { existsSync, readFileSync } = require("node:fs");
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
 * A document just big enough for webpack's runtime in the functions script: it finds its own URL
 * (publicPath "auto") from currentScript, and loads lazy chunks by appending <script> elements,
 * which are answered here from dist/ (or fail, `failedLoads` times, to test recovery).
 */
function makeDocument({ dist, origin, run, requested, failedLoads }) {
  let failuresLeft = failedLoads;
  return {
    currentScript: { tagName: "SCRIPT", src: `${origin}functions.js` },
    // Every real document has one; webpack's runtime reads it to resolve a Web Worker's script URL.
    baseURI: `${origin}taskpane.html`,
    getElementsByTagName: () => [],
    createElement() {
      const attributes = new Map();
      return { setAttribute: (k, v) => attributes.set(k, v), getAttribute: (k) => attributes.get(k) ?? null };
    },
    head: {
      appendChild(script) {
        requested.push(script.src);
        setTimeout(() => {
          const file = script.src.startsWith(origin) ? join(dist, script.src.slice(origin.length)) : "";
          if (failuresLeft > 0 || !file || !existsSync(file)) {
            failuresLeft--;
            return script.onerror({ type: "error", target: script });
          }
          run(readFileSync(file, "utf8"), script.src);
          script.onload({ type: "load", target: script });
        }, 0);
      },
    },
  };
}

/**
 * Runs dist/functions.js the way Excel's runtime does, served from `origin`.
 * realm "isolated" (default): a fresh vm context holding only browser-like globals, so the test
 * proves the script needs nothing from Node. realm "shared": the script runs as a function in this
 * realm with its own CustomFunctions, self and document; a vm context's globals sit behind
 * interceptors that make every global look-up (Number, Math...) far slower than in Excel's
 * JavaScript engine, so benchmarks use this.
 * `requested` lists the chunk URLs the script asked for (the lazy tokenizer, for instance).
 * `globals` adds host objects to the isolated realm (e.g. Office and Excel stand-ins).
 */
function loadBuiltFunctions(dist = DIST, { realm = "isolated", origin = "https://localhost:3000/", failedLoads = 0, globals = {} } = {}) {
  const metadata = JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions;
  const script = readFileSync(join(dist, "functions.js"), "utf8");
  const CustomFunctions = makeCustomFunctionsGlobal();
  const requested = [];
  let run;
  let document;
  if (realm === "shared") {
    const self = { CustomFunctions };
    // webpack's runtime finds the document through globalThis, so this realm gets one (benchmark processes only).
    Object.defineProperty(globalThis, "document", { configurable: true, get: () => document });
    run = (code) => new Function("CustomFunctions", "self", "window", code)(CustomFunctions, self, self);
  } else {
    const context = createContext({ CustomFunctions, console, setTimeout, clearTimeout, Promise, TextDecoder, TextEncoder, ...globals });
    context.self = runInContext("globalThis", context);
    context.window = context.self;
    run = (code, filename) => runInContext(code, context, { filename });
    Object.defineProperty(context, "document", { get: () => document });
  }
  document = makeDocument({ dist, origin, run, requested, failedLoads });
  run(script, `${origin}functions.js`);
  document.currentScript = null; // as after the script has run
  const call = (id, ...args) => {
    const fn = CustomFunctions.registry.get(id);
    if (!fn) throw new Error(`functions.js did not associate ${id}`);
    return fn(...args);
  };
  return { metadata, call, registry: CustomFunctions.registry, CustomFunctions, requested };
}

module.exports = { ErrorCode, makeCustomFunctionsGlobal, loadBuiltFunctions, DIST };
