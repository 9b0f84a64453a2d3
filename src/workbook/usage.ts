// The usage import through the Excel JavaScript API: AIECON_Usage is read and written in two syncs
// whatever its size (one to read the table as it is now, one to write), the same way as AIECON_Actuals.
import type { UsageImport } from "../calc/actuals/usage";
import { addTableSheet, queueBodyReplacement } from "./actuals";
import { freeSheetName } from "./actualsLayout";
import type { Cell } from "./priceTable";
import { planUsage, USAGE_COLUMNS, USAGE_FORMATS, USAGE_SHEET, USAGE_TABLE } from "./usageLayout";

/* global Excel */

export interface UsageWriteSummary {
  readonly added: number;
  readonly removed: number;
  readonly sheet: string;
}

/** Writes an import into AIECON_Usage (created on its own sheet when missing); nothing is written when it fails. */
export async function writeUsage(imported: UsageImport): Promise<UsageWriteSummary> {
  return Excel.run(async (context) => {
    const workbook = context.workbook;
    const sheets = workbook.worksheets.load("items/name");
    const existing = workbook.tables.getItemOrNullObject(USAGE_TABLE);
    const header = existing.getHeaderRowRange().load("values");
    const body = existing.getDataBodyRange().load("formulasR1C1,values");
    // On a missing table these are null objects too: loading them costs nothing and keeps this to one read.
    const home = existing.worksheet.load("name");
    await context.sync();
    if (!existing.isNullObject) {
      const formulas = body.formulasR1C1 as Cell[][];
      const values = body.values as Cell[][];
      const empty = formulas.length === 1 && formulas[0].every((c) => c === "" || c === null);
      const plan = planUsage(header.values[0] as Cell[], empty ? [] : formulas, empty ? [] : values, imported);
      queueBodyReplacement(existing, body, formulas.length, plan, (header.values[0] as Cell[]).length);
      await context.sync();
      return { added: plan.added, removed: plan.removed, sheet: home.name };
    }
    const plan = planUsage(USAGE_COLUMNS, [], [], imported);
    const sheet = freeSheetName(sheets.items.map((s) => s.name), USAGE_SHEET);
    addTableSheet(context, sheet, USAGE_TABLE, USAGE_COLUMNS, plan.body, USAGE_COLUMNS.map((c) => USAGE_FORMATS[c]));
    await context.sync();
    return { added: plan.added, removed: 0, sheet };
  });
}
