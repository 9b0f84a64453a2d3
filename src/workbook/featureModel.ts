// Writes the feature cost model (src/sheetModel/featureModelSpec.ts) into the workbook. A new model
// goes on a new sheet named after the feature, never over an existing one; re-opened on a sheet it
// wrote, the form edits that sheet's inputs (and rewrites its comparison block) in place. Two round
// trips to Excel for the whole write: one to read, one to write.
import { invalid } from "../calc/errors";
import { messages } from "../calc/messages";
import { addChart, applyRole, filled, writeCell } from "./exampleModel";
import {
  CHART_NAMES,
  COMPARE_AREA,
  FEATURE_READ_RANGE,
  buildFeatureSheet,
  comparisonCells,
  featureSheetName,
  inputCells,
  isFeatureSheet,
  readFeatureInputs,
  type FeatureChart,
  type FeatureModelInputs,
} from "../sheetModel/featureModelSpec";
import { priceRuntime } from "../runtime/priceRuntime";
import { gridAt } from "../sheetModel/refs";

export interface WrittenFeatureModel {
  readonly sheet: string;
  /** False when an existing model's inputs were edited in place. */
  readonly created: boolean;
}

export interface OpenFeatureModel {
  readonly sheet: string;
  readonly inputs: FeatureModelInputs;
}

function writeChart(sheet: Excel.Worksheet, spec: FeatureChart): void {
  addChart(sheet, spec).name = spec.name;
}

/** Writes the model: on a new sheet, or (with `sheetName`, a sheet this form wrote) its inputs in place. */
export async function writeFeatureModel(
  context: Excel.RequestContext,
  inputs: FeatureModelInputs,
  sheetName?: string,
): Promise<WrittenFeatureModel> {
  // Batch 1: the sheet names, and the sheet to edit with its charts.
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const target = sheetName ? worksheets.getItem(sheetName) : undefined;
  const layout = target?.getRange(FEATURE_READ_RANGE).load("values");
  const charts = target?.charts.load("items/name");
  await context.sync();

  // Batch 2: every write.
  if (target && layout && charts) {
    if (!isFeatureSheet(gridAt(layout.values))) throw invalid(messages.featureSheetChanged(sheetName!));
    for (const cell of inputCells(inputs)) writeCell(target, cell);
    // The comparison may have more or fewer rows than before: clear its area and chart, write it anew.
    target.getRange(COMPARE_AREA).clear();
    for (const chart of charts.items) if (chart.name === CHART_NAMES.comparison) chart.delete();
    const comparison = comparisonCells(inputs.compare);
    for (const cell of comparison.cells) writeCell(target, cell);
    if (comparison.chart) writeChart(target, comparison.chart);
    target.activate();
    await context.sync();
    return { sheet: sheetName!, created: false };
  }

  const name = featureSheetName(
    inputs.feature,
    worksheets.items.map((s) => s.name),
  );
  const spec = buildFeatureSheet(inputs);
  const sheet = worksheets.add(name);
  for (const [column, width] of Object.entries(spec.columnWidths)) sheet.getRange(`${column}:${column}`).format.columnWidth = width;
  for (const style of spec.styles) {
    const range = sheet.getRange(style.range);
    if (style.numberFormat) range.numberFormat = filled(style.range, style.numberFormat);
    if (style.role) applyRole(range, style.role);
  }
  for (const cell of spec.cells) writeCell(sheet, cell);
  for (const chart of spec.charts) writeChart(sheet, chart);
  sheet.activate();
  await context.sync();
  return { sheet: name, created: true };
}

/** The model on the active sheet, when the active sheet is one this form wrote (one sync). */
export async function readActiveFeatureModel(context: Excel.RequestContext): Promise<OpenFeatureModel | null> {
  const sheet = context.workbook.worksheets.getActiveWorksheet();
  sheet.load("name");
  const range = sheet.getRange(FEATURE_READ_RANGE).load("values, formulas");
  await context.sync();
  const valueAt = gridAt(range.values);
  if (!isFeatureSheet(valueAt)) return null;
  return { sheet: sheet.name, inputs: readFeatureInputs(valueAt, gridAt(range.formulas), priceRuntime.dateSystem) };
}

/** The pane's actions. */
export const saveFeatureModel = (inputs: FeatureModelInputs, sheetName?: string) =>
  Excel.run((context) => writeFeatureModel(context, inputs, sheetName));
export const openActiveFeatureModel = () => Excel.run((context) => readActiveFeatureModel(context));
