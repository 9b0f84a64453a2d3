// The "Insert example model" workbook as pure data: which cell holds which label, input or formula,
// how it is styled and where the charts go. No Office here, so a test can evaluate the very same
// formulas in a spreadsheet engine; src/workbook/exampleModel.ts writes it through Excel.run.
//
// Formulas name the other sheet as {inputs}; buildExampleModel() puts the real (quoted) sheet name
// in, so the model still works when it lands on "AI Inputs (2)" beside an older copy.

/** How a cell looks: inputs look like inputs (finance convention), outputs stand out. */
export type CellRole = "title" | "note" | "section" | "header" | "label" | "input" | "calc" | "output";

export type SheetKey = "inputs" | "model";

export interface CellSpec {
  readonly address: string;
  /** A constant (label or input). */
  readonly value?: string | number;
  /** A formula starting with "=", possibly naming {inputs}. */
  readonly formula?: string;
  readonly role: CellRole;
  readonly numberFormat?: string;
}

/** Formatting for a block of cells that a formula spills into (or inputs left blank, such as a root's parent). */
export interface RangeStyle {
  readonly range: string;
  readonly role?: CellRole;
  readonly numberFormat?: string;
}

export interface SheetSpec {
  readonly key: SheetKey;
  readonly name: string;
  readonly cells: readonly CellSpec[];
  readonly styles: readonly RangeStyle[];
  /** Column letter → width in points. */
  readonly columnWidths: Readonly<Record<string, number>>;
}

export interface ChartSpec {
  readonly sheet: SheetKey;
  readonly kind: "line" | "column";
  readonly title: string;
  /** Series by columns, header row first (the header names each series). */
  readonly seriesRange: string;
  /** Category (x-axis) labels, without header. */
  readonly categoryRange: string;
  readonly valueAxisTitle: string;
  readonly categoryAxisTitle: string;
  /** Top-left and bottom-right cells the chart covers. */
  readonly topLeft: string;
  readonly bottomRight: string;
}

export interface ExampleModel {
  readonly sheets: readonly SheetSpec[];
  readonly charts: readonly ChartSpec[];
}

export const EXAMPLE_SHEET_NAMES: Readonly<Record<SheetKey, string>> = { inputs: "AI Inputs", model: "AI Model" };

const USD = "$#,##0.00";
const USD_FINE = "$#,##0.0000";
const COUNT = "#,##0";
const PERCENT = "0.0%";
const MULTIPLE = '0.00"×"';

/** Tenure months shown; the curve formulas count these rows, so no 24 is written into a formula. */
const TENURE_MONTHS = 24;
const TENURE_FIRST_ROW = 40;
const TENURE_LAST_ROW = TENURE_FIRST_ROW + TENURE_MONTHS - 1;

const label = (address: string, value: string): CellSpec => ({ address, value, role: "label" });
const input = (address: string, value: string | number, numberFormat?: string): CellSpec => ({
  address,
  value,
  role: "input",
  numberFormat,
});
const calc = (address: string, formula: string, numberFormat?: string, role: CellRole = "calc"): CellSpec => ({
  address,
  formula,
  role,
  numberFormat,
});

// ---- Inputs sheet ----------------------------------------------------------------------------
// Cost tree of one user action (domain.md §3): guardrail, retrieval, the primary call, an
// evaluation pass and a retry when the evaluation fails.
const TREE_HEADER = [
  "Step",
  "Parent (blank = runs once per action)",
  "Model (name or $ / 1M tokens)",
  "Input tokens (tokens)",
  "Output tokens (tokens)",
  "Calls (expected runs per parent run)",
];
const TREE_ROWS: readonly (readonly (string | number | null)[])[] = [
  ["Safety classifier", null, "gpt-4o-mini", 7000, 10, 1],
  ["Embedding lookup", null, "text-embedding-3-small", 200, 0, 1],
  ["Primary call", null, "gpt-4o", 7000, 1000, 1],
  ["Evaluation", "Primary call", "gpt-4o", 8000, 200, 1],
  ["Retry", "Evaluation", "gpt-4o", 7000, 1000, 0.25],
];
const TREE_TOP = 22; // header row; steps follow
const TREE_RANGE = `A${TREE_TOP}:F${TREE_TOP + TREE_ROWS.length}`;
const PRIMARY_ROW = TREE_TOP + 3;

const COLS = "ABCDEF";

