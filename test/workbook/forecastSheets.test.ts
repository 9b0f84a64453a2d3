// Inserting the Forecast vs Actual and Board metrics sheets: what is read from the workbook, the
// free sheet name (nothing overwritten), and every write and chart queued, against a recording Excel.
import { ACTUALS_COLUMNS, ACTUALS_TABLE, FEATURE_MAP_TABLE, monthSerial } from "../../src/sheetModel/actualsLayout";
import { CLASSIFICATION_TABLE } from "../../src/sheetModel/classificationLayout";
import { MEASURES, monthsToShow, planBoardSheet, planForecastSheet, rectangular } from "../../src/sheetModel/forecastLayout";
import { insertBoardSheet, insertForecastSheet } from "../../src/workbook/forecastSheets";
import { sourcesFrom } from "../../src/sheetModel/forecastLayout";
import type { Cell } from "../../src/sheetModel/priceTable";

interface Op {
  path: string;
  value?: unknown;
  args?: unknown[];
}

/** Records every property set and method call made under `path`, returning further recorders. */
function recorder(path: string, ops: Op[]): any {
  return new Proxy(function () {}, {
    get: (_t, prop) => (prop === "then" ? undefined : recorder(`${path}.${String(prop)}`, ops)),
    set: (_t, prop, value) => {
      ops.push({ path: `${path}.${String(prop)}`, value });
      return true;
    },
    apply: (_t, _this, args) => {
      ops.push({ path, args });
      return recorder(`${path}(${args.map((a) => (typeof a === "string" ? a : "…")).join(",")})`, ops);
    },
  });
}

interface Tables {
  [name: string]: { header: Cell[]; body: Cell[][] };
}

function install(sheets: string[], tables: Tables) {
  const ops: Op[] = [];
  let syncs = 0;
  const loaded = (v: unknown) => ({ load: () => v });
  const context = {
    workbook: {
      worksheets: {
        load: () => ({ items: sheets.map((name) => ({ name })) }),
        add: (name: string) => {
          ops.push({ path: "add", args: [name] });
          return recorder(`sheet[${name}]`, ops);
        },
      },
      tables: {
        getItemOrNullObject: (name: string) => {
          const t = tables[name];
          return {
            load() {
              return this;
            },
            isNullObject: !t,
            getHeaderRowRange: () => loaded({ values: [t.header] }),
            getDataBodyRange: () => loaded({ values: t.body }),
          };
        },
      },
    },
    sync: async () => {
      syncs += 1;
    },
  };
  (globalThis as any).Excel = {
    run: (body: (c: unknown) => Promise<unknown>) => body(context),
    ConditionalFormatType: { custom: "Custom" },
    ChartType: { lineMarkers: "LineMarkers", columnClustered: "ColumnClustered" },
    ChartSeriesBy: { rows: "Rows" },
  };
  return { ops, syncs: () => syncs };
}

const SEP = monthSerial("2025-09");
const row = (month: number, model: string, feature: string, billed: number): Cell[] => [
  month,
  "OpenAI",
  model,
  feature,
  1,
  0,
  1,
  1,
  billed,
  "",
  "OpenAI usage",
  1,
];
const ACTUALS: Tables = {
  [ACTUALS_TABLE]: {
    header: [...ACTUALS_COLUMNS],
    body: [row(SEP, "gpt-4o", "Support", 5), row(monthSerial("2025-10"), "gpt-4o-mini", "Unassigned", 9), row(SEP, "gpt-4o", "Search", 1)],
  },
  [FEATURE_MAP_TABLE]: {
    header: ["Key", "Feature"],
    body: [
      ["proj_a", "Agent"],
      ["proj_b", ""],
    ],
  },
};

