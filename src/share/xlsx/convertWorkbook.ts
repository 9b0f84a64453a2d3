// The file adapter of the sharing plan (src/share/plan): the exceljs planning copy of an .xlsx
// workbook read as a ShareBook, and the plan's conversion or restore applied to that copy. What to
// convert, warn about, add to AIECON_Prices and keep in AIECON_Originals is the plan's, shared with
// the pane. exceljs never writes the file: the cells changed here are applied to the original
// package by patchPackage.ts.
import type * as ExcelJS from "exceljs";
import { normaliseModelName, type PriceSource } from "../../calc/prices";
import { layeredPrices } from "../../calc/priceLayers";
import { DEFAULT_PRICE_TABLE } from "../../data/defaultPrices";
import type { CellValue } from "../../calc/values";
import { parseTierTable, TIER_TABLE_NAME } from "../../sheetModel/priceTierTable";
import type { Cell } from "../../sheetModel/priceTable";
import { PRICE_TABLE_COLUMNS, PRICE_TABLE_NAME, rowsFromTable } from "../priceTable";
import { cellAddress, parseA1, type A1Range } from "../../sheetModel/refs";
import {
  ORIGINALS_COLUMNS,
  ORIGINALS_SHEET,
  RECORD_COLUMN,
  entryRow,
  isShareNote,
  recordRows,
  type ConversionRecord,
  type OriginalEntry,
  type XmlAttributes,
} from "../originals";
import type { FormulaCell, ShareBook } from "../plan/book";
import { planConversion, type PriceChange } from "../plan/convert";
import type { RestoreReport, ShareReport } from "../plan/report";
import { planRestore } from "../plan/restore";
import { RefusedInput } from "./refused";

export interface ConvertOptions {
  /** The "as of" moment written into notes; injectable so tests are deterministic. */
  readonly now?: Date;
  /**
   * workbook.xml's calcPr as the file has it (null: none), recorded in AIECON_Originals so a restore
   * gives it back; undefined when the caller cannot read the package (nothing is recorded).
   */
  readonly calcPr?: XmlAttributes | null;
}

/** The one report type of a conversion (src/share/plan/report.ts), under the name the CLI used. */
export type ConvertReport = ShareReport;

type Ws = ExcelJS.Worksheet;

/** What a formula cell shows now: its cached result; plain values as they are. */
function currentValue(cell: ExcelJS.Cell): CellValue {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v !== "object" || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ("formula" in o || "sharedFormula" in o) return toCellValue(o.result);
  if ("richText" in o) return (o.richText as { text: string }[]).map((r) => r.text).join("");
  if ("text" in o) return o.text as string;
  if ("error" in o) return o;
  return null;
}

function toCellValue(result: unknown): CellValue {
  if (result === undefined) return null;
  return result as CellValue;
}

const formulaOf = (cell: ExcelJS.Cell): string | undefined => {
  const v = cell.value as unknown;
  if (!v || typeof v !== "object") return undefined;
  const f = cell.formula;
  return typeof f === "string" && f ? `=${f.replace(/^=/, "")}` : undefined;
};

function findTable(wb: ExcelJS.Workbook, name: string): { ws: Ws; table: { tableRef: string; name: string } } | undefined {
  for (const ws of wb.worksheets) {
    const tables = (ws as unknown as { tables: Record<string, { table?: { tableRef: string; name: string } }> }).tables ?? {};
    for (const t of Object.values(tables)) {
      if (t.table && t.table.name.toLowerCase() === name.toLowerCase()) return { ws, table: t.table };
    }
  }
  return undefined;
}

const findPriceTable = (wb: ExcelJS.Workbook) => findTable(wb, PRICE_TABLE_NAME);

/** A range as a table or an originals row stores it ("A1:F9", "$B$2"). */
export function decodeRange(ref: string): A1Range {
  const r = parseA1(ref);
  if (!r) throw new Error(`aiecon-share cannot read the range ${ref}.`);
  return r;
}

function readBlock(ws: Ws, r: A1Range): CellValue[][] {
  const out: CellValue[][] = [];
  for (let row = r.top; row <= r.bottom; row++) {
    const line: CellValue[] = [];
    for (let col = r.left; col <= r.right; col++) line.push(currentValue(ws.getCell(row, col)));
    out.push(line);
  }
  return out;
}

/**
 * Prices as the add-in would resolve them in this workbook: its AIECON_Prices rows over the defaults,
 * with the long-context tiers of its AIECON_PriceTiers table. A model with a bad tier row is held back
 * with that row's problem, as the add-in does, rather than billed at the bundled tiers.
 */
