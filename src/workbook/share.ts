// Prepare for sharing / Restore live functions / Repair #NAME? cells, in the open workbook.
// The translation itself is src/share (pure); this module only reads and writes cells, in a
// fixed, small number of batches (context.sync) whatever the size of the workbook.
import { messages } from "../calc/messages";
import type { PriceSource } from "../calc/prices";
import type { CellValue } from "../calc/values";
import { priceRuntime } from "../runtime/priceRuntime";
import {
  ORIGINALS_COLUMNS,
  ORIGINALS_SHEET,
  PRICE_SHEET,
  entriesFromRows,
  entryRow,
  isShareNote,
  restoreRefusal,
  type OriginalEntry,
} from "../share/originals";
import { missingPriceRows, PRICE_TABLE_COLUMNS, PRICE_TABLE_NAME, REQUEST_FEE_COLUMN } from "../share/priceTable";
import { cellAddress, parseA1, type A1Range } from "../sheetModel/refs";
import { callsAiecon, canonicalAieconFormula, errorShown, translateFormula } from "../share/translate";
import { asText } from "../sheetModel/externalText";
import { PRICE_COLUMN_ORDER, PRICE_NUMBER_FORMATS, type Cell } from "../sheetModel/priceTable";

export type ShareScope = "workbook" | "selection";

export interface PrepareReport {
  readonly formulas: number;
  readonly values: number;
  readonly priceRowsAdded: number;
  readonly warnings: readonly string[];
}

export interface PrepareOptions {
  readonly now?: Date;
  /** The prices the add-in computes with; the native formulas must find the same ones. */
  readonly prices?: PriceSource;
  /** Called after each step (read, translate, write, notes), for the pane's progress bar. */
  readonly onProgress?: (p: RepairProgress) => void;
}

/** The steps of Prepare for sharing, as the progress bar counts them. */
export const PREPARE_STEPS = 4;

interface SheetSnapshot {
  readonly name: string;
  /** 0-based position of the used range. */
  readonly row: number;
  readonly col: number;
  readonly formulas: unknown[][];
  readonly values: unknown[][];
}

const supports = (version: string): boolean =>
  typeof Office !== "undefined" && Boolean(Office.context?.requirements?.isSetSupported?.("ExcelApi", version));
const notesSupported = () => supports("1.18");

/** One sync: every sheet's used range (formulas and values), so translation reads cells in memory. */
async function snapshot(context: Excel.RequestContext): Promise<Map<string, SheetSnapshot>> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const used = sheets.items.map((ws) => {
    const r = ws.getUsedRangeOrNullObject();
    r.load("formulas,values,rowIndex,columnIndex");
    return { ws, r };
  });
  await context.sync();
  const out = new Map<string, SheetSnapshot>();
  for (const { ws, r } of used) {
    out.set(
      ws.name,
      r.isNullObject
        ? { name: ws.name, row: 0, col: 0, formulas: [], values: [] }
        : { name: ws.name, row: r.rowIndex, col: r.columnIndex, formulas: r.formulas, values: r.values },
    );
  }
  return out;
}

function block(sheet: SheetSnapshot | undefined, range: A1Range): CellValue[][] | undefined {
  if (!sheet) return undefined;
  const out: CellValue[][] = [];
  for (let r = range.top - 1; r < range.bottom; r++) {
    const line: CellValue[] = [];
    for (let c = range.left - 1; c < range.right; c++) {
      const v = sheet.values[r - sheet.row]?.[c - sheet.col];
      line.push(v === undefined || v === "" ? null : (v as CellValue));
    }
    out.push(line);
  }
  return out;
}

const isFormula = (f: unknown): f is string => typeof f === "string" && f.startsWith("=");

interface FormulaWrite {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly formula: string;
  readonly original: string;
  readonly note?: string;
}

interface ValuesWrite {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly original: string;
  readonly functionName: string;
  readonly reason: string;
  values?: CellValue[][];
}

/** Counts what "Prepare for sharing" would change, without writing anything (for the confirmation). */
export async function planSharing(scope: ShareScope): Promise<{ cells: number }> {
  return Excel.run(async (context) => {
    const snap = await snapshot(context);
    const within = await scopeFilter(context, scope);
    let cells = 0;
    for (const s of snap.values()) {
      if (s.name === ORIGINALS_SHEET) continue;
      s.formulas.forEach((line, r) =>
        line.forEach((f, c) => isFormula(f) && within(s.name, s.row + r, s.col + c) && callsAiecon(f) && cells++),
      );
    }
    return { cells };
  });
}

