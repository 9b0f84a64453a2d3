// The "Forecast vs actual" and "Board metrics" sheets as grids of plain Excel formulas (SUMIFS,
// INDEX/MATCH over AIECON_Actuals and AIECON_Classification), so they keep computing without the
// add-in and follow every re-import and every forecast edit. Pure: forecastSheets.ts writes them.
import { equalsCriterionOf, wildcardLiteralOf } from "./formula";
import { columnLetters } from "./refs";
import { ACTUALS_TABLE, locateActualsColumns, monthOfCell, monthSerial } from "./actualsLayout";
import { CLASSIFICATION_TABLE } from "./classificationLayout";
import { asLabel, asText } from "./externalText";
import type { Cell } from "./priceTable";
import { usageActiveUsersFormula } from "./usageLayout";
import { UNASSIGNED, type Month } from "../calc/actuals/types";

export const FORECAST_SHEET = "Forecast vs Actual";
export const BOARD_SHEET = "Board metrics";
export const DEFAULT_THRESHOLD = 0.1;
export const COST_BASES = ["Billed $", "Priced $"] as const;

/** Measures, with their unit in the label as a reviewer expects. One formula pattern per measure. */
export const MEASURES = {
  forecastCost: "Forecast cost ($ / month)",
  actualCost: "Actual cost ($ / month)",
  varianceUsd: "Variance ($)",
  variancePct: "Variance (%)",
  forecastUsers: "Forecast active users (users / month)",
  forecastInteractions: "Forecast interactions (interactions / month)",
  activeUsers: "Active users (users / month)",
  revenue: "Revenue ($ / month)",
  aiCost: "AI cost ($ / month)",
  tokens: "Tokens (tokens / month)",
  tokensPerUser: "Tokens per active user (tokens / user)",
  costPerUser: "Cost per active user ($ / user)",
  margin: "Margin per workflow (% of revenue)",
  aiCogs: "AI COGS ($ / month)",
  grossMarginChange: "Gross-margin change (points of revenue)",
} as const;
export type Measure = keyof typeof MEASURES;

const FORMAT: Record<Measure, string> = {
  forecastCost: "$#,##0.00",
  actualCost: "$#,##0.00",
  varianceUsd: "$#,##0.00;[Red]-$#,##0.00",
  variancePct: "0.0%",
  forecastUsers: "#,##0",
  forecastInteractions: "#,##0",
  activeUsers: "#,##0",
  revenue: "$#,##0.00",
  aiCost: "$#,##0.00",
  tokens: "#,##0",
  tokensPerUser: "#,##0",
  costPerUser: "$#,##0.00",
  margin: "0.0%",
  aiCogs: "$#,##0.00",
  grossMarginChange: "0.0%",
};

const INPUTS: ReadonlySet<Measure> = new Set<Measure>(["forecastCost", "forecastUsers", "forecastInteractions", "activeUsers", "revenue"]);

export const TOTAL_LABEL = "Total (all features)";

export interface ChartSpec {
  readonly title: string;
  readonly kind: "line" | "column";
  /** A1 address of the month header cells. */
  readonly categories: string;
  readonly series: ReadonlyArray<{ name: string; values: string }>;
  /** Top-left cell the chart is placed at, and its size in points. */
  readonly anchor: string;
  readonly width: number;
  readonly height: number;
}

export interface SheetPlan {
  readonly name: string;
  /** Values and formulas from A1; "" is an empty cell. */
  readonly grid: Cell[][];
  /** 0-based rows and the number format of their month (and total) cells. */
  readonly rowFormats: ReadonlyArray<{ row: number; format: string }>;
  /** 0-based rows whose month cells are the user's inputs. */
  readonly inputRows: readonly number[];
  /** Single input cells (threshold, cost basis), A1. */
  readonly inputCells: readonly string[];
  /** Rows whose month cells are flagged when |variance| exceeds the threshold. */
  readonly breachRows: readonly number[];
  readonly thresholdCell?: string;
  readonly basisCell: string;
  readonly headerRow: number;
  readonly firstMonthColumn: number;
  readonly monthCount: number;
  readonly charts: readonly ChartSpec[];
}

