// The actuals import through the Excel JavaScript API: read what an import needs (feature map,
// remembered CSV mapping, the current AIECON_Actuals rows), then write the aggregated rows in two
// syncs whatever their number: one to read the table as it is now, one to write.
import type { ActualsImport, CsvMapping } from "../calc/actuals/types";
import { messages } from "../calc/messages";
import { priceRuntime } from "../runtime/priceRuntime";
import { columnLetters } from "../sheetModel/refs";
import {
  ACTUALS_COLUMNS,
  ACTUALS_FORMATS,
  ACTUALS_SHEET,
  ACTUALS_TABLE,
  ActualsTableConflict,
  FEATURE_MAP_COLUMNS,
  FEATURE_MAP_SHEET,
  FEATURE_MAP_TABLE,
  freeSheetName,
  newMapKeys,
  planActuals,
  readFeatureMap,
} from "../sheetModel/actualsLayout";
import { excelDate, parseAddress } from "../sheetModel/classificationLayout";
import { asText } from "../sheetModel/externalText";
import type { Cell } from "../sheetModel/priceTable";

/* global Excel */

export const CSV_MAPPING_SETTING = "AIECON.actualsCsvMapping";

export interface ActualsSetup {
  readonly featureMap: Map<string, string>;
  /** The feature map's body as read, so new keys are appended without duplicates. */
  readonly featureMapBody: Cell[][];
  readonly featureMapExists: boolean;
  readonly actualsExists: boolean;
  readonly csvMapping?: CsvMapping;
}

/** What an import needs from the workbook before the file is parsed. */
export async function readActualsSetup(): Promise<ActualsSetup> {
  return Excel.run(async (context) => {
    const actuals = context.workbook.tables.getItemOrNullObject(ACTUALS_TABLE).load("name");
    const map = context.workbook.tables.getItemOrNullObject(FEATURE_MAP_TABLE).load("name");
    const setting = context.workbook.settings.getItemOrNullObject(CSV_MAPPING_SETTING).load("value");
    await context.sync();
    let featureMap = new Map<string, string>();
    let featureMapBody: Cell[][] = [];
    if (!map.isNullObject) {
      const header = map.getHeaderRowRange().load("values");
      const body = map.getDataBodyRange().load("values");
      await context.sync();
      featureMapBody = body.values as Cell[][];
      featureMap = readFeatureMap(header.values[0] as Cell[], featureMapBody);
    }
    let csvMapping: CsvMapping | undefined;
    if (!setting.isNullObject) {
      try {
        const value = typeof setting.value === "string" ? JSON.parse(setting.value) : setting.value;
        if (value && typeof value.date === "string") csvMapping = value as CsvMapping;
      } catch {
        csvMapping = undefined; // a damaged setting is as good as none: the user maps again
      }
    }
    return { featureMap, featureMapBody, featureMapExists: !map.isNullObject, actualsExists: !actuals.isNullObject, csvMapping };
  });
}

/** Remembers a generic CSV's column mapping in the workbook (it travels with the file). */
export async function saveCsvMapping(mapping: CsvMapping): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(CSV_MAPPING_SETTING, JSON.stringify(mapping));
    await context.sync();
  });
}

/** The USD rate the user keeps in a cell ("Assumptions!B2", or B2 on the active sheet). */
export async function readUsdRate(address: string, currency: string): Promise<number> {
  const trimmed = address.trim().replace(/^=/, "");
  let area;
  try {
    area = parseAddress(trimmed);
  } catch {
    throw new ActualsTableConflict(messages.actualsRate(currency, address));
  }
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const sheet = area.sheet ? sheets.getItem(area.sheet) : sheets.getActiveWorksheet();
    const cell = sheet.getRange(trimmed.slice(trimmed.lastIndexOf("!") + 1)).load("values");
    await context.sync();
    const value = cell.values[0][0];
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
      throw new ActualsTableConflict(messages.actualsRate(currency, value));
    return value;
  });
}

export interface ActualsWriteSummary {
  readonly added: number;
  readonly removed: number;
  readonly unpriced: readonly string[];
  /** Keys added to AIECON_FeatureMap with a blank feature, for the user to fill in. */
  readonly newKeys: readonly string[];
  readonly sheet: string;
}

const lastColumn = (width: number) => columnLetters(width);
/** Both feature-map columns are names: Text, so keys typed later stay text too. */
const FEATURE_MAP_FORMATS = FEATURE_MAP_COLUMNS.map(() => "@");

/**
 * Writes a new sheet holding a table: the body's number formats first (text columns are "@" before
 * anything lands in them), then header + rows in one range write. Text in `rows` is already asText.
 */
export function addTableSheet(
  context: Excel.RequestContext,
  sheetName: string,
  tableName: string,
  header: readonly string[],
  rows: Cell[][],
  formats?: readonly string[],
): void {
  const sheet = context.workbook.worksheets.add(sheetName);
  const body = rows.length ? rows : [header.map(() => "" as Cell)];
  const address = `A1:${lastColumn(header.length)}${body.length + 1}`;
  formats?.forEach((format, i) => {
    const letter = columnLetters(i + 1);
    sheet.getRange(`${letter}2:${letter}${body.length + 1}`).numberFormat = body.map(() => [format]);
  });
  sheet.getRange(address).values = [[...header], ...body] as never;
  const table = sheet.tables.add(address, true);
  table.name = tableName;
  table.getRange().format.autofitColumns();
}

/**
 * Queues a table body's new contents: rows before `plan.firstChanged` are not written, the rest are
 * overwritten (R1C1, so a user's formula in their own column keeps pointing at its own row), rows
 * added or the leftover rows deleted. `existingLength` counts Excel's one blank row of an empty table.
 */
