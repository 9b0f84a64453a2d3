// The one rule for text from outside: it lands in a cell as exactly that text, and names inside
// generated criteria match only themselves.
import { equalsCriterionOf, escapeWildcards, stringLiteral, wildcardLiteralOf } from "../../src/sheetModel/formula";
import { asText, needsTextProtection, reprotect } from "../../src/sheetModel/externalText";
import { HOSTILE_NAMES, landsAs, readBack } from "../support/excelText";

describe("asText", () => {
  it.each([...HOSTILE_NAMES, "-5", "1e3", "007", "2025-09", "(5)", "$5", ".5", "TRUE", "false", "#N/A", " lead", "＝1+1", "\n=1"])(
    "%j lands as exactly that text",
    (name) => {
      expect(landsAs(asText(name))).toEqual({ kind: "text", text: name });
      expect(readBack(asText(name))).toBe(name);
    },
  );

  it("leaves plain names, numbers, booleans and blanks as they are", () => {
    for (const plain of ["gpt-4o", "Support bot", "(all models)", "claude-sonnet-4", "Unassigned", "a=b", "x*"]) {
      expect(needsTextProtection(plain)).toBe(false);
      expect(asText(plain)).toBe(plain);
    }
    expect([asText(3), asText(true), asText(""), asText(null)]).toEqual([3, true, "", null]);
  });

  it("reprotect keeps formulas and re-protects text read back through .formulas", () => {
    expect(reprotect("=RC[-4]*2", 14)).toBe("=RC[-4]*2");
    expect(reprotect('="x"', "x")).toBe('="x"');
    expect(reprotect("=HYPERLINK(1)", "=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(reprotect("gpt-4o", "gpt-4o")).toBe("gpt-4o");
    expect(reprotect(5, 5)).toBe(5);
  });
});

describe("names inside formulas", () => {
  it("string literals double their quotes; wildcards are escaped with ~", () => {
    expect(stringLiteral('say "hi"')).toBe('"say ""hi"""');
    expect(escapeWildcards("a*b?c~d")).toBe("a~*b~?c~~d");
  });

  it("a criterion from a cell escapes ~ first, then * and ?, behind an = sign", () => {
    expect(wildcardLiteralOf("$A5")).toBe('SUBSTITUTE(SUBSTITUTE(SUBSTITUTE($A5,"~","~~"),"*","~*"),"?","~?")');
    expect(equalsCriterionOf("$A5")).toBe(`"="&${wildcardLiteralOf("$A5")}`);
  });
});
