// Evaluates the example model's own formulas in HyperFormula with the add-in's functions
// registered, and checks the worked example of domain.md §4 and the rest of the model.
import { DetailedCellError } from "hyperformula";
import {
  buildExampleModel,
  chooseSheetNames,
  EXAMPLE_SHEET_NAMES,
  EXAMPLE_SPILLS,
  sheetRef,
  type ExampleModel,
} from "../../src/sheetModel/exampleModelSpec";
import { DEFAULT_PRICE_TABLE, DEFAULT_PRICES_AS_OF } from "../../src/data/defaultPrices";
import { loadWorkbook, type LoadedWorkbook } from "../support/hyperformulaAiecon";

function load(model: ExampleModel): LoadedWorkbook {
  const sheets: Record<string, Record<string, string | number>> = {};
  for (const sheet of model.sheets) {
    sheets[sheet.name] = {};
    for (const cell of sheet.cells) sheets[sheet.name][cell.address] = cell.formula ?? cell.value!;
  }
  return loadWorkbook(sheets);
}

const model = buildExampleModel();
const INPUTS = EXAMPLE_SHEET_NAMES.inputs;
const MODEL = EXAMPLE_SHEET_NAMES.model;

describe("example model evaluated by a spreadsheet engine", () => {
  let wb: LoadedWorkbook;
  const num = (address: string, sheet = MODEL) => {
    const v = wb.value(sheet, address);
    if (typeof v !== "number")
      throw new Error(`${sheet}!${address} is ${v instanceof DetailedCellError ? `${v.value} ${v.message}` : String(v)}`);
    return v;
  };
  beforeEach(() => {
    wb = load(model);
  });

  it("normal user: $0.02 per interaction, $1.00 per user-month, 1% of revenue", () => {
    expect(num("B13")).toBeCloseTo(0.02, 12);
    expect(num("B14")).toBeCloseTo(1.0, 12);
    expect(num("B15")).toBeCloseTo(0.01, 12);
    expect(wb.value(MODEL, "B17")).toBe("No");
  });

  it("power user: $0.25 per interaction, $125 per user-month, 125% of ARPU: margin-negative", () => {
    expect(num("C13")).toBeCloseTo(0.25, 12);
    expect(num("C14")).toBeCloseTo(125, 9);
    expect(num("C15")).toBeCloseTo(1.25, 12);
    expect(wb.value(MODEL, "C17")).toBe("Yes");
  });

  it("board numbers blend 900 normal and 100 power users", () => {
    expect(num("B5")).toBeCloseTo((900 * 50 * 2000 + 100 * 500 * 5000) / 1000, 6); // tokens / active user
    expect(num("B6")).toBeCloseTo((900 * 1 + 100 * 125) / 1000, 9); // $ / active user
    expect(num("B22")).toBeCloseTo(13400 / 100000, 12); // AI cost share of revenue
    expect(num("B7")).toBeCloseTo(0.8 - 0.134, 12); // gross margin of the workflow
    expect(num("B8")).toBeCloseTo((0.8 - 0.134) / 0.8 - 1, 12); // valuation change
    expect(num("B9")).toBeCloseTo(0.1, 12); // margin-negative users
    expect(wb.value(MODEL, "B2")).toBe(DEFAULT_PRICES_AS_OF);
  });

  it("cost tree: five steps, the retry weighted by its 25% probability, total above the primary call", () => {
    const gpt4o = DEFAULT_PRICE_TABLE.find("gpt-4o")!;
    const mini = DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!;
    const emb = DEFAULT_PRICE_TABLE.find("text-embedding-3-small")!;
    const call = (p: { input: number; output: number }, i: number, o: number) => (i * p.input + o * p.output) / 1e6;
    const primary = call(gpt4o, 7000, 1000);
    const expected = call(mini, 7000, 10) + call(emb, 200, 0) + primary + call(gpt4o, 8000, 200) + 0.25 * call(gpt4o, 7000, 1000);
    expect(num("B27")).toBeCloseTo(primary, 12);
    expect(num("B26")).toBeCloseTo(expected, 12);
    expect(num("B28")).toBeCloseTo(expected / primary, 9);
    expect(num("B28")).toBeGreaterThan(2);
    // The breakdown spill: header, five steps, total.
    const { rows } = EXAMPLE_SPILLS.costTreeBreakdown;
    expect(rows).toBe(7);
    expect(wb.value(MODEL, "A30")).toBe("Step");
    expect(["A31", "A32", "A33", "A34", "A35", "A36"].map((a) => wb.value(MODEL, a))).toEqual([
      "Safety classifier",
      "Embedding lookup",
      "Primary call",
      "Evaluation",
      "Retry",
      "Total",
    ]);
    expect(num("B35")).toBeCloseTo(0.25, 12); // expected retry calls
    expect(num("C36")).toBeCloseTo(expected, 12);
  });

  it("tenure curve: faster than linear without summarisation, linear with it, about half the cost", () => {
    const without = Array.from({ length: 24 }, (_, m) => num(`B${40 + m}`));
    const withCap = Array.from({ length: 24 }, (_, m) => num(`C${40 + m}`));
    // Month 1 = $0.02 × 50 = $1.00; each month adds 500 tokens on a 2,000-token base (+25%).
    expect(without[0]).toBeCloseTo(1, 12);
    expect(without[23]).toBeCloseTo(1 + 0.25 * 23, 9);
    // The cap of 4,000 tokens (2× month 1) is reached in month 5, then the cost stays at $2.00.
    expect(withCap.slice(4).every((v) => Math.abs(v - 2) < 1e-9)).toBe(true);
    const cumulative = (m: number, col: "D" | "E") => num(`${col}${39 + m}`);
    expect(cumulative(24, "D")).toBeCloseTo(
      without.reduce((a, b) => a + b, 0),
      9,
    );
    expect(cumulative(24, "D") - cumulative(12, "D")).toBeGreaterThan(cumulative(12, "D"));
    expect(cumulative(24, "E") - cumulative(12, "E")).toBeCloseTo(12 * 2, 9);
    const saving = num("B65");
    expect(saving).toBeCloseTo(1 - 91 / 186, 9);
  });

  it("routing portfolio and self-hosting", () => {
    const mini = DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!;
    const gpt4o = DEFAULT_PRICE_TABLE.find("gpt-4o")!;
    expect(num("B68")).toBeCloseTo(0.8 * mini.input + 0.2 * gpt4o.input, 12);
    expect(num("B69")).toBeCloseTo(0.8 * mini.output + 0.2 * gpt4o.output, 12);
    expect(num("B70")).toBe(gpt4o.input);
    expect(num("B71")).toBeCloseTo((3.43 / (1500 * 3600 * 0.6)) * 1e6, 9);
    wb.set(INPUTS, "C32", 0.1); // shares now miss 1 by 0.1
    const error = wb.value(MODEL, "B68") as DetailedCellError;
    expect(error.value).toBe("#VALUE!");
    expect(error.message).toMatch(/short by 0.1 \(10%\)/);
  });

  it("outputs are live: changing inputs moves them", () => {
    wb.set(INPUTS, "C11", 250); // power users halve their usage
    expect(num("C14")).toBeCloseTo(62.5, 9);
    expect(num("B6")).toBeCloseTo((900 + 100 * 62.5) / 1000, 9);
    wb.set(INPUTS, "B18", 13500); // a cap never reached: summarisation saves nothing
    expect(num("B65")).toBeCloseTo(0, 12);
    wb.set(INPUTS, "F27", 0); // no retries
    expect(num("B35")).toBe(0);
  });

  it("bad inputs surface as the functions' own errors", () => {
    wb.set(INPUTS, "C27", "no-such-model");
    const tree = wb.value(MODEL, "B26") as DetailedCellError;
    expect(tree).toBeInstanceOf(DetailedCellError);
    expect(tree.value).toBe("#N/A");
    expect(tree.message).toMatch(/Cost tree row 6 \('Retry'\): Unknown model 'no-such-model'/);
  });
});

