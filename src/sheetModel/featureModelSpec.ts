// "New feature cost model" as pure data: the sheet the pane writes for one AI feature, following the
// method of domain.md: the token volume of one interaction (system prompt, context, query, response,
// cached share), the model, interactions per user, the cost tree behind one user action, ARPU, and a
// comparison of models on the same workload. Inputs sit in one block, styled as inputs; everything
// else is a live formula over them. No Office here: tests evaluate these very formulas in a
// spreadsheet engine, and src/workbook/featureModel.ts writes them through Excel.run.
import type { CellRole, CellSpec, ChartSpec, RangeStyle } from "./exampleModelSpec";
import { parseAsOf, type Cell, type DateSystem } from "./priceTable";

/** One optional step of the cost tree; `calls` 0 leaves it in the tree at no cost. */
export interface TreeStepInput {
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Expected runs per run of its parent (1 = always). */
  readonly calls: number;
}

export type UsageInput =
  { readonly per: "month"; readonly interactions: number } | { readonly per: "day"; readonly interactions: number; readonly days: number };

export interface FeatureModelInputs {
  readonly feature: string;
  readonly model: string;
  readonly systemPromptTokens: number;
  readonly contextTokens: number;
  readonly queryTokens: number;
  readonly responseTokens: number;
  /** Fraction of the system prompt billed at the cached input price (0.5 = 50%). */
  readonly cachedShare: number;
  /** Calls per write of the system prompt to the prompt cache (10 = one call in ten writes it); 0 = never written. */
  readonly callsPerCacheWrite: number;
  /** Date the model's prices are taken at (yyyy-mm-dd, passed as as_of); "" = the prices' own as-of date. */
  readonly pricingDate: string;
  readonly usage: UsageInput;
  readonly activeUsers: number;
  /** Revenue per user, $ per month. */
  readonly arpu: number;
  readonly safety: TreeStepInput;
  readonly embedding: TreeStepInput;
  readonly evaluation: TreeStepInput;
  /** Probability that a failed evaluation re-runs the primary call (0.2 = 20%). */
  readonly retryProbability: number;
  /** Models to compare on the same workload (the comparison block); may be empty. */
  readonly compare: readonly string[];
}

export type FeatureChart = Omit<ChartSpec, "sheet" | "kind"> & { readonly name: string; readonly kind: "column" | "bar" | "tornado" };

export interface FeatureSheet {
  readonly cells: readonly CellSpec[];
  readonly styles: readonly RangeStyle[];
  readonly columnWidths: Readonly<Record<string, number>>;
  readonly charts: readonly FeatureChart[];
}

const USD = "$#,##0.00";
const USD_FINE = "$#,##0.0000";
const COUNT = "#,##0";
const PERCENT = "0.0%";
const MULTIPLE = '0.00"×"';

/** Every input cell by what it holds: the writer updates exactly these when re-opened. */
export const FEATURE_INPUTS = {
  feature: "B4",
  model: "B5",
  systemPromptTokens: "B10",
  contextTokens: "B11",
  queryTokens: "B12",
  responseTokens: "B13",
  cachedShare: "B14",
  callsPerCacheWrite: "B17",
  pricingDate: "B8",
  perDay: "B19",
  days: "B20",
  perMonth: "B21",
  activeUsers: "B22",
  arpu: "B23",
} as const;

/** The cost tree: header row, then one row per step, in this order. */
export const TREE_TOP = 26;
export const TREE_STEPS = ["Safety classifier", "Embedding lookup", "Primary call", "Evaluation pass", "Retry"] as const;
export const TREE_RANGE = `A${TREE_TOP}:H${TREE_TOP + TREE_STEPS.length}`;
export const treeRow = (step: (typeof TREE_STEPS)[number]) => TREE_TOP + 1 + TREE_STEPS.indexOf(step);
/** COSTTREE's breakdown: header, one line per step, total. */
export const BREAKDOWN_TOP = 34;
const BREAKDOWN_FIRST = BREAKDOWN_TOP + 1;
const BREAKDOWN_LAST = BREAKDOWN_TOP + TREE_STEPS.length;

