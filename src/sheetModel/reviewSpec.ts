// The launch review of a feature (domain.md §9) as pure data: for each month with actuals, the four
// drivers of its cost as the feature sheet modelled them beside what was observed (user actions from
// AIECON_Usage; requests, tokens and cost from AIECON_Actuals), their ratio flagged beyond a
// threshold cell, the COSTBRIDGE of each month (one cell per driver, so a board copy computes it as
// LN formulas) and a waterfall of the latest month. Every number is a live formula; no Office here.
import type { Month } from "../calc/actuals/types";
import { BRIDGE_DRIVERS } from "../calc/costBridge";
import { columnLetters, sheetPrefix } from "./refs";
import { ACTUALS_TABLE, locateActualsColumns, monthOfCell, monthSerial } from "./actualsLayout";
import type { Cell } from "./priceTable";
import type { CellSpec } from "./exampleModelSpec";
import { FEATURE_INPUTS, FEATURE_OUTPUTS, treeCallsFormula } from "./featureModelSpec";
import { COST_BASES } from "./forecastLayout";
import { USAGE_TABLE } from "./usageLayout";
import { equalsCriterionOf } from "./formula";

export const DEFAULT_REVIEW_THRESHOLD = 0.25;
/** Default cost basis: usage exports (OpenAI, Anthropic) carry no Billed $, only tokens priced at the table. */
export const DEFAULT_REVIEW_BASIS = COST_BASES[1];
export const REVIEW_CELLS = { feature: "B3", threshold: "B4", basis: "B5", why: "A6" } as const;
/** Column A labels that identify a review sheet (checked before refreshing it in place). */
export const REVIEW_LABELS: Readonly<Record<string, string>> = {
  A3: "Feature (from the feature sheet)",
  A4: "Flag a driver when observed ÷ model is off by more than",
  A5: "Actual cost basis (Billed $ or Priced $)",
};
export const REVIEW_CHART = "AIECON latest month bridge";
export const HEADER_ROW = 9;
const FIRST_ROW = HEADER_ROW + 1;

export interface ReviewInputs {
  /** The sheet the feature form wrote. */
  readonly featureSheet: string;
  /** Months shown, oldest first (the feature's months in AIECON_Actuals). */
  readonly months: readonly Month[];
  /** False when no actual row of the feature has a request count: calls and tokens merge into tokens per action. */
  readonly requests: boolean;
  /** AIECON_Usage exists; otherwise observed user actions are input cells. */
  readonly usage: boolean;
  /** The user's threshold and basis, kept when the review is refreshed. */
  readonly threshold?: number;
  readonly basis?: string;
}

export interface ReviewChart {
  readonly name: string;
  readonly title: string;
  /** Series by columns, header row first: Base (no fill), Cost, Increase, Decrease. */
  readonly seriesRange: string;
  readonly categoryRange: string;
  readonly topLeft: string;
  readonly bottomRight: string;
}

export interface ReviewSheet {
  readonly cells: readonly CellSpec[];
  /** Ratio cells flagged (red) when off by more than the threshold. */
  readonly ratioRange: string;
  readonly chart: ReviewChart;
  readonly columnWidths: Readonly<Record<string, number>>;
}

/** "Support chat cost" → "Support chat cost review", within Excel's 31 characters. */
export function reviewSheetName(featureSheet: string): string {
  return `${featureSheet.slice(0, 31 - " review".length).trimEnd()} review`;
}

const USD = "$#,##0.00";
const COUNT = "#,##0";
const RATIO = '0.00"×"';
const DRIVER_FORMATS = [COUNT, "#,##0.00", "#,##0", "$#,##0.0000"];

/** A cell of the feature sheet, absolute. */
const on = (sheet: string, a1: string) => `${sheetPrefix(sheet)}${a1.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2")}`;

