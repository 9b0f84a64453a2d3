// Prepare for sharing / Restore live functions / Repair #NAME? cells, in the open workbook: the
// Office.js adapter of the sharing plan (src/share/plan, shared with the aiecon-share CLI). What to
// convert, warn about, keep and give back is the plan's; this module reads the cells it needs in a
// fixed, small number of batches (context.sync) whatever the size of the workbook, and applies the plan.
import { messages } from "../calc/messages";
import type { PriceSource } from "../calc/prices";
import type { CellValue } from "../calc/values";
import { priceRuntime } from "../runtime/priceRuntime";
import {
  ORIGINALS_COLUMNS,
  ORIGINALS_SHEET,
  RECORD_COLUMN,
  clearedBlock,
  entriesFromRows,
  entryProblem,
  entryRow,
  fingerprint,
  isShareNote,
  recordFromRows,
  recordRows,
  type ConversionRecord,
  type OriginalEntry,
} from "../share/originals";
import type { Block, FormulaCell, ShareBook, TableAt } from "../share/plan/book";
import { calcPrOfSettings, settingsOfCalcPr, type CalculationMode, type CalculationSettings } from "../share/plan/calculation";
import { planConversion, type PriceChange } from "../share/plan/convert";
import type { RestoreReport, ShareReport } from "../share/plan/report";
import { planRestore } from "../share/plan/restore";
import { PRICE_TABLE_NAME, REQUEST_FEE_COLUMN, type PriceCell } from "../share/priceTable";
import { cellAddress } from "../sheetModel/refs";
import { callsAiecon, canonicalAieconFormula } from "../share/translate";
import { asText } from "../sheetModel/externalText";
import type { Cell } from "../sheetModel/priceTable";

export type ShareScope = "workbook" | "selection";

/** The one report of a conversion, shared with the CLI (src/share/plan/report.ts). */
export type PrepareReport = ShareReport;
export type { RestoreReport };

export interface PrepareOptions {
  readonly now?: Date;
  /** The prices the add-in computes with; the native formulas must find the same ones. */
  readonly prices?: PriceSource;
  /** Called after each step (read, translate, write, notes), for the pane's progress bar. */
  readonly onProgress?: (p: RepairProgress) => void;
}

/** The steps of Prepare for sharing, as the progress bar counts them. */
export const PREPARE_STEPS = 4;

/** A block of a sheet as read (0-based position), formulas and values. */
interface SheetSnapshot {
  readonly name: string;
  readonly row: number;
  readonly col: number;
  readonly formulas: unknown[][];
  readonly values: unknown[][];
}

const supports = (version: string): boolean =>
  typeof Office !== "undefined" && Boolean(Office.context?.requirements?.isSetSupported?.("ExcelApi", version));
const notesSupported = () => supports("1.18");

const isFormula = (f: unknown): f is string => typeof f === "string" && f.startsWith("=");
const blank = (v: unknown) => v === undefined || v === null || v === "";

/** Queues the load of a range's cells as a snapshot piece. */
function loadPiece(range: Excel.Range): Excel.Range {
  range.load("formulas,values,rowIndex,columnIndex");
  return range;
}
const pieceOf = (name: string, r: Excel.Range): SheetSnapshot => ({
  name,
  row: r.rowIndex,
  col: r.columnIndex,
  formulas: r.formulas,
  values: r.values,
});

/** One sync: every sheet's used range (formulas and values), so planning reads cells in memory. */
async function snapshot(context: Excel.RequestContext, names: readonly string[]): Promise<SheetSnapshot[]> {
  const used = names.map((name) => ({ name, r: context.workbook.worksheets.getItem(name).getUsedRangeOrNullObject() }));
  used.forEach(({ r }) => r.load("formulas,values,rowIndex,columnIndex"));
  await context.sync();
  return used.filter(({ r }) => !r.isNullObject).map(({ name, r }) => pieceOf(name, r));
}