/** Outputs by what they are, for tests and for whoever reads the sheet. */
export const FEATURE_OUTPUTS = {
  primaryCost: "B43",
  treeCost: "B44",
  treeMultiple: "B45",
  tokensPerInteraction: "B46",
  costPerUser: "B47",
  tokensPerUser: "B48",
  marginImpact: "B49",
  monthlyCost: "B50",
  marginNegative: "B51",
} as const;

/** The comparison block: a header row, one row per model (at most COMPARE_MAX), then the ranking. */
export const COMPARE_TOP = 26;
export const COMPARE_MAX = 12;
/** Everything the comparison may occupy, cleared before it is rewritten. */
export const COMPARE_AREA = `I${COMPARE_TOP - 1}:O${COMPARE_TOP + 2 * COMPARE_MAX + 4}`;

export const CHART_NAMES = {
  perUser: "AIECON cost per user vs ARPU",
  comparison: "AIECON model comparison",
  tornado: "AIECON tornado",
} as const;

/** Column A labels that identify a sheet this form wrote (checked before editing it in place). */
export const LAYOUT_LABELS: Readonly<Record<string, string>> = {
  A4: "Feature",
  A5: "Model (name in the price table)",
  A10: "System prompt tokens",
  A21: "Interactions per user per month",
  [`A${TREE_TOP}`]: "Step",
  A44: "Cost per interaction, whole cost tree ($)",
};

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
const section = (address: string, value: string): CellSpec => ({ address, value, role: "section" });

/** The input cells' contents (values, or the monthly formula when usage is given per day). */
export function inputCells(inputs: FeatureModelInputs): CellSpec[] {
  const I = FEATURE_INPUTS;
  const perDay = inputs.usage.per === "day";
  return [
    input(I.feature, inputs.feature),
    input(I.model, inputs.model),
    input(I.systemPromptTokens, inputs.systemPromptTokens, COUNT),
    input(I.contextTokens, inputs.contextTokens, COUNT),
    input(I.queryTokens, inputs.queryTokens, COUNT),
    input(I.responseTokens, inputs.responseTokens, COUNT),
    input(I.cachedShare, inputs.cachedShare, PERCENT),
    input(I.callsPerCacheWrite, inputs.callsPerCacheWrite || "", COUNT),
    input(I.pricingDate, inputs.pricingDate, "yyyy-mm-dd"),
    inputs.usage.per === "day" ? input(I.perDay, inputs.usage.interactions, "#,##0.0") : { address: I.perDay, value: "", role: "input" },
    input(I.days, inputs.usage.per === "day" ? inputs.usage.days : 30, COUNT),
    perDay ? calc(I.perMonth, `=${I.perDay}*${I.days}`, "#,##0.0") : input(I.perMonth, inputs.usage.interactions, "#,##0.0"),
    input(I.activeUsers, inputs.activeUsers, COUNT),
    input(I.arpu, inputs.arpu, USD),
    ...treeInputCells(inputs),
  ];
}

/** The tree's own inputs: the optional steps' model, tokens and calls, and the retry probability. */
function treeInputCells(inputs: FeatureModelInputs): CellSpec[] {
  const step = (name: (typeof TREE_STEPS)[number], s: TreeStepInput) => {
    const r = treeRow(name);
    return [input(`C${r}`, s.model), input(`D${r}`, s.inputTokens, COUNT), input(`E${r}`, s.outputTokens, COUNT), input(`F${r}`, s.calls)];
  };
  return [
    ...step("Safety classifier", inputs.safety),
    ...step("Embedding lookup", inputs.embedding),
    ...step("Evaluation pass", inputs.evaluation),
    input(`F${treeRow("Retry")}`, inputs.retryProbability, PERCENT),
  ];
}