export function queueBodyReplacement(
  table: Excel.Table,
  body: Excel.Range,
  existingLength: number,
  plan: { readonly body: Cell[][]; readonly firstChanged: number },
  width: number,
): void {
  const before = existingLength;
  const after = Math.max(plan.body.length, 1);
  const finalBody = plan.body.length ? plan.body : [new Array<Cell>(width).fill("")];
  const first = Math.min(plan.firstChanged, before);
  const overwrite = Math.min(before, after) - first;
  if (overwrite > 0)
    body.getCell(first, 0).getResizedRange(overwrite - 1, width - 1).formulasR1C1 = finalBody.slice(first, first + overwrite) as never;
  if (after > before) table.rows.add(undefined, finalBody.slice(before) as never);
  if (after < before)
    body
      .getCell(after, 0)
      .getResizedRange(before - after - 1, width - 1)
      .delete(Excel.DeleteShiftDirection.up);
}

/**
 * Replaces exactly the rows of the source × provider × month this import covers and appends the new
 * ones; every other row stays where it is. Unmapped feature keys are added to AIECON_FeatureMap with
 * a blank feature. Two syncs: read, then write.
 */
export async function writeActuals(imported: ActualsImport, setup: ActualsSetup, today = new Date()): Promise<ActualsWriteSummary> {
  const importedOn = excelDate(today);
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets.load("items/name");
    let header: Excel.Range | undefined;
    let body: Excel.Range | undefined;
    let table: Excel.Table | undefined;
    if (setup.actualsExists) {
      // R1C1 so a formula the user added in their own column keeps pointing at its own row when rows move up.
      // Deleted since the setup was read: the sync fails with ItemNotFound and nothing is written.
      table = workbook.tables.getItem(ACTUALS_TABLE);
      header = table.getHeaderRowRange().load("values");
      body = table.getDataBodyRange().load("formulasR1C1, values");
    }
    await context.sync();

    const names = sheets.items.map((s) => s.name);
    const newKeys = newMapKeys(imported, setup.featureMapBody);
    const prices = priceRuntime.prices();
    let summary: Omit<ActualsWriteSummary, "newKeys">;
    if (table && header && body) {
      const existing = body.formulasR1C1 as Cell[][];
      // A table Excel shows empty still has one blank data row.
      const rows = existing.length === 1 && existing[0].every((c) => c === "" || c === null) ? [] : existing;
      const plan = planActuals(header.values[0] as Cell[], rows, imported, prices, importedOn, body.values as Cell[][]);
      queueBodyReplacement(table, body, existing.length, plan, (header.values[0] as Cell[]).length);
      summary = { added: plan.added, removed: plan.removed, unpriced: plan.unpriced, sheet: ACTUALS_SHEET };
    } else {
      const plan = planActuals(ACTUALS_COLUMNS, [], imported, prices, importedOn);
      const sheet = freeSheetName(names, ACTUALS_SHEET);
      addTableSheet(
        context,
        sheet,
        ACTUALS_TABLE,
        ACTUALS_COLUMNS,
        plan.body,
        ACTUALS_COLUMNS.map((c) => ACTUALS_FORMATS[c]),
      );
      names.push(sheet);
      summary = { added: plan.added, removed: 0, unpriced: plan.unpriced, sheet };
    }
    if (newKeys.length) {
      const rows = newKeys.map((key) => [asText(key), ""] as Cell[]);
      if (setup.featureMapExists) workbook.tables.getItem(FEATURE_MAP_TABLE).rows.add(undefined, rows as never);
      else
        addTableSheet(context, freeSheetName(names, FEATURE_MAP_SHEET), FEATURE_MAP_TABLE, FEATURE_MAP_COLUMNS, rows, FEATURE_MAP_FORMATS);
    }
    await context.sync();
    return { ...summary, newKeys };
  });
}

/** Sets features for keys in AIECON_FeatureMap from the pane: existing keys are updated in place, new ones appended. */
export async function saveFeatureMap(entries: ReadonlyArray<{ key: string; feature: string }>): Promise<void> {
  await Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(FEATURE_MAP_TABLE).load("name");
    const sheets = context.workbook.worksheets.load("items/name");
    await context.sync();
    if (table.isNullObject) {
      addTableSheet(
        context,
        freeSheetName(
          sheets.items.map((s) => s.name),
          FEATURE_MAP_SHEET,
        ),
        FEATURE_MAP_TABLE,
        FEATURE_MAP_COLUMNS,
        entries.map((e) => [asText(e.key), asText(e.feature)]),
        FEATURE_MAP_FORMATS,
      );
      await context.sync();
      return;
    }
    const header = table.getHeaderRowRange().load("values");
    const body = table.getDataBodyRange().load("values");
    await context.sync();
    const k = (header.values[0] as Cell[]).indexOf("Key");
    const f = (header.values[0] as Cell[]).indexOf("Feature");
    if (k < 0 || f < 0) throw new ActualsTableConflict(messages.actualsTableColumns(FEATURE_MAP_COLUMNS));
    const rows = body.values as Cell[][];
    const width = rows[0]?.length ?? 2;
    const append: Cell[][] = [];
    for (const { key, feature } of entries) {
      const i = rows.findIndex(
        (r) =>
          String(r[k] ?? "")
            .trim()
            .toLowerCase() === key.trim().toLowerCase(),
      );
      if (i >= 0) body.getCell(i, f).values = [[asText(feature)]];
      else {
        const row = new Array<Cell>(width).fill("");
        row[k] = asText(key);
        row[f] = asText(feature);
        append.push(row);
      }
    }
    if (append.length) table.rows.add(undefined, append as never);
    await context.sync();
  });
}
