// The Forecast vs actual and Board metrics sheets recalculated by LibreOffice: actual rows, forecast
// inputs, active users and revenue are typed into an .xlsx with the formulas the add-in writes, and
// every variance and each of the board's three numbers is checked against values computed by hand.
import { execFileSync } from "child_process";
import { existsSync, readFileSync, rmSync } from "fs";
import path from "path";
import ExcelJS from "exceljs";
import { ACTUALS_COLUMNS, ACTUALS_TABLE, monthSerial } from "../../src/sheetModel/actualsLayout";
import { CLASSIFICATION_TABLE } from "../../src/sheetModel/classificationLayout";
import { MEASURES, TOTAL_LABEL, planBoardSheet, planForecastSheet, type SheetPlan } from "../../src/sheetModel/forecastLayout";
import type { Cell } from "../../src/sheetModel/priceTable";
import { landsAs, readBack } from "../support/excelText";
import { tempDir } from "../support/tempDir";
import { USAGE_COLUMNS, USAGE_TABLE } from "../../src/sheetModel/usageLayout";

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const SEP = monthSerial("2025-09");
const OCT = monthSerial("2025-10");

// Month, Provider, Model, Feature, Input, Cached, Output, Requests, Billed $, Priced $, Source, Imported on
const ACTUALS: Cell[][] = [
  [SEP, "OpenAI", "gpt-4o-mini", "Support", 2_000_000, 0, 500_000, 100, 100, 90, "OpenAI usage", 45964],
  [SEP, "Anthropic", "claude-sonnet-4", "Support", 1_000_000, 0, 100_000, "", 50, "", "Anthropic usage", 45964],
  [SEP, "OpenAI", "gpt-4o", "Search", 400_000, 0, 100_000, 50, 30, 25, "OpenAI usage", 45964],
  [SEP, "AWS", "Amazon OpenSearch Service", "Unassigned", 0, 0, 0, "", 20, "", "FOCUS (billing 2025-09)", 45964],
  [OCT, "OpenAI", "gpt-4o-mini", "Support", 3_000_000, 0, 1_000_000, 100, 160, 150, "OpenAI usage", 45964],
  [OCT, "OpenAI", "gpt-4o", "Search", 200_000, 0, 50_000, 10, 20, 18, "OpenAI usage", 45964],
];

/** Puts a plan on a sheet; `inputs` fills the user's cells: [feature, measure, month index, value]. */
function writePlan(ws: ExcelJS.Worksheet, plan: SheetPlan, inputs: Array<[string, string, number, number | string]>) {
  plan.grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (v === "" || v === null) return;
      // As Excel stores what the add-in writes: a formula, or text (its quote prefix is not part of it).
      const landed = landsAs(v);
      ws.getCell(r + 1, c + 1).value =
        landed.kind === "formula" ? { formula: landed.formula.slice(1) } : landed.kind === "text" ? landed.text : (v as number | string);
    }),
  );
  for (const [label, measure, month, value] of inputs) {
    const r = plan.grid.findIndex((row) => readBack(row[0]) === label && row[1] === measure);
    if (r < 0) throw new Error(`no row ${label} / ${measure}`);
    if (!plan.inputRows.includes(r)) throw new Error(`${label} / ${measure} is not an input row`);
    ws.getCell(r + 1, plan.firstMonthColumn + month).value = value;
  }
}

function recalculate(wb: ExcelJS.Workbook, sheets: string[]): Promise<Record<string, string[][]>> {
  const dir = tempDir("forecast");
  return wb.xlsx
    .writeFile(path.join(dir, "in.xlsx"))
    .then(() => {
      execFileSync(
        SOFFICE!,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          "--headless",
          "--convert-to",
          "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
          "--outdir",
          path.join(dir, "out"),
          path.join(dir, "in.xlsx"),
        ],
        { stdio: "ignore", timeout: 120_000 },
      );
      return Object.fromEntries(
        sheets.map((name) => [
          name,
          readFileSync(path.join(dir, "out", `in-${name}.csv`), "utf8")
            .split(/\r?\n/)
            .map((row) => [...row.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1].replace(/^"|"$/g, ""))),
        ]),
      );
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

function workbook(
  rows: Cell[][] = ACTUALS,
  workloads: Array<[string, number]> = [
    ["Support", 1],
    ["Search", 0.5],
  ],
): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const actuals = wb.addWorksheet("AI Actuals");
  actuals.addTable({ name: ACTUALS_TABLE, ref: "A1", headerRow: true, columns: ACTUALS_COLUMNS.map((name) => ({ name })), rows });
  const classification = wb.addWorksheet("AI Classification");
  classification.addTable({
    name: CLASSIFICATION_TABLE,
    ref: "A1",
    headerRow: true,
    columns: [{ name: "Workload" }, { name: "COGS %" }],
    rows: workloads,
  });
  return wb;
}