function treeCells(): CellSpec[] {
  const I = FEATURE_INPUTS;
  const header = [
    "Step",
    "Parent (blank = once per action)",
    "Model",
    "Input tokens",
    "Output tokens",
    "Calls (per parent run)",
    "Cached input tokens",
    "Cache write tokens",
  ];
  const cells: CellSpec[] = header.map((h, i) => ({ address: `${"ABCDEFGH"[i]}${TREE_TOP}`, value: h, role: "header" }));
  const parents: Record<string, string> = { "Evaluation pass": "Primary call", Retry: "Evaluation pass" };
  for (const step of TREE_STEPS) {
    const r = treeRow(step);
    cells.push(label(`A${r}`, step), { address: `B${r}`, value: parents[step] ?? "", role: "label" });
    if (step === "Primary call" || step === "Retry") {
      // The primary call (and its retry) is the interaction the token block describes.
      cells.push(calc(`C${r}`, `=${I.model}`), calc(`D${r}`, `=${INPUT_TOKENS}`, COUNT), calc(`E${r}`, `=${I.responseTokens}`, COUNT));
      cells.push(calc(`G${r}`, `=${CACHED_TOKENS}`, COUNT), calc(`H${r}`, `=${CACHE_WRITE_TOKENS}`, COUNT));
      if (step === "Primary call") cells.push(calc(`F${r}`, "=1"));
    } else {
      cells.push(
        { address: `G${r}`, value: 0, role: "calc", numberFormat: COUNT },
        { address: `H${r}`, value: 0, role: "calc", numberFormat: COUNT },
      );
    }
  }
  return cells;
}

const INPUT_TOKENS = "B15";
const CACHED_TOKENS = "B16";
/**
 * Expected cache-write tokens per interaction (domain.md §8): the system prompt is written once per
 * so many calls, so each call carries prefix × writes ÷ calls. Blank or 0 calls: never written.
 */
const CACHE_WRITE_TOKENS = `IF(N(${FEATURE_INPUTS.callsPerCacheWrite})>0,${FEATURE_INPUTS.systemPromptTokens}/${FEATURE_INPUTS.callsPerCacheWrite},0)`;
/** The primary call's cache-write tokens as the tree holds them (one live formula, read by every cost of that call). */
const WRITE_TOKENS_CELL = `H${treeRow("Primary call")}`;

