// The acceptance test of sharing: a workbook using every core AIECON function (nested, inside
// other formulas, COSTTREE total and breakdown) is converted by the CLI's code, recalculated by a
// real spreadsheet engine that has never heard of the add-in (LibreOffice), and every value is
// compared with what the add-in's own functions compute from the same inputs.
import * as ExcelJS from "exceljs";
import { join } from "path";
import { costPerInteractionFn, costPerUserFn, costTreeFn, marginImpactFn, modelPriceFn, pricesAsOfFn } from "../../src/functions/functions";
import { blendedPriceFn, gpuCostPerMTokFn, valuationImpactFn } from "../../src/functions/scenarioFunctions";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { convertFile } from "../../src/share/xlsx/shareFile";
import { ORIGINALS_SHEET } from "../../src/share/originals";
import { recalcInLibreOffice } from "./soffice";
import { tempDir } from "../support/tempDir";

type Expected = number | string | { error: true };

const inputs: Record<string, unknown> = {
  B1: 7000, // input tokens
  B2: 1000, // output tokens
  B3: "gpt-4o",
  B4: 4000, // cached input tokens
  B5: 50, // interactions per user per month
  B6: 100, // ARPU $
  B7: 3, // input $/1M
  B8: 15, // output $/1M
  B9: 0.3, // cached $/1M
  B10: " GPT-4o-2024-08-06 ", // an alias, as a user might type it
  B11: "anthropic/claude-sonnet-4-5", // provider-qualified
  B12: "cached_input",
  B14: 3.43, // GPU $ per hour
  B15: 1200, // tokens per second
  B16: 0.6, // utilisation
  B17: 0.72, // gross margin before
  B18: 0.65, // gross margin after
  // The one-price form (an input-only call such as an embedding): no output tokens, no output price.
  B19: 2000,
  B20: 0,
  B21: 10,
  // A routing portfolio: model names or $/1M prices, and traffic shares (D5/E5 a spare blank route).
  D1: "gpt-4o-mini",
  D2: 3,
  D3: "anthropic/claude-sonnet-4-5",
  E1: 0.5,
  E2: 0.3,
  E3: 0.2,
  E4: 0.1, // with E1:E3 too much
  D6: "gpt-4o-mini",
  D7: "gpt-4o",
  E6: 0.6,
  D8: "gpt-4o",
  E8: 0.25,
  D10: 1.5,
  E10: 0.75, // D9/E9 a spare blank route between them
  // B13 stays blank
  // Long-context tiers (gemini-2.5-pro: higher rates above 200,000 input tokens) and the context window.
  B22: 150_000,
  B23: 300_000,
  B24: 50_000, // cached input tokens
  B25: 1_000_000,
  // Cache writes: a 5,000-token prefix written by one call in ten, read by the other nine.
  B26: 10_000,
  B27: 4500,
  B28: 500,
};
const I = (a: string) => inputs[a] ?? null;
/** A column of the Inputs sheet as Excel passes a range: rows of one cell, blanks as null. */
const col = (letter: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => [I(`${letter}${from + i}`)]);

const tree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls", "Cached input tokens"],
  ["Safety", null, "gpt-4o-mini", 500, 10, 1, null],
  ["Retrieve", null, 0.02, 2000, 0, 1, null],
  ["Primary", null, "claude-sonnet-4-5", 7000, 1000, 1, 4000],
  ["Evaluate", "Primary", "gpt-4o-mini", 8000, 50, 1, null],
  ["Retry", "Evaluate", "claude-sonnet-4-5", 7000, 1000, 0.2, 4000],
  ["Re-evaluate", "Retry", "GPT-4o-mini", 8000, 50, 0.9, 0],
];
/** Perplexity's Sonar charges $12 per 1K requests: one per expected call. */
const feeTree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
  ["Search", null, "sonar", 3000, 500, 2],
  ["Follow-up", "Search", "perplexity/sonar-pro", 4000, 800, 0.5],
];
/** Cache writes in a tree: at the model's write price, at a blended price. */
const writeTree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls", "Cached input tokens", "Cache write tokens"],
  ["Agent", null, "claude-opus-4-1", 10_000, 1000, 1, 4500, 500],
  ["Summarise", "Agent", "gpt-4o", 6000, 200, 0.5, null, 2000],
  ["Blend", "Agent", 2, 5000, 100, 0.5, 0, 1000],
];
const smallTree = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
  ["Answer", null, "gpt-4o", 3000, 500, 2],
  ["Check", "Answer", 0.5, 3500, 20, 1],
];

