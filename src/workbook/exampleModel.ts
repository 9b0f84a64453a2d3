// Writes the example model (src/sheetModel/exampleModelSpec.ts) into the workbook: two new sheets,
// styled inputs, live formulas and two native charts. Existing sheets are never touched: when a
// name is taken the pair lands on the next free "(n)" suffix. Two round trips to Excel in all.
import {
  buildExampleModel,
  chooseSheetNames,
  EXAMPLE_SHEET_NAMES,
  rangeSize,
  type CellRole,
  type CellSpec,
  type ChartSpec,
  type SheetKey,
} from "../sheetModel/exampleModelSpec";
import { asText } from "../sheetModel/externalText";

export interface InsertedExampleModel {
  readonly sheets: Readonly<Record<SheetKey, string>>;
  /** True when the plain names were taken and a suffix was used. */
  readonly renamed: boolean;
}

// Workbook colours are cell formatting for the file (read by whoever opens it, in any theme), not
// pane UI, so they are fixed: the usual financial-model convention of blue-on-yellow inputs.
const INPUT_FILL = "#FFF2CC";
const INPUT_FONT = "#0000FF";
const SECTION_FILL = "#D9E1F2";
const OUTPUT_FILL = "#E2EFDA";
const NOTE_FONT = "#595959";

/**
 * One cell of a generated sheet: its format, then a formula we built or a value. A value's text
 * (a feature or model name the user typed, a label) lands as text, whatever it starts with.
 */
export function writeCell(sheet: Excel.Worksheet, cell: CellSpec): void {
  const range = sheet.getRange(cell.address);
  if (cell.numberFormat) range.numberFormat = [[cell.numberFormat]];
  if (cell.formula !== undefined) range.formulas = [[cell.formula]];
  else range.values = [[asText(cell.value ?? "")]];
  applyRole(range, cell.role);
}

export function applyRole(range: Excel.Range, role: CellRole): void {
  const { font, fill } = range.format;
  switch (role) {
    case "title":
      font.bold = true;
      font.size = 14;
      break;
    case "note":
      font.italic = true;
      font.color = NOTE_FONT;
      break;
    case "section":
      font.bold = true;
      fill.color = SECTION_FILL;
      break;
    case "header":
      font.bold = true;
      range.format.borders.getItem("EdgeBottom").style = "Continuous";
      break;
    case "input":
      fill.color = INPUT_FILL;
      font.color = INPUT_FONT;
      break;
    case "output":
      font.bold = true;
      fill.color = OUTPUT_FILL;
      break;
    case "label":
    case "calc":
      break;
  }
}

export const filled = <T>(range: string, value: T): T[][] => {
  const { rows, columns } = rangeSize(range);
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => value));
};

/** A chart as the specs describe it; bar charts (horizontal) rank things, columns compare a few values,
 * stacked bars around 0 draw a tornado (each row's low end left, high end right). */
export type ChartLayout = Omit<ChartSpec, "sheet" | "kind"> & { readonly kind: "line" | "column" | "bar" | "tornado" };

const CHART_TYPES = { line: "Line", column: "ColumnClustered", bar: "BarClustered", tornado: "BarStacked" } as const;

export function addChart(sheet: Excel.Worksheet, spec: ChartLayout): Excel.Chart {
  const chart = sheet.charts.add(CHART_TYPES[spec.kind], sheet.getRange(spec.seriesRange), "Columns");
  chart.title.text = spec.title;
  chart.setPosition(spec.topLeft, spec.bottomRight);
  chart.axes.valueAxis.title.text = spec.valueAxisTitle;
  chart.axes.categoryAxis.title.text = spec.categoryAxisTitle;
  // A tornado lists its largest swing first; bar charts draw the first category at the bottom.
  if (spec.kind === "tornado") chart.axes.categoryAxis.reversePlotOrder = true;
  // Month numbers and step names are labels, not a data series.
  const categories = sheet.getRange(spec.categoryRange);
  for (let i = 0; i < rangeSize(spec.seriesRange).columns; i++) chart.series.getItemAt(i).setXAxisValues(categories);
  return chart;
}

/** Builds the model in the given request context: one sync to read sheet names, one to write. */
export async function writeExampleModel(context: Excel.RequestContext): Promise<InsertedExampleModel> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items");
  await context.sync();

  const names = chooseSheetNames(worksheets.items.map((sheet) => sheet.name));
  const model = buildExampleModel(names);
  const added = {} as Record<SheetKey, Excel.Worksheet>;
  for (const spec of model.sheets) {
    const sheet = worksheets.add(spec.name);
    added[spec.key] = sheet;
    for (const [column, width] of Object.entries(spec.columnWidths)) {
      sheet.getRange(`${column}:${column}`).format.columnWidth = width;
    }
    for (const style of spec.styles) {
      const range = sheet.getRange(style.range);
      if (style.numberFormat) range.numberFormat = filled(style.range, style.numberFormat);
      if (style.role) applyRole(range, style.role);
    }
    for (const cell of spec.cells) writeCell(sheet, cell);
  }
  for (const chart of model.charts) addChart(added[chart.sheet], chart);
  added.model.activate();
  await context.sync();
  return { sheets: names, renamed: names.model !== EXAMPLE_SHEET_NAMES.model };
}

/** The pane's "Insert example model" action. */
export function insertExampleModel(): Promise<InsertedExampleModel> {
  return Excel.run((context) => writeExampleModel(context));
}