export function buildReviewSheet(input: ReviewInputs): ReviewSheet {
  const F = input.featureSheet;
  const I = FEATURE_INPUTS;
  const O = FEATURE_OUTPUTS;
  const merged = !input.requests;
  const feature = equalsCriterionOf(`$${REVIEW_CELLS.feature.replace(/(\d+)/, "$$$1")}`);
  const sumActuals = (column: string, r: number) =>
    `SUMIFS(${ACTUALS_TABLE}[${column}],${ACTUALS_TABLE}[Month],$A${r},${ACTUALS_TABLE}[Feature],${feature})`;
  const basis = `$${REVIEW_CELLS.basis.replace(/(\d+)/, "$$$1")}`;
  const threshold = `$${REVIEW_CELLS.threshold.replace(/(\d+)/, "$$$1")}`;
  const names = merged
    ? ["User actions (actions / month)", "Calls per action (merged: 1)", "Tokens per action", "$ per 1M tokens"]
    : ["User actions (actions / month)", "Calls per action", "Tokens per call", "$ per 1M tokens"];
  const cells: CellSpec[] = [
    { address: "A1", formula: `=${on(F, I.feature)}&": launch review against actuals"`, role: "title" },
    {
      address: "A2",
      value: `Model values come from the sheet '${F}'; observed values from ${ACTUALS_TABLE} and ${USAGE_TABLE}. Every cell is a live formula: import a month or change an input and it recomputes.`,
      role: "note",
    },
    { address: "A3", value: REVIEW_LABELS.A3, role: "label" },
    { address: REVIEW_CELLS.feature, formula: `=${on(F, I.feature)}`, role: "calc" },
    { address: "A4", value: REVIEW_LABELS.A4, role: "label" },
    { address: REVIEW_CELLS.threshold, value: input.threshold ?? DEFAULT_REVIEW_THRESHOLD, role: "input", numberFormat: "0%" },
    { address: "A5", value: REVIEW_LABELS.A5, role: "label" },
    { address: REVIEW_CELLS.basis, value: input.basis ?? DEFAULT_REVIEW_BASIS, role: "input" },
    {
      address: REVIEW_CELLS.why,
      value: merged
        ? "This feature's exports carry no request counts (Anthropic usage, most FOCUS files), so calls per action and tokens per call cannot be told apart: they are merged into tokens per action, and the bridge's Calls per action effect is 0."
        : input.usage
          ? ""
          : `The workbook has no ${USAGE_TABLE} table yet: type each month's user actions in the tinted cells, or import usage on the Actuals tab and refresh this review.`,
      role: "note",
    },
    { address: `B${HEADER_ROW - 1}`, value: "Model (feature sheet)", role: "section" },
    { address: `F${HEADER_ROW - 1}`, value: "Observed (actuals and usage)", role: "section" },
    { address: `J${HEADER_ROW - 1}`, value: "Observed ÷ model", role: "section" },
    { address: `O${HEADER_ROW - 1}`, value: "Which driver moved: COSTBRIDGE, model → observed ($)", role: "section" },
    { address: `U${HEADER_ROW - 1}`, value: "Observed totals", role: "section" },
  ];
  const header = [
    "Month",
    ...names,
    ...names,
    ...names.map((n) => `${n.replace(/ \(.*\)$/, "")} ratio`),
    "Beyond the threshold",
    ...BRIDGE_DRIVERS.map((d) => `${d.label} ($)`),
    "Total (observed − model $)",
    "",
    "Requests",
    "Tokens (input + output)",
    "Cost $ (cost basis)",
  ];
  header.forEach((h, i) => h && cells.push({ address: `${col(i)}${HEADER_ROW}`, value: h, role: "header" }));

  const expectedCalls = treeCallsFormula(sheetPrefix(F));
  const tokensPerAction = on(F, O.tokensPerInteraction);
  input.months.forEach((month, k) => {
    const r = FIRST_ROW + k;
    const calc = (c: string, formula: string, numberFormat?: string) =>
      cells.push({ address: `${c}${r}`, formula, role: "calc", numberFormat });
    cells.push({ address: `A${r}`, value: monthSerial(month), role: "label", numberFormat: "mmm yyyy" });
    // Model: user actions = active users × interactions per user; cost per action = the whole tree's.
    calc("B", `=${on(F, I.activeUsers)}*${on(F, I.perMonth)}`, COUNT);
    calc("C", merged ? "=1" : `=${expectedCalls}`, DRIVER_FORMATS[1]);
    calc("D", merged ? `=${tokensPerAction}` : `=IF(C${r}>0,${tokensPerAction}/C${r},"")`, COUNT);
    calc("E", `=IF(${tokensPerAction}>0,${on(F, O.treeCost)}/${tokensPerAction}*1000000,"")`, DRIVER_FORMATS[3]);
    // Observed totals, then the drivers from them.
    calc("U", `=${sumActuals("Requests", r)}`, COUNT);
    calc("V", `=${sumActuals("Input tokens", r)}+${sumActuals("Output tokens", r)}`, COUNT);
    calc("W", `=IF(${basis}="Billed $",${sumActuals("Billed $", r)},${sumActuals("Priced $", r)})`, USD);
    if (input.usage) {
      const actions = `SUMIFS(${USAGE_TABLE}[User actions],${USAGE_TABLE}[Month],$A${r},${USAGE_TABLE}[Feature],${feature})`;
      calc("F", `=IF(${actions}>0,${actions},"")`, COUNT);
    } else cells.push({ address: `F${r}`, value: "", role: "input", numberFormat: COUNT });
    calc("G", merged ? `=IF(N(F${r})>0,1,"")` : `=IF(AND(N(F${r})>0,U${r}>0),U${r}/F${r},"")`, DRIVER_FORMATS[1]);
    calc("H", merged ? `=IF(AND(N(F${r})>0,V${r}>0),V${r}/F${r},"")` : `=IF(AND(U${r}>0,V${r}>0),V${r}/U${r},"")`, COUNT);
    calc("I", `=IF(AND(V${r}>0,W${r}>0),W${r}/V${r}*1000000,"")`, DRIVER_FORMATS[3]);
    ["J", "K", "L", "M"].forEach((c, i) => {
      const [model, seen] = [`${col(1 + i)}${r}`, `${col(5 + i)}${r}`];
      calc(c, `=IF(AND(ISNUMBER(${seen}),N(${model})>0),${seen}/${model},"")`, RATIO);
    });
    const flag = (c: string, name: string) => `IF(AND(ISNUMBER(${c}${r}),ABS(N(${c}${r})-1)>${threshold}),"${name}; ","")`;
    calc("N", `=IF(COUNT(J${r}:M${r})=0,"",${["J", "K", "L", "M"].map((c, i) => flag(c, names[i].replace(/ \(.*\)$/, ""))).join("&")})`);
    // The bridge, once the month has all eight drivers (blank before, rather than an error per cell).
    const bridge = (output: string) => `=IF(COUNT($B${r}:$I${r})<8,"",AIECON.COSTBRIDGE($B${r}:$E${r},$F${r}:$I${r},"${output}"))`;
    BRIDGE_DRIVERS.forEach((d, i) => calc(col(14 + i), bridge(d.key), USD));
    calc("S", bridge("total"), USD);
  });

  // The latest month as a waterfall: stacked columns with an invisible base (works in every Excel).
  const last = FIRST_ROW + input.months.length - 1;
  const top = last + 3;
  const steps = ["Model cost", ...BRIDGE_DRIVERS.map((d) => d.label), "Observed cost"];
  cells.push(
    { address: `A${top - 1}`, value: "Latest month, model → observed ($): the waterfall's data", role: "section" },
    ...["Step", "Base", "Cost", "Increase", "Decrease", "Running total"].map((h, i): CellSpec => ({
      address: `${col(i)}${top}`,
      value: h,
      role: "header",
    })),
  );
  const modelCost = `N(B${last})*N(C${last})*N(D${last})/1000000*N(E${last})`;
  steps.forEach((step, i) => {
    const r = top + 1 + i;
    const c = (letter: string, formula: string) => cells.push({ address: `${letter}${r}`, formula, role: "calc", numberFormat: USD });
    cells.push({ address: `A${r}`, value: step, role: "label" });
    if (i === 0 || i === steps.length - 1) {
      c("F", i === 0 ? `=${modelCost}` : `=F${top + 1}+N(S${last})`);
      c("B", "=0");
      c("C", `=F${r}`);
      c("D", "=0");
      c("E", "=0");
      return;
    }
    const effect = `N(${col(13 + i)}${last})`;
    c("F", `=F${r - 1}+${effect}`);
    c("B", `=MIN(F${r - 1},F${r})`);
    c("C", "=0");
    c("D", `=MAX(${effect},0)`);
    c("E", `=MAX(-${effect},0)`);
  });
  const end = top + steps.length;
  return {
    cells,
    ratioRange: `J${FIRST_ROW}:M${last}`,
    chart: {
      name: REVIEW_CHART,
      title: "Latest month: which driver moved ($, model → observed)",
      seriesRange: `B${top}:E${end}`,
      categoryRange: `A${top + 1}:A${end}`,
      topLeft: `H${top - 1}`,
      bottomRight: `N${end + 12}`,
    },
    columnWidths: { A: 150, N: 200, U: 90, V: 130, W: 110 },
  };
}

/** Column letters from a 0-based index (A = 0). */
const col = (index0: number) => columnLetters(index0 + 1);

/** Shown months: the latest 12 with actuals for the feature. */
const MAX_MONTHS = 12;

/** The feature's months and whether any of its rows counts requests, from AIECON_Actuals' header and body. */
export function featureActuals(
  header: readonly Cell[],
  body: readonly (readonly Cell[])[],
  feature: string,
): { months: Month[]; requests: boolean } {
  const at = locateActualsColumns(header);
  const wanted = feature.trim().toLowerCase();
  const months = new Set<Month>();
  let requests = false;
  for (const row of body) {
    if (
      String(row[at.Feature] ?? "")
        .trim()
        .toLowerCase() !== wanted
    )
      continue;
    const month = monthOfCell(row[at.Month]);
    if (month) months.add(month);
    if (typeof row[at.Requests] === "number") requests = true;
  }
  return { months: [...months].sort().slice(-MAX_MONTHS), requests };
}