async function scopeFilter(
  context: Excel.RequestContext,
  scope: ShareScope,
): Promise<(sheet: string, row: number, col: number) => boolean> {
  if (scope === "workbook") return () => true;
  const sel = context.workbook.getSelectedRange();
  sel.load("rowIndex,columnIndex,rowCount,columnCount");
  sel.worksheet.load("name");
  await context.sync();
  return (sheet, row, col) =>
    sheet === sel.worksheet.name &&
    row >= sel.rowIndex &&
    row < sel.rowIndex + sel.rowCount &&
    col >= sel.columnIndex &&
    col < sel.columnIndex + sel.columnCount;
}

export async function prepareForSharing(scope: ShareScope, options: PrepareOptions = {}): Promise<PrepareReport> {
  const prices = options.prices ?? priceRuntime.prices();
  const when = (options.now ?? new Date()).toISOString().slice(0, 10);
  const step = (done: number) => options.onProgress?.({ done, total: PREPARE_STEPS });
  return Excel.run(async (context) => {
    step(0);
    const snap = await snapshot(context);
    const within = await scopeFilter(context, scope);
    step(1);
    const warnings: string[] = [];
    const models = new Set<string>();
    const formulaWrites: FormulaWrite[] = [];
    const valueWrites: ValuesWrite[] = [];

    for (const s of snap.values()) {
      if (s.name === ORIGINALS_SHEET) continue;
      const ctx = { prices, readRange: (range: A1Range) => block(range.sheet === undefined ? s : snap.get(range.sheet), range) };
      s.formulas.forEach((line, r) =>
        line.forEach((f, c) => {
          const row = s.row + r;
          const col = s.col + c;
          if (!isFormula(f) || !within(s.name, row, col)) return;
          const t = translateFormula(f, ctx);
          if (t.kind === "none") return;
          if (t.kind === "formula") {
            t.models.forEach((m) => models.add(m));
            formulaWrites.push({ sheet: s.name, row, col, formula: t.formula, original: f, note: t.notes.join("\n") || undefined });
          } else {
            valueWrites.push({ sheet: s.name, row, col, original: f, functionName: t.functionName, reason: t.reason, values: t.values });
          }
        }),
      );
    }
    if (formulaWrites.length === 0 && valueWrites.length === 0) return { formulas: 0, values: 0, priceRowsAdded: 0, warnings };
    step(2);

    // Second read: what each values-only cell spills now, and the price table if there is one.
    // Dynamic arrays (ExcelApi 1.12); older Excel has no spills, so the cell's own value is all there is.
    const spills = valueWrites.map((w) => {
      if (!supports("1.12")) return undefined;
      const spill = context.workbook.worksheets.getItem(w.sheet).getCell(w.row, w.col).getSpillingToRangeOrNullObject();
      spill.load("values,rowIndex,columnIndex,rowCount,columnCount");
      return spill;
    });
    const table = context.workbook.tables.getItemOrNullObject(PRICE_TABLE_NAME);
    table.load("name");
    const originalsSheet = context.workbook.worksheets.getItemOrNullObject(ORIGINALS_SHEET);
    originalsSheet.load("name");
    await context.sync();
    let tableRange: Excel.Range | undefined;
    if (!table.isNullObject) {
      tableRange = table.getRange();
      tableRange.load("values");
      await context.sync();
    }

    const kept: ValuesWrite[] = [];
    valueWrites.forEach((w, i) => {
      const spill = spills[i];
      const own = !spill || spill.isNullObject ? undefined : spill;
      const current = snap.get(w.sheet)!;
      const values =
        w.values ?? (own ? (own.values as CellValue[][]) : [[current.values[w.row - current.row]?.[w.col - current.col] as CellValue]]);
      const shown = w.values ? undefined : values.flat().map(errorShown).find(Boolean);
      if (shown) {
        warnings.push(messages.shareErrorValue(`${w.sheet}!${cellAddress(w.row + 1, w.col + 1)}`, shown));
        return;
      }
      const blocker = findBlocker(current, w.row, w.col, values, own);
      if (blocker) {
        warnings.push(messages.shareSpillBlocked(`${w.sheet}!${cellAddress(w.row + 1, w.col + 1)}`, `${w.sheet}!${blocker}`));
        return;
      }
      w.values = values;
      kept.push(w);
    });

    // The writes, in one batch. A price table from before the fee column gets it first, so the
    // formulas that look fees up find it.
    const tableValues = tableRange && models.size > 0 ? withRequestFeeColumn(table, tableRange.values as unknown[][]) : tableRange?.values;
    const entries: OriginalEntry[] = [];
    const notes: { sheet: string; address: string; text: string }[] = [];
    for (const w of formulaWrites) {
      context.workbook.worksheets.getItem(w.sheet).getCell(w.row, w.col).formulas = [[w.formula]];
      const address = cellAddress(w.row + 1, w.col + 1);
      entries.push({ sheet: w.sheet, cell: address, formula: w.original, arrayRange: "", writtenRange: "", convertedAt: when });
      if (w.note) notes.push({ sheet: w.sheet, address, text: w.note });
    }
    for (const w of kept) {
      const values = w.values!;
      const ws = context.workbook.worksheets.getItem(w.sheet);
      // Cached results replace the formula: a text result (a step or model name a breakdown spills) stays text.
      ws.getRangeByIndexes(w.row, w.col, values.length, values[0].length).values = values.map((r) =>
        r.map((v) => asText(v as Cell)),
      ) as unknown[][];
      const address = cellAddress(w.row + 1, w.col + 1);
      const written = `${address}:${cellAddress(w.row + values.length, w.col + values[0].length)}`;
      entries.push({ sheet: w.sheet, cell: address, formula: w.original, arrayRange: "", writtenRange: written, convertedAt: when });
      notes.push({ sheet: w.sheet, address, text: messages.shareValuesNote(w.functionName, when, prices.asOf, w.original, w.reason) });
    }
    const priceRowsAdded = addPriceRows(context, table, tableValues as unknown[][] | undefined, models, prices, snap);
    keepOriginals(context, originalsSheet, snap.get(ORIGINALS_SHEET), entries);
    await context.sync();
    step(3);

    if (notes.length && notesSupported()) {
      try {
        // A cell may already carry the user's own note: keep it, and add ours only to bare cells.
        const existing = notes.map((n) => {
          const note = context.workbook.worksheets.getItem(n.sheet).notes.getItemOrNullObject(n.address);
          note.load("content");
          return note;
        });
        await context.sync();
        notes.forEach((n, i) => existing[i].isNullObject && context.workbook.worksheets.getItem(n.sheet).notes.add(n.address, n.text));
        await context.sync();
      } catch {
        warnings.push(messages.shareNotesFailed());
      }
    }
    step(PREPARE_STEPS);
    return { formulas: formulaWrites.length, values: kept.length, priceRowsAdded, warnings };
  });
}

