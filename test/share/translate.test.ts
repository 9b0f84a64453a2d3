import { readFileSync } from "fs";
import { HyperFormula } from "hyperformula";
import { join } from "path";
import { bridgeTable, costBridge } from "../../src/calc/costBridge";
import { breakdownTable, evaluateCostTree, parseCostTree } from "../../src/calc/costTree";
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { costPerInteractionFn, modelPriceFn } from "../../src/functions/functions";
import type { A1Range } from "../../src/sheetModel/refs";
import { aieconFunctionName, callsAiecon, canonicalAieconFormula, translateFormula, type Translation } from "../../src/share/translate";
import { TRANSLATIONS } from "../../src/share/translations";

const cells: Record<string, unknown[][]> = {};
const ctx = {
  prices: DEFAULT_PRICE_TABLE,
  readRange: (r: A1Range) => cells[`${r.sheet ?? ""}!${r.top},${r.left}:${r.bottom},${r.right}`],
};
const formulaOf = (t: Translation) => {
  if (t.kind !== "formula") throw new Error(`expected a formula, got ${JSON.stringify(t)}`);
  return t.formula;
};

/** Evaluates a native formula (one without table references) in HyperFormula, with A1:F1 given. */
function evaluate(formula: string, row: unknown[] = []): unknown {
  // HyperFormula has no structured references: point the (unused) model branch at an empty range.
  const plain = formula.replace(/AIECON_Prices\[[^\]]+\]/g, "Z1:Z2");
  const hf = HyperFormula.buildFromArray(
    [[...row.map((v) => v ?? null), ...Array(6 - row.length).fill(null)].slice(0, 6).concat([plain]) as never],
    { licenseKey: "gpl-v3" },
  );
  const v = hf.getCellValue({ sheet: 0, col: 6, row: 0 });
  hf.destroy();
  return v;
}

describe("recognising AIECON calls", () => {
  it("accepts every spelling files and hosts use", () => {
    expect(aieconFunctionName("AIECON.CostPerUser")).toBe("COSTPERUSER");
    expect(aieconFunctionName("_xludf.AIECON.COSTTREE")).toBe("COSTTREE");
    expect(aieconFunctionName("_xlfn._xludf.AIECON.MODELPRICE")).toBe("MODELPRICE");
    expect(aieconFunctionName("_xldudf_AIECON_MARGINIMPACT")).toBe("MARGINIMPACT");
    expect(aieconFunctionName("[2]!_xldudf_AIECON_PRICESASOF")).toBe("PRICESASOF");
    expect(aieconFunctionName("SUM")).toBeUndefined();
    expect(aieconFunctionName("OTHER.COSTPERUSER")).toBeUndefined();
  });

  it("ignores the word inside strings and names", () => {
    expect(callsAiecon('="AIECON.COSTPERUSER(1,2)"')).toBe(false);
    expect(callsAiecon("=AIECON_Prices[Model]")).toBe(false);
    expect(callsAiecon("=SUM(1,AIECON.COSTPERUSER(1,2))")).toBe(true);
    expect(callsAiecon(42)).toBe(false);
    expect(translateFormula("=SUM(A1:A3)", ctx)).toEqual({ kind: "none" });
  });

  it("spells calls as users type them for re-entry, keeping the rest", () => {
    expect(canonicalAieconFormula('=ROUND(_xldudf_AIECON_COSTPERUSER([1]!_xldudf_AIECON_COSTPERINTERACTION(A1,B1,"x,y"),2),2)')).toBe(
      '=ROUND(AIECON.COSTPERUSER(AIECON.COSTPERINTERACTION(A1,B1,"x,y"),2),2)',
    );
  });
});