const T = ACTUALS_TABLE;
const FIRST_MONTH_COL = 3; // C
const col = (n: number) => columnLetters(n);

/**
 * SUMIFS of an AIECON_Actuals column for the row's feature (or model, or all) and the column's month.
 * The name is read from its label cell, as an exact-match criterion: a feature named "*" or ">0" sums only its own rows.
 */
function sumActuals(column: string, month: string, by?: { column: string; cell: string }): string {
  return `SUMIFS(${T}[${column}],${T}[Month],${month}${by ? `,${T}[${by.column}],${equalsCriterionOf(by.cell)}` : ""})`;
}

/** Billed or list-priced cost, as the cost-basis cell says. */
function actualCost(basis: string, month: string, by?: { column: string; cell: string }): string {
  return `IF(${basis}="Priced $",${sumActuals("Priced $", month, by)},${sumActuals("Billed $", month, by)})`;
}

interface Grid {
  rows: Cell[][];
  formats: Array<{ row: number; format: string }>;
  inputs: number[];
}

function addRow(
  grid: Grid,
  label: string,
  measure: Measure,
  cells: (month: string, c: number) => Cell,
  total?: (r: number) => Cell,
  months = 0,
): number {
  const r = grid.rows.length;
  // Feature and model names come from the actuals and the map: written as text, never as a formula.
  const row: Cell[] = [asText(label), MEASURES[measure]];
  for (let i = 0; i < months; i++) row.push(cells(`${col(FIRST_MONTH_COL + i)}$HEADER`, FIRST_MONTH_COL + i));
  row.push(total ? total(r + 1) : "");
  grid.rows.push(row);
  grid.formats.push({ row: r, format: FORMAT[measure] });
  if (INPUTS.has(measure)) grid.inputs.push(r);
  return r;
}

/** Replaces the header placeholder once the header row is known. */
const fixHeader = (rows: Cell[][], header: number) =>
  rows.map((row) => row.map((c) => (typeof c === "string" ? c.replace(/\$HEADER/g, `$${header + 1}`) : c)));

export interface ForecastInputs {
  readonly features: readonly string[];
  readonly models: readonly string[];
  readonly months: readonly Month[];
}

