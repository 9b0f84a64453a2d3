// Plans the conversion of an .xlsx workbook (read with exceljs) for sharing without the add-in:
// every AIECON formula becomes a native formula (or its values with an "as of" note), the prices
// those formulas look up are rows of AIECON_Prices, and the original formulas are kept in a very
// hidden sheet so they can be restored. exceljs never writes the file: the cells changed here are
// applied to the original package by patchPackage.ts.
import type * as ExcelJS from "exceljs";
import { messages } from "../../calc/messages";
import { normaliseModelName, type PriceSource } from "../../calc/prices";
import { layeredPrices } from "../../calc/priceLayers";
import { DEFAULT_PRICE_TABLE } from "../../data/defaultPrices";
import type { CellValue } from "../../calc/values";
import { parseTierTable, TIER_TABLE_NAME } from "../../sheetModel/priceTierTable";
import type { Cell } from "../../sheetModel/priceTable";
import { missingPriceRows, PRICE_TABLE_COLUMNS, PRICE_TABLE_NAME, REQUEST_FEE_COLUMN, rowsFromTable, type PriceCell } from "../priceTable";
import { cellAddress, parseA1, type A1Range } from "../../sheetModel/refs";
import { errorShown, translateFormula, type ShareContext } from "../translate";
import {
  ORIGINALS_COLUMNS,
  ORIGINALS_SHEET,
  PRICE_SHEET,
  RECORD_COLUMN,
  entriesFromRows,
  entryRow,
  fingerprint,
  isShareNote,
  recordFromRows,
  recordRows,
  restoreRefusal,
  type ConversionRecord,
  type OriginalEntry,
  type PricesAdded,
  type XmlAttributes,
} from "../originals";
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

export interface ConvertReport {
  readonly formulas: number;
  readonly values: number;
  readonly priceRowsAdded: number;
  readonly warnings: readonly string[];
}

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

/**
 * False when the workbook's AIECON_Prices lacks the "$ per 1K requests" column (a table written by an
 * older version). The file path does not add table columns, so fees cannot be looked up there.
 */
function hasRequestFeeColumn(wb: ExcelJS.Workbook): boolean {
  const found = findPriceTable(wb);
  if (!found) return true; // the table this conversion creates has every column
  const header = readBlock(found.ws, decodeRange(found.table.tableRef))[0] ?? [];
  const wanted = REQUEST_FEE_COLUMN.toLowerCase();
  return header.some(
    (h) =>
      String(h ?? "")
        .trim()
        .toLowerCase() === wanted,
  );
}

