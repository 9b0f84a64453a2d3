// Inserts the "Forecast vs Actual" and "Board metrics" sheets from their layouts: features, models
// and months are read from AIECON_Actuals and AIECON_FeatureMap, the sheet gets a free name (nothing
// is ever overwritten), and formulas, formats, input styling, breach highlighting and native charts
// are written in one batch.
import { columnLetters } from "../sheetModel/refs";
import { ACTUALS_TABLE, FEATURE_MAP_TABLE, freeSheetName, readFeatureMap } from "../sheetModel/actualsLayout";
import { CLASSIFICATION_TABLE } from "../sheetModel/classificationLayout";
import {
  BOARD_SHEET,
  COST_BASES,
  FORECAST_SHEET,
  planBoardSheet,
  planForecastSheet,
  rectangular,
  sourcesFrom,
  type SheetPlan,
  type SheetSources,
} from "../sheetModel/forecastLayout";
import type { Cell } from "../sheetModel/priceTable";
import { USAGE_TABLE } from "../sheetModel/usageLayout";

/* global Excel */

/** Input cells are tinted like inputs in a financial model; breaches are flagged in red. */
const INPUT_FILL = "#FFF2CC";
const BREACH_FILL = "#F8CBAD";
const BREACH_FONT = "#9C0006";
async function readSources(context: Excel.RequestContext, today: Date): Promise<SheetSources> {
  const sheets = context.workbook.worksheets.load("items/name");
  const actuals = context.workbook.tables.getItemOrNullObject(ACTUALS_TABLE).load("name");
  const map = context.workbook.tables.getItemOrNullObject(FEATURE_MAP_TABLE).load("name");
  const classification = context.workbook.tables.getItemOrNullObject(CLASSIFICATION_TABLE).load("name");
  const usage = context.workbook.tables.getItemOrNullObject(USAGE_TABLE).load("name");
  await context.sync();
  let header: Excel.Range | undefined;
  let body: Excel.Range | undefined;
  let mapHeader: Excel.Range | undefined;
  let mapBody: Excel.Range | undefined;
  if (!actuals.isNullObject) {
    header = actuals.getHeaderRowRange().load("values");
    body = actuals.getDataBodyRange().load("values");
  }
  if (!map.isNullObject) {
    mapHeader = map.getHeaderRowRange().load("values");
    mapBody = map.getDataBodyRange().load("values");
  }
  const usageHeader = usage.isNullObject ? undefined : usage.getHeaderRowRange().load("values");
  const usageBody = usage.isNullObject ? undefined : usage.getDataBodyRange().load("values");
  if (header || mapHeader || usageHeader) await context.sync();
  const mapFeatures = mapHeader && mapBody ? [...readFeatureMap(mapHeader.values[0] as Cell[], mapBody.values as Cell[][]).values()] : [];
  // Features counted by product analytics belong on the board too, even before their first bill.
  const featureAt = usageHeader ? (usageHeader.values[0] as Cell[]).indexOf("Feature") : -1;
  const counted =
    usageBody && featureAt >= 0 ? (usageBody.values as Cell[][]).map((r) => String(r[featureAt] ?? "").trim()).filter(Boolean) : [];
  const found = sourcesFrom(
    header ? (header.values[0] as Cell[]) : null,
    body ? (body.values as Cell[][]) : [],
    [...mapFeatures, ...counted],
    today,
  );
  return {
    ...found,
    classification: !classification.isNullObject,
    usage: !usage.isNullObject,
    sheetNames: sheets.items.map((s) => s.name),
  };
}

/** Queues the whole sheet: formulas, row formats, inputs, breach rules, the basis drop-down, charts. */
export function queueSheet(context: Excel.RequestContext, plan: SheetPlan): Excel.Worksheet {
  const grid = rectangular(plan.grid);
  const width = grid[0].length;
  const sheet = context.workbook.worksheets.add(plan.name);
  sheet.getRange(`A1:${columnLetters(width)}${grid.length}`).formulas = grid as never;
  const first = columnLetters(plan.firstMonthColumn);
  const lastMonth = columnLetters(plan.firstMonthColumn + plan.monthCount - 1);
  const lastCol = columnLetters(width);
  for (const { row, format } of plan.rowFormats) {
    const cols = width - plan.firstMonthColumn + 1;
    sheet.getRange(`${first}${row + 1}:${lastCol}${row + 1}`).numberFormat = [new Array(cols).fill(format)];
  }
  for (const row of plan.inputRows) sheet.getRange(`${first}${row + 1}:${lastMonth}${row + 1}`).format.fill.color = INPUT_FILL;
  for (const cell of plan.inputCells) sheet.getRange(cell).format.fill.color = INPUT_FILL;
  if (plan.thresholdCell) sheet.getRange(plan.thresholdCell).numberFormat = [["0%"]];
  sheet.getRange(plan.basisCell).dataValidation.rule = { list: { inCellDropDown: true, source: COST_BASES.join(",") } };
  for (const row of plan.breachRows) {
    const range = sheet.getRange(`${first}${row + 1}:${lastCol}${row + 1}`);
    const rule = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
    const top = `${first}${row + 1}`;
    rule.custom.rule.formula = `=AND(ISNUMBER(${top}),ABS(${top})>${plan.thresholdCell!.replace(/([A-Z]+)(\d+)/, "$$$1$$$2")})`;
    rule.custom.format.fill.color = BREACH_FILL;
    rule.custom.format.font.color = BREACH_FONT;
  }
  const header = plan.headerRow + 1;
  sheet.getRange(`A1`).format.font.bold = true;
  sheet.getRange(`A${header}:${lastCol}${header}`).format.font.bold = true;
  sheet.getRange("A:A").format.columnWidth = 140;
  sheet.getRange("B:B").format.columnWidth = 230;
  sheet.freezePanes.freezeRows(header);
  for (const spec of plan.charts) {
    const type = spec.kind === "line" ? Excel.ChartType.lineMarkers : Excel.ChartType.columnClustered;
    const chart = sheet.charts.add(type, sheet.getRange(spec.series[0].values), Excel.ChartSeriesBy.rows);
    chart.title.text = spec.title;
    spec.series.forEach((s, i) => {
      const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
      series.name = s.name;
      if (i > 0) series.setValues(sheet.getRange(s.values));
      series.setXAxisValues(sheet.getRange(spec.categories));
    });
    chart.setPosition(spec.anchor);
    chart.width = spec.width;
    chart.height = spec.height;
  }
  return sheet;
}

export interface InsertedSheet {
  readonly name: string;
  readonly features: number;
  readonly months: number;
}

async function insert(build: (sources: SheetSources) => SheetPlan, today: Date): Promise<InsertedSheet> {
  return Excel.run(async (context) => {
    const sources = await readSources(context, today);
    const plan = build(sources);
    const sheet = queueSheet(context, plan);
    sheet.activate();
    await context.sync();
    return { name: plan.name, features: sources.features.length, months: sources.months.length };
  });
}

export function insertForecastSheet(today = new Date()): Promise<InsertedSheet> {
  return insert((s) => planForecastSheet(s, freeSheetName(s.sheetNames, FORECAST_SHEET)), today);
}

export function insertBoardSheet(today = new Date()): Promise<InsertedSheet> {
  return insert((s) => planBoardSheet(s, freeSheetName(s.sheetNames, BOARD_SHEET)), today);
}