/** A cell the values would cover that holds something other than this call's own spill. */
function findBlocker(
  sheet: SheetSnapshot,
  row: number,
  col: number,
  values: CellValue[][],
  spill: Excel.Range | undefined,
): string | undefined {
  for (let r = 0; r < values.length; r++) {
    for (let c = 0; c < values[r].length; c++) {
      if (r === 0 && c === 0) continue;
      const R = row + r;
      const C = col + c;
      if (
        spill &&
        R >= spill.rowIndex &&
        R < spill.rowIndex + spill.rowCount &&
        C >= spill.columnIndex &&
        C < spill.columnIndex + spill.columnCount
      )
        continue;
      const f = sheet.formulas[R - sheet.row]?.[C - sheet.col];
      if (f !== undefined && f !== null && f !== "") return cellAddress(R + 1, C + 1);
    }
  }
  return undefined;
}

/** Queues the fee column on a table that lacks it; the table's cells as they will then be. */
function withRequestFeeColumn(table: Excel.Table, values: unknown[][]): unknown[][] {
  const [header, ...rows] = values;
  if (header.some((h) => String(h).trim().toLowerCase() === REQUEST_FEE_COLUMN.toLowerCase())) return values;
  table.columns.add(undefined, undefined, REQUEST_FEE_COLUMN);
  return [[...header, REQUEST_FEE_COLUMN], ...rows.map((r) => [...r, ""])];
}

function addPriceRows(
  context: Excel.RequestContext,
  table: Excel.Table,
  tableValues: unknown[][] | undefined,
  models: Set<string>,
  prices: PriceSource,
  snap: Map<string, SheetSnapshot>,
): number {
  if (models.size === 0) return 0;
  if (tableValues) {
    const [header, ...rows] = tableValues;
    const at = (name: string) => header.findIndex((h) => String(h).trim().toLowerCase() === name.toLowerCase());
    const modelCol = at("Model");
    const missing = missingPriceRows(
      rows.map((r) => String(r[modelCol] ?? "")),
      models,
      prices,
    );
    if (missing.length === 0) return 0;
    // Place each value under its own header, whatever order the user's table has.
    const shaped = missing.map((cells) =>
      header.map((h) => {
        const k = PRICE_TABLE_COLUMNS.findIndex((c) => c.toLowerCase() === String(h).trim().toLowerCase());
        return k >= 0 ? priceCellToWrite(k, cells[k] ?? "") : "";
      }),
    );
    table.rows.add(undefined, shaped);
    return missing.length;
  }
  const rows = missingPriceRows([], models, prices);
  if (rows.length === 0) return 0;
  let name = PRICE_SHEET;
  for (let n = 2; snap.has(name); n++) name = `${PRICE_SHEET} ${n}`;
  const ws = context.workbook.worksheets.add(name);
  const address = `A1:${cellAddress(rows.length + 1, PRICE_TABLE_COLUMNS.length)}`;
  ws.getRange(address).values = [[...PRICE_TABLE_COLUMNS], ...rows.map((r) => r.map((v, k) => priceCellToWrite(k, v ?? "")))];
  const created = ws.tables.add(`'${name}'!${address}`, true);
  created.name = PRICE_TABLE_NAME;
  return rows.length;
}