export async function convertWorkbook(wb: ExcelJS.Workbook, options: ConvertOptions = {}): Promise<ConvertReport> {
  const now = options.now ?? new Date();
  const when = now.toISOString().slice(0, 10);
  const warnings: string[] = [];
  const prices = workbookPrices(wb, warnings);
  const requestFeeColumn = hasRequestFeeColumn(wb);
  const models = new Set<string>();
  const originals: OriginalEntry[] = [];
  let formulas = 0;
  let values = 0;

  for (const ws of wb.worksheets) {
    if (ws.name === ORIGINALS_SHEET) continue;
    const ctx: ShareContext = {
      prices,
      requestFeeColumn,
      readRange(range) {
        const sheet = range.sheet === undefined ? ws : wb.getWorksheet(range.sheet);
        return sheet ? readBlock(sheet, range) : undefined;
      },
    };
    // Collect first: converting a shared-formula master would change its followers' formulas.
    const cells: { cell: ExcelJS.Cell; formula: string }[] = [];
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const formula = formulaOf(cell);
        if (formula) cells.push({ cell, formula });
      }),
    );
    for (const { cell, formula } of cells) {
      const t = translateFormula(formula, ctx);
      if (t.kind === "none") continue;
      const arrayRef =
        (cell.value as { ref?: string; shareType?: string }).shareType === "array" ? (cell.value as { ref?: string }).ref : undefined;
      if (t.kind === "formula") {
        cell.value = { formula: t.formula.slice(1) } as ExcelJS.CellFormulaValue;
        if (t.notes.length) cell.note = t.notes.join("\n");
        t.models.forEach((m) => models.add(m));
        originals.push({
          sheet: ws.name,
          cell: cell.address,
          formula,
          arrayRange: arrayRef && arrayRef.includes(":") ? arrayRef : "",
          writtenRange: "",
          convertedAt: when,
        });
        formulas++;
        continue;
      }
      const block = t.values ?? [[currentValue(cell)]];
      if (!t.values && (cell.value as { result?: unknown }).result === undefined) {
        warnings.push(messages.shareNoValue(`${ws.name}!${cell.address}`));
        continue;
      }
      const shown = block.flat().map(errorShown).find(Boolean);
      if (!t.values && shown) {
        warnings.push(messages.shareErrorValue(`${ws.name}!${cell.address}`, shown));
        continue;
      }
      const blocker = spillBlocker(ws, cell, block, arrayRef);
      if (blocker) {
        warnings.push(messages.shareSpillBlocked(`${ws.name}!${cell.address}`, blocker));
        continue;
      }
      block.forEach((line, r) =>
        line.forEach((v, c) => {
          ws.getCell(Number(cell.row) + r, Number(cell.col) + c).value = v as ExcelJS.CellValue;
        }),
      );
      cell.note = messages.shareValuesNote(t.functionName, when, prices.asOf, formula, t.reason);
      const written = `${cell.address}:${cellAddress(Number(cell.row) + block.length - 1, Number(cell.col) + block[0].length - 1)}`;
      originals.push({ sheet: ws.name, cell: cell.address, formula, arrayRange: arrayRef ?? "", writtenRange: written, convertedAt: when });
      values++;
    }
  }

  if (formulas + values === 0) return { formulas, values, priceRowsAdded: 0, warnings };

  // Cached results and the recalculation on open are the patcher's business (patchPackage.ts): it
  // drops the results of exactly the formulas that depend on converted cells.
  const added = ensurePriceRows(wb, models, prices);
  if (originals.length) keepOriginals(wb, originals, { calcPr: options.calcPr, prices: added.record });
  return { formulas, values, priceRowsAdded: added.rows, warnings };
}

/** A cell the values would overwrite that is not this call's own output, or undefined. */
function spillBlocker(ws: Ws, anchor: ExcelJS.Cell, block: CellValue[][], arrayRef: string | undefined): string | undefined {
  const own = arrayRef ? decodeRange(arrayRef) : undefined;
  for (let r = 0; r < block.length; r++) {
    for (let c = 0; c < block[r].length; c++) {
      if (r === 0 && c === 0) continue;
      const row = Number(anchor.row) + r;
      const col = Number(anchor.col) + c;
      if (own && row >= own.top && row <= own.bottom && col >= own.left && col <= own.right) continue;
      const target = ws.getCell(row, col);
      const v = target.value as unknown;
      if (v === null || v === undefined || v === "") continue;
      // Excel saves a spill's cells as plain values: the same value there is this call's own output.
      if (!formulaOf(target) && v === block[r][c]) continue;
      return `${ws.name}!${target.address}`;
    }
  }
  return undefined;
}

/**
 * Appends the rows the converted formulas look up, creating the AIECON_Prices table if needed;
 * returns how many, and what was added as the restore will check it.
 */