async function sheetNames(context: Excel.RequestContext): Promise<string[]> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  return sheets.items.map((s) => s.name);
}

/** The price table, loaded: its sheet, 1-based range and cells; undefined when the workbook has none. */
interface LoadedTable {
  readonly table: Excel.Table;
  readonly range: Excel.Range;
}
function loadTable(table: Excel.Table): LoadedTable | undefined {
  if (table.isNullObject) return undefined;
  const range = table.getRange();
  range.load("formulas,values,rowIndex,columnIndex,rowCount,columnCount");
  range.worksheet.load("name");
  return { table, range };
}
const tableAt = (t: LoadedTable | undefined): TableAt | undefined =>
  t && {
    sheet: t.range.worksheet.name,
    range: {
      top: t.range.rowIndex + 1,
      left: t.range.columnIndex + 1,
      bottom: t.range.rowIndex + t.range.rowCount,
      right: t.range.columnIndex + t.range.columnCount,
    },
    values: t.range.values,
  };

/**
 * The open workbook as the sharing plan reads it (src/share/plan/book.ts): blocks of cells read
 * beforehand (every used range for a conversion; the blocks a restore needs), the spills of the
 * AIECON cells, and the price table.
 */
function snapshotBook(
  names: readonly string[],
  pieces: readonly SheetSnapshot[],
  table: TableAt | undefined,
  spills: ReadonlyMap<string, Block> = new Map(),
): ShareBook {
  const bySheet = new Map<string, SheetSnapshot[]>();
  for (const p of pieces) bySheet.set(p.name, [...(bySheet.get(p.name) ?? []), p]);
  let last: SheetSnapshot | undefined;
  const holds = (p: SheetSnapshot, row: number, col: number) =>
    row - 1 >= p.row && row - 1 < p.row + p.values.length && col - 1 >= p.col && col - 1 < p.col + (p.values[0]?.length ?? 0);
  const pieceAt = (sheet: string, row: number, col: number) => {
    if (last && last.name === sheet && holds(last, row, col)) return last;
    const found = bySheet.get(sheet)?.find((p) => holds(p, row, col));
    if (found) last = found;
    return found;
  };
  const cell = (sheet: string, row: number, col: number) => {
    const p = pieceAt(sheet, row, col);
    return p ? { f: p.formulas[row - 1 - p.row]?.[col - 1 - p.col], v: p.values[row - 1 - p.row]?.[col - 1 - p.col] } : undefined;
  };
  const originals = bySheet.get(ORIGINALS_SHEET)?.[0];
  return {
    where: "open workbook",
    sheetNames: names,
    formulaCells(sheet) {
      const out: FormulaCell[] = [];
      for (const p of bySheet.get(sheet) ?? [])
        p.formulas.forEach((line, r) =>
          line.forEach((f, c) => isFormula(f) && out.push({ row: p.row + r + 1, col: p.col + c + 1, formula: f })),
        );
      return out;
    },
    read(sheet, range) {
      if (!names.includes(sheet)) return undefined;
      const out: CellValue[][] = [];
      for (let r = range.top; r <= range.bottom; r++) {
        const line: CellValue[] = [];
        for (let c = range.left; c <= range.right; c++) {
          const v = cell(sheet, r, c)?.v;
          line.push(blank(v) ? null : (v as CellValue));
        }
        out.push(line);
      }
      return out;
    },
    formulaAt(sheet, row, col) {
      const f = cell(sheet, row, col)?.f;
      return isFormula(f) ? f : undefined;
    },
    shown(sheet, row, col) {
      const v = cell(sheet, row, col)?.v;
      return blank(v) ? undefined : (v as CellValue);
    },
    spill: (sheet, row, col) => spills.get(`${sheet}!${row},${col}`),
    table: (name) => (name.toLowerCase() === PRICE_TABLE_NAME.toLowerCase() ? table : undefined),
    holdsOutside(sheet, range) {
      return (bySheet.get(sheet) ?? []).some((p) =>
        p.values.some((line, r) =>
          line.some((v, c) => {
            const R = p.row + r + 1;
            const C = p.col + c + 1;
            return !blank(v) && (R < range.top || R > range.bottom || C < range.left || C > range.right);
          }),
        ),
      );
    },
    originals() {
      if (!names.includes(ORIGINALS_SHEET)) return undefined;
      const rows: unknown[][] = [];
      const record: unknown[][] = [];
      const height = originals ? originals.row + originals.values.length : 0;
      const at = (r: number, c: number) => (originals ? originals.values[r - originals.row]?.[c - originals.col] : undefined);
      for (let r = 0; r < height; r++) {
        rows.push(ORIGINALS_COLUMNS.map((_, c) => at(r, c)));
        record.push([RECORD_COLUMN - 1, RECORD_COLUMN].map((c) => at(r, c)));
      }
      return { rows, record };
    },
    canAddTableColumns: true,
  };
}