const reader = (plan: SheetPlan, csv: string[][]) => (label: string, measure: string, month: number) => {
  const r = plan.grid.findIndex((row) => readBack(row[0]) === label && row[1] === measure);
  if (r < 0) throw new Error(`no row ${label} / ${measure}`);
  const text = csv[r][plan.firstMonthColumn - 1 + month];
  return text === "" ? "" : Number(text);
};

const run = SOFFICE ? it : it.skip;
const note = SOFFICE ? "" : " (LibreOffice not installed)";

run(`Forecast vs actual: actuals by SUMIFS, variance in $ and %, totals with Unassigned${note}`, async () => {
  const plan = planForecastSheet({ features: ["Support", "Search"], models: ["gpt-4o-mini"], months: ["2025-09", "2025-10"] });
  const wb = workbook();
  const ws = wb.addWorksheet("Forecast");
  const f = MEASURES.forecastCost;
  writePlan(ws, plan, [
    ["Support", f, 0, 140],
    ["Support", f, 1, 150],
    ["Search", f, 0, 30],
    ["Search", f, 1, 40],
    ["gpt-4o-mini", f, 0, 80],
  ]);
  const { Forecast: csv } = await recalculate(wb, ["Forecast"]);
  const at = reader(plan, csv);
  const a = MEASURES.actualCost;
  const v = MEASURES.varianceUsd;
  const p = MEASURES.variancePct;
  expect([at("Support", a, 0), at("Support", a, 1)]).toEqual([150, 160]);
  expect([at("Support", v, 0), at("Support", v, 1)]).toEqual([10, 10]);
  expect(at("Support", p, 0)).toBeCloseTo(10 / 140, 12);
  expect(at("Search", p, 1)).toBeCloseTo(-0.5, 12);
  // Total column: Support 290 forecast, 310 actual.
  expect(at("Support", v, 2)).toBe(20);
  expect(at("Support", p, 2)).toBeCloseTo(20 / 290, 12);
  // Company: Unassigned's $20 is in the actual, so September is 200 against 170.
  expect(at(TOTAL_LABEL, f, 0)).toBe(170);
  expect(at(TOTAL_LABEL, a, 0)).toBe(200);
  expect(at(TOTAL_LABEL, p, 0)).toBeCloseTo(30 / 170, 12);
  expect(at(TOTAL_LABEL, p, 1)).toBeCloseTo(180 / 190 - 1, 12);
  // By model.
  expect(at("gpt-4o-mini", a, 0)).toBe(100);
  expect(at("gpt-4o-mini", p, 0)).toBeCloseTo(0.25, 12);
  // No forecast: no percentage (not a division by zero).
  expect(at("gpt-4o-mini", p, 1)).toBe("");
});

run(`Forecast vs actual follows the cost-basis cell to list prices${note}`, async () => {
  const plan = planForecastSheet({ features: ["Support"], models: [], months: ["2025-09", "2025-10"] });
  const wb = workbook();
  const ws = wb.addWorksheet("Forecast");
  writePlan(ws, plan, []);
  ws.getCell(plan.basisCell).value = "Priced $";
  const { Forecast: csv } = await recalculate(wb, ["Forecast"]);
  const at = reader(plan, csv);
  expect([at("Support", MEASURES.actualCost, 0), at("Support", MEASURES.actualCost, 1)]).toEqual([90, 150]);
});

