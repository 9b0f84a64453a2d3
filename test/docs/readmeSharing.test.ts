// Every "`=AIECON.F(…)` becomes `=…`" example of README.md's sharing section is what the translator
// writes for it (with the bundled prices), so the documented board-ready formulas cannot drift.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { translateFormula, type Translation } from "../../src/share/translate";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8").replace(/\n\s*/g, " ");
const EXAMPLE = /`(=AIECON\.[A-Z0-9]+\([^`]*\))` becomes `(=[^`]*)`/g;
/** Spaces README adds after commas for reading, outside string literals. */
const compact = (formula: string) => formula.replace(/("[^"]*")|\s+/g, (m, quoted: string | undefined) => quoted ?? "");

const examples = [...readme.matchAll(EXAMPLE)].map((m) => ({ aiecon: compact(m[1]), native: m[2] }));
const ctx = { prices: DEFAULT_PRICE_TABLE, readRange: () => [[1]] };
const formulaOf = (t: Translation) => (t.kind === "formula" ? t.formula : `values: ${t.kind === "values" ? t.reason : ""}`);

it("the sharing section shows a translated example of each constant the translator writes", () => {
  expect(examples.map((e) => e.aiecon)).toEqual([
    '=AIECON.COSTPERINTERACTION(A1,B1,"gemini-3.6-flash",,,,,,"2027-01-01")',
    '=AIECON.MODELPRICE("deepseek-chat","output")',
    '=AIECON.MODELPRICE("claude-opus-4-1","cache_write_1h")',
  ]);
});

it.each(examples.map((e) => [e.aiecon, e] as const))("%s", (_text, example) => {
  expect(formulaOf(translateFormula(example.aiecon, ctx))).toBe(example.native);
});