const inputsCells: CellSpec[] = [
  { address: "A1", value: "AI unit economics: inputs", role: "title" },
  {
    address: "A2",
    value:
      "Yellow cells with blue text are inputs: change them and every number on the model sheet recalculates. Prices are $ per 1M tokens.",
    role: "note",
  },
  { address: "A4", value: "Revenue and margin", role: "section" },
  label("A5", "Gross margin before AI cost (fraction of revenue)"),
  input("B5", 0.8, PERCENT),

  { address: "A7", value: "User segments (domain worked example)", role: "section" },
  { address: "A8", value: "Per segment", role: "header" },
  { address: "B8", value: "Normal user", role: "header" },
  { address: "C8", value: "Power user", role: "header" },
  label("A9", "Active users (users)"),
  input("B9", 900, COUNT),
  input("C9", 100, COUNT),
  label("A10", "Revenue per user, ARPU ($ / user / month)"),
  input("B10", 100, USD),
  input("C10", 100, USD),
  label("A11", "Interactions (interactions / user / month)"),
  input("B11", 50, COUNT),
  input("C11", 500, COUNT),
  label("A12", "Tokens per interaction (tokens, input + output)"),
  input("B12", 2000, COUNT),
  input("C12", 5000, COUNT),
  label("A13", "Blended model price ($ / 1M tokens)"),
  input("B13", 10, USD),
  input("C13", 50, USD),
  {
    address: "A14",
    value: "The worked example quotes $0.01 and $0.05 per 1,000 tokens, which is $10 and $50 per 1M tokens.",
    role: "note",
  },

  { address: "A16", value: "Tenure (normal user)", role: "section" },
  label("A17", "Context growth (tokens added per interaction per month of tenure)"),
  input("B17", 500, COUNT),
  label("A18", "Summarisation cap (maximum tokens per interaction)"),
  input("B18", 4000, COUNT),

  { address: "A20", value: "Cost tree for one user action", role: "section" },
  {
    address: "A21",
    value:
      "Model: a name from the price table or a blended $ / 1M tokens. Calls: expected runs per run of the parent (0.25 = a 25% retry).",
    role: "note",
  },
  ...TREE_HEADER.map((text, c): CellSpec => ({ address: `${COLS[c]}${TREE_TOP}`, value: text, role: "header" })),
  ...TREE_ROWS.flatMap((row, r) =>
    row.flatMap((cell, c): CellSpec[] =>
      cell === null ? [] : [input(`${COLS[c]}${TREE_TOP + 1 + r}`, cell, c >= 3 && c <= 4 ? COUNT : undefined)],
    ),
  ),

  { address: "A29", value: "Routing portfolio and self-hosting", role: "section" },
  { address: "A30", value: "Route", role: "header" },
  { address: "B30", value: "Model (name or $ / 1M tokens)", role: "header" },
  { address: "C30", value: "Traffic share (fraction of requests)", role: "header" },
  input("A31", "Easy requests"),
  input("B31", "gpt-4o-mini"),
  input("C31", 0.8, PERCENT),
  input("A32", "Hard requests"),
  input("B32", "gpt-4o"),
  input("C32", 0.2, PERCENT),
  label("A33", "GPU price, self-hosted ($ / GPU-hour)"),
  input("B33", 3.43, USD),
  label("A34", "GPU throughput (tokens / second)"),
  input("B34", 1500, COUNT),
  label("A35", "GPU utilisation (fraction of paid hours serving tokens)"),
  input("B35", 0.6, PERCENT),
];

// ---- Model sheet: every number is a formula -------------------------------------------------
const I = "{inputs}!";
const segmentFormulas = (col: "B" | "C"): CellSpec[] => [
  calc(`${col}13`, `=AIECON.COSTPERINTERACTION(${I}${col}12,0,${I}${col}13,${I}${col}13)`, USD_FINE),
  calc(`${col}14`, `=AIECON.COSTPERUSER(${col}13,${I}${col}11)`, USD),
  calc(`${col}15`, `=AIECON.MARGINIMPACT(${col}14,${I}${col}10)`, PERCENT),
  calc(`${col}16`, `=${I}$B$5-${col}15`, PERCENT),
  calc(`${col}17`, `=IF(${col}15>1,"Yes","No")`),
];
const months = `A${TENURE_FIRST_ROW}:A${TENURE_LAST_ROW}`;
const curveArgs = `ROWS(${months}),B13,${I}B11,${I}B17`;