function modelCells(): CellSpec[] {
  const I = FEATURE_INPUTS;
  const O = FEATURE_OUTPUTS;
  const calls = `B${BREAKDOWN_FIRST}:B${BREAKDOWN_LAST}`;
  const treeTokens = (column: string) => `${column}${TREE_TOP + 1}:${column}${TREE_TOP + TREE_STEPS.length}`;
  return [
    { address: "A1", formula: `=${I.feature}&": AI feature cost model"`, role: "title" },
    {
      address: "A2",
      value:
        "Yellow cells with blue text are inputs: edit them here, or select this sheet and open Model → New feature cost model. Prices are $ per 1M tokens, from AIECON_Prices when the workbook has it.",
      role: "note",
    },
    label("A4", LAYOUT_LABELS.A4),
    label("A5", LAYOUT_LABELS.A5),
    label("A6", "Input price ($ / 1M tokens)"),
    calc("B6", `=AIECON.MODELPRICE(${I.model},"input",${I.pricingDate})`, USD_FINE),
    label("A7", "Output price ($ / 1M tokens)"),
    calc("B7", `=AIECON.MODELPRICE(${I.model},"output",${I.pricingDate})`, USD_FINE),
    label("A8", "Pricing date (blank: the prices' as-of date)"),
    section("A9", "Tokens per interaction (primary call)"),
    label("A10", LAYOUT_LABELS.A10),
    label("A11", "Context tokens (retrieved documents, history)"),
    label("A12", "User query tokens"),
    label("A13", "Response tokens (output)"),
    label("A14", "Cached share of the system prompt"),
    label("A15", "Input tokens per interaction"),
    calc(INPUT_TOKENS, `=${I.systemPromptTokens}+${I.contextTokens}+${I.queryTokens}`, COUNT),
    label("A16", "Cached input tokens (billed at the cached price)"),
    calc(CACHED_TOKENS, `=${I.systemPromptTokens}*${I.cachedShare}`, COUNT),
    label("A17", "Calls per prompt-cache write (blank: never written)"),
    section("A18", "Usage and revenue"),
    label("A19", "Interactions per user per day (blank: monthly given)"),
    label("A20", "Days used per month"),
    label("A21", LAYOUT_LABELS.A21),
    label("A22", "Active users"),
    label("A23", "ARPU ($ / user / month)"),
    section(`A${TREE_TOP - 1}`, "Cost tree of one user action (calls 0 = step not used)"),
    ...treeCells(),
    section(`A${BREAKDOWN_TOP - 1}`, "Cost tree breakdown ($ per user action)"),
    calc(`A${BREAKDOWN_TOP}`, `=AIECON.COSTTREE(${TREE_RANGE},"breakdown",${I.pricingDate})`),
    section("A42", "Unit economics"),
    label("A43", "Cost per interaction, primary call only ($)"),
    calc(
      O.primaryCost,
      `=AIECON.COSTPERINTERACTION(${INPUT_TOKENS},${I.responseTokens},${I.model},,${CACHED_TOKENS},,${WRITE_TOKENS_CELL},,${I.pricingDate})`,
      USD_FINE,
    ),
    label("A44", LAYOUT_LABELS.A44),
    calc(O.treeCost, `=AIECON.COSTTREE(${TREE_RANGE},,${I.pricingDate})`, USD_FINE, "output"),
    label("A45", "Cost tree multiple (whole tree ÷ primary call)"),
    calc(O.treeMultiple, `=IF(${O.primaryCost}>0,${O.treeCost}/${O.primaryCost},"")`, MULTIPLE),
    label("A46", "Tokens per interaction, whole cost tree"),
    calc(O.tokensPerInteraction, `=SUMPRODUCT(${treeTokens("D")},${calls})+SUMPRODUCT(${treeTokens("E")},${calls})`, COUNT),
    label("A47", "Cost per active user per month ($)"),
    calc(O.costPerUser, `=AIECON.COSTPERUSER(${O.treeCost},${I.perMonth})`, USD, "output"),
    label("A48", "Tokens per active user per month"),
    calc(O.tokensPerUser, `=${O.tokensPerInteraction}*${I.perMonth}`, COUNT, "output"),
    label("A49", "Margin impact (AI cost ÷ ARPU)"),
    calc(O.marginImpact, `=AIECON.MARGINIMPACT(${O.costPerUser},${I.arpu})`, PERCENT, "output"),
    label("A50", "Monthly AI cost, all active users ($)"),
    calc(O.monthlyCost, `=${O.costPerUser}*${I.activeUsers}`, USD),
    label("A51", "Margin-negative (AI cost above ARPU)?"),
    calc(O.marginNegative, `=IF(${O.marginImpact}>1,"Yes","No")`),
    // The chart's data: cost per user beside ARPU.
    { address: "D43", value: "Per user per month", role: "header" },
    { address: "E43", value: "$ / user / month", role: "header" },
    label("D44", "AI cost"),
    calc("E44", `=${O.costPerUser}`, USD),
    label("D45", "ARPU"),
    calc("E45", `=${I.arpu}`, USD),
  ];
}

const perUserChart: FeatureChart = {
  name: CHART_NAMES.perUser,
  kind: "column",
  title: "AI cost per user against ARPU ($ / user / month)",
  seriesRange: "E43:E45",
  categoryRange: "D44:D45",
  valueAxisTitle: "$ / user / month",
  categoryAxisTitle: "",
  topLeft: "I3",
  bottomRight: "O22",
};

/**
 * One row per model on the same workload as the feature (the primary call's tokens, usage and
 * ARPU), then the same rows ranked cheapest first. The ranking is formulas, so a changed token
 * cell or price re-ranks it: a rank (how many are cheaper, as RANK counts) plus a COUNTIF
 * tie-break gives a stable order in every Excel version and in other spreadsheet apps. SORTBY
 * would need Excel 365, and its spill could not be charted as a fixed range.
 */