export function planForecastSheet(input: ForecastInputs, name = FORECAST_SHEET): SheetPlan {
  const n = input.months.length;
  const last = col(FIRST_MONTH_COL + n - 1);
  const totalCol = col(FIRST_MONTH_COL + n);
  const grid: Grid = { rows: [], formats: [], inputs: [] };
  grid.rows.push(["Forecast vs actual: AI cost by feature, model and month"]);
  grid.rows.push(["Variance threshold (± % of forecast)", DEFAULT_THRESHOLD]);
  grid.rows.push(["Actual cost basis (Billed $ or Priced $)", COST_BASES[0]]);
  grid.rows.push(["Forecast rows are yours (numbers or formulas). Actuals are SUMIFS over AIECON_Actuals and follow every re-import."]);
  const headerRow = grid.rows.length;
  grid.rows.push(["Feature", "Measure", ...input.months.map(monthSerial), "Total"]);
  grid.formats.push({ row: headerRow, format: "mmm yyyy" });
  const basis = "$B$3";
  const breach: number[] = [];
  const sumRow = (r: number) => `=SUM(C${r}:${last}${r})`;

  /** forecast, actual, variance $, variance % rows for one feature or model. */
  const costBlock = (label: string, actual: (month: string, labelCell: string) => string) => {
    const f = addRow(grid, label, "forecastCost", () => "", sumRow, n);
    const a = addRow(grid, label, "actualCost", (m) => `=${actual(m, `$A${grid.rows.length + 1}`)}`, sumRow, n);
    addRow(
      grid,
      label,
      "varianceUsd",
      (_m, c) => `=${col(c)}${a + 1}-${col(c)}${f + 1}`,
      () => `=${totalCol}${a + 1}-${totalCol}${f + 1}`,
      n,
    );
    const pct = (c: string) => `=IF(N(${c}${f + 1})=0,"",${c}${a + 1}/${c}${f + 1}-1)`;
    breach.push(
      addRow(
        grid,
        label,
        "variancePct",
        (_m, c) => pct(col(c)),
        () => pct(totalCol),
        n,
      ),
    );
    return { f, a };
  };
  const featureRows: number[] = [];
  for (const feature of input.features) {
    const { f } = costBlock(feature, (m, cell) => actualCost(basis, m, { column: "Feature", cell }));
    featureRows.push(f);
    addRow(grid, feature, "forecastUsers", () => "", undefined, n);
    addRow(grid, feature, "forecastInteractions", () => "", undefined, n);
  }
  // Company total: forecast is the sum of the feature forecasts; actual is every row of the month,
  // Unassigned included, so no cost is lost to a missing feature key.
  const firstBody = headerRow + 2;
  const lastBody = grid.rows.length;
  const totalForecast = addRow(
    grid,
    TOTAL_LABEL,
    "forecastCost",
    (_m, c) => `=SUMIFS(${col(c)}$${firstBody}:${col(c)}$${lastBody},$B$${firstBody}:$B$${lastBody},"${MEASURES.forecastCost}")`,
    sumRow,
    n,
  );
  const totalActual = addRow(grid, TOTAL_LABEL, "actualCost", (m) => `=${actualCost(basis, m)}`, sumRow, n);
  addRow(
    grid,
    TOTAL_LABEL,
    "varianceUsd",
    (_m, c) => `=${col(c)}${totalActual + 1}-${col(c)}${totalForecast + 1}`,
    () => `=${totalCol}${totalActual + 1}-${totalCol}${totalForecast + 1}`,
    n,
  );
  const totalPct = (c: string) => `=IF(N(${c}${totalForecast + 1})=0,"",${c}${totalActual + 1}/${c}${totalForecast + 1}-1)`;
  breach.push(
    addRow(
      grid,
      TOTAL_LABEL,
      "variancePct",
      (_m, c) => totalPct(col(c)),
      () => totalPct(totalCol),
      n,
    ),
  );

  if (input.models.length) {
    grid.rows.push([""]);
    grid.rows.push(["Model", "Measure"]);
    for (const model of input.models) costBlock(model, (m, cell) => actualCost(basis, m, { column: "Model", cell }));
  }
  const categories = `C${headerRow + 1}:${last}${headerRow + 1}`;
  return {
    name,
    grid: fixHeader(grid.rows, headerRow),
    rowFormats: grid.formats,
    inputRows: grid.inputs,
    inputCells: ["B2", "B3"],
    breachRows: breach,
    thresholdCell: "B2",
    basisCell: "B3",
    headerRow,
    firstMonthColumn: FIRST_MONTH_COL,
    monthCount: n,
    charts: [
      {
        title: "AI cost: forecast vs actual ($ per month)",
        kind: "column",
        categories,
        series: [
          { name: "Forecast", values: `C${totalForecast + 1}:${last}${totalForecast + 1}` },
          { name: "Actual", values: `C${totalActual + 1}:${last}${totalActual + 1}` },
        ],
        anchor: `${col(FIRST_MONTH_COL + n + 2)}${headerRow + 1}`,
        width: 480,
        height: 260,
      },
    ],
  };
}

export interface BoardInputs {
  readonly features: readonly string[];
  readonly months: readonly Month[];
  /** AIECON_Classification exists: show AI COGS and the gross-margin change. */
  readonly classification: boolean;
  /** AIECON_Usage exists: each feature's active users are read from it (still input cells: type over them). */
  readonly usage?: boolean;
}

