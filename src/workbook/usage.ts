// The usage import through the Excel JavaScript API, the same way as AIECON_Actuals: what the import
// needs is read first (does AIECON_Usage exist, the remembered column mapping), then the table is
// written in two syncs whatever its size (one to read the table as it is now, one to write).
import type { UsageImport, UsageMapping } from "../calc/actuals/usage";
import { addTableSheet, queueBodyReplacement } from "./actuals";
import { freeSheetName } from "../sheetModel/actualsLayout";
import type { Cell } from "../sheetModel/priceTable";
import { planUsage, USAGE_COLUMNS, USAGE_FORMATS, USAGE_SHEET, USAGE_TABLE } from "../sheetModel/usageLayout";

/* global Excel */

export const USAGE_MAPPING_SETTING = "AIECON.usageCsvMapping";

export interface UsageSetup {
  readonly usageExists: boolean;
  /** The usage CSV's column mapping remembered in this workbook, if any. */
  readonly mapping?: UsageMapping;
}

export interface UsageWriteSummary {
  readonly added: number;
  readonly removed: number;
  readonly sheet: string;
}

export async function readUsageSetup(): Promise<UsageSetup> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(USAGE_TABLE).load("name");
    const setting = context.workbook.settings.getItemOrNullObject(USAGE_MAPPING_SETTING).load("value");
    await context.sync();
    let mapping: UsageMapping | undefined;
    if (!setting.isNullObject) {
      try {
        const value = typeof setting.value === "string" ? JSON.parse(setting.value) : setting.value;
        if (value && typeof value.month === "string" && typeof value.feature === "string") mapping = value as UsageMapping;
      } catch {
        mapping = undefined; // a damaged setting is as good as none: the user maps again
      }
    }
    return { usageExists: !table.isNullObject, mapping };
  });
}

export async function saveUsageMapping(mapping: UsageMapping): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(USAGE_MAPPING_SETTING, JSON.stringify(mapping));
    await context.sync();
  });
}

/**
 * Writes an import into AIECON_Usage (created on its own sheet when missing), replacing exactly the
 * month × feature rows it covers. Nothing is written when it fails (a table deleted since the setup
 * was read fails at the first sync with ItemNotFound; renamed columns are refused before any write).
 */
export async function writeUsage(imported: UsageImport, setup: UsageSetup): Promise<UsageWriteSummary> {
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets.load("items/name");
    if (setup.usageExists) {
      const table = workbook.tables.getItem(USAGE_TABLE);
      const header = table.getHeaderRowRange().load("values");
      const body = table.getDataBodyRange().load("formulasR1C1,values");
      const home = table.worksheet.load("name");
      await context.sync();
      const formulas = body.formulasR1C1 as Cell[][];
      const values = body.values as Cell[][];
      // A table Excel shows empty still has one blank data row.
      const empty = formulas.length === 1 && formulas[0].every((c) => c === "" || c === null);
      const plan = planUsage(header.values[0] as Cell[], empty ? [] : formulas, empty ? [] : values, imported);
      queueBodyReplacement(table, body, formulas.length, plan, (header.values[0] as Cell[]).length);
      await context.sync();
      return { added: plan.added, removed: plan.removed, sheet: home.name };
    }
    await context.sync();
    const plan = planUsage(USAGE_COLUMNS, [], [], imported);
    const sheet = freeSheetName(
      sheets.items.map((s) => s.name),
      USAGE_SHEET,
    );
    addTableSheet(
      context,
      sheet,
      USAGE_TABLE,
      USAGE_COLUMNS,
      plan.body,
      USAGE_COLUMNS.map((c) => USAGE_FORMATS[c]),
    );
    await context.sync();
    return { added: plan.added, removed: 0, sheet };
  });
}