export function comparisonCells(models: readonly string[]): { cells: CellSpec[]; chart?: FeatureChart; styles: RangeStyle[] } {
  if (models.length === 0) return { cells: [], styles: [] };
  if (models.length > COMPARE_MAX) throw new RangeError(`at most ${COMPARE_MAX} models can be compared`);
  const I = FEATURE_INPUTS;
  const abs = (a1: string) => a1.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const first = COMPARE_TOP + 1;
  const last = COMPARE_TOP + models.length;
  const col = (c: string) => `${c}$${first}:${c}$${last}`;
  const cells: CellSpec[] = [
    section(`I${COMPARE_TOP - 1}`, "Compare models on this workload (primary call)"),
    ...["Model", "$ per interaction", "$ per user per month", "Margin impact", "× cheapest", "Rank", "Chosen"].map((h, i): CellSpec => ({
      address: `${"IJKLMNO"[i]}${COMPARE_TOP}`,
      value: h,
      role: "header",
    })),
  ];
  models.forEach((model, i) => {
    const r = first + i;
    cells.push(
      input(`I${r}`, model),
      calc(
        `J${r}`,
        `=AIECON.COSTPERINTERACTION(${abs(INPUT_TOKENS)},${abs(I.responseTokens)},I${r},,${abs(CACHED_TOKENS)},,${abs(WRITE_TOKENS_CELL)},,${abs(I.pricingDate)})`,
        USD_FINE,
      ),
      calc(`K${r}`, `=AIECON.COSTPERUSER(J${r},${abs(I.perMonth)})`, USD),
      calc(`L${r}`, `=AIECON.MARGINIMPACT(K${r},${abs(I.arpu)})`, PERCENT),
      calc(`M${r}`, `=J${r}/MIN(${col("J")})`, MULTIPLE),
      calc(`N${r}`, `=COUNTIF(${col("J")},"<"&J${r})+COUNTIF(J$${first}:J${r},J${r})`),
      calc(`O${r}`, `=IF(I${r}=${abs(I.model)},"◀ chosen","")`),
    );
  });
  const rankedTop = last + 2;
  cells.push(
    section(`I${rankedTop}`, "Ranked, cheapest first"),
    ...["Rank", "Model", "$ per user per month", "× cheapest", "Chosen"].map((h, i): CellSpec => ({
      address: `${"IJKLM"[i]}${rankedTop + 1}`,
      value: h,
      role: "header",
    })),
  );
  const match = (rank: string) => `MATCH(${rank},${col("N")},0)`;
  models.forEach((_, i) => {
    const r = rankedTop + 2 + i;
    cells.push(
      { address: `I${r}`, value: i + 1, role: "calc" },
      calc(`J${r}`, `=INDEX(${col("I")},${match(`I${r}`)})`),
      calc(`K${r}`, `=INDEX(${col("K")},${match(`I${r}`)})`, USD),
      calc(`L${r}`, `=INDEX(${col("M")},${match(`I${r}`)})`, MULTIPLE),
      calc(`M${r}`, `=INDEX(${col("O")},${match(`I${r}`)})`),
    );
  });
  const rankedFirst = rankedTop + 2;
  const rankedLast = rankedTop + 1 + models.length;
  const chart: FeatureChart = {
    name: CHART_NAMES.comparison,
    kind: "bar",
    title: "AI cost per user by model, cheapest first ($ / user / month)",
    seriesRange: `K${rankedTop + 1}:K${rankedLast}`,
    categoryRange: `J${rankedFirst}:J${rankedLast}`,
    valueAxisTitle: "$ / user / month",
    categoryAxisTitle: "Model",
    topLeft: `I${rankedLast + 2}`,
    bottomRight: `O${rankedLast + 20}`,
  };
  return { cells, chart, styles: [] };
}

/**
 * Expected model calls of one user action, from the tree's Calls cells multiplied along each step's
 * path (as COSTTREE counts them), on the feature sheet (`prefix` "" ) or read from another ('Sheet'!).
 * From the inputs rather than the spilled breakdown, so it stays live where a spill is kept as values.
 */
export function treeCallsFormula(prefix = ""): string {
  const calls = (step: (typeof TREE_STEPS)[number]) => `${prefix}$F$${treeRow(step)}`;
  return `${calls("Safety classifier")}+${calls("Embedding lookup")}+${calls("Primary call")}*(1+${calls("Evaluation pass")}*(1+${calls("Retry")}))`;
}

/** "Which assumption matters most" (domain.md §9): below everything else, the comparison's chart included
 * (12 models reach row 73), so nothing floats over it. */
export const TORNADO_TOP = 77;
export const TORNADO_DRIVERS = [
  "Interactions per user per month",
  "Calls per action (the whole cost tree)",
  "System prompt tokens",
  "Context tokens",
  "Response tokens (output)",
  "Input price, primary model ($ / 1M tokens)",
  "Output price, primary model ($ / 1M tokens)",
  "Cached share of the system prompt",
] as const;
export const TORNADO_DEFAULT_SWING = 0.25;