function ensurePriceRows(wb: ExcelJS.Workbook, models: Set<string>, prices: PriceSource): { rows: number; record?: PricesAdded } {
  if (models.size === 0) return { rows: 0 };
  const found = findPriceTable(wb);
  const added = (ws: Ws, createdSheet: boolean, tableRef: string, block: string) => ({
    sheet: ws.name,
    createdSheet,
    tableRef,
    added: block,
    fingerprint: fingerprint(readBlock(ws, decodeRange(block))),
  });
  if (!found) {
    const rows = missingPriceRows([], models, prices);
    if (rows.length === 0) return { rows: 0 };
    let name = PRICE_SHEET;
    for (let n = 2; wb.getWorksheet(name); n++) name = `${PRICE_SHEET} ${n}`;
    const ws = wb.addWorksheet(name);
    ws.addTable({
      name: PRICE_TABLE_NAME,
      ref: "A1",
      headerRow: true,
      style: { theme: "TableStyleLight9", showRowStripes: true },
      columns: PRICE_TABLE_COLUMNS.map((c) => ({ name: c })),
      rows,
    });
    PRICE_TABLE_COLUMNS.forEach((c, i) => (ws.getColumn(i + 1).width = Math.max(12, c.length + 2)));
    const ref = findPriceTable(wb)!.table.tableRef;
    return { rows: rows.length, record: added(ws, true, ref, ref) };
  }
  const r = decodeRange(found.table.tableRef);
  const block = readBlock(found.ws, r);
  const modelCol = block[0].findIndex(
    (h) =>
      String(h ?? "")
        .trim()
        .toLowerCase() === "model",
  );
  const existing = block.slice(1).map((row) => String(row[modelCol] ?? ""));
  const rows = missingPriceRows(existing, models, prices);
  if (rows.length === 0) return { rows: 0 };
  const header = block[0].map((h) =>
    String(h ?? "")
      .trim()
      .toLowerCase(),
  );
  rows.forEach((cells: PriceCell[], i) => {
    PRICE_TABLE_COLUMNS.forEach((col, k) => {
      const at = header.indexOf(col.toLowerCase());
      if (at >= 0) found.ws.getCell(r.bottom + 1 + i, r.left + at).value = cells[k];
    });
  });
  const ref = `${cellAddress(r.top, r.left)}:${cellAddress(r.bottom + rows.length, r.right)}`;
  const table = found.table as { tableRef: string; autoFilterRef?: string };
  table.tableRef = ref;
  if (table.autoFilterRef) table.autoFilterRef = ref;
  const appended = `${cellAddress(r.bottom + 1, r.left)}:${cellAddress(r.bottom + rows.length, r.right)}`;
  return { rows: rows.length, record: added(found.ws, false, ref, appended) };
}

/**
 * Adds the entries to AIECON_Originals. A new sheet also gets the conversion record (originals.ts):
 * a workbook converted again keeps the first record, since only that one knows the workbook as it
 * was before any conversion (rows a later conversion appends are then kept by the restore).
 */
function keepOriginals(wb: ExcelJS.Workbook, entries: readonly OriginalEntry[], record: ConversionRecord): void {
  const found = wb.getWorksheet(ORIGINALS_SHEET);
  const ws = found ?? wb.addWorksheet(ORIGINALS_SHEET);
  if (!found) ws.addRow([...ORIGINALS_COLUMNS]);
  for (const e of entries) ws.addRow(entryRow(e));
  if (!found) recordRows(record).forEach((pair, i) => pair.forEach((v, k) => (ws.getCell(1 + i, RECORD_COLUMN + k).value = v)));
  ws.state = "veryHidden";
}

export interface RestoreReport {
  readonly restored: number;
  /** The calcPr to give back (null: remove it); undefined when the conversion recorded none. */
  readonly calcPr?: XmlAttributes | null;
  /** Why the content the conversion added to AIECON_Prices stays, when it does (one line). */
  readonly pricesKept?: string;
}