describe("native formulas", () => {
  it("keeps precedence when a call sits inside an expression", () => {
    expect(formulaOf(translateFormula("=-AIECON.COSTPERUSER(2,3)^2", ctx))).toBe("=-(2*3)^2");
    expect(formulaOf(translateFormula("=AIECON.COSTPERUSER(A1+1,3 )", ctx))).toBe("=(A1+1)*3");
    expect(evaluate(formulaOf(translateFormula("=-AIECON.COSTPERUSER(A1,B1)^2", ctx)), [2, 3])).toBe(36); // Excel: unary minus binds tighter than ^
    expect(evaluate(formulaOf(translateFormula("=10-AIECON.COSTPERUSER(2,3)", ctx)))).toBe(4);
  });

  it.each([[[7000, 1000, 3, 15]], [[7000, 1000, 3, 15, 4000, 0.3]], [[7000, 1000, 3, 15, 0]], [[5, 1, 0.25, 0.75, 5, 0.1]]])(
    "numeric prices compute what the add-in computes: %j",
    (args) => {
      const literal = formulaOf(translateFormula(`=AIECON.COSTPERINTERACTION(${args.join(",")})`, ctx));
      const byRef = formulaOf(translateFormula(`=AIECON.COSTPERINTERACTION(A1,B1,C1,D1,E1,F1)`, ctx));
      const expected = costPerInteractionFn(...(args as [number, number, number, number]));
      expect(evaluate(literal)).toBeCloseTo(expected, 15);
      expect(evaluate(byRef, args)).toBeCloseTo(expected, 15);
    },
  );

  it("errors where the add-in errors: cached above input, missing output price, model name with prices", () => {
    expect(
      evaluate(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,C1,D1,E1,F1)", ctx)), [100, 10, 3, 15, 200, 0.3]),
    ).toMatchObject({ type: "NA" });
    expect(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(100,10,200,15,300,0.3)", ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(100,10,3)", ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(100,10,"gpt-4o",15)', ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula('=AIECON.MODELPRICE("gpt-4o","cheapest")', ctx))).toBe("=NA()");
    expect(evaluate(formulaOf(translateFormula("=AIECON.MARGINIMPACT(5,0)", ctx)))).toMatchObject({ type: "NA" });
  });

  it.each([
    ["blank", [null, 3]],
    ["text", ["many", 3]],
    ["negative", [-2, 3]],
  ])("a %s cell where the add-in wants a non-negative number gives an error, not a number", (_what, row) => {
    for (const f of [
      "=AIECON.COSTPERUSER(A1,B1)",
      "=AIECON.MARGINIMPACT(A1,B1)",
      "=AIECON.COSTPERINTERACTION(A1,B1,3,15)",
      "=AIECON.COSTPERINTERACTION(1000,100,A1,B1)",
    ]) {
      expect(evaluate(formulaOf(translateFormula(f, ctx)), row)).toMatchObject({ type: expect.stringMatching(/NA|VALUE/) });
    }
    expect(formulaOf(translateFormula('=AIECON.COSTPERUSER("5",2)', ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula("=AIECON.COSTPERUSER(-1,2)", ctx))).toBe("=NA()");
  });

  it("optional cells may be blank, as omitted arguments", () => {
    const f = formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,C1,D1,E1,F1)", ctx));
    expect(evaluate(f, [7000, 1000, 3, 15])).toBeCloseTo(costPerInteractionFn(7000, 1000, 3, 15), 15);
    // Cached tokens billed without a cached price: the add-in refuses, so does the formula.
    expect(evaluate(f, [7000, 1000, 3, 15, 100])).toMatchObject({ type: "NA" });
  });

  it("looks model names up in AIECON_Prices and lists the names the table must hold", () => {
    cells["Inputs!3,2:3,2"] = [["  claude-sonnet-4-5 "]];
    const t = translateFormula(
      '=AIECON.COSTPERINTERACTION(A1,B1," gpt-4o ")+AIECON.MODELPRICE(Inputs!B3,"output")+AIECON.MODELPRICE("odd*name?")',
      ctx,
    );
    expect(t.kind === "formula" && t.models).toEqual(["gpt-4o", "claude-sonnet-4-5", "odd*name?"]);
    const f = formulaOf(t);
    expect(f).toContain('INDEX(AIECON_Prices[Input $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))');
    expect(f).toContain('MATCH(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(Inputs!B3),"~","~~"),"*","~*"),"?","~?"),AIECON_Prices[Model],0)');
    expect(f).toContain('MATCH("odd~*name~?",AIECON_Prices[Model],0)'); // MATCH wildcards must not match other rows
  });

  it("a model argument held in a cell may be a name or a price: both branches are kept", () => {
    const f = formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,C1,D1)", ctx));
    expect(f).toContain(
      "IF(ISNUMBER(C1),IF(OR(COUNT(C1,D1)<2,MIN(C1,D1)<0),NA(),A1*C1/1000000+B1*D1/1000000),IF(AND(N(INDEX(AIECON_Prices[Context window]",
    );
    // The name in C1 is matched literally (a model named "*" is no wildcard).
    const name = 'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(TRIM(C1),"~","~~"),"*","~*"),"?","~?")';
    expect(f).toContain(
      `A1+B1>N(INDEX(AIECON_Prices[Context window],MATCH(${name},AIECON_Prices[Model],0)))),NA(),A1*INDEX(AIECON_Prices[Input $/1M]`,
    );
    expect(evaluate(f, [7000, 1000, 3, 15])).toBeCloseTo(costPerInteractionFn(7000, 1000, 3, 15), 15);
  });

  it("PRICESASOF is the date of the prices in use", () => {
    expect(formulaOf(translateFormula("=AIECON.PRICESASOF()", ctx))).toBe(`="${DEFAULT_PRICE_TABLE.asOf}"`);
  });
});