/**
 * Cost per user with one driver at a factor f of its value and the others held. Cost per user =
 * whole-tree cost per action × interactions; the tree is linear in each driver, so a driver's end is
 * the base plus (f − 1) × its part: interactions and calls per action scale everything, the token
 * counts, prices and cached share change only the primary call and its retries (the steps that run
 * the feature's own prompt), m = the primary call's expected runs per action.
 */
function tornadoCells(): { cells: CellSpec[]; chart: FeatureChart } {
  const I = FEATURE_INPUTS;
  const O = FEATURE_OUTPUTS;
  const top = TORNADO_TOP;
  const first = top + 2;
  const last = first + TORNADO_DRIVERS.length - 1;
  const calls = (step: (typeof TREE_STEPS)[number]) => `$F$${treeRow(step)}`;
  const $ = (a1: string) => a1.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2");
  const m = `${calls("Primary call")}*(1+${calls("Evaluation pass")}*${calls("Retry")})`;
  const [inP, outP, cachedP] = ["$B$6", "$B$7", `$B$${top - 1}`];
  const perAction = (part: string) => `${m}*${part}/1000000*${$(I.perMonth)}`;
  const sys = $(I.systemPromptTokens);
  const cs = $(I.cachedShare);
  // The change in cost per user per unit of (f − 1), driver by driver.
  const parts: Record<(typeof TORNADO_DRIVERS)[number], { base: string; format: string; part: string }> = {
    "Interactions per user per month": { base: I.perMonth, format: "#,##0.0", part: $(O.costPerUser) },
    "Calls per action (the whole cost tree)": { base: `B${top - 2}`, format: "0.00", part: $(O.costPerUser) },
    "System prompt tokens": { base: I.systemPromptTokens, format: COUNT, part: perAction(`${sys}*((1-${cs})*${inP}+${cs}*${cachedP})`) },
    "Context tokens": { base: I.contextTokens, format: COUNT, part: perAction(`${$(I.contextTokens)}*${inP}`) },
    "Response tokens (output)": { base: I.responseTokens, format: COUNT, part: perAction(`${$(I.responseTokens)}*${outP}`) },
    "Input price, primary model ($ / 1M tokens)": {
      base: "B6",
      format: USD_FINE,
      part: perAction(`(${$(INPUT_TOKENS)}-${$(CACHED_TOKENS)})*${inP}`),
    },
    "Output price, primary model ($ / 1M tokens)": { base: "B7", format: USD_FINE, part: perAction(`${$(I.responseTokens)}*${outP}`) },
    "Cached share of the system prompt": { base: I.cachedShare, format: PERCENT, part: perAction(`${sys}*${cs}*(${cachedP}-${inP})`) },
  };
  const cells: CellSpec[] = [
    label(`A${top - 2}`, "Expected model calls per user action (the whole tree)"),
    calc(`B${top - 2}`, `=${treeCallsFormula()}`, "0.00"),
    label(`A${top - 1}`, "Cached input price, primary model ($ / 1M tokens)"),
    calc(cachedP.replace(/\$/g, ""), `=IF(${I.cachedShare}>0,AIECON.MODELPRICE(${I.model},"cached_input"),B6)`, USD_FINE),
    section(`A${top}`, "Which assumption matters most: cost per user with one driver at its low or high end, the others held"),
    ...[
      "Driver",
      "Base value",
      "Low end (change)",
      "High end (change)",
      "Cost per user, low ($ / month)",
      "Cost per user, high ($ / month)",
      "Margin impact, low",
      "Margin impact, high",
      "Swing ($ / user / month)",
      "Rank",
    ].map((h, i): CellSpec => ({ address: `${"ABCDEFGHIJ"[i]}${top + 1}`, value: h, role: "header" })),
  ];
  const swings = `$I$${first}:$I$${last}`;
  TORNADO_DRIVERS.forEach((driver, i) => {
    const r = first + i;
    const p = parts[driver];
    cells.push(
      label(`A${r}`, driver),
      calc(`B${r}`, `=${p.base}`, p.format),
      input(`C${r}`, -TORNADO_DEFAULT_SWING, PERCENT),
      input(`D${r}`, TORNADO_DEFAULT_SWING, PERCENT),
      calc(`E${r}`, `=${$(O.costPerUser)}+C${r}*${p.part}`, USD),
      calc(`F${r}`, `=${$(O.costPerUser)}+D${r}*${p.part}`, USD),
      calc(`G${r}`, `=IF(${$(I.arpu)}>0,E${r}/${$(I.arpu)},"")`, PERCENT),
      calc(`H${r}`, `=IF(${$(I.arpu)}>0,F${r}/${$(I.arpu)},"")`, PERCENT),
      calc(`I${r}`, `=ABS(F${r}-E${r})`, USD),
      // Largest swing first; ties keep the listed order (as the comparison ranks, in every spreadsheet).
      calc(`J${r}`, `=COUNTIF(${swings},">"&I${r})+COUNTIF(I$${first}:I${r},I${r})`),
    );
  });
  const rankedTop = last + 2;
  cells.push(
    section(`A${rankedTop}`, "Ranked by swing, largest first (the tornado draws them, largest on top)"),
    ...["Rank", "Driver", "Low end Δ ($ / user / month)", "High end Δ ($ / user / month)", "Swing ($ / user / month)"].map(
      (h, i): CellSpec => ({ address: `${"ABCDE"[i]}${rankedTop + 1}`, value: h, role: "header" }),
    ),
  );
  const match = (r: number) => `MATCH(A${r},$J$${first}:$J$${last},0)`;
  TORNADO_DRIVERS.forEach((_, i) => {
    const r = rankedTop + 2 + i;
    cells.push(
      { address: `A${r}`, value: i + 1, role: "calc" },
      calc(`B${r}`, `=INDEX($A$${first}:$A$${last},${match(r)})`),
      calc(`C${r}`, `=INDEX($E$${first}:$E$${last},${match(r)})-${$(O.costPerUser)}`, USD),
      calc(`D${r}`, `=INDEX($F$${first}:$F$${last},${match(r)})-${$(O.costPerUser)}`, USD),
      calc(`E${r}`, `=INDEX($I$${first}:$I$${last},${match(r)})`, USD),
    );
  });
  const rankedFirst = rankedTop + 2;
  const rankedLast = rankedTop + 1 + TORNADO_DRIVERS.length;
  return {
    cells,
    chart: {
      name: CHART_NAMES.tornado,
      kind: "tornado",
      title: "Which assumption matters most: change in cost per user ($ / user / month)",
      seriesRange: `C${rankedTop + 1}:D${rankedLast}`,
      categoryRange: `B${rankedFirst}:B${rankedLast}`,
      valueAxisTitle: "Δ $ / user / month",
      categoryAxisTitle: "",
      topLeft: `A${rankedLast + 2}`,
      bottomRight: `F${rankedLast + 22}`,
    },
  };
}