const value = <T>(f: () => T): T | { error: true } => {
  try {
    return f();
  } catch {
    return { error: true };
  }
};
const num = (f: () => number) => value(f) as Expected;
const treeTotal = () => costTreeFn(tree)[0][0] as number;

// Each case: a cell on sheet "Model", its formula, and the add-in's own value for it.
const cases: { cell: string; formula: string; expected: () => Expected }[] = [
  {
    cell: "B1",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B3)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B3"))),
  },
  {
    cell: "B2",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B3,,Inputs!B4)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4"))),
  },
  {
    cell: "B3",
    formula: 'AIECON.COSTPERINTERACTION(7000,1000,"claude-sonnet-4-5",,4000)',
    expected: () => num(() => costPerInteractionFn(7000, 1000, "claude-sonnet-4-5", null, 4000)),
  },
  {
    cell: "B4",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B7,Inputs!B8,Inputs!B4,Inputs!B9)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B7"), I("B8"), I("B4"), I("B9"))),
  },
  { cell: "B5", formula: "AIECON.COSTPERINTERACTION(7000,1000,3,15)", expected: () => num(() => costPerInteractionFn(7000, 1000, 3, 15)) },
  {
    cell: "B6",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B10)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B10"))),
  },
  {
    cell: "B7",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B11,Inputs!B13,Inputs!B4)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B11"), null, I("B4"))),
  },
  {
    cell: "B8",
    formula: "AIECON.COSTPERUSER(B2,Inputs!B5)",
    expected: () => num(() => costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4")), I("B5"))),
  },
  {
    cell: "B9",
    formula: "AIECON.MARGINIMPACT(B8,Inputs!B6)",
    expected: () =>
      num(() => marginImpactFn(costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), I("B3"), null, I("B4")), I("B5")), I("B6"))),
  },
  {
    cell: "B10",
    formula: 'ROUND(AIECON.COSTPERUSER(AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,"gpt-4o"),Inputs!B5),2)',
    expected: () => Math.round(costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), "gpt-4o"), I("B5")) * 100) / 100,
  },
  {
    cell: "B11",
    formula:
      'AIECON.MARGINIMPACT(AIECON.COSTPERUSER(AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,"claude-sonnet-4-5-20250929",,Inputs!B4),Inputs!B5),Inputs!B6)',
    expected: () =>
      num(() =>
        marginImpactFn(
          costPerUserFn(costPerInteractionFn(I("B1"), I("B2"), "claude-sonnet-4-5-20250929", null, I("B4")), I("B5")),
          I("B6"),
        ),
      ),
  },
  { cell: "B12", formula: "AIECON.MODELPRICE(Inputs!B3)", expected: () => num(() => modelPriceFn(I("B3"))) },
  { cell: "B13", formula: 'AIECON.MODELPRICE("gpt-4o","output")', expected: () => num(() => modelPriceFn("gpt-4o", "output")) },
  { cell: "B14", formula: "AIECON.MODELPRICE(Inputs!B3,Inputs!B12)", expected: () => num(() => modelPriceFn(I("B3"), I("B12"))) },
  {
    cell: "B15",
    formula: 'AIECON.MODELPRICE("claude-sonnet-4-5", " Cache_Write ")',
    expected: () => num(() => modelPriceFn("claude-sonnet-4-5", " Cache_Write ")),
  },
  { cell: "B16", formula: "AIECON.PRICESASOF()", expected: () => pricesAsOfFn() },
  { cell: "B17", formula: "AIECON.COSTTREE('Cost tree'!A1:G7)", expected: () => num(treeTotal) },
  { cell: "B18", formula: "AIECON.COSTTREE('Cost tree'!A1:G7,\"total\")*Inputs!B5", expected: () => treeTotal() * 50 },
  {
    cell: "B19",
    formula: 'IF(AIECON.COSTTREE(\'Cost tree\'!A1:G7)>0.01,"expensive, (really)","cheap")',
    expected: () => (treeTotal() > 0.01 ? "expensive, (really)" : "cheap"),
  },
  { cell: "B20", formula: "AIECON.COSTTREE('Cost tree'!I1:N3)", expected: () => num(() => costTreeFn(smallTree)[0][0] as number) },
  { cell: "B21", formula: "_xludf.AIECON.COSTPERUSER(0.02,30)", expected: () => num(() => costPerUserFn(0.02, 30)) },
  { cell: "B22", formula: "_xldudf_AIECON_MARGINIMPACT(1,Inputs!B6)", expected: () => num(() => marginImpactFn(1, 100)) },
  {
    cell: "B23",
    formula: 'AIECON.MODELPRICE("gpt-4o", "input") & " $ per 1M, ""quoted"", (x)"',
    expected: () => `${modelPriceFn("gpt-4o", "input")} $ per 1M, "quoted", (x)`,
  },
  { cell: "B24", formula: "1+AIECON.COSTPERUSER(Inputs!B7,2)^2", expected: () => 1 + costPerUserFn(3, 2) ** 2 },
  { cell: "B25", formula: "B1*2", expected: () => 2 * costPerInteractionFn(I("B1"), I("B2"), I("B3")) },
  { cell: "B26", formula: "SUM(Inputs!B1:B2)", expected: () => 8000 },
  // Invalid inputs: the add-in shows an error, so must the native formula (which error may differ).
  {
    cell: "B27",
    formula: 'AIECON.MODELPRICE("claude-2","cached_input")',
    expected: () => num(() => modelPriceFn("claude-2", "cached_input")),
  },
  { cell: "B28", formula: "AIECON.MARGINIMPACT(1,0)", expected: () => num(() => marginImpactFn(1, 0)) },
  {
    cell: "B29",
    formula: 'AIECON.COSTPERINTERACTION(100,10,"no-such-model")',
    expected: () => num(() => costPerInteractionFn(100, 10, "no-such-model")),
  },
  {
    cell: "B30",
    formula: "AIECON.COSTPERINTERACTION(100,10,Inputs!B7,Inputs!B8,200,Inputs!B9)",
    expected: () => num(() => costPerInteractionFn(100, 10, 3, 15, 200, 0.3)),
  },
  { cell: "B31", formula: "AIECON.COSTPERUSER(Inputs!B13,5)", expected: () => num(() => costPerUserFn(I("B13"), 5)) },
  {
    cell: "B32",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,Inputs!B7,Inputs!B8,Inputs!B4)",
    expected: () => num(() => costPerInteractionFn(I("B1"), I("B2"), I("B7"), I("B8"), I("B4"))),
  },
  { cell: "B33", formula: "AIECON.MARGINIMPACT(Inputs!B5,Inputs!B12)", expected: () => num(() => marginImpactFn(I("B5"), I("B12"))) },
  {
    cell: "B34",
    formula: "AIECON.GPUCOSTPERMTOK(Inputs!B14,Inputs!B15,Inputs!B16)",
    expected: () => num(() => gpuCostPerMTokFn(I("B14"), I("B15"), I("B16"))),
  },
  { cell: "B35", formula: "AIECON.GPUCOSTPERMTOK(5.62,Inputs!B15)", expected: () => num(() => gpuCostPerMTokFn(5.62, I("B15"), null)) },
  {
    cell: "B36",
    formula: "AIECON.GPUCOSTPERMTOK(Inputs!B14,Inputs!B15,Inputs!B5)",
    expected: () => num(() => gpuCostPerMTokFn(I("B14"), I("B15"), I("B5"))),
  },
  {
    cell: "B37",
    formula: "AIECON.VALUATIONIMPACT(Inputs!B17,Inputs!B18)",
    expected: () => num(() => valuationImpactFn(I("B17"), I("B18"))),
  },
  {
    cell: "B38",
    formula: "AIECON.VALUATIONIMPACT(0.2,AIECON.MARGINIMPACT(3,20))",
    expected: () => num(() => valuationImpactFn(0.2, marginImpactFn(3, 20))),
  },
  { cell: "B39", formula: "AIECON.VALUATIONIMPACT(Inputs!B6,0.5)", expected: () => num(() => valuationImpactFn(I("B6"), 0.5)) },
  {
    cell: "B40",
    formula: "AIECON.BLENDEDPRICE(Inputs!D1:D3,Inputs!E1:E3)",
    expected: () => num(() => blendedPriceFn(col("D", 1, 3), col("E", 1, 3))),
  },
  {
    cell: "B41",
    formula: 'AIECON.BLENDEDPRICE(Inputs!D1:D5,Inputs!E1:E5,"output")',
    expected: () => num(() => blendedPriceFn(col("D", 1, 5), col("E", 1, 5), "output")),
  },
  {
    cell: "B42",
    formula: "AIECON.BLENDEDPRICE(Inputs!D1:D4,Inputs!E1:E4)",
    expected: () => num(() => blendedPriceFn(col("D", 1, 4), col("E", 1, 4))),
  },
  {
    cell: "B43",
    formula: "AIECON.BLENDEDPRICE(Inputs!D6:D7,Inputs!E6:E7)",
    expected: () => num(() => blendedPriceFn(col("D", 6, 7), col("E", 6, 7))),
  },
  {
    cell: "B45",
    formula: "AIECON.BLENDEDPRICE(Inputs!D8:D10,Inputs!E8:E10)",
    expected: () => num(() => blendedPriceFn(col("D", 8, 10), col("E", 8, 10))),
  },
  {
    cell: "B44",
    formula: 'AIECON.BLENDEDPRICE(Inputs!D1:D3,Inputs!E1:E3,"cache_write")',
    expected: () => num(() => blendedPriceFn(col("D", 1, 3), col("E", 1, 3), "cache_write")),
  },
  // One price, no output tokens: output_price may be left out (literals, and cells that may hold a name or a price).
  { cell: "B46", formula: "AIECON.COSTPERINTERACTION(2000,0,10)", expected: () => num(() => costPerInteractionFn(2000, 0, 10)) },
  { cell: "B47", formula: "AIECON.COSTPERINTERACTION(5000,0,50)", expected: () => num(() => costPerInteractionFn(5000, 0, 50)) },
  {
    cell: "B48",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B19,Inputs!B20,Inputs!B21)",
    expected: () => num(() => costPerInteractionFn(I("B19"), I("B20"), I("B21"))),
  },
  {
    cell: "B49",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B19,Inputs!B2,Inputs!B21)",
    expected: () => num(() => costPerInteractionFn(I("B19"), I("B2"), I("B21"))),
  },
  {
    cell: "B50",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B19,Inputs!B20,Inputs!B3)",
    expected: () => num(() => costPerInteractionFn(I("B19"), I("B20"), I("B3"))),
  },
  {
    cell: "B51",
    formula: "AIECON.COSTPERINTERACTION(2000,0,10,,0)",
    expected: () => num(() => costPerInteractionFn(2000, 0, 10, null, 0)),
  },
  {
    cell: "B52",
    formula: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",0,0,0)',
    expected: () => num(() => costPerInteractionFn(7000, 1000, "gpt-4o", 0, 0, 0)),
  },
  // Per-request fees ($ per 1K requests): one request per interaction, one per expected call in a tree.
  {
    cell: "B53",
    formula: 'AIECON.COSTPERINTERACTION(7000,1000,"sonar")',
    expected: () => num(() => costPerInteractionFn(7000, 1000, "sonar")),
  },
  { cell: "B54", formula: 'AIECON.MODELPRICE("sonar","request")', expected: () => num(() => modelPriceFn("sonar", "request")) },
  { cell: "B55", formula: "AIECON.COSTTREE('Cost tree'!P1:U3)", expected: () => num(() => costTreeFn(feeTree)[0][0] as number) },
  { cell: "B56", formula: 'AIECON.MODELPRICE("gpt-4o","request")', expected: () => num(() => modelPriceFn("gpt-4o", "request")) },
  { cell: "B57", formula: 'AIECON.MODELPRICE("gpt-4o","provider")', expected: () => modelPriceFn("gpt-4o", "provider") as string },
  // A tiered model: the translated IF on the token cell computes both sides of the threshold.
  {
    cell: "B58",
    formula: 'AIECON.COSTPERINTERACTION(Inputs!B22,Inputs!B2,"gemini-2.5-pro",,Inputs!B24)',
    expected: () => num(() => costPerInteractionFn(150_000, 1000, "gemini-2.5-pro", null, 50_000)),
  },
  {
    cell: "B59",
    formula: 'AIECON.COSTPERINTERACTION(Inputs!B23,Inputs!B2,"gemini-2.5-pro",,Inputs!B24)',
    expected: () => num(() => costPerInteractionFn(300_000, 1000, "gemini-2.5-pro", null, 50_000)),
  },
  {
    cell: "B60",
    formula: 'AIECON.MODELPRICE("gemini-2.5-pro","output",,Inputs!B23)',
    expected: () => num(() => modelPriceFn("gemini-2.5-pro", "output", null, 300_000)),
  },
  {
    cell: "B61",
    formula: 'AIECON.MODELPRICE("gemini-2.5-pro","output",,Inputs!B22)',
    expected: () => num(() => modelPriceFn("gemini-2.5-pro", "output", null, 150_000)),
  },
  // Above gpt-4o's 128k window: the add-in refuses the call, so does the native formula.
  {
    cell: "B62",
    formula: 'AIECON.COSTPERINTERACTION(Inputs!B25,Inputs!B2,"gpt-4o")',
    expected: () => num(() => costPerInteractionFn(1_000_000, 1000, "gpt-4o")),
  },
  // Cache writes: the model's write price, the input price for a model without one, a tree column.
  {
    cell: "B63",
    formula: 'AIECON.COSTPERINTERACTION(Inputs!B26,Inputs!B2,"claude-opus-4-1",,Inputs!B27,,Inputs!B28)',
    expected: () => num(() => costPerInteractionFn(10_000, 1000, "claude-opus-4-1", null, 4500, null, 500)),
  },
  {
    cell: "B64",
    formula: "AIECON.COSTPERINTERACTION(Inputs!B26,Inputs!B2,Inputs!B3,,Inputs!B27,,Inputs!B28)",
    expected: () => num(() => costPerInteractionFn(10_000, 1000, "gpt-4o", null, 4500, null, 500)),
  },
  { cell: "B65", formula: "AIECON.COSTTREE('Cost tree'!W1:AD4)", expected: () => num(() => costTreeFn(writeTree)[0][0] as number) },
  // Constants written as numbers: a typed pricing date (gemini-3.6-flash doubles on 2027-01-01; gpt-5.6-sol's
  // tier changes on 2026-08-21, on both sides of its 271,999-token threshold), a time-of-day day average, the 1-hour write.
  ...(["2026-12-31", "2027-01-01"] as const).map((date, i) => ({
    cell: `B${66 + i}`,
    formula: `AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,"gemini-3.6-flash",,,,,,"${date}")`,
    expected: () => num(() => costPerInteractionFn(7000, 1000, "gemini-3.6-flash", null, null, null, null, null, date)),
  })),
  ...(
    [
      ["2026-08-20", "B22"],
      ["2026-08-20", "B23"],
      ["2026-08-21", "B22"],
      ["2026-08-21", "B23"],
    ] as const
  ).map(([date, tokens], i) => ({
    cell: `B${68 + i}`,
    formula: `AIECON.COSTPERINTERACTION(Inputs!${tokens},Inputs!B2,"gpt-5.6-sol",,Inputs!B24,,,,"${date}")`,
    expected: () => num(() => costPerInteractionFn(I(tokens), 1000, "gpt-5.6-sol", null, 50_000, null, null, null, date)),
  })),
  {
    cell: "B72",
    formula: 'AIECON.MODELPRICE("gemini-3.6-flash","input","2027-01-01")',
    expected: () => num(() => modelPriceFn("gemini-3.6-flash", "input", "2027-01-01")),
  },
  {
    cell: "B73",
    formula: 'AIECON.COSTPERINTERACTION(Inputs!B1,Inputs!B2,"deepseek-chat")',
    expected: () => num(() => costPerInteractionFn(7000, 1000, "deepseek-chat")),
  },
  {
    cell: "B74",
    formula: 'AIECON.MODELPRICE("deepseek-chat","output")',
    expected: () => num(() => modelPriceFn("deepseek-chat", "output")),
  },
  {
    cell: "B75",
    formula: 'AIECON.MODELPRICE("claude-opus-4-1","cache_write_1h")',
    expected: () => num(() => modelPriceFn("claude-opus-4-1", "cache_write_1h")),
  },
];

function buildWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const model = wb.addWorksheet("Model");
  const inp = wb.addWorksheet("Inputs");
  for (const [a, v] of Object.entries(inputs)) inp.getCell(a).value = v as ExcelJS.CellValue;
  const treeWs = wb.addWorksheet("Cost tree");
  tree.forEach((row, r) => row.forEach((v, c) => v !== null && (treeWs.getCell(r + 1, c + 1).value = v)));
  smallTree.forEach((row, r) => row.forEach((v, c) => v !== null && (treeWs.getCell(r + 1, c + 9).value = v)));
  feeTree.forEach((row, r) => row.forEach((v, c) => v !== null && (treeWs.getCell(r + 1, c + 16).value = v)));
  writeTree.forEach((row, r) => row.forEach((v, c) => v !== null && (treeWs.getCell(r + 1, c + 23).value = v)));
  for (const c of cases) model.getCell(c.cell).value = { formula: c.formula } as ExcelJS.CellFormulaValue;
  model.getCell("D1").value = { formula: "AIECON.COSTTREE('Cost tree'!A1:G7,\"breakdown\")" } as ExcelJS.CellFormulaValue;
  // A function the translator has no entry for: kept as its current value with a note.
  model.getCell("J1").value = { formula: 'AIECON.TOKENCOUNT("hello world")', result: 2 } as ExcelJS.CellFormulaValue;
  return wb;
}