export function workbookPrices(wb: ExcelJS.Workbook, warnings: string[] = []): PriceSource {
  const found = findPriceTable(wb);
  if (!found) return DEFAULT_PRICE_TABLE;
  const block = readBlock(found.ws, decodeRange(found.table.tableRef));
  const tierTable = findTable(wb, TIER_TABLE_NAME);
  const tierBlock = tierTable ? (readBlock(tierTable.ws, decodeRange(tierTable.table.tableRef)) as Cell[][]) : [];
  const listed = rowsFromTable(block[0], block.slice(1));
  const tiers = tierBlock.length ? parseTierTable(tierBlock[0], tierBlock.slice(1), listed) : { rows: [], problems: [] };
  // A tier row for a model the price table does not list is reported, as the pane shows it, and holds nothing back.
  warnings.push(...tiers.problems.filter((p) => p.unused).map((p) => p.message));
  const problems = tiers.problems.filter((p) => !p.unused);
  const heldBack = new Set(problems.map((p) => normaliseModelName(p.model)));
  const rows = listed.filter((row) => !heldBack.has(normaliseModelName(row.model)));
  return layeredPrices(rows, tiers.rows, {
    rejected: problems.map(({ model, message }) => ({ model, message })),
    defaults: DEFAULT_PRICE_TABLE,
  });
}

/** The exceljs planning copy as the sharing plan reads it (src/share/plan/book.ts). */
export function exceljsBook(wb: ExcelJS.Workbook): ShareBook {
  const sheet = (name: string) => wb.getWorksheet(name);
  return {
    where: "file",
    get sheetNames() {
      return wb.worksheets.map((ws) => ws.name);
    },
    formulaCells(name) {
      const ws = sheet(name);
      const out: FormulaCell[] = [];
      ws?.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          const formula = formulaOf(cell);
          if (formula) out.push({ row: Number(cell.row), col: Number(cell.col), formula, arrayRange: arrayRefOf(cell) });
        }),
      );
      return out;
    },
    read(name, range) {
      const ws = sheet(name);
      return ws ? readBlock(ws, range) : undefined;
    },
    formulaAt(name, row, col) {
      const ws = sheet(name);
      return ws ? formulaOf(ws.getCell(row, col)) : undefined;
    },
    shown(name, row, col) {
      const cell = sheet(name)?.getCell(row, col);
      if (!cell) return undefined;
      // A formula saved without its result shows nothing the conversion could keep.
      if (formulaOf(cell) && (cell.value as { result?: unknown }).result === undefined) return undefined;
      return currentValue(cell);
    },
    spill(name, row, col) {
      const ws = sheet(name);
      const ref = ws ? arrayRefOf(ws.getCell(row, col)) : undefined;
      // Excel saves a dynamic array as an array formula over its spill, the spilled cells as values.
      if (!ws || !ref?.includes(":")) return undefined;
      const range = decodeRange(ref);
      return { range, values: readBlock(ws, range) };
    },
    table(name) {
      const found = findTable(wb, name);
      if (!found) return undefined;
      const range = decodeRange(found.table.tableRef);
      return { sheet: found.ws.name, range, values: readBlock(found.ws, range) };
    },
    holdsOutside(name, table) {
      const ws = sheet(name);
      if (!ws) return false;
      let outside = Object.keys(tablesOfSheet(ws)).length !== 1;
      ws.eachRow({ includeEmpty: false }, (row) =>
        row.eachCell({ includeEmpty: false }, (cell) => {
          const r = Number(cell.row);
          const c = Number(cell.col);
          const inTable = r >= table.top && r <= table.bottom && c >= table.left && c <= table.right;
          if (!inTable && currentValue(cell) !== null) outside = true;
        }),
      );
      return outside;
    },
    originals() {
      const kept = sheet(ORIGINALS_SHEET);
      if (!kept) return undefined;
      const rows: unknown[][] = [];
      const record: unknown[][] = [];
      kept.eachRow({ includeEmpty: true }, (row) => {
        rows.push(ORIGINALS_COLUMNS.map((_, c) => currentValue(row.getCell(c + 1))));
        record.push([RECORD_COLUMN, RECORD_COLUMN + 1].map((c) => currentValue(row.getCell(c))));
      });
      return { rows, record };
    },
    canAddTableColumns: false,
  };
}

const arrayRefOf = (cell: ExcelJS.Cell): string | undefined => {
  const v = cell.value as { ref?: string; shareType?: string } | null;
  return v && typeof v === "object" && v.shareType === "array" ? v.ref : undefined;
};

/** Converts the planning copy in place, as the sharing plan says (src/share/plan/convert.ts). */
export async function convertWorkbook(wb: ExcelJS.Workbook, options: ConvertOptions = {}): Promise<ShareReport> {
  const priceWarnings: string[] = [];
  const prices = workbookPrices(wb, priceWarnings);
  const plan = planConversion(exceljsBook(wb), { prices, now: options.now ?? new Date(), calcPr: options.calcPr });
  for (const w of plan.writes) {
    const ws = wb.getWorksheet(w.sheet)!;
    const cell = ws.getCell(w.row, w.col);
    if (w.kind === "formula") {
      cell.value = { formula: w.formula.slice(1) } as ExcelJS.CellFormulaValue;
      if (w.note) cell.note = w.note;
      continue;
    }
    w.values.forEach((line, r) => line.forEach((v, c) => (ws.getCell(w.row + r, w.col + c).value = v as ExcelJS.CellValue)));
    cell.note = w.note;
  }
  // Cached results and the recalculation on open are the patcher's business (patchPackage.ts): it
  // drops the results of exactly the formulas that depend on converted cells.
  if (plan.prices) applyPriceChange(wb, plan.prices);
  if (plan.originals?.entries.length) keepOriginals(wb, plan.originals.entries, plan.originals.record);
  return priceWarnings.length ? { ...plan.report, warnings: [...priceWarnings, ...plan.report.warnings] } : plan.report;
}

