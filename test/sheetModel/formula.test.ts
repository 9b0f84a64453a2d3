import { parseFormula, print, tokenize, isCall, type Call } from "../../src/sheetModel/formula";
import { cellAddress, columnLetters, columnNumber, parseA1, sheetPrefix } from "../../src/sheetModel/refs";

describe("tokenize / parse / print", () => {
  const samples = [
    'ROUND(AIECON.COSTPERUSER(AIECON.COSTPERINTERACTION(A1,B1,"gpt-4o",,C1),50),2)',
    'AIECON.MODELPRICE("a,b(""x"")", "output") & " $, (per 1M)"',
    "SUM('My sheet''s'!A1:B2, Sheet2!$C$3) + 1.5E+3 - .5% ",
    "AIECON_Prices[[#This Row],[Input $/1M]]*Table1[@[Cached input $/1M]]",
    'IF(A1<>"",{1,2;3,"a,b"},#N/A)+A1#',
    '_xldudf_AIECON_COSTTREE([1]!Tree,"total")',
    "SUM((A1,B1))",
  ];
  it.each(samples)("prints back exactly: %s", (f) => {
    expect(print(parseFormula(f))).toBe(f);
    expect(
      tokenize(f)
        .map((t) => t.text)
        .join(""),
    ).toBe(f);
  });

  it("splits arguments only at top-level commas", () => {
    const [call] = parseFormula('F("a,b",G(1,2),(3,4),{5,6})') as Call[];
    expect(isCall(call)).toBe(true);
    expect(call.args.map(print)).toEqual(['"a,b"', "G(1,2)", "(3,4)", "{5,6}"]);
  });

  it("keeps omitted arguments as empty", () => {
    const [call] = parseFormula("F(1,,3,)") as Call[];
    expect(call.args.map(print)).toEqual(["1", "", "3", ""]);
  });

  it("classifies tokens", () => {
    const types = tokenize("1E-3+'S 1'!A1:B2*TRUE&\"x\"<>#REF!").map((t) => `${t.type}:${t.text}`);
    expect(types).toEqual(["number:1E-3", "op:+", "ref:'S 1'!A1:B2", "op:*", "bool:TRUE", "op:&", 'string:"x"', "op:<>", "error:#REF!"]);
  });

  it("rejects unbalanced formulas", () => {
    expect(() => parseFormula("F(1,2")).toThrow(/unclosed/);
    expect(() => parseFormula("1)")).toThrow(/unexpected/);
    expect(() => parseFormula('"abc')).toThrow(/unclosed "/);
  });
});

describe("A1 references", () => {
  it("parses sheet-qualified ranges", () => {
    expect(parseA1("'Cost tree'!$A$1:G7")).toEqual({ sheet: "Cost tree", top: 1, left: 1, bottom: 7, right: 7 });
    expect(parseA1("Inputs!B3")).toEqual({ sheet: "Inputs", top: 3, left: 2, bottom: 3, right: 2 });
    expect(parseA1("'It''s'!AA10:A1")).toEqual({ sheet: "It's", top: 1, left: 1, bottom: 10, right: 27 });
  });
  it("declines names, tables, whole columns and other workbooks", () => {
    for (const t of ["Tree", "AIECON_Prices[Model]", "A:A", "[1]Sheet1!A1", "Sheet1:Sheet3!A1"]) expect(parseA1(t)).toBeUndefined();
  });
  it("writes addresses and sheet prefixes Excel accepts", () => {
    expect([columnLetters(1), columnLetters(26), columnLetters(27), columnLetters(703)]).toEqual(["A", "Z", "AA", "AAA"]);
    expect(columnNumber("xfd")).toBe(16384);
    expect(cellAddress(5, 28)).toBe("AB5");
    expect([sheetPrefix("Model"), sheetPrefix("Cost tree"), sheetPrefix("A1"), sheetPrefix("It's")]).toEqual([
      "Model!",
      "'Cost tree'!",
      "'A1'!",
      "'It''s'!",
    ]);
  });
});