/** Counts what "Prepare for sharing" would change, without writing anything (for the confirmation). */
export async function planSharing(scope: ShareScope): Promise<{ cells: number }> {
  return Excel.run(async (context) => {
    const within = scopeFilter(context, scope);
    const snap = await snapshot(context, await sheetNames(context));
    const inScope = within();
    let cells = 0;
    for (const s of snap) {
      if (s.name === ORIGINALS_SHEET) continue;
      s.formulas.forEach((line, r) =>
        line.forEach((f, c) => isFormula(f) && inScope(s.name, s.row + r, s.col + c) && callsAiecon(f) && cells++),
      );
    }
    return { cells };
  });
}

/** Queues the selection's load (for a "selection" scope); the filter (0-based) is ready after the next sync. */
function scopeFilter(context: Excel.RequestContext, scope: ShareScope): () => (sheet: string, row: number, col: number) => boolean {
  if (scope === "workbook") return () => () => true;
  const sel = context.workbook.getSelectedRange();
  sel.load("rowIndex,columnIndex,rowCount,columnCount");
  sel.worksheet.load("name");
  return () => (sheet, row, col) =>
    sheet === sel.worksheet.name &&
    row >= sel.rowIndex &&
    row < sel.rowIndex + sel.rowCount &&
    col >= sel.columnIndex &&
    col < sel.columnIndex + sel.columnCount;
}

/** Queues the load of the calculation settings Office.js can read (ExcelApi 1.8, iterative 1.9). */
function loadCalculation(context: Excel.RequestContext): () => CalculationSettings | undefined {
  if (!supports("1.8")) return () => undefined;
  const app = context.workbook.application;
  app.load("calculationMode");
  const iterative = supports("1.9") ? app.iterativeCalculation : undefined;
  iterative?.load("enabled,maxIteration,maxChange");
  return () => ({
    mode: String(app.calculationMode) as CalculationMode,
    ...(iterative
      ? { iterative: { enabled: iterative.enabled, maxIteration: iterative.maxIteration, maxChange: iterative.maxChange } }
      : {}),
  });
}

/** A price-row cell under `header`: model names come from the formulas, so text lands as text. */
const priceCellToWrite = (v: PriceCell): string | number => (v === null ? "" : typeof v === "string" ? asText(v) : v);

