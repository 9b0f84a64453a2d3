// Writes (or refreshes in place) the launch review of the feature on the active sheet
// (src/sheetModel/reviewSpec.ts): two reads (the feature sheet and which tables exist; then the
// feature's rows of AIECON_Actuals and the review sheet already there), then every write in one sync.
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import { ACTUALS_TABLE, freeSheetName } from "../sheetModel/actualsLayout";
import { applyRole } from "./exampleModel";
import { FEATURE_INPUTS, FEATURE_READ_RANGE, isFeatureSheet } from "../sheetModel/featureModelSpec";
import { gridAt } from "../sheetModel/refs";
import { writeCell } from "./exampleModel";
import { COST_BASES } from "../sheetModel/forecastLayout";
import type { Cell } from "../sheetModel/priceTable";
import {
  REVIEW_CELLS,
  REVIEW_CHART,
  REVIEW_LABELS,
  buildReviewSheet,
  featureActuals,
  reviewSheetName,
  type ReviewSheet,
} from "../sheetModel/reviewSpec";
import { USAGE_TABLE } from "../sheetModel/usageLayout";

/* global Excel */

export interface WrittenReview {
  readonly sheet: string;
  readonly months: number;
  /** Calls per action and tokens per call merged (the exports carry no request counts). */
  readonly merged: boolean;
  /** An earlier review of this feature was rewritten in place (its threshold and cost basis kept). */
  readonly refreshed: boolean;
}

const BREACH_FILL = "#F8CBAD";
const BREACH_FONT = "#9C0006";
const COLORS = { cost: "#4472C4", increase: "#C00000", decrease: "#70AD47" };

export async function reviewActiveFeature(): Promise<WrittenReview> {
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const active = workbook.worksheets.getActiveWorksheet().load("name");
    const layout = active.getRange(FEATURE_READ_RANGE).load("values");
    const sheets = workbook.worksheets.load("items/name");
    const actuals = workbook.tables.getItemOrNullObject(ACTUALS_TABLE).load("name");
    const usage = workbook.tables.getItemOrNullObject(USAGE_TABLE).load("name");
    await context.sync();

    const valueAt = gridAt(layout.values);
    if (!isFeatureSheet(valueAt)) throw invalid(messages.reviewNotFeatureSheet());
    const feature = String(valueAt(FEATURE_INPUTS.feature) ?? "").trim();
    if (actuals.isNullObject) throw invalid(messages.reviewNoActuals(feature));
    const header = actuals.getHeaderRowRange().load("values");
    const body = actuals.getDataBodyRange().load("values");
    const names = sheets.items.map((s) => s.name);
    const wanted = reviewSheetName(active.name);
    const existingName = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
    const existing = existingName ? workbook.worksheets.getItem(existingName) : undefined;
    const settings = existing?.getRange("A3:B5").load("values");
    const charts = existing?.charts.load("items/name");
    await context.sync();

    const found = featureActuals(header.values[0] as Cell[], body.values as Cell[][], feature);
    if (found.months.length === 0) throw invalid(messages.reviewNoActuals(feature));
    // Refresh in place only a sheet that is this feature's review; never write over anything else.
    const ours = !!settings && Object.entries(REVIEW_LABELS).every(([a1, text]) => settings.values[Number(a1.slice(1)) - 3][0] === text);
    const kept = ours ? settings!.values : undefined;
    const threshold = typeof kept?.[1][1] === "number" ? kept[1][1] : undefined;
    const basis = typeof kept?.[2][1] === "string" && (COST_BASES as readonly string[]).includes(kept[2][1]) ? kept[2][1] : undefined;
    const spec = buildReviewSheet({
      featureSheet: active.name,
      months: found.months,
      requests: found.requests,
      usage: !usage.isNullObject,
      threshold,
      basis,
    });
    let sheet: Excel.Worksheet;
    let name: string;
    if (ours && existing) {
      sheet = existing;
      name = existingName!;
      sheet.getRange("A:X").clear(); // every column the review writes (A..W)
      for (const chart of charts!.items) if (chart.name === REVIEW_CHART) chart.delete();
    } else {
      name = freeSheetName(names, wanted);
      sheet = workbook.worksheets.add(name);
    }
    queueReview(sheet, spec);
    sheet.activate();
    await context.sync();
    return { sheet: name, months: found.months.length, merged: !found.requests, refreshed: ours };
  });
}

function queueReview(sheet: Excel.Worksheet, spec: ReviewSheet): void {
  for (const [column, width] of Object.entries(spec.columnWidths)) sheet.getRange(`${column}:${column}`).format.columnWidth = width;
  for (const cell of spec.cells) writeCell(sheet, cell);
  sheet.getRange(REVIEW_CELLS.basis).dataValidation.rule = { list: { inCellDropDown: true, source: COST_BASES.join(",") } };
  const first = spec.ratioRange.split(":")[0];
  const rule = sheet.getRange(spec.ratioRange).conditionalFormats.add("Custom");
  rule.custom.rule.formula = `=AND(ISNUMBER(${first}),ABS(${first}-1)>$${REVIEW_CELLS.threshold.replace(/(\d+)/, "$$$1")})`;
  rule.custom.format.fill.color = BREACH_FILL;
  rule.custom.format.font.color = BREACH_FONT;
  applyRole(sheet.getRange(REVIEW_CELLS.why), "note");
  // A waterfall from stacked columns: an invisible base lifts each step to where the last one ended.
  const c = spec.chart;
  const chart = sheet.charts.add("ColumnStacked", sheet.getRange(c.seriesRange), "Columns");
  chart.name = c.name;
  chart.title.text = c.title;
  chart.setPosition(c.topLeft, c.bottomRight);
  const categories = sheet.getRange(c.categoryRange);
  for (let i = 0; i < 4; i++) chart.series.getItemAt(i).setXAxisValues(categories);
  chart.series.getItemAt(0).format.fill.clear();
  chart.series.getItemAt(1).format.fill.setSolidColor(COLORS.cost);
  chart.series.getItemAt(2).format.fill.setSolidColor(COLORS.increase);
  chart.series.getItemAt(3).format.fill.setSolidColor(COLORS.decrease);
}