describe("features, models and months for the sheets", () => {
  it("takes features from the map and the actuals (Unassigned last), models by billed $, 12 months from the first actual", () => {
    const t = ACTUALS[ACTUALS_TABLE];
    const sources = sourcesFrom(t.header, t.body, ["Agent"], new Date(2026, 0, 5));
    expect(sources.features).toEqual(["Agent", "Search", "Support", "Unassigned"]);
    expect(sources.models).toEqual(["gpt-4o-mini", "gpt-4o"]);
    expect(sources.months[0]).toBe("2025-09");
    expect(sources.months).toHaveLength(12);
    expect(sources.months[11]).toBe("2026-08");
  });

  it("with more than a year of actuals, shows the 12 months ending with the latest one", () => {
    const history = Array.from(
      { length: 18 },
      (_, i) => `${2024 + Math.floor((i + 6) / 12)}-${String(((i + 6) % 12) + 1).padStart(2, "0")}`,
    );
    expect(history[0]).toBe("2024-07");
    expect(history.at(-1)).toBe("2025-12");
    const months = monthsToShow([...history].reverse(), new Date(2026, 0, 5));
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2025-01");
    expect(months[11]).toBe("2025-12");
    // A year or less: from the first actual, the months after it left for the forecast.
    expect(monthsToShow(["2025-11", "2025-09"], new Date(2026, 0, 5))).toEqual(monthsToShow(["2025-09"], new Date(2026, 0, 5)));
    expect(monthsToShow(["2025-01", "2025-12"], new Date(2026, 0, 5))[0]).toBe("2025-01");
  });

  it("starts at this month when there are no actuals yet", () => {
    expect(sourcesFrom(null, [], [], new Date(2026, 0, 5)).months.slice(0, 2)).toEqual(["2026-01", "2026-02"]);
  });
});

describe("inserting the sheets", () => {
  it("inserts Forecast vs Actual under a free name with the planned formulas, breach rules and a chart, in 3 syncs", async () => {
    const { ops, syncs } = install(["Sheet1", "Forecast vs Actual"], ACTUALS);
    const inserted = await insertForecastSheet(new Date(2026, 0, 5));
    expect(inserted).toEqual({ name: "Forecast vs Actual (2)", features: 4, months: 12 });
    expect(syncs()).toBe(3);
    expect(ops.filter((o) => o.path === "add")).toEqual([{ path: "add", args: ["Forecast vs Actual (2)"] }]);
    // Every write goes to the new sheet.
    expect(ops.every((o) => o.path === "add" || o.path.startsWith("sheet[Forecast vs Actual (2)]"))).toBe(true);
    const t = ACTUALS[ACTUALS_TABLE];
    const plan = planForecastSheet({ ...sourcesFrom(t.header, t.body, ["Agent"], new Date(2026, 0, 5)) }, "Forecast vs Actual (2)");
    const grid = rectangular(plan.grid);
    const formulas = ops.find((o) => o.path.endsWith(".formulas"))!;
    expect(formulas.path).toBe(`sheet[Forecast vs Actual (2)].getRange(A1:O${grid.length}).formulas`);
    expect(formulas.value).toEqual(grid);
    // Variance % rows are flagged beyond the threshold cell.
    const firstPct = plan.breachRows[0] + 1;
    expect(ops).toContainEqual({
      path: `sheet[Forecast vs Actual (2)].getRange(C${firstPct}:O${firstPct}).conditionalFormats.add(Custom).custom.rule.formula`,
      value: `=AND(ISNUMBER(C${firstPct}),ABS(C${firstPct})>$B$2)`,
    });
    expect(ops.filter((o) => o.path.endsWith("charts.add"))).toHaveLength(1);
    expect(ops).toContainEqual({
      path: "sheet[Forecast vs Actual (2)].getRange(B3).dataValidation.rule",
      value: { list: { inCellDropDown: true, source: "Billed $,Priced $" } },
    });
  });

  it("inserts Board metrics with one chart per number, and AI COGS only when AIECON_Classification exists", async () => {
    let { ops } = install(["Sheet1"], ACTUALS);
    await insertBoardSheet(new Date(2026, 0, 5));
    const written = () => ops.find((o) => o.path.endsWith(".formulas"))!.value as Cell[][];
    expect(written().some((r) => r[1] === MEASURES.aiCogs)).toBe(false);
    const charts = ops.filter((o) => o.path.endsWith("title.text")).map((o) => o.value);
    expect(charts).toEqual(["Tokens per active user", "Cost per active user ($)", "Margin per workflow (% of revenue)"]);
    ({ ops } = install(["Sheet1"], { ...ACTUALS, [CLASSIFICATION_TABLE]: { header: ["Workload", "COGS %"], body: [] } }));
    await insertBoardSheet(new Date(2026, 0, 5));
    expect(written().filter((r) => r[1] === MEASURES.aiCogs)).toHaveLength(5);
    const t = ACTUALS[ACTUALS_TABLE];
    expect(written()).toEqual(
      rectangular(planBoardSheet({ ...sourcesFrom(t.header, t.body, ["Agent"], new Date(2026, 0, 5)), classification: true }).grid),
    );
  });
});