const modelCells: CellSpec[] = [
  { address: "A1", value: "AI unit economics: model", role: "title" },
  { address: "A2", value: "Every number on this sheet is a formula on the inputs sheet. Model prices as of:", role: "note" },
  calc("B2", "=AIECON.PRICESASOF()"),

  { address: "A4", value: "Board numbers (monthly)", role: "section" },
  label("A5", "Tokens per active user (tokens / user / month)"),
  calc("B5", `=SUMPRODUCT(${I}B9:C9,${I}B11:C11,${I}B12:C12)/SUM(${I}B9:C9)`, COUNT, "output"),
  label("A6", "AI cost per active user ($ / user / month)"),
  calc("B6", "=B21", USD, "output"),
  label("A7", "Gross margin of this workflow after AI cost (fraction of revenue)"),
  calc("B7", `=${I}B5-B22`, PERCENT, "output"),
  label("A8", "Valuation change at a constant gross-profit multiple (fraction)"),
  calc("B8", `=AIECON.VALUATIONIMPACT(${I}B5,B7)`, PERCENT, "output"),
  label("A9", "Users who are margin-negative (fraction of users)"),
  calc("B9", "=B23", PERCENT, "output"),

  { address: "A11", value: "Normal user vs power user", role: "section" },
  { address: "A12", value: "Per segment", role: "header" },
  { address: "B12", value: "Normal user", role: "header" },
  { address: "C12", value: "Power user", role: "header" },
  label("A13", "Cost per interaction ($ / interaction)"),
  label("A14", "AI cost per user ($ / user / month)"),
  label("A15", "AI cost share of revenue (fraction of ARPU)"),
  label("A16", "Gross margin after AI cost (fraction of revenue)"),
  label("A17", "Margin-negative (AI cost above ARPU)?"),
  ...segmentFormulas("B"),
  ...segmentFormulas("C"),

  { address: "A19", value: "User mix (all segments)", role: "section" },
  { address: "A20", value: "Measure (unit)", role: "header" },
  { address: "B20", value: "Value", role: "header" },
  calc("A21", `=AIECON.USERMIX(B14:C14,${I}B9:C9,${I}B10:C10)`),

  { address: "A25", value: "Cost tree for one user action", role: "section" },
  label("A26", "Expected cost per user action ($ / action)"),
  calc("B26", `=AIECON.COSTTREE(${I}${TREE_RANGE})`, USD_FINE, "output"),
  label("A27", "Primary call alone ($ / call)"),
  calc("B27", `=AIECON.COSTPERINTERACTION(${I}D${PRIMARY_ROW},${I}E${PRIMARY_ROW},${I}C${PRIMARY_ROW})`, USD_FINE),
  label("A28", "Cost tree multiple over the primary call alone (×)"),
  calc("B28", "=B26/B27", MULTIPLE, "output"),
  calc("A30", `=AIECON.COSTTREE(${I}${TREE_RANGE},"breakdown")`),

  { address: "A38", value: "Tenure curve (normal user): AI cost per user by month of tenure", role: "section" },
  { address: "A39", value: "Month of tenure (month)", role: "header" },
  { address: "B39", value: "Without summarisation ($ / user / month)", role: "header" },
  { address: "C39", value: "With summarisation ($ / user / month)", role: "header" },
  { address: "D39", value: "Cumulative without ($ / user)", role: "header" },
  { address: "E39", value: "Cumulative with ($ / user)", role: "header" },
  ...Array.from({ length: TENURE_MONTHS }, (_, m): CellSpec => ({
    address: `A${TENURE_FIRST_ROW + m}`,
    value: m + 1,
    role: "label",
    numberFormat: "0",
  })),
  calc(`B${TENURE_FIRST_ROW}`, `=AIECON.COSTCURVE(${curveArgs},,${I}B12)`),
  calc(`C${TENURE_FIRST_ROW}`, `=AIECON.COSTCURVE(${curveArgs},${I}B18,${I}B12)`),
  ...Array.from({ length: TENURE_MONTHS }, (_, m): CellSpec[] => {
    const row = TENURE_FIRST_ROW + m;
    return [calc(`D${row}`, `=SUM(B$${TENURE_FIRST_ROW}:B${row})`, USD), calc(`E${row}`, `=SUM(C$${TENURE_FIRST_ROW}:C${row})`, USD)];
  }).flat(),
  label(`A${TENURE_LAST_ROW + 2}`, "Summarisation saving on cumulative cost over the months shown (fraction)"),
  calc(`B${TENURE_LAST_ROW + 2}`, `=1-E${TENURE_LAST_ROW}/D${TENURE_LAST_ROW}`, PERCENT, "output"),

  { address: "A67", value: "Routing portfolio and self-hosting", role: "section" },
  label("A68", "Routing portfolio, blended input price ($ / 1M input tokens)"),
  calc("B68", `=AIECON.BLENDEDPRICE(${I}B31:B32,${I}C31:C32,"input")`, USD_FINE, "output"),
  label("A69", "Routing portfolio, blended output price ($ / 1M output tokens)"),
  calc("B69", `=AIECON.BLENDEDPRICE(${I}B31:B32,${I}C31:C32,"output")`, USD_FINE, "output"),
  label("A70", "Hard-request model alone, input price ($ / 1M input tokens)"),
  calc("B70", `=AIECON.MODELPRICE(${I}B32,"input")`, USD_FINE),
  label("A71", "Self-hosted GPU cost ($ / 1M tokens)"),
  calc("B71", `=AIECON.GPUCOSTPERMTOK(${I}B33,${I}B34,${I}B35)`, USD_FINE, "output"),
];