export function planBoardSheet(input: BoardInputs, name = BOARD_SHEET): SheetPlan {
  const n = input.months.length;
  const last = col(FIRST_MONTH_COL + n - 1);
  const grid: Grid = { rows: [], formats: [], inputs: [] };
  grid.rows.push(["The board's three numbers: tokens per active user, cost per active user, margin per workflow"]);
  grid.rows.push(["Actual cost basis (Billed $ or Priced $)", COST_BASES[0]]);
  grid.rows.push([
    input.usage
      ? "Fill the input rows (revenue, the company's active users) per month; features' active users come from AIECON_Usage (type over them to override), AI cost and tokens from AIECON_Actuals."
      : "Fill the input rows (active users, revenue) per feature and month; AI cost and tokens come from AIECON_Actuals.",
  ]);
  const headerRow = grid.rows.length;
  grid.rows.push(["Feature", "Measure", ...input.months.map(monthSerial)]);
  grid.formats.push({ row: headerRow, format: "mmm yyyy" });
  const basis = "$B$2";
  const perMetric: Record<"tokensPerUser" | "costPerUser" | "margin", Array<{ name: string; row: number }>> = {
    tokensPerUser: [],
    costPerUser: [],
    margin: [],
  };
  const block = (
    label: string,
    cost: (m: string, cell: string) => string,
    tokens: (m: string, cell: string) => string,
    revenue: "input" | ((c: string) => string),
    cogs: ((c: string, costRow: number) => string) | null,
    users: ((m: string, cell: string) => string) | null = null,
  ) => {
    const cell = () => `$A${grid.rows.length + 1}`;
    const u = addRow(grid, label, "activeUsers", (m) => (users ? `=${users(m, cell())}` : ""), undefined, n);
    const rev = addRow(grid, label, "revenue", (_m, c) => (revenue === "input" ? "" : `=${revenue(col(c))}`), undefined, n);
    const k = addRow(grid, label, "aiCost", (m) => `=${cost(m, cell())}`, undefined, n);
    const t = addRow(grid, label, "tokens", (m) => `=${tokens(m, cell())}`, undefined, n);
    perMetric.tokensPerUser.push({
      name: label,
      row: addRow(
        grid,
        label,
        "tokensPerUser",
        (_m, c) => `=IF(N(${col(c)}${u + 1})>0,${col(c)}${t + 1}/${col(c)}${u + 1},"")`,
        undefined,
        n,
      ),
    });
    perMetric.costPerUser.push({
      name: label,
      row: addRow(
        grid,
        label,
        "costPerUser",
        (_m, c) => `=IF(N(${col(c)}${u + 1})>0,${col(c)}${k + 1}/${col(c)}${u + 1},"")`,
        undefined,
        n,
      ),
    });
    perMetric.margin.push({
      name: label,
      row: addRow(
        grid,
        label,
        "margin",
        (_m, c) => `=IF(N(${col(c)}${rev + 1})>0,(${col(c)}${rev + 1}-${col(c)}${k + 1})/${col(c)}${rev + 1},"")`,
        undefined,
        n,
      ),
    });
    if (cogs) {
      const g = addRow(grid, label, "aiCogs", (_m, c) => `=${cogs(col(c), k)}`, undefined, n);
      addRow(
        grid,
        label,
        "grossMarginChange",
        (_m, c) => `=IF(AND(N(${col(c)}${rev + 1})>0,ISNUMBER(${col(c)}${g + 1})),-${col(c)}${g + 1}/${col(c)}${rev + 1},"")`,
        undefined,
        n,
      );
    }
  };
  const firstBody = headerRow + 2;
  // A feature's COGS share from the classification table (its Workload named like the feature); blank when not classified.
  const featureCogs = input.classification
    ? (c: string, costRow: number) =>
        `IFERROR(${c}${costRow + 1}*INDEX(${CLASSIFICATION_TABLE}[COGS %],MATCH(${wildcardLiteralOf(`$A${costRow + 1}`)},${CLASSIFICATION_TABLE}[Workload],0)),"")`
    : null;
  for (const feature of input.features) {
    block(
      feature,
      (m, cell) => actualCost(basis, m, { column: "Feature", cell }),
      (m, cell) =>
        `${sumActuals("Input tokens", m, { column: "Feature", cell })}+${sumActuals("Output tokens", m, { column: "Feature", cell })}`,
      "input",
      featureCogs,
      input.usage ? usageActiveUsersFormula : null,
    );
  }
  const lastBody = grid.rows.length;
  const sumMeasure = (c: string, measure: Measure) =>
    `SUMIFS(${c}$${firstBody}:${c}$${lastBody},$B$${firstBody}:$B$${lastBody},"${MEASURES[measure]}")`;
  // Company total: active users are the company's own count (users of several features are one user);
  // revenue and COGS add up the features; cost and tokens take every row, Unassigned included.
  block(
    TOTAL_LABEL,
    (m) => actualCost(basis, m),
    (m) => `${sumActuals("Input tokens", m)}+${sumActuals("Output tokens", m)}`,
    (c) => sumMeasure(c, "revenue"),
    input.classification ? (c) => sumMeasure(c, "aiCogs") : null,
  );
  const categories = `C${headerRow + 1}:${last}${headerRow + 1}`;
  const chartTop = grid.rows.length + 2;
  const chart = (title: string, metric: keyof typeof perMetric, i: number): ChartSpec => ({
    title,
    kind: "line",
    categories,
    series: perMetric[metric].map((s) => ({ name: asLabel(s.name), values: `C${s.row + 1}:${last}${s.row + 1}` })),
    anchor: `${col(1 + i * 6)}${chartTop}`,
    width: 360,
    height: 220,
  });
  return {
    name,
    grid: fixHeader(grid.rows, headerRow),
    rowFormats: grid.formats,
    inputRows: grid.inputs,
    inputCells: ["B2"],
    breachRows: [],
    basisCell: "B2",
    headerRow,
    firstMonthColumn: FIRST_MONTH_COL,
    monthCount: n,
    charts: [
      chart("Tokens per active user", "tokensPerUser", 0),
      chart("Cost per active user ($)", "costPerUser", 1),
      chart("Margin per workflow (% of revenue)", "margin", 2),
    ],
  };
}