run(`Board metrics: tokens and cost per active user, margin per workflow, AI COGS and gross-margin change${note}`, async () => {
  const plan = planBoardSheet({ features: ["Support", "Search"], months: ["2025-09", "2025-10"], classification: true });
  const wb = workbook();
  const ws = wb.addWorksheet("Board");
  const u = MEASURES.activeUsers;
  const rev = MEASURES.revenue;
  writePlan(ws, plan, [
    ["Support", u, 0, 1000],
    ["Support", u, 1, 1250],
    ["Support", rev, 0, 5000],
    ["Support", rev, 1, 6000],
    ["Search", u, 0, 400],
    ["Search", rev, 0, 2000],
    [TOTAL_LABEL, u, 0, 1200],
  ]);
  const { Board: csv } = await recalculate(wb, ["Board"]);
  const at = reader(plan, csv);
  const tpu = MEASURES.tokensPerUser;
  const cpu = MEASURES.costPerUser;
  const m = MEASURES.margin;
  expect(at("Support", MEASURES.tokens, 0)).toBe(3_600_000);
  expect(at("Support", tpu, 0)).toBeCloseTo(3600, 9);
  expect(at("Support", cpu, 0)).toBeCloseTo(0.15, 12);
  expect(at("Support", m, 0)).toBeCloseTo(0.97, 12);
  expect(at("Support", tpu, 1)).toBeCloseTo(3200, 9);
  expect(at("Support", cpu, 1)).toBeCloseTo(0.128, 12);
  expect(at("Support", m, 1)).toBeCloseTo((6000 - 160) / 6000, 12);
  expect(at("Search", tpu, 0)).toBeCloseTo(1250, 9);
  expect(at("Search", cpu, 0)).toBeCloseTo(0.075, 12);
  expect(at("Search", m, 0)).toBeCloseTo(0.985, 12);
  // No users or revenue typed for Search in October: blank, not #DIV/0!.
  expect([at("Search", tpu, 1), at("Search", m, 1)]).toEqual(["", ""]);
  // COGS from each feature's classification share.
  expect(at("Support", MEASURES.aiCogs, 0)).toBeCloseTo(150, 9);
  expect(at("Support", MEASURES.grossMarginChange, 0)).toBeCloseTo(-0.03, 12);
  expect(at("Search", MEASURES.aiCogs, 0)).toBeCloseTo(15, 9);
  expect(at("Search", MEASURES.grossMarginChange, 0)).toBeCloseTo(-0.0075, 12);
  // Company: its own active-user count; cost and tokens include Unassigned.
  expect(at(TOTAL_LABEL, MEASURES.aiCost, 0)).toBe(200);
  expect(at(TOTAL_LABEL, tpu, 0)).toBeCloseTo(4_100_000 / 1200, 9);
  expect(at(TOTAL_LABEL, cpu, 0)).toBeCloseTo(200 / 1200, 12);
  expect(at(TOTAL_LABEL, rev, 0)).toBe(7000);
  expect(at(TOTAL_LABEL, m, 0)).toBeCloseTo(6800 / 7000, 12);
  expect(at(TOTAL_LABEL, MEASURES.aiCogs, 0)).toBeCloseTo(165, 9);
  expect(at(TOTAL_LABEL, MEASURES.grossMarginChange, 0)).toBeCloseTo(-165 / 7000, 12);
});

// Names are data: a feature named "*" is no wildcard, ">0" no comparison, "=HYPERLINK(…)" no formula.
const HOSTILE_FEATURES = ["*", "a?", "~x", ">0", '=HYPERLINK("http://evil","x")', "Support"];