/** The whole sheet for these inputs. */
export function buildFeatureSheet(inputs: FeatureModelInputs): FeatureSheet {
  const comparison = comparisonCells(inputs.compare);
  const tornado = tornadoCells();
  return {
    cells: [...modelCells(), ...inputCells(inputs), ...comparison.cells, ...tornado.cells],
    styles: [
      { range: `A${BREAKDOWN_FIRST}:A${BREAKDOWN_LAST + 1}`, role: "label" },
      { range: `B${BREAKDOWN_FIRST}:B${BREAKDOWN_LAST + 1}`, numberFormat: "0.00" },
      { range: `C${BREAKDOWN_FIRST}:C${BREAKDOWN_LAST + 1}`, numberFormat: USD_FINE },
      { range: `D${BREAKDOWN_FIRST}:D${BREAKDOWN_LAST + 1}`, numberFormat: PERCENT },
    ],
    columnWidths: { A: 300, B: 170, C: 130, D: 110, E: 110, F: 120, G: 120, I: 150, J: 110, K: 120, L: 100, M: 90, N: 60, O: 80 },
    charts: [perUserChart, ...(comparison.chart ? [comparison.chart] : []), tornado.chart],
  };
}

const FORBIDDEN = /[\\/?*[\]:]/g;

/** A sheet name for the feature that clashes with no existing sheet (Excel: ≤ 31 characters, case-insensitive). */
export function featureSheetName(feature: string, existing: readonly string[]): string {
  const base =
    (feature
      .replace(FORBIDDEN, " ")
      .replace(/^'+|'+$/g, "")
      .replace(/\s+/g, " ")
      .trim() || "Feature") + " cost";
  const taken = (name: string) => existing.some((e) => e.toLocaleLowerCase() === name.toLocaleLowerCase());
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "" : ` (${n})`;
    const name = base.slice(0, 31 - suffix.length).trimEnd() + suffix;
    if (!taken(name)) return name;
  }
}