export async function prepareForSharing(scope: ShareScope, options: PrepareOptions = {}): Promise<PrepareReport> {
  const prices = options.prices ?? priceRuntime.prices();
  const step = (done: number) => options.onProgress?.({ done, total: PREPARE_STEPS });
  return Excel.run(async (context) => {
    step(0);
    const within = scopeFilter(context, scope);
    const calculation = loadCalculation(context);
    const priceTable = context.workbook.tables.getItemOrNullObject(PRICE_TABLE_NAME);
    priceTable.load("name");
    const names = await sheetNames(context);
    const inScope = within();
    const settings = calculation();
    const loaded = loadTable(priceTable);
    const snap = await snapshot(context, names);
    step(1);

    // What each AIECON cell spills now (dynamic arrays, ExcelApi 1.12; older Excel has no spills).
    const spillRanges: { key: string; r: Excel.Range }[] = [];
    if (supports("1.12"))
      for (const s of snap) {
        if (s.name === ORIGINALS_SHEET) continue;
        s.formulas.forEach((line, r) =>
          line.forEach((f, c) => {
            if (!isFormula(f) || !inScope(s.name, s.row + r, s.col + c) || !callsAiecon(f)) return;
            const spill = context.workbook.worksheets
              .getItem(s.name)
              .getCell(s.row + r, s.col + c)
              .getSpillingToRangeOrNullObject();
            spill.load("values,rowIndex,columnIndex,rowCount,columnCount");
            spillRanges.push({ key: `${s.name}!${s.row + r + 1},${s.col + c + 1}`, r: spill });
          }),
        );
      }
    if (spillRanges.length) await context.sync();
    const spills = new Map<string, Block>();
    for (const { key, r } of spillRanges)
      if (!r.isNullObject)
        spills.set(key, {
          range: { top: r.rowIndex + 1, left: r.columnIndex + 1, bottom: r.rowIndex + r.rowCount, right: r.columnIndex + r.columnCount },
          values: r.values as CellValue[][],
        });

    const table = tableAt(loaded);
    const plan = planConversion(snapshotBook(names, snap, table, spills), {
      prices,
      now: options.now ?? new Date(),
      within: (sheet, row, col) => inScope(sheet, row - 1, col - 1),
      calcPr: settings ? calcPrOfSettings(settings) : undefined,
    });
    if (plan.writes.length === 0) return plan.report;
    step(2);

    // The writes, in one batch.
    const notes: { sheet: string; address: string; text: string }[] = [];
    for (const w of plan.writes) {
      const ws = context.workbook.worksheets.getItem(w.sheet);
      const address = cellAddress(w.row, w.col);
      if (w.kind === "formula") {
        ws.getCell(w.row - 1, w.col - 1).formulas = [[w.formula]];
        if (w.note) notes.push({ sheet: w.sheet, address, text: w.note });
        continue;
      }
      // Cached results replace the formula: a text result (a step or model name a breakdown spills) stays text.
      ws.getRangeByIndexes(w.row - 1, w.col - 1, w.values.length, w.values[0].length).values = w.values.map((r) =>
        r.map((v) => asText(v as Cell)),
      ) as unknown[][];
      notes.push({ sheet: w.sheet, address, text: w.note });
    }
    if (plan.prices) applyPriceChange(context, loaded?.table, plan.prices);
    const record = plan.originals?.record;
    const recordAt = plan.originals ? keepOriginals(context, snap, names, plan.originals.entries, record) : undefined;
    await context.sync();
    step(3);

    // Excel reads what it is given (a date typed as text becomes a date): the record's fingerprint
    // of the price rows is taken from the cells as they now are, so the restore compares like with like.
    const added = record?.prices;
    const addedRange = added ? context.workbook.worksheets.getItem(added.sheet).getRange(added.added) : undefined;
    addedRange?.load("values");
    const wantNotes = notes.length > 0 && notesSupported();
    const existing = wantNotes
      ? notes.map((n) => {
          const note = context.workbook.worksheets.getItem(n.sheet).notes.getItemOrNullObject(n.address);
          note.load("content");
          return note;
        })
      : [];
    const warnings = [...plan.report.warnings];
    let notesRead = true;
    if (addedRange || wantNotes) {
      try {
        await context.sync();
      } catch {
        notesRead = false;
        warnings.push(messages.shareNotesFailed());
      }
    }
    if (addedRange && recordAt && notesRead) {
      const now = fingerprint(addedRange.values);
      if (now !== added!.fingerprint) recordAt(recordRows({ ...record, prices: { ...added!, fingerprint: now } }));
    }
    if (wantNotes && notesRead) {
      try {
        // A cell may already carry the user's own note: keep it, and add ours only to bare cells.
        notes.forEach((n, i) => existing[i].isNullObject && context.workbook.worksheets.getItem(n.sheet).notes.add(n.address, n.text));
        await context.sync();
      } catch {
        warnings.push(messages.shareNotesFailed());
      }
    } else if (addedRange && notesRead) await context.sync();
    step(PREPARE_STEPS);
    return { ...plan.report, warnings };
  });
}

