// What "Restore live functions" does, decided once for both hosts: the refusal of anything
// AIECON_Originals holds that the conversion could not have written (checked before anything
// changes), the formulas to put back and the blocks to clear for them, the calculation settings
// to give back, and whether what the conversion added to AIECON_Prices can go.
import { cellAddress, parseA1, type A1Range } from "../../sheetModel/refs";
import {
  ORIGINALS_SHEET,
  clearedBlock,
  entriesFromRows,
  fingerprint,
  recordFromRows,
  restoreRefusal,
  type PricesAdded,
  type XmlAttributes,
} from "../originals";
import { PRICE_TABLE_NAME } from "../priceTable";
import type { ShareBook } from "./book";
import type { RestoreReport } from "./report";

export type PricesRemoval =
  | { readonly kind: "deleteSheet"; readonly sheet: string }
  /** The rows the conversion appended, and the table's range once they are gone. */
  | { readonly kind: "deleteRows"; readonly sheet: string; readonly rows: A1Range; readonly tableAfter: A1Range };

export interface RestorePlan {
  readonly report: RestoreReport;
  /** Blocks of values written in place of a spill or an array, cleared so the formula can spill again. */
  readonly clears: readonly { readonly sheet: string; readonly range: A1Range }[];
  /** The formulas to put back; a note the conversion wrote on the cell goes (a user's own note stays). */
  readonly formulas: readonly { readonly sheet: string; readonly cell: string; readonly formula: string }[];
  /** The calculation settings before the conversion (null: Excel's defaults); absent when none were recorded. */
  readonly calcPr?: XmlAttributes | null;
  readonly prices?: PricesRemoval;
}

export type RestoreOutcome = { readonly refused: string } | { readonly refused?: undefined; readonly plan: RestorePlan };

/** Plans the restore; nothing to restore when the workbook has no AIECON_Originals. */
export function planRestore(book: ShareBook): RestoreOutcome {
  const kept = book.originals();
  if (!kept) return { plan: { report: { restored: 0 }, clears: [], formulas: [] } };
  const entries = entriesFromRows(kept.rows);
  const record = recordFromRows(kept.record);
  const sheets = new Set(book.sheetNames);
  const refused = restoreRefusal(
    entries,
    (name) => sheets.has(name),
    (sheet, block) => ({ values: book.read(sheet, block) ?? [], formulaAt: formulaInside(book, sheet, block) }),
  );
  if (refused) return { refused };
  const clears: { sheet: string; range: A1Range }[] = [];
  for (const e of entries) {
    const block = clearedBlock(e);
    if (block) clears.push({ sheet: e.sheet, range: block });
  }
  const removal = record.prices ? pricesRemoval(book, record.prices) : undefined;
  return {
    plan: {
      report: { restored: entries.length, ...(removal && "kept" in removal ? { pricesKept: removal.kept } : {}) },
      clears,
      formulas: entries.map((e) => ({ sheet: e.sheet, cell: e.cell, formula: e.formula })),
      ...("calcPr" in record ? { calcPr: record.calcPr } : {}),
      ...(removal && !("kept" in removal) ? { prices: removal } : {}),
    },
  };
}

function formulaInside(book: ShareBook, sheet: string, r: A1Range): string | undefined {
  for (let row = r.top; row <= r.bottom; row++)
    for (let col = r.left; col <= r.right; col++)
      if ((row !== r.top || col !== r.left) && book.formulaAt(sheet, row, col) !== undefined) return cellAddress(row, col);
  return undefined;
}

const sameRange = (a: A1Range, b: A1Range | undefined) =>
  !!b && a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;

/**
 * What the conversion added to AIECON_Prices (the sheet it created, or the rows it appended) goes
 * when it is still exactly as the conversion left it: the table at the same place and size, the
 * same values, and on a created sheet nothing else. Otherwise it stays (the user may rely on an
 * edited price) and the line says why.
 */
function pricesRemoval(book: ShareBook, added: PricesAdded): PricesRemoval | { kept: string } {
  const where = `'${added.sheet.replace(/'/g, "''")}'!${added.added}`;
  const kept = (why: string) => ({
    kept: added.createdSheet
      ? `Kept the sheet ${added.sheet} with AIECON_Prices that the conversion added: ${why}.`
      : `Kept the price row(s) the conversion added to AIECON_Prices (${where}): ${why}.`,
  });
  const table = book.table(PRICE_TABLE_NAME);
  if (!table || table.sheet !== added.sheet || table.sheet === ORIGINALS_SHEET)
    return kept("the table is no longer where the conversion put it");
  const tableRef = parseA1(added.tableRef);
  const block = parseA1(added.added);
  if (!tableRef || !block || !sameRange(table.range, tableRef)) return kept("the table was resized since");
  if (fingerprint(book.read(table.sheet, block) ?? []) !== added.fingerprint)
    return kept(added.createdSheet ? "its prices were changed since" : "they were changed since");
  if (added.createdSheet) {
    if (book.holdsOutside(table.sheet, tableRef)) return kept("something else was added to it since");
    return { kind: "deleteSheet", sheet: table.sheet };
  }
  return { kind: "deleteRows", sheet: table.sheet, rows: block, tableAfter: { ...tableRef, bottom: block.top - 1 } };
}