describe("converted workbook recalculated by LibreOffice matches the add-in", () => {
  let converted: ExcelJS.Workbook;
  let recalculated: ExcelJS.Workbook;
  let report: Awaited<ReturnType<typeof convertFile>>;

  beforeAll(async () => {
    priceRuntime.setWorkbookPrices([]);
    const dir = tempDir("share");
    const input = join(dir, "model.xlsx");
    const output = join(dir, "board.xlsx");
    await buildWorkbook().xlsx.writeFile(input);
    report = await convertFile(input, output, { now: new Date("2026-11-23T10:00:00Z") });
    converted = new ExcelJS.Workbook();
    await converted.xlsx.readFile(output);
    recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(recalcInLibreOffice(output));
  }, 180_000);

  it("converts every AIECON formula (two written as values) and adds the looked-up prices", () => {
    // Every case except the two plain formulas (B25, B26), plus the breakdown and the unknown function.
    expect(report.formulas).toBe(cases.length - 2);
    expect(report.values).toBe(2);
    expect(report.warnings).toEqual([]);
    const all = converted.worksheets.flatMap((ws) => {
      const f: string[] = [];
      ws.eachRow((row) => row.eachCell((cell) => typeof cell.formula === "string" && f.push(cell.formula)));
      return f;
    });
    expect(all.filter((f) => /AIECON\.|_xldudf_/i.test(f))).toEqual([]);
    expect(report.priceRowsAdded).toBeGreaterThanOrEqual(5);
  });

  it.each(cases.map((c) => [c.cell, c.formula, c] as const))("%s =%s", (_cell, _formula, c) => {
    const expected = c.expected();
    const got = recalculated.getWorksheet("Model")!.getCell(c.cell).result as unknown;
    if (typeof expected === "object") {
      expect(got).toEqual({ error: expect.stringMatching(/^#/) });
    } else if (typeof expected === "number") {
      expect(typeof got).toBe("number");
      expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
    } else {
      expect(got).toBe(expected);
    }
  });

  it("writes the COSTTREE breakdown as the add-in's values, with an as-of note", () => {
    const expected = costTreeFn(tree, "breakdown");
    const ws = recalculated.getWorksheet("Model")!;
    expected.forEach((line, r) =>
      line.forEach((v, c) => {
        const got = ws.getCell(1 + r, 4 + c).value;
        if (typeof v === "number") expect(Math.abs((got as number) - v)).toBeLessThanOrEqual(1e-9 * Math.abs(v));
        else expect(got).toBe(v);
      }),
    );
    const note = converted.getWorksheet("Model")!.getCell("D1").note;
    expect(JSON.stringify(note)).toMatch(/Values as of 2026-11-23 \(prices as of \d{4}-\d{2}-\d{2}\)/);
  });

  it("keeps an unknown AIECON function's current value", () => {
    expect(recalculated.getWorksheet("Model")!.getCell("J1").value).toBe(2);
  });

  it("keeps every original formula in a very hidden sheet", () => {
    const ws = converted.getWorksheet(ORIGINALS_SHEET)!;
    expect(ws.state).toBe("veryHidden");
    const kept = new Map<string, string>();
    ws.eachRow((row, i) => i > 1 && kept.set(`${row.getCell(1).value}!${row.getCell(2).value}`, String(row.getCell(3).value)));
    for (const c of cases.filter((c) => /AIECON/.test(c.formula))) expect(kept.get(`Model!${c.cell}`)).toBe(`=${c.formula}`);
    expect(kept.get("Model!J1")).toBe('=AIECON.TOKENCOUNT("hello world")');
  });
});

describe("a workbook that already has an AIECON_Prices table", () => {
  const header = [
    "Model",
    "Provider",
    "Input $/1M",
    "Output $/1M",
    "Cached input $/1M",
    "Cache write $/1M",
    "Context window",
    "As of",
    "Source",
  ];
  const ownRows = [
    ["gpt-4o", "openai", 2, 8, 1, null, 128000, "2026-10-01", "user"],
    ["in-house-7b", "self-hosted", 0.05, 0.1, null, null, null, "2026-10-01", "user"],
  ];
  const formulas = {
    A1: 'AIECON.COSTPERINTERACTION(7000,1000,"gpt-4o",,4000)',
    A2: 'AIECON.COSTPERINTERACTION(7000,1000,"in-house-7b")',
    A3: 'AIECON.COSTPERINTERACTION(7000,1000,"claude-sonnet-4-5",,4000)',
    A4: "AIECON.PRICESASOF()",
  };
  let recalculated: ExcelJS.Workbook;
  let converted: ExcelJS.Workbook;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    for (const [a, f] of Object.entries(formulas)) ws.getCell(a).value = { formula: f } as ExcelJS.CellFormulaValue;
    const prices = wb.addWorksheet("My prices");
    prices.addTable({ name: "AIECON_Prices", ref: "B2", headerRow: true, columns: header.map((name) => ({ name })), rows: ownRows });
    const dir = tempDir("share");
    await wb.xlsx.writeFile(join(dir, "in.xlsx"));
    await convertFile(join(dir, "in.xlsx"), join(dir, "out.xlsx"));
    converted = new ExcelJS.Workbook();
    await converted.xlsx.readFile(join(dir, "out.xlsx"));
    recalculated = new ExcelJS.Workbook();
    await recalculated.xlsx.readFile(recalcInLibreOffice(join(dir, "out.xlsx")));
  }, 180_000);

  it("uses the table's own prices first and appends only the missing model to the same table", () => {
    const { rowsFromTable } = jest.requireActual("../../src/share/priceTable");
    priceRuntime.setWorkbookPrices(rowsFromTable(header, ownRows));
    try {
      const ws = recalculated.getWorksheet("Sheet1")!;
      const expected = [
        costPerInteractionFn(7000, 1000, "gpt-4o", null, 4000),
        costPerInteractionFn(7000, 1000, "in-house-7b"),
        costPerInteractionFn(7000, 1000, "claude-sonnet-4-5", null, 4000),
      ];
      expected.forEach((v, i) => expect(Math.abs((ws.getCell(`A${i + 1}`).result as number) - v)).toBeLessThanOrEqual(1e-9 * v));
      expect(ws.getCell("A4").result).toBe(pricesAsOfFn());
    } finally {
      priceRuntime.setWorkbookPrices([]);
    }
    const table = converted.getWorksheet("My prices")!;
    expect(table.getCell("B5").value).toBe("claude-sonnet-4-5");
    expect(table.getCell("B6").value).toBe(null);
    expect(converted.getWorksheet("AI Prices")).toBeUndefined();
  });
});