function applyPriceChange(context: Excel.RequestContext, table: Excel.Table | undefined, change: PriceChange): void {
  if (change.kind === "create") {
    const ws = context.workbook.worksheets.add(change.sheet);
    const address = `A1:${cellAddress(change.cells.length, change.cells[0].length)}`;
    ws.getRange(address).values = change.cells.map((r) => r.map(priceCellToWrite));
    const created = ws.tables.add(`'${change.sheet.replace(/'/g, "''")}'!${address}`, true);
    created.name = PRICE_TABLE_NAME;
    return;
  }
  // A price table from before the fee column gets it first, so the formulas that look fees up find it.
  if (change.addFeeColumn) table!.columns.add(undefined, undefined, REQUEST_FEE_COLUMN);
  if (change.rows.length)
    table!.rows.add(
      undefined,
      change.rows.map((r) => r.map(priceCellToWrite)),
    );
}

/**
 * Appends the entries to AIECON_Originals (creating it, with the record in H:I); returns a writer
 * for the record's rows, to correct them once the price rows are read back.
 */
function keepOriginals(
  context: Excel.RequestContext,
  snap: readonly SheetSnapshot[],
  names: readonly string[],
  entries: readonly OriginalEntry[],
  record: ConversionRecord | undefined,
): ((rows: string[][]) => void) | undefined {
  if (entries.length === 0) return undefined;
  const exists = names.includes(ORIGINALS_SHEET);
  const ws = exists ? context.workbook.worksheets.getItem(ORIGINALS_SHEET) : context.workbook.worksheets.add(ORIGINALS_SHEET);
  const kept = snap.find((s) => s.name === ORIGINALS_SHEET);
  const next = exists && kept ? kept.row + kept.values.length : 0;
  // Text format first, so a stored "=..." stays text and is never evaluated.
  const write = (row: number, col: number, rows: readonly (readonly string[])[]) => {
    const range = ws.getRangeByIndexes(row, col, rows.length, rows[0].length);
    range.numberFormat = rows.map((r) => r.map(() => "@"));
    range.values = rows.map((r) => [...r]);
  };
  write(next, 0, [...(next === 0 ? [[...ORIGINALS_COLUMNS]] : []), ...entries.map(entryRow)]);
  const writeRecord = (rows: string[][]) => write(0, RECORD_COLUMN - 1, rows);
  if (!exists && record) writeRecord(recordRows(record));
  ws.visibility = Excel.SheetVisibility.veryHidden;
  return !exists && record ? writeRecord : undefined;
}

/**
 * Puts every kept original formula back exactly, as the sharing plan says (src/share/plan/restore.ts):
 * a row the conversion could not have written stops it before anything changes; the calculation
 * settings and what the conversion added to AIECON_Prices go back too, as far as Office.js allows.
 */
