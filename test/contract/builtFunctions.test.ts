// Contract: dist/functions.json and dist/functions.js together, loaded the way Excel loads them.
// Needs `npm run build:local` first (npm test builds before running jest).
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { loadBuiltFunctions, type LoadedAddin } from "../support/customFunctionsHost.cjs";

let addin: LoadedAddin;
beforeAll(() => {
  addin = loadBuiltFunctions();
});

// The error class the bundle throws is the one from the fresh context's CustomFunctions global.
function excelErrorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof addin.CustomFunctions.Error) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an Excel error");
}

const CORE = ["COSTPERINTERACTION", "COSTPERUSER", "MARGINIMPACT", "COSTTREE", "MODELPRICE", "PRICESASOF"];

describe("functions.json metadata", () => {
  it("declares every core function, each associated by the script", () => {
    const ids = addin.metadata.map((f) => f.id);
    for (const id of CORE) expect(ids).toContain(id);
    for (const id of ids) expect(addin.registry.has(id)).toBe(true);
    expect([...addin.registry.keys()].sort()).toEqual([...ids].sort());
  });

  it("gives every function a description and every parameter help", () => {
    for (const fn of addin.metadata) {
      expect(fn.description.length).toBeGreaterThan(20);
      for (const p of fn.parameters) expect(p.description.length).toBeGreaterThan(10);
    }
  });

  it("states units in the help of every price and money parameter", () => {
    const money = /price|cost|revenue|usd/i;
    for (const fn of addin.metadata) {
      for (const p of fn.parameters.filter((q) => money.test(q.name))) {
        expect(`${fn.id}.${p.name}: ${p.description}`).toMatch(/\$|per 1M|%/);
      }
    }
  });

  it("marks optional parameters and the COSTTREE range as a matrix", () => {
    const byId = Object.fromEntries(addin.metadata.map((f) => [f.id, f]));
    const optional = (id: string) => byId[id].parameters.filter((p) => p.optional).map((p) => p.name);
    expect(optional("COSTPERINTERACTION")).toEqual([
      "output_price",
      "cached_input_tokens",
      "cached_input_price",
      "cache_write_tokens",
      "cache_write_price",
      "as_of",
    ]);
    expect(optional("MODELPRICE")).toEqual(["kind", "as_of", "input_tokens"]);
    expect(byId.COSTTREE.parameters[0].dimensionality).toBe("matrix");
    expect(byId.COSTTREE.result.dimensionality).toBe("matrix");
  });
});

describe("calling the built functions with Excel-shaped arguments", () => {
  it("COSTPERINTERACTION with a model name and with prices", () => {
    const m = DEFAULT_PRICE_TABLE.find("claude-sonnet-4")!;
    const expected = (3000 * m.input + 4000 * m.cachedInput! + 1000 * m.output) / 1e6;
    expect(addin.call("COSTPERINTERACTION", 7000, 1000, "anthropic/claude-sonnet-4", null, 4000, null)).toBeCloseTo(expected, 15);
    expect(addin.call("COSTPERINTERACTION", 7000, 1000, 3, 15, null, null)).toBeCloseTo(0.036, 15);
  });

  it("the domain §4 worked example end to end", () => {
    const normal = addin.call("COSTPERINTERACTION", 2000, 0, 10, 10, null, null) as number;
    const power = addin.call("COSTPERINTERACTION", 5000, 0, 50, 50, null, null) as number;
    const normalUser = addin.call("COSTPERUSER", normal, 50) as number;
    const powerUser = addin.call("COSTPERUSER", power, 500) as number;
    expect([normal, normalUser, addin.call("MARGINIMPACT", normalUser, 100)]).toEqual([
      expect.closeTo(0.02, 12),
      expect.closeTo(1, 12),
      expect.closeTo(0.01, 12),
    ]);
    expect([power, powerUser, addin.call("MARGINIMPACT", powerUser, 100)]).toEqual([
      expect.closeTo(0.25, 12),
      expect.closeTo(125, 9),
      expect.closeTo(1.25, 12),
    ]);
  });

  it("COSTTREE spills a breakdown from a 2-D range", () => {
    const out = addin.call(
      "COSTTREE",
      [
        ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls", "Cached input tokens"],
        ["Safety", null, "gpt-4o-mini", 500, 10, 1, null],
        ["Primary", null, "gpt-4o", 7000, 1000, 1, 4000],
        ["Retry", "Primary", "gpt-4o", 7000, 1000, 0.1, 4000],
      ],
      "breakdown",
    ) as unknown[][];
    expect(out.map((r) => r[0])).toEqual(["Step", "Safety", "Primary", "Retry", "Total"]);
    expect(out[3][1]).toBeCloseTo(0.1, 15);
  });

  it("MODELPRICE and PRICESASOF", () => {
    expect(addin.call("MODELPRICE", "gpt-4o", null)).toBe(DEFAULT_PRICE_TABLE.find("gpt-4o")!.input);
    expect(addin.call("MODELPRICE", "gpt-4o", "output")).toBe(DEFAULT_PRICE_TABLE.find("gpt-4o")!.output);
    expect(addin.call("PRICESASOF")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("bad input becomes CustomFunctions.Error with #VALUE! or #N/A and a message", () => {
    expect(excelErrorOf(() => addin.call("COSTPERINTERACTION", 1, 1, "no-such-model", null, null, null))).toEqual({
      code: "#N/A",
      message: "Unknown model 'no-such-model' — add it to the price table.",
    });
    expect(excelErrorOf(() => addin.call("COSTPERUSER", "0.02", 50))).toEqual({
      code: "#VALUE!",
      message: "cost_per_interaction must be a number; got text '0.02'.",
    });
    expect(excelErrorOf(() => addin.call("COSTTREE", [["Step", "Parent"]], null)).code).toBe("#VALUE!");
  });
});