/** A price-row cell in PRICE_TABLE_COLUMNS order: model names come from the formulas, so the text columns land as text. */
const priceCellToWrite = (k: number, v: string | number): string | number =>
  PRICE_NUMBER_FORMATS[PRICE_COLUMN_ORDER[k]] === "@" ? asText(v) : v;

function keepOriginals(
  context: Excel.RequestContext,
  existing: Excel.Worksheet,
  snap: SheetSnapshot | undefined,
  entries: readonly OriginalEntry[],
): void {
  if (entries.length === 0) return;
  let ws = existing;
  let next = snap && snap.formulas.length ? snap.row + snap.formulas.length : 0;
  if (existing.isNullObject) {
    ws = context.workbook.worksheets.add(ORIGINALS_SHEET);
    next = 0;
  }
  const rows = [...(next === 0 ? [[...ORIGINALS_COLUMNS]] : []), ...entries.map(entryRow)];
  const range = ws.getRangeByIndexes(next, 0, rows.length, ORIGINALS_COLUMNS.length);
  // Text format first, so a stored "=..." stays text and is never evaluated.
  range.numberFormat = rows.map((r) => r.map(() => "@"));
  range.values = rows;
  ws.visibility = Excel.SheetVisibility.veryHidden;
}

export interface RestoreReport {
  readonly restored: number;
}

/** Puts every kept original formula back exactly and removes the kept copies. */
export async function restoreLiveFunctions(): Promise<RestoreReport> {
  return Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItemOrNullObject(ORIGINALS_SHEET);
    await context.sync();
    if (ws.isNullObject) return { restored: 0 };
    const used = ws.getUsedRangeOrNullObject();
    used.load("values");
    await context.sync();
    const entries = used.isNullObject ? [] : entriesFromRows(used.values);
    // A row that is not what conversion wrote (a range beyond its spill, a formula without AIECON)
    // stops the restore before anything is cleared or written.
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const names = new Set(sheets.items.map((s) => s.name));
    const refusal = restoreRefusal(entries, (name) => names.has(name));
    if (refusal) throw new Error(refusal);
    for (const e of entries) {
      const sheet = context.workbook.worksheets.getItem(e.sheet);
      // Values written in place of a spill (or a legacy array) go, so the formula can spill again.
      for (const written of [e.writtenRange, e.arrayRange]) {
        if (written && parseA1(written)) sheet.getRange(written).clear(Excel.ClearApplyTo.contents);
      }
      sheet.getRange(e.cell).formulas = [[e.formula]];
    }
    ws.visibility = Excel.SheetVisibility.visible;
    ws.delete();
    await context.sync();
    if (notesSupported() && entries.length) {
      // Remove only the notes conversion wrote; a user's own note on the cell stays.
      const found = entries.map((e) => {
        const note = context.workbook.worksheets.getItem(e.sheet).notes.getItemOrNullObject(e.cell);
        note.load("content");
        return note;
      });
      await context.sync();
      found.forEach((n) => !n.isNullObject && isShareNote(String(n.content)) && n.delete());
      await context.sync();
    }
    return { restored: entries.length };
  });
}

export interface RepairProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Re-enters every formula that calls an AIECON function, spelled as a user types it, so Excel binds
 * it to the loaded add-in again (a workbook opened before the add-in loaded stays at #NAME?
 * otherwise). Batches of `batchSize` cells, one sync each, reporting progress after each.
 */
export async function repairNameErrors(onProgress?: (p: RepairProgress) => void, batchSize = 200): Promise<{ repaired: number }> {
  return Excel.run(async (context) => {
    const snap = await snapshot(context);
    const cells: { sheet: string; row: number; col: number; formula: string }[] = [];
    for (const s of snap.values()) {
      if (s.name === ORIGINALS_SHEET) continue;
      s.formulas.forEach((line, r) =>
        line.forEach((f, c) => {
          if (isFormula(f) && callsAiecon(f))
            cells.push({ sheet: s.name, row: s.row + r, col: s.col + c, formula: canonicalAieconFormula(f) });
        }),
      );
    }
    onProgress?.({ done: 0, total: cells.length });
    for (let i = 0; i < cells.length; i += batchSize) {
      for (const cell of cells.slice(i, i + batchSize)) {
        context.workbook.worksheets.getItem(cell.sheet).getCell(cell.row, cell.col).formulas = [[cell.formula]];
      }
      await context.sync();
      onProgress?.({ done: Math.min(i + batchSize, cells.length), total: cells.length });
    }
    return { repaired: cells.length };
  });
}