/** True when column A still holds this form's labels: the sheet can be edited in place. */
export function isFeatureSheet(labelAt: (address: string) => unknown): boolean {
  return Object.entries(LAYOUT_LABELS).every(([address, text]) => labelAt(address) === text);
}

const num = (v: unknown, fallback = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v));

/**
 * The inputs as they stand on a sheet this form wrote (values, and formulas to tell a monthly
 * input from the per-day formula), so the form re-opens on them.
 */
export function readFeatureInputs(
  valueAt: (address: string) => unknown,
  formulaAt: (address: string) => unknown,
  dateSystem: DateSystem = "1900",
): FeatureModelInputs {
  const I = FEATURE_INPUTS;
  const step = (name: (typeof TREE_STEPS)[number]): TreeStepInput => {
    const r = treeRow(name);
    return {
      model: str(valueAt(`C${r}`)),
      inputTokens: num(valueAt(`D${r}`)),
      outputTokens: num(valueAt(`E${r}`)),
      calls: num(valueAt(`F${r}`)),
    };
  };
  const perDay = String(formulaAt(I.perMonth) ?? "").startsWith("=");
  const compare: string[] = [];
  for (let r = COMPARE_TOP + 1; r <= COMPARE_TOP + COMPARE_MAX; r++) {
    const model = str(valueAt(`I${r}`)).trim();
    if (!model) break;
    compare.push(model);
  }
  return {
    feature: str(valueAt(I.feature)),
    model: str(valueAt(I.model)),
    systemPromptTokens: num(valueAt(I.systemPromptTokens)),
    contextTokens: num(valueAt(I.contextTokens)),
    queryTokens: num(valueAt(I.queryTokens)),
    responseTokens: num(valueAt(I.responseTokens)),
    cachedShare: num(valueAt(I.cachedShare)),
    callsPerCacheWrite: num(valueAt(I.callsPerCacheWrite)),
    pricingDate: valueAt(I.pricingDate) === 0 ? "" : parseAsOf(valueAt(I.pricingDate) as Cell, dateSystem),
    usage: perDay
      ? { per: "day", interactions: num(valueAt(I.perDay)), days: num(valueAt(I.days), 30) }
      : { per: "month", interactions: num(valueAt(I.perMonth)) },
    activeUsers: num(valueAt(I.activeUsers)),
    arpu: num(valueAt(I.arpu)),
    safety: step("Safety classifier"),
    embedding: step("Embedding lookup"),
    evaluation: step("Evaluation pass"),
    retryProbability: num(valueAt(`F${treeRow("Retry")}`)),
    compare,
  };
}

/** The range the reader loads: every input, the layout labels and the comparison's models. */
export const FEATURE_READ_RANGE = `A1:I${Math.max(51, COMPARE_TOP + COMPARE_MAX)}`;

/** The form's starting point: the domain's example split (system prompt 4,000 + context 2,000 + query 1,000 in, 1,000 out). */
export const DEFAULT_FEATURE_INPUTS: FeatureModelInputs = {
  feature: "",
  model: "gpt-4o",
  systemPromptTokens: 4000,
  contextTokens: 2000,
  queryTokens: 1000,
  responseTokens: 1000,
  cachedShare: 0,
  callsPerCacheWrite: 0,
  pricingDate: "",
  usage: { per: "month", interactions: 50 },
  activeUsers: 1000,
  arpu: 100,
  safety: { model: "gpt-4o-mini", inputTokens: 500, outputTokens: 10, calls: 0 },
  embedding: { model: "text-embedding-3-small", inputTokens: 1000, outputTokens: 0, calls: 0 },
  evaluation: { model: "gpt-4o-mini", inputTokens: 8000, outputTokens: 50, calls: 0 },
  retryProbability: 0,
  compare: [],
};
