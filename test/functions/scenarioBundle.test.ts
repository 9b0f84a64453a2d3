// The built functions script, loaded as Excel's shared runtime would load it from the add-in's
// origin: TOKENCOUNT must fetch the tokenizer chunk only on first use, from the script's own URL.
// Needs `npx webpack --mode production` first (npm test builds before running jest).
import { existsSync, statSync } from "fs";
import { join } from "path";
import { builtScript } from "../../scripts/build/builtFiles.cjs";
import { DIST, loadBuiltFunctions } from "../support/customFunctionsHost.cjs";

const ORIGIN = "https://addin.test/";

function loadFunctionsScript(failedLoads = 0) {
  return loadBuiltFunctions(DIST, { origin: ORIGIN, failedLoads });
}

describe("built functions.js and the lazy tokenizer chunk", () => {
  beforeAll(() => {
    if (!existsSync(join(DIST, "functions.js"))) throw new Error("dist/ is missing: run `npx webpack --mode production` first");
  });

  it("keeps the tokenizer out of functions.js", () => {
    const functions = statSync(join(DIST, "functions.js")).size;
    const tokenizer = statSync(join(DIST, builtScript(DIST, "tokenizer"))).size;
    expect(tokenizer).toBeGreaterThan(1_000_000);
    expect(functions).toBeLessThan(tokenizer / 4);
  });

  it("registers the scenario functions and loads the tokenizer only when TOKENCOUNT first runs", async () => {
    const { registry, requested } = loadFunctionsScript();
    for (const id of ["COSTCURVE", "BLENDEDPRICE", "GPUCOSTPERMTOK", "VALUATIONIMPACT", "USERMIX", "TOKENCOUNT"]) {
      expect(registry.has(id)).toBe(true);
    }
    expect(registry.get("GPUCOSTPERMTOK")!(3.6, 1000, 1)).toBeCloseTo(1, 12);
    expect(requested).toEqual([]);

    const count = registry.get("TOKENCOUNT")!;
    expect(await count("hello world")).toBe(2);
    expect(requested).toEqual([`${ORIGIN}${builtScript(DIST, "tokenizer")}`]);
    expect(await count("hello world, again")).toBeGreaterThan(2);
    expect(requested).toHaveLength(1);
  });

  it("a failed chunk load is #N/A with a message, and the next recalculation tries again", async () => {
    const { registry, requested } = loadFunctionsScript(1);
    const count = registry.get("TOKENCOUNT")!;
    await expect(count("hello world")).rejects.toMatchObject({
      code: "#N/A",
      message: expect.stringMatching(/^The tokenizer could not be loaded \(.*\); recalculate/),
    });
    expect(await count("hello world")).toBe(2);
    const tokenizer = `${ORIGIN}${builtScript(DIST, "tokenizer")}`;
    expect(requested).toEqual([tokenizer, tokenizer]);
  });
});