export async function restoreLiveFunctions(): Promise<RestoreReport> {
  return Excel.run(async (context) => {
    const names = await sheetNames(context);
    if (!names.includes(ORIGINALS_SHEET)) return { restored: 0 };
    const calculation = loadCalculation(context);
    const priceTable = context.workbook.tables.getItemOrNullObject(PRICE_TABLE_NAME);
    priceTable.load("name");
    const keptRange = loadPiece(context.workbook.worksheets.getItem(ORIGINALS_SHEET).getUsedRangeOrNullObject());
    await context.sync();
    const kept = keptRange.isNullObject ? [] : [pieceOf(ORIGINALS_SHEET, keptRange)];
    const loaded = loadTable(priceTable);
    // Second read: the blocks the restore would clear, and the price table with its sheet, to check them first.
    const firstLook = snapshotBook(names, kept, undefined);
    const entries = entriesFromRows(firstLook.originals()!.rows);
    const record = recordFromRows(firstLook.originals()!.record);
    const blocks: { name: string; r: Excel.Range }[] = [];
    for (const e of entries) {
      const block = names.includes(e.sheet) && entryProblem(e, (n) => names.includes(n)) === undefined ? clearedBlock(e) : undefined;
      if (block)
        blocks.push({
          name: e.sheet,
          r: loadPiece(
            context.workbook.worksheets
              .getItem(e.sheet)
              .getRange(`${cellAddress(block.top, block.left)}:${cellAddress(block.bottom, block.right)}`),
          ),
        });
    }
    const priceSheet = record.prices && names.includes(record.prices.sheet) ? record.prices.sheet : undefined;
    const priceUsed = priceSheet ? loadPiece(context.workbook.worksheets.getItem(priceSheet).getUsedRangeOrNullObject()) : undefined;
    await context.sync();
    const pieces = [
      ...kept,
      ...blocks.map(({ name, r }) => pieceOf(name, r)),
      ...(priceUsed && !priceUsed.isNullObject ? [pieceOf(priceSheet!, priceUsed)] : []),
    ];
    const table = tableAt(loaded);
    if (table && loaded) pieces.push(pieceOf(table.sheet, loaded.range));
    const outcome = planRestore(snapshotBook(names, pieces, table));
    if (outcome.refused !== undefined) throw new Error(outcome.refused);
    const { plan } = outcome;

    for (const { sheet, range } of plan.clears)
      // Values written in place of a spill (or a legacy array) go, so the formula can spill again.
      context.workbook.worksheets
        .getItem(sheet)
        .getRange(`${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`)
        .clear(Excel.ClearApplyTo.contents);
    for (const f of plan.formulas) context.workbook.worksheets.getItem(f.sheet).getRange(f.cell).formulas = [[f.formula]];
    const ws = context.workbook.worksheets.getItem(ORIGINALS_SHEET);
    ws.visibility = Excel.SheetVisibility.visible;
    ws.delete();
    if (plan.prices?.kind === "deleteSheet") context.workbook.worksheets.getItem(plan.prices.sheet).delete();
    else if (plan.prices?.kind === "deleteRows" && loaded) {
      // Bottom up, so each index still names the row it did.
      const first = plan.prices.rows.top - (table!.range.top + 1);
      for (let i = plan.prices.rows.bottom - plan.prices.rows.top; i >= 0; i--) loaded.table.rows.getItemAt(first + i).delete();
    }
    const before = calculation();
    if (before && "calcPr" in plan) {
      const wanted = settingsOfCalcPr(plan.calcPr ?? null);
      const app = context.workbook.application;
      if (wanted.mode !== before.mode) app.calculationMode = wanted.mode as Excel.CalculationMode;
      const it = wanted.iterative!;
      const was = before.iterative;
      if (was && it.enabled !== was.enabled) app.iterativeCalculation.enabled = it.enabled;
      if (was && it.enabled && (it.maxIteration !== was.maxIteration || it.maxChange !== was.maxChange)) {
        app.iterativeCalculation.maxIteration = it.maxIteration;
        app.iterativeCalculation.maxChange = it.maxChange;
      }
    }
    await context.sync();
    if (notesSupported() && plan.formulas.length) {
      // Remove only the notes conversion wrote; a user's own note on the cell stays.
      const found = plan.formulas.map((e) => {
        const note = context.workbook.worksheets.getItem(e.sheet).notes.getItemOrNullObject(e.cell);
        note.load("content");
        return note;
      });
      await context.sync();
      found.forEach((n) => !n.isNullObject && isShareNote(String(n.content)) && n.delete());
      await context.sync();
    }
    return plan.report;
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
    const snap = await snapshot(context, await sheetNames(context));
    const cells: { sheet: string; row: number; col: number; formula: string }[] = [];
    for (const s of snap) {
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