describe("COSTTREE", () => {
  const tree = [
    ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
    ["Main", null, 2, 1000, 100, 1],
    ["Check", "Main", 1, 500, 10, 0.5],
    ["Retry", "Check", 2, 1000, 100, 0.2],
  ];
  beforeAll(() => {
    cells["Tree!2,3:5,8"] = tree;
  });

  it("total: one term per step, calls multiplied along the path, structure fixed with a note", () => {
    const t = translateFormula("=AIECON.COSTTREE(Tree!C2:H5)", ctx);
    expect(formulaOf(t)).toBe(
      "=(Tree!H3*(Tree!F3*Tree!E3/1000000+Tree!G3*Tree!E3/1000000)+Tree!H3*Tree!H4*(Tree!F4*Tree!E4/1000000+Tree!G4*Tree!E4/1000000)" +
        "+Tree!H3*Tree!H4*Tree!H5*(Tree!F5*Tree!E5/1000000+Tree!G5*Tree!E5/1000000))",
    );
    expect(t.kind === "formula" && t.notes[0]).toMatch(/Tree!C2:H5.*steps and their parents are fixed/);
  });

  it("breakdown: values computed by the add-in's own code", () => {
    const t = translateFormula('=AIECON.COSTTREE(Tree!C2:H5,"breakdown")', ctx);
    expect(t).toMatchObject({ kind: "values", functionName: "AIECON.COSTTREE" });
    expect(t.kind === "values" && t.values).toEqual(breakdownTable(evaluateCostTree(parseCostTree(tree, DEFAULT_PRICE_TABLE))));
  });

  it("a breakdown inside another formula, a named range or a broken tree keep current values", () => {
    expect(translateFormula('=INDEX(AIECON.COSTTREE(Tree!C2:H5,"breakdown"),2,3)', ctx)).toMatchObject({
      kind: "values",
      values: undefined,
    });
    expect(translateFormula("=AIECON.COSTTREE(MyTree)", ctx)).toMatchObject({
      kind: "values",
      reason: expect.stringMatching(/name or a computed range/),
    });
    cells["Tree!1,1:3,6"] = [tree[0], ["A", "B", 1, 1, 1, 1], ["B", "A", 1, 1, 1, 1]];
    expect(translateFormula("=AIECON.COSTTREE(Tree!A1:F3)", ctx)).toMatchObject({
      kind: "values",
      reason: expect.stringMatching(/loops back/),
    });
  });
});