const modelStyles: RangeStyle[] = [
  // Spill areas: formatted in advance, left empty so the formulas can spill.
  { range: "B21", numberFormat: USD },
  { range: "B22:B23", numberFormat: PERCENT },
  { range: "A30:D30", role: "header" },
  { range: "B31:B36", numberFormat: "0.00" },
  { range: "C31:C36", numberFormat: USD_FINE },
  { range: "D31:D36", numberFormat: PERCENT },
  { range: `B${TENURE_FIRST_ROW}:C${TENURE_LAST_ROW}`, numberFormat: USD },
];

/** The spill ranges the model's array formulas fill, for tests and for whoever edits the layout. */
export const EXAMPLE_SPILLS = {
  userMix: { sheet: "model", anchor: "A21", rows: 3, columns: 2 },
  costTreeBreakdown: { sheet: "model", anchor: "A30", rows: TREE_ROWS.length + 2, columns: 4 },
  curveWithout: { sheet: "model", anchor: `B${TENURE_FIRST_ROW}`, rows: TENURE_MONTHS, columns: 1 },
  curveWith: { sheet: "model", anchor: `C${TENURE_FIRST_ROW}`, rows: TENURE_MONTHS, columns: 1 },
} as const;

const charts: ChartSpec[] = [
  {
    sheet: "model",
    kind: "line",
    title: "AI cost per user by month of tenure ($ / user / month)",
    seriesRange: `B39:C${TENURE_LAST_ROW}`,
    categoryRange: months,
    valueAxisTitle: "$ / user / month",
    categoryAxisTitle: "Month of tenure",
    topLeft: "G38",
    bottomRight: "N58",
  },
  {
    sheet: "model",
    kind: "column",
    title: "Cost per user action by step ($ / action)",
    seriesRange: `C30:C${30 + TREE_ROWS.length}`,
    categoryRange: `A31:A${30 + TREE_ROWS.length}`,
    valueAxisTitle: "$ / action",
    categoryAxisTitle: "Step",
    topLeft: "F25",
    bottomRight: "M36",
  },
];

/** Excel compares sheet names without regard to case. */
const sameName = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/**
 * Sheet names that clash with nothing in the workbook: the plain names, or both with the same
 * smallest free suffix (" (2)", " (3)" ...) so the pair stays recognisable.
 */
export function chooseSheetNames(existing: readonly string[]): Record<SheetKey, string> {
  const taken = (name: string) => existing.some((e) => sameName(e, name));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const names = { inputs: EXAMPLE_SHEET_NAMES.inputs + suffix, model: EXAMPLE_SHEET_NAMES.model + suffix };
    if (!taken(names.inputs) && !taken(names.model)) return names;
  }
}

/** A sheet name as a formula reference: quoted, with any apostrophe doubled. */
export function sheetRef(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** The example model with the given sheet names written into its formulas. */
export function buildExampleModel(names: Record<SheetKey, string> = EXAMPLE_SHEET_NAMES): ExampleModel {
  const resolve = (cell: CellSpec): CellSpec =>
    cell.formula ? { ...cell, formula: cell.formula.split("{inputs}").join(sheetRef(names.inputs)) } : cell;
  return {
    sheets: [
      {
        key: "inputs",
        name: names.inputs,
        cells: inputsCells.map(resolve),
        styles: [{ range: `B${TREE_TOP + 1}:B${TREE_TOP + TREE_ROWS.length}`, role: "input" }],
        columnWidths: { A: 330, B: 150, C: 150, D: 110, E: 110, F: 170 },
      },
      {
        key: "model",
        name: names.model,
        cells: modelCells.map(resolve),
        styles: modelStyles,
        columnWidths: { A: 360, B: 150, C: 150, D: 130, E: 130 },
      },
    ],
    charts,
  };
}

/** Rows and columns of an A1 range such as "B21" or "B40:C63". */
export function rangeSize(range: string): { rows: number; columns: number } {
  const corner = (a1: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a1.replace(/\$/g, ""));
    if (!m) throw new Error(`not an A1 cell address: ${a1}`);
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    return { row: Number(m[2]), column };
  };
  const [start, end = start] = range.split(":").map(corner);
  return { rows: end.row - start.row + 1, columns: end.column - start.column + 1 };
}