run(`Feature and model names with wildcards, operators or a formula start match only themselves${note}`, async () => {
  const rows: Cell[][] = HOSTILE_FEATURES.map((feature, i) => [
    SEP,
    "OpenAI",
    feature,
    feature,
    1000 * (i + 1),
    0,
    100,
    1,
    10 ** i,
    "",
    "CSV",
    45964,
  ]);
  rows.push([SEP, "OpenAI", "ab", "ab", 1, 0, 1, 1, 1_000_000, "", "CSV", 45964]); // "a?" as a wildcard would match it
  rows.push([SEP, "OpenAI", "x", "x", 1, 0, 1, 1, 2_000_000, "", "CSV", 45964]); // "~x" unescaped matches "x"
  const forecast = planForecastSheet({ features: HOSTILE_FEATURES, models: HOSTILE_FEATURES, months: ["2025-09"] });
  const board = planBoardSheet({ features: HOSTILE_FEATURES, months: ["2025-09"], classification: true });
  for (const plan of [forecast, board]) {
    for (const row of plan.grid) expect(["text", "blank"]).toContain(landsAs(row[0] ?? "").kind);
  }
  // Chart series are named after features: none starts as a formula, and each reads as its feature.
  const names = board.charts.flatMap((c) => c.series.map((s) => s.name));
  expect(names.filter((n) => /^[=+\-@]/.test(n))).toEqual([]);
  expect(new Set(names.map((n) => n.replace(/^\u2060/, "")))).toEqual(new Set([...HOSTILE_FEATURES, TOTAL_LABEL]));
  const wb = workbook(rows, [
    ["Support", 1],
    ["*", 0.5],
  ]);
  writePlan(wb.addWorksheet("Forecast"), forecast, []);
  writePlan(
    wb.addWorksheet("Board"),
    board,
    HOSTILE_FEATURES.map((f) => [f, MEASURES.revenue, 0, 1000] as [string, string, number, number]),
  );
  const { Forecast, Board } = await recalculate(wb, ["Forecast", "Board"]);
  const at = reader(forecast, Forecast);
  const atBoard = reader(board, Board);
  HOSTILE_FEATURES.forEach((feature, i) => {
    expect(at(feature, MEASURES.actualCost, 0)).toBe(10 ** i);
    expect(atBoard(feature, MEASURES.aiCost, 0)).toBe(10 ** i);
    expect(atBoard(feature, MEASURES.tokens, 0)).toBe(1000 * (i + 1) + 100);
  });
  // The model block reads the Model column the same way.
  const modelRows = forecast.grid
    .map((row, r) => ({ row, r }))
    .filter(
      ({ row, r }) => readBack(row[0]) === "*" && row[1] === MEASURES.actualCost && r > forecast.grid.findIndex((x) => x[0] === "Model"),
    );
  expect(Number(Forecast[modelRows[0].r][forecast.firstMonthColumn - 1])).toBe(1);
  // COGS share by workload name: "*" finds its own row (0.5), "a?" none (blank), never Support's.
  expect(atBoard("*", MEASURES.aiCogs, 0)).toBeCloseTo(0.5, 12);
  expect(atBoard("a?", MEASURES.aiCogs, 0)).toBe("");
  expect(atBoard("Support", MEASURES.aiCogs, 0)).toBeCloseTo(100_000, 6);
});

run(`Board metrics read each feature's active users from AIECON_Usage, a wildcard in a name matching only itself${note}`, async () => {
  const plan = planBoardSheet({ features: ["Support", "S*"], months: ["2025-09", "2025-10"], classification: false, usage: true });
  const wb = workbook();
  const usage = wb.addWorksheet("AI Usage");
  usage.addTable({
    name: USAGE_TABLE,
    ref: "A1",
    headerRow: true,
    columns: USAGE_COLUMNS.map((name) => ({ name })),
    rows: [
      [SEP, "Support", 1000, 9000],
      [OCT, "Support", 1250, 11000],
      [SEP, "S*", 7, 70],
    ],
  });
  const ws = wb.addWorksheet("Board");
  writePlan(ws, plan, []);
  const { Board: csv } = await recalculate(wb, ["Board"]);
  const at = reader(plan, csv);
  const u = MEASURES.activeUsers;
  expect([at("Support", u, 0), at("Support", u, 1), at("S*", u, 0), at("S*", u, 1)]).toEqual([1000, 1250, 7, 0]);
  expect(at("Support", MEASURES.tokensPerUser, 0)).toBeCloseTo(3600, 9);
  expect(at("Support", MEASURES.costPerUser, 1)).toBeCloseTo(160 / 1250, 12);
  // The company's own count stays an input.
  expect(at(TOTAL_LABEL, u, 0)).toBe("");
  expect(plan.inputRows).toContain(plan.grid.findIndex((r) => r[0] === "Support" && r[1] === u));
});