describe("COSTBRIDGE", () => {
  /** Evaluates a native bridge formula in HyperFormula with the forecast in A1:D1 and the actual in A2:D2. */
  function evaluateBridge(formula: string, forecast: unknown[], actual: unknown[]): unknown {
    const hf = HyperFormula.buildFromArray([forecast, actual, [formula]] as never, { licenseKey: "gpl-v3" });
    const v = hf.getCellValue({ sheet: 0, col: 0, row: 2 });
    hf.destroy();
    return v;
  }
  const F = [10000, 2, 3000, 5];
  const A = [12000, 3, 3300, 4];
  const effects = bridgeTable(costBridge(F as never, A as never))
    .slice(1)
    .map((r) => r[1] as number);

  it("each driver and the total become LN arithmetic over the same cells, equal to the add-in's", () => {
    const outputs = ["volume", "calls", "tokens", "price", "total"];
    outputs.forEach((output, i) => {
      const f = formulaOf(translateFormula(`=AIECON.COSTBRIDGE(A1:D1,A2:D2,"${output}")`, ctx));
      expect(f).toMatch(output === "total" ? /^=IF\(OR\(COUNT\(A1:D1,A2:D2\)<8,MIN\(A1:D1,A2:D2\)<=0\),NA\(\),/ : /LN\(/);
      expect(evaluateBridge(f, F, A)).toBeCloseTo(effects[i], 9);
    });
    // The domain.md figures, to the cent.
    expect(
      outputs.map(
        (o) =>
          Math.round((evaluateBridge(formulaOf(translateFormula(`=AIECON.COSTBRIDGE(A1:D1,A2:D2,"${o}")`, ctx)), F, A) as number) * 100) /
          100,
      ),
    ).toEqual([69.45, 154.45, 36.3, -85, 175.2]);
  });

  it("columns, other sheets and array constants; an unmoved driver and equal costs give exactly 0", () => {
    const f = formulaOf(translateFormula("=AIECON.COSTBRIDGE('Bridge in'!B2:B5,{12000,3,3300,4},\"calls\")", ctx));
    expect(f).toContain("'Bridge in'!B3");
    expect(f).toContain("COUNT('Bridge in'!B2:B5)<4");
    const constants = formulaOf(translateFormula('=AIECON.COSTBRIDGE({10000;2;3000;5},{12000,2,3300,4},"calls")', ctx));
    expect(evaluateBridge(constants, [], [])).toBe(0);
    const same = formulaOf(translateFormula('=AIECON.COSTBRIDGE(A1:D1,A2:D2,"volume")', ctx));
    expect(evaluateBridge(same, F, F)).toBe(0);
    // Drivers that cancel: equal costs, L = C0.
    expect(evaluateBridge(same, [100, 2, 1000, 5], [200, 2, 1000, 2.5])).toBeCloseTo(100 * 2 * 0.001 * 5 * Math.LN2, 12);
  });

  it("a blank, zero, negative or text driver cell is an error, never a number", () => {
    const f = formulaOf(translateFormula('=AIECON.COSTBRIDGE(A1:D1,A2:D2,"price")', ctx));
    for (const bad of [
      [12000, null, 3300, 4],
      [12000, 0, 3300, 4],
      [12000, 3, -1, 4],
      [12000, "many", 3300, 4],
    ]) {
      expect(evaluateBridge(f, F, bad)).toMatchObject({ type: "NA" });
    }
  });

  it("refuses now what the add-in refuses: a wrong shape, a non-positive constant", () => {
    expect(formulaOf(translateFormula('=AIECON.COSTBRIDGE(A1:C1,A2:D2,"total")', ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula('=AIECON.COSTBRIDGE(A1:B2,A2:D2,"total")', ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula('=AIECON.COSTBRIDGE({1,2,0,4},A2:D2,"total")', ctx))).toBe("=NA()");
  });

  it("the spilled table keeps the add-in's values (a note says why); names and unreadable outputs keep current values", () => {
    cells["Bridge!2,2:5,2"] = F.map((v) => [v]);
    cells["Bridge!2,3:5,3"] = A.map((v) => [v]);
    const t = translateFormula("=AIECON.COSTBRIDGE(Bridge!B2:B5,Bridge!C2:C5)", ctx);
    expect(t).toMatchObject({ kind: "values", functionName: "AIECON.COSTBRIDGE", reason: expect.stringMatching(/give output "volume"/) });
    expect(t.kind === "values" && t.values).toEqual(bridgeTable(costBridge(F as never, A as never)));
    cells["Bridge!2,4:2,4"] = [["Calls"]];
    expect(translateFormula("=AIECON.COSTBRIDGE(Bridge!B2:B5,Bridge!C2:C5,Bridge!D2)", ctx)).toMatchObject({ kind: "formula" });
    expect(translateFormula('=AIECON.COSTBRIDGE(Forecast,Actual,"total")', ctx)).toMatchObject({
      kind: "values",
      reason: expect.stringMatching(/cell ranges or array constants/),
    });
    expect(translateFormula("=AIECON.COSTBRIDGE(Bridge!B2:B5,Bridge!C2:C5,Nowhere)", ctx)).toMatchObject({
      kind: "values",
      reason: expect.stringMatching(/could not be read/),
    });
  });
});

describe("functions without a translation", () => {
  it("are kept as values, wherever they sit, never breaking the conversion", () => {
    expect(translateFormula("=ROUND(AIECON.CLASSIFY(A1,B1)*2,2)", ctx)).toEqual({
      kind: "values",
      functionName: "AIECON.CLASSIFY",
      reason: "AIECON.CLASSIFY has no native Excel equivalent yet, so its current values were kept.",
      values: undefined,
    });
    expect(translateFormula("=AIECON.COSTPERUSER(1,2,3)", ctx)).toMatchObject({
      kind: "values",
      reason: expect.stringMatching(/takes 2 arguments; this formula gives 3/),
    });
  });

  it("has an entry for every core function, with the arity its JSDoc declares", () => {
    const source = readFileSync(join(__dirname, "..", "..", "src", "functions", "functions.ts"), "utf8");
    const declared = [...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)]
      .map((m) => m[1])
      .filter((doc) => /@customfunction\s+\w+/.test(doc))
      .map((doc) => {
        const params = [...doc.matchAll(/@param\s+(\[?)\w+/g)];
        return { name: /@customfunction\s+(\w+)/.exec(doc)![1], min: params.filter((p) => !p[1]).length, max: params.length };
      });
    const core = ["COSTPERINTERACTION", "COSTPERUSER", "MARGINIMPACT", "COSTTREE", "MODELPRICE", "PRICESASOF"];
    expect(declared.map((d) => d.name)).toEqual(expect.arrayContaining(core));
    // Functions added later may have no entry yet (they are kept as values); those with one must agree.
    for (const d of declared.filter((x) => core.includes(x.name) || TRANSLATIONS[x.name])) {
      expect([d.name, TRANSLATIONS[d.name]?.minArgs, TRANSLATIONS[d.name]?.maxArgs]).toEqual([d.name, d.min, d.max]);
    }
  });
});

describe("per-request fees in native formulas", () => {
  it("a model lookup adds its $ per 1K requests once per call (a blank fee counts 0)", () => {
    const f = formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"sonar")', ctx));
    expect(f).toContain('+N(INDEX(AIECON_Prices[$ per 1K requests],MATCH("sonar",AIECON_Prices[Model],0)))/1000');
    expect(formulaOf(translateFormula('=AIECON.MODELPRICE("sonar","request")', ctx))).toBe(
      '=N(INDEX(AIECON_Prices[$ per 1K requests],MATCH("sonar",AIECON_Prices[Model],0)))',
    );
    expect(formulaOf(translateFormula('=AIECON.MODELPRICE("gpt-4o","provider")', ctx))).toBe(
      '=INDEX(AIECON_Prices[Provider],MATCH("gpt-4o",AIECON_Prices[Model],0))',
    );
  });

  it("a workbook table without the fee column: no fee term, and a model with a fee keeps its values", () => {
    const old = { ...ctx, requestFeeColumn: false };
    const plain = formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', old));
    expect(plain).not.toContain("requests");
    const fee = translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"sonar")', old);
    expect(fee.kind).toBe("values");
    expect(JSON.stringify(fee)).toContain("per-request fee");
  });
});

describe("provider billing in native formulas (issue 18)", () => {
  const valuesBecause = (formula: string, reason: RegExp) =>
    expect(translateFormula(formula, ctx)).toMatchObject({ kind: "values", reason: expect.stringMatching(reason) });

  it("a tiered model named in the formula: one plain IF per tier on the input-token cell, the tier's rates as numbers", () => {
    const f = formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gemini-2.5-pro")', ctx));
    expect(f).toContain("IF(A1>200000,A1*2.5/1000000+B1*15/1000000+N(INDEX(AIECON_Prices[$ per 1K requests]");
    expect(f).toContain(',A1*INDEX(AIECON_Prices[Input $/1M],MATCH("gemini-2.5-pro",AIECON_Prices[Model],0))/1000000');
    // With cached tokens the tier's cached price is used above the threshold.
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gemini-2.5-pro",,C1)', ctx))).toContain(
      "IF(A1>200000,(A1-C1)*2.5/1000000+IF(C1>0,C1*0.25/1000000,0)+B1*15/1000000",
    );
  });

  it("no IF when the input is a number at or below every threshold; the tier alone above it", () => {
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(200000,1000,"gemini-2.5-pro")', ctx))).not.toContain("200000>200000");
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(300000,1000,"gemini-2.5-pro")', ctx))).toContain(
      "IF(300000>200000,300000*2.5/1000000",
    );
  });

  it("MODELPRICE with input_tokens: the tier's rate above its threshold", () => {
    const f = formulaOf(translateFormula('=AIECON.MODELPRICE("gemini-2.5-pro","output",,A1)', ctx));
    expect(f).toMatch(/^=IF\(MIN\(A1\)<0,NA\(\),IF\(N\(A1\)>200000,15,IF\(ISNUMBER\(INDEX\(AIECON_Prices\[Output \$\/1M\]/);
  });

  it("a pricing date in a cell that is blank now stays live (the feature sheet's), and is #N/A once a date is typed there", () => {
    cells["Inputs!8,2:8,2"] = [[null]];
    cells["Inputs!26,1:27,6"] = [
      ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
      ["Primary", null, "gpt-4o", 7000, 1000, 1],
    ];
    const guard = (inner: string) => `=IF(OR(ISBLANK(Inputs!B8),Inputs!B8=0),${inner.slice(1)},NA())`;
    const pairs = [
      ['=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",,,,,,Inputs!B8)', '=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")'],
      ['=AIECON.MODELPRICE("gpt-4o","output",Inputs!B8)', '=AIECON.MODELPRICE("gpt-4o","output")'],
      ["=AIECON.COSTTREE(Inputs!A26:F27,,Inputs!B8)", "=AIECON.COSTTREE(Inputs!A26:F27)"],
    ];
    for (const [dated, undated] of pairs)
      expect(formulaOf(translateFormula(dated, ctx))).toBe(guard(formulaOf(translateFormula(undated, ctx))));
    // The guard computes while the cell is blank and refuses once it holds a date (HyperFormula: A1 is the date cell).
    const live = guard("=A2+1")
      .replace(/Inputs!B8/g, "A1")
      .replace("A2+1", "41");
    expect(evaluate(live, [])).toBe(41);
    expect(evaluate(live, [46_388])).toMatchObject({ type: "NA" });
    cells["Inputs!8,2:8,2"] = [[46_388]];
    valuesBecause("=AIECON.COSTTREE(Inputs!A26:F27,,Inputs!B8)", /pricing date \(as_of\)/);
    valuesBecause('=AIECON.MODELPRICE("gpt-4o","output",Inputs!B8)', /pricing date \(as_of\)/);
  });

  it("keeps values where a lookup cannot bill as the add-in does, saying why", () => {
    cells["!1,3:1,3"] = [["gemini-2.5-pro"]];
    valuesBecause(
      "=AIECON.COSTPERINTERACTION(A1,B1,C1)",
      /'gemini-2.5-pro' bills every token of a call at a higher rate above 200,000 input tokens/,
    );
    // A time-of-day model or a pricing date with the model named in a cell: the name may change, so values.
    cells["!1,4:1,4"] = [["deepseek-chat"]];
    valuesBecause("=AIECON.COSTPERINTERACTION(A1,B1,D1)", /'deepseek-chat' is billed at its day's average/);
    valuesBecause('=AIECON.COSTPERINTERACTION(A1,B1,D1,,,,,,"2027-01-01")', /pricing date \(as_of\)/);
    valuesBecause('=AIECON.COSTTREE(Tree!A1:F2,,"2027-01-01")', /pricing date \(as_of\)/);
    cells["Tree!1,1:2,6"] = [
      ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
      ["Agent", null, "gemini-2.5-pro", 1000, 10, 1],
    ];
    valuesBecause("=AIECON.COSTTREE(Tree!A1:F2)", /higher rate above 200,000 input tokens/);
  });

  it("constants the add-in bills at are written as numbers: a typed pricing date, a time-of-day day average, the 1-hour cache write", () => {
    const live = (formula: string, row: unknown[] = []) => evaluate(formulaOf(translateFormula(formula, ctx)), row);
    // gemini-3.6-flash doubles on 2027-01-01: a typed date prices at that date's rates, as the add-in does.
    for (const date of ["2026-12-31", "2027-01-01"]) {
      expect(live(`=AIECON.COSTPERINTERACTION(A1,B1,"gemini-3.6-flash",,C1,,,,"${date}")`, [7000, 1000, 3000])).toBeCloseTo(
        costPerInteractionFn(7000, 1000, "gemini-3.6-flash", null, 3000, null, null, null, date),
        15,
      );
      expect(live(`=AIECON.MODELPRICE("gemini-3.6-flash","output","${date}")`)).toBe(modelPriceFn("gemini-3.6-flash", "output", date));
    }
    // A date as an Excel serial (46388 = 2027-01-01), and a tier on a dated tiered model on both sides of its threshold.
    expect(live('=AIECON.COSTPERINTERACTION(A1,B1,"gemini-3.6-flash",,,,,,46388)', [7000, 1000])).toBeCloseTo(0.018, 15);
    for (const [date, input] of [
      ["2026-08-20", 300_000],
      ["2026-08-21", 300_000],
      ["2026-08-21", 200_000],
    ] as const) {
      expect(live(`=AIECON.COSTPERINTERACTION(A1,B1,"gpt-5.6-sol",,,,,,"${date}")`, [input, 1000])).toBeCloseTo(
        costPerInteractionFn(input, 1000, "gpt-5.6-sol", null, null, null, null, null, date),
        15,
      );
    }
    expect(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gpt-4o",,,,,,"2027-02-30")', ctx)).toMatchObject({ formula: "=NA()" });
    // deepseek-chat's day average: a constant, written as numbers.
    expect(live('=AIECON.COSTPERINTERACTION(A1,B1,"deepseek-chat")', [7000, 1000])).toBeCloseTo(
      costPerInteractionFn(7000, 1000, "deepseek-chat"),
      12,
    );
    expect(live('=AIECON.MODELPRICE("deepseek-chat")')).toBeCloseTo(modelPriceFn("deepseek-chat") as number, 12);
    // The 1-hour cache write: its price, #N/A for a model without one, as in the add-in.
    expect(live('=AIECON.MODELPRICE("claude-opus-4-1","cache_write_1h")')).toBe(30);
    expect(live('=AIECON.MODELPRICE("gpt-4o","cache_write_1h")')).toMatchObject({ type: "NA" });
  });

  it("the context window: checked now for literal tokens on a named model, live from the table otherwise", () => {
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(1000000,2000,"gpt-4o")', ctx))).toBe("=NA()");
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', ctx))).not.toContain("Context window");
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gpt-4o")', ctx))).toContain(
      'IF(AND(N(INDEX(AIECON_Prices[Context window],MATCH("gpt-4o",AIECON_Prices[Model],0)))>0,A1+B1>N(',
    );
  });

  it("cache writes: at the price given, or the table's cache-write price (its input price when blank), part of the input", () => {
    expect(
      evaluate(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,3,15,C1,0.3,D1,3.75)", ctx)), [10_000, 1000, 4000, 5000]),
    ).toBeCloseTo(costPerInteractionFn(10_000, 1000, 3, 15, 4000, 0.3, 5000, 3.75), 15);
    // More cached + written than input, or writes without a price: errors, as in the add-in.
    expect(
      evaluate(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,3,15,C1,0.3,D1,3.75)", ctx)), [1000, 0, 600, 500]),
    ).toMatchObject({ type: "NA" });
    expect(evaluate(formulaOf(translateFormula("=AIECON.COSTPERINTERACTION(A1,B1,3,15,,,D1)", ctx)), [1000, 0, 0, 500])).toMatchObject({
      type: "NA",
    });
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gpt-4o",,C1,,D1)', ctx))).toContain(
      '(A1-C1-D1)*INDEX(AIECON_Prices[Input $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))/1000000+IF(C1>0,',
    );
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(A1,B1,"gpt-4o",,C1,,D1)', ctx))).toContain(
      'IF(D1>0,D1*IF(ISNUMBER(INDEX(AIECON_Prices[Cache write $/1M],MATCH("gpt-4o",AIECON_Prices[Model],0))),',
    );
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",,,,500,3.75)', ctx))).toBe("=NA()");
  });

  it("a blank or 0 cache write and as_of are left out, as the add-in reads them", () => {
    expect(formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",,,,0,,0)', ctx))).toBe(
      formulaOf(translateFormula('=AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o")', ctx)),
    );
  });
});
