// Every "=AIECON.F(literal args) → value" example in README.md is computed by the built add-in, so
// the documentation cannot drift from what the functions return.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadBuiltFunctions } from "../support/customFunctionsHost.cjs";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const EXAMPLE = /`=AIECON\.([A-Z0-9]+)\(([^`]*)\)`\s*→\s*([-\d.]+%?|\d{4}-\d{2}-\d{2}|[A-Za-z]+)/g;

/** Literal arguments only: numbers, "strings", TRUE/FALSE; an omitted argument is null, as Excel passes it. */
function parseArgs(text: string): unknown[] {
  if (text.trim() === "") return [];
  return text.split(",").map((raw) => {
    const a = raw.trim();
    if (a === "") return null;
    if (/^".*"$/.test(a)) return a.slice(1, -1);
    if (a === "TRUE" || a === "FALSE") return a === "TRUE";
    const n = Number(a);
    if (Number.isNaN(n)) throw new Error(`README example argument is not a literal: ${a}`);
    return n;
  });
}

const examples = [...readme.matchAll(EXAMPLE)].map((m) => ({ id: m[1], args: parseArgs(m[2]), expected: m[3], text: m[0] }));

describe("README examples", () => {
  const addin = loadBuiltFunctions();

  it("the README documents every function the add-in declares", () => {
    // Its signature, as `NAME(` in the reference table or `=AIECON.NAME(` in a section.
    for (const fn of addin.metadata) expect(readme).toMatch(new RegExp(`(\`|AIECON\\.)${fn.id}\\(`));
  });

  it("exist for the core functions", () => {
    const ids = new Set(examples.map((e) => e.id));
    for (const id of ["COSTPERINTERACTION", "COSTPERUSER", "MARGINIMPACT", "MODELPRICE", "PRICESASOF"]) expect(ids).toContain(id);
  });

  it.each(examples.map((e) => [e.text, e] as const))("%s", (_text, example) => {
    const declared = addin.metadata.find((f) => f.id === example.id)!;
    const args = [...example.args];
    while (args.length < declared.parameters.length) args.push(null);
    let result = addin.call(example.id, ...args);
    if (Array.isArray(result)) result = result[0][0];
    if (/^(\d{4}-|[A-Za-z])/.test(example.expected)) {
      expect(result).toBe(example.expected);
    } else {
      const shown = Number(example.expected.replace("%", "")) / (example.expected.endsWith("%") ? 100 : 1);
      // README rounds for reading: agree to the digits it shows.
      const decimals = (example.expected.replace("%", "").split(".")[1] ?? "").length;
      expect(Number(result)).toBeCloseTo(shown, Math.max(decimals, 2));
    }
  });
});