/** The pane's "Restore live functions" for a file: every kept original formula back, exactly. */
export function restoreWorkbook(wb: ExcelJS.Workbook): RestoreReport {
  const kept = wb.getWorksheet(ORIGINALS_SHEET);
  if (!kept) return { restored: 0 };
  const rows: unknown[][] = [];
  const pairs: unknown[][] = [];
  kept.eachRow({ includeEmpty: true }, (row) => {
    rows.push([1, 2, 3, 4, 5, 6].map((c) => currentValue(row.getCell(c))));
    pairs.push([RECORD_COLUMN, RECORD_COLUMN + 1].map((c) => currentValue(row.getCell(c))));
  });
  const entries = entriesFromRows(rows);
  const record = recordFromRows(pairs);
  const refusal = restoreRefusal(entries, (name) => wb.getWorksheet(name) !== undefined);
  if (refusal) throw new RefusedInput(`aiecon-share: ${refusal}`);
  for (const e of entries) {
    const ws = wb.getWorksheet(e.sheet);
    if (!ws) continue;
    // Values written in place of a spill (or a legacy array) go, so the formula can spill again.
    for (const written of [e.writtenRange, e.arrayRange]) {
      if (!written) continue;
      const r = decodeRange(written);
      for (let row = r.top; row <= r.bottom; row++) for (let col = r.left; col <= r.right; col++) ws.getCell(row, col).value = null;
    }
    const cell = ws.getCell(e.cell);
    const note = cell.note;
    cell.value = { formula: e.formula.replace(/^=/, "") } as ExcelJS.CellFormulaValue;
    if (typeof note === "string" && isShareNote(note)) cell.note = undefined as unknown as string;
  }
  wb.removeWorksheet(kept.id);
  const pricesKept = record.prices ? removeAddedPrices(wb, record.prices) : undefined;
  return { restored: entries.length, ...("calcPr" in record ? { calcPr: record.calcPr } : {}), ...(pricesKept ? { pricesKept } : {}) };
}

/**
 * Takes away what the conversion added to AIECON_Prices (the sheet it created, or the rows it
 * appended), when it is still exactly as the conversion left it: the table at the same place and
 * size, the same values, and on a created sheet nothing outside the table. Otherwise it stays (the
 * user may rely on an edited price) and the returned line says why.
 */
function removeAddedPrices(wb: ExcelJS.Workbook, added: PricesAdded): string | undefined {
  const where = `'${added.sheet.replace(/'/g, "''")}'!${added.added}`;
  const keptBecause = (why: string) =>
    added.createdSheet
      ? `Kept the sheet ${added.sheet} with AIECON_Prices that the conversion added: ${why}.`
      : `Kept the price row(s) the conversion added to AIECON_Prices (${where}): ${why}.`;
  const found = findPriceTable(wb);
  if (!found || found.ws.name !== added.sheet) return keptBecause("the table is no longer where the conversion put it");
  if (found.table.tableRef !== added.tableRef) return keptBecause("the table was resized since");
  const block = decodeRange(added.added);
  if (fingerprint(readBlock(found.ws, block)) !== added.fingerprint)
    return keptBecause(added.createdSheet ? "its prices were changed since" : "they were changed since");
  if (added.createdSheet) {
    const table = decodeRange(added.tableRef);
    let outside = false;
    found.ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const inTable =
          Number(cell.row) >= table.top &&
          Number(cell.row) <= table.bottom &&
          Number(cell.col) >= table.left &&
          Number(cell.col) <= table.right;
        if (!inTable && currentValue(cell) !== null) outside = true;
      }),
    );
    if (outside || Object.keys(tablesOfSheet(found.ws)).length !== 1) return keptBecause("something else was added to it since");
    wb.removeWorksheet(found.ws.id);
    return undefined;
  }
  for (let row = block.top; row <= block.bottom; row++)
    for (let col = block.left; col <= block.right; col++) found.ws.getCell(row, col).value = null;
  const r = decodeRange(added.tableRef);
  const ref = `${cellAddress(r.top, r.left)}:${cellAddress(block.top - 1, r.right)}`;
  const table = found.table as { tableRef: string; autoFilterRef?: string };
  table.tableRef = ref;
  if (table.autoFilterRef) table.autoFilterRef = ref;
  return undefined;
}

const tablesOfSheet = (ws: Ws) => (ws as unknown as { tables: Record<string, unknown> }).tables ?? {};