function applyPriceChange(wb: ExcelJS.Workbook, change: PriceChange): void {
  if (change.kind === "create") {
    const ws = wb.addWorksheet(change.sheet);
    ws.addTable({
      name: PRICE_TABLE_NAME,
      ref: "A1",
      headerRow: true,
      style: { theme: "TableStyleLight9", showRowStripes: true },
      columns: (change.cells[0] as string[]).map((c) => ({ name: c })),
      rows: change.cells.slice(1),
    });
    PRICE_TABLE_COLUMNS.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(12, c.length + 2)));
    return;
  }
  // The file path adds no table columns (canAddTableColumns is false), so addFeeColumn never comes here.
  const found = findPriceTable(wb)!;
  const r = change.table;
  change.rows.forEach((cells, i) =>
    cells.forEach((v, k) => {
      if (v !== null) found.ws.getCell(r.bottom + 1 + i, r.left + k).value = v;
    }),
  );
  const ref = `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom + change.rows.length, r.right)}`;
  const table = found.table as { tableRef: string; autoFilterRef?: string };
  table.tableRef = ref;
  if (table.autoFilterRef) table.autoFilterRef = ref;
}

/** Adds the entries to AIECON_Originals, and the conversion record (originals.ts) to a new sheet. */
function keepOriginals(wb: ExcelJS.Workbook, entries: readonly OriginalEntry[], record: ConversionRecord | undefined): void {
  const found = wb.getWorksheet(ORIGINALS_SHEET);
  const ws = found ?? wb.addWorksheet(ORIGINALS_SHEET);
  if (!found) ws.addRow([...ORIGINALS_COLUMNS]);
  for (const e of entries) ws.addRow(entryRow(e));
  if (!found && record) recordRows(record).forEach((pair, i) => pair.forEach((v, k) => (ws.getCell(1 + i, RECORD_COLUMN + k).value = v)));
  ws.state = "veryHidden";
}

/** A restore of a file: the report, and the calcPr to give back (null: remove it; absent: none recorded). */
export type FileRestoreReport = RestoreReport & { readonly calcPr?: XmlAttributes | null };

/** The pane's "Restore live functions" for a file, as the sharing plan says (src/share/plan/restore.ts). */
export function restoreWorkbook(wb: ExcelJS.Workbook): FileRestoreReport {
  const outcome = planRestore(exceljsBook(wb));
  if (outcome.refused !== undefined) throw new RefusedInput(`aiecon-share: ${outcome.refused}`);
  const { plan } = outcome;
  const kept = wb.getWorksheet(ORIGINALS_SHEET);
  if (!kept) return plan.report;
  // Values written in place of a spill (or a legacy array) go, so the formula can spill again.
  for (const { sheet, range } of plan.clears) {
    const ws = wb.getWorksheet(sheet)!;
    for (let row = range.top; row <= range.bottom; row++)
      for (let col = range.left; col <= range.right; col++) ws.getCell(row, col).value = null;
  }
  for (const f of plan.formulas) {
    const cell = wb.getWorksheet(f.sheet)!.getCell(f.cell);
    const note = cell.note;
    cell.value = { formula: f.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
    if (typeof note === "string" && isShareNote(note)) cell.note = undefined as unknown as string;
  }
  wb.removeWorksheet(kept.id);
  if (plan.prices?.kind === "deleteSheet") wb.removeWorksheet(wb.getWorksheet(plan.prices.sheet)!.id);
  else if (plan.prices?.kind === "deleteRows") {
    const { rows, tableAfter } = plan.prices;
    const found = findPriceTable(wb)!;
    for (let row = rows.top; row <= rows.bottom; row++)
      for (let col = rows.left; col <= rows.right; col++) found.ws.getCell(row, col).value = null;
    const ref = `${cellAddress(tableAfter.top, tableAfter.left)}:${cellAddress(tableAfter.bottom, tableAfter.right)}`;
    const table = found.table as { tableRef: string; autoFilterRef?: string };
    table.tableRef = ref;
    if (table.autoFilterRef) table.autoFilterRef = ref;
  }
  return { ...plan.report, ...("calcPr" in plan ? { calcPr: plan.calcPr } : {}) };
}

const tablesOfSheet = (ws: Ws) => (ws as unknown as { tables: Record<string, unknown> }).tables ?? {};