describe("example model layout", () => {
  it("every number on the model sheet is a formula; nothing but labels and month numbers are constants", () => {
    const sheet = model.sheets.find((s) => s.key === "model")!;
    for (const cell of sheet.cells) {
      if (cell.role === "calc" || cell.role === "output") expect(cell.formula).toMatch(/^=/);
      else expect(cell.formula).toBeUndefined();
      if (typeof cell.value === "number") expect(cell.address).toMatch(/^A(4\d|5\d|6[0-3])$/);
    }
  });

  it("inputs are styled as inputs and every label names a unit", () => {
    const inputs = model.sheets.find((s) => s.key === "inputs")!;
    const numericInputs = inputs.cells.filter((c) => c.role === "input" && typeof c.value === "number");
    expect(numericInputs.length).toBeGreaterThan(15);
    for (const sheet of model.sheets) {
      for (const cell of sheet.cells.filter((c) => c.role === "label" && typeof c.value === "string")) {
        expect(cell.value).toMatch(/\(.+\)/);
      }
    }
  });

  it("nothing is written into a spill area", () => {
    const sheet = model.sheets.find((s) => s.key === "model")!;
    const col = (a: string) => a.charCodeAt(0) - 64;
    const row = (a: string) => Number(a.slice(1));
    for (const spill of Object.values(EXAMPLE_SPILLS)) {
      const [r0, c0] = [row(spill.anchor), col(spill.anchor)];
      const inside = sheet.cells.filter(
        (c) =>
          c.address !== spill.anchor &&
          row(c.address) >= r0 &&
          row(c.address) < r0 + spill.rows &&
          col(c.address) >= c0 &&
          col(c.address) < c0 + spill.columns,
      );
      expect(inside).toEqual([]);
    }
  });

  it("picks free sheet names, the same suffix for both, case-insensitively", () => {
    expect(chooseSheetNames(["Sheet1"])).toEqual({ inputs: "AI Inputs", model: "AI Model" });
    expect(chooseSheetNames(["ai model"])).toEqual({ inputs: "AI Inputs (2)", model: "AI Model (2)" });
    expect(chooseSheetNames(["AI Inputs", "AI Model", "AI Model (2)"])).toEqual({
      inputs: "AI Inputs (3)",
      model: "AI Model (3)",
    });
  });

  it("formulas follow the sheets when they are renamed, and still compute", () => {
    const renamed = buildExampleModel({ inputs: "AI Inputs (2)", model: "AI Model (2)" });
    const formulas = renamed.sheets.flatMap((s) => s.cells.map((c) => c.formula ?? ""));
    expect(formulas.some((f) => f.includes("{inputs}"))).toBe(false);
    expect(formulas.filter((f) => f.includes("'AI Inputs (2)'!")).length).toBeGreaterThan(10);
    const wb = load(renamed);
    expect(wb.value("AI Model (2)", "C14")).toBeCloseTo(125, 9);
    expect(sheetRef("Bob's")).toBe("'Bob''s'");
  });
});