/** Rectangular copy of a grid (Excel range writes need every row the same width). */
export function rectangular(grid: readonly Cell[][]): Cell[][] {
  const width = Math.max(...grid.map((r) => r.length));
  return grid.map((r) => [...r, ...new Array<Cell>(width - r.length).fill("")]);
}

/**
 * The months a sheet shows: 12 from the earliest actual month while the actuals span at most 12
 * (the months after them are for the forecast); with a longer history, the 12 months ending with
 * the latest actual, so the newest months are never the ones left out. From `today`'s month with no actuals.
 */
export function monthsToShow(actualMonths: readonly Month[], today: Date, count = 12): Month[] {
  const known = [...actualMonths].filter(Boolean).sort();
  const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}`;
  const index = (month: Month) => {
    const [y, m] = month.split("-").map(Number);
    return y * 12 + m - 1;
  };
  const first = known[0] ?? thisMonth;
  const last = known.at(-1) ?? thisMonth;
  const startIndex = Math.max(index(first), index(last) - count + 1);
  const start = `${Math.floor(startIndex / 12)}-${String((startIndex % 12) + 1).padStart(2, "0")}`;
  const [y, m] = start.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 7);
  });
}

const MAX_MODELS = 15;

export interface SheetSources {
  readonly features: string[];
  readonly models: string[];
  readonly months: Month[];
  readonly classification: boolean;
  /** AIECON_Usage exists: the board reads features' active users from it. */
  readonly usage?: boolean;
  readonly sheetNames: string[];
}

/** Features in the map and in the actuals (Unassigned last), models by billed $, months from the first actual. */
export function sourcesFrom(
  actualsHeader: Cell[] | null,
  actualsBody: Cell[][],
  mapFeatures: Iterable<string>,
  today: Date,
): Omit<SheetSources, "classification" | "sheetNames"> {
  const features = new Set<string>(mapFeatures);
  const models = new Map<string, number>();
  const months: Month[] = [];
  if (actualsHeader) {
    const at = locateActualsColumns(actualsHeader);
    for (const row of actualsBody) {
      const feature = String(row[at.Feature] ?? "").trim();
      if (feature) features.add(feature);
      const model = String(row[at.Model] ?? "").trim();
      const billed = typeof row[at["Billed $"]] === "number" ? (row[at["Billed $"]] as number) : 0;
      if (model) models.set(model, (models.get(model) ?? 0) + billed);
      const month = monthOfCell(row[at.Month]);
      if (month) months.push(month);
    }
  }
  const unassigned = features.delete(UNASSIGNED);
  return {
    features: [...[...features].sort((a, b) => a.localeCompare(b)), ...(unassigned ? [UNASSIGNED] : [])],
    models: [...models.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_MODELS)
      .map(([m]) => m),
    months: monthsToShow(months, today),
  };
}
