// The workbook's price tables through the Excel JavaScript API: insert them, read them into the
// price runtime (src/runtime/priceRuntime.ts, which the custom functions read), save the pane's
// edits, and keep dependent cells live when they change. This file holds no price state: every
// table read or written goes to the runtime, which tells the pane.
// Every write is queued and sent in as few context.sync() calls as the operation allows.
import { columnLetters } from "../sheetModel/refs";
import { normaliseModelName, type ModelPrice } from "../calc/prices";
import { messages } from "../calc/messages";
import type { TierRow } from "../calc/priceLayers";
import type { DatedTier } from "../sheetModel/tierEdits";
import { PriceRuntime, priceRuntime, type AppliedPrices } from "../runtime/priceRuntime";
import {
  CUSTOM_PROVIDER,
  datedRowsOf,
  PRICE_COLUMN_ORDER,
  PRICE_COLUMNS,
  PRICE_HEADERS,
  PRICE_NUMBER_FORMATS,
  PRICE_SHEET_NAME,
  PRICE_TABLE_NAME,
  datedRowKey,
  keyOf,
  locateColumns,
  modelKey,
  parseAsOf,
  parseTable,
  rowKey,
  toTableRow,
  type Cell,
  type ColumnIndex,
  type ParsedTable,
  type PriceColumn,
  type WritableCell,
} from "../sheetModel/priceTable";
import { NO_PRICE_TABLE, NO_TIER_TABLE, type WorkbookPriceTable, type WorkbookTierTable } from "../sheetModel/priceTables";
import type { PriceEdit } from "../sheetModel/priceEdits";
import { asText } from "../sheetModel/externalText";
import {
  TIER_COLUMN_ORDER,
  TIER_COLUMNS,
  TIER_HEADERS,
  TIER_NUMBER_FORMATS,
  TIER_SHEET_NAME,
  TIER_TABLE_NAME,
  locateTierColumns,
  parseTierTable,
  tierKeyOf,
  tierRowsOf,
  toTierTableRow,
  type TierColumn,
  type TierColumnIndex,
} from "../sheetModel/priceTierTable";

/* global Excel */

const NO_TABLE = NO_PRICE_TABLE;

/** A save or insert the workbook refused; nothing was written. The message is for the user. */
export class PriceTableConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceTableConflict";
  }
}

// ---- keeping the custom functions in step with the table ----

/**
 * The document setting that holds a fingerprint of the prices this workbook's cells were last fully
 * recalculated with. It is saved with the workbook, so opening it again with the same table needs
 * no full recalculation.
 */
export const FINGERPRINT_SETTING = "AIECON.pricesFingerprint";

/**
 * Manual calculation is the user's choice: the add-in then never recalculates for them, and a price
 * change shows after Ctrl+Alt+F9. Loaded with every table read and before every write, in the same
 * sync: call the result after it.
 */
function queueCalculationMode(context: Excel.RequestContext): () => boolean {
  const application = context.workbook.application;
  application.load("calculationMode");
  return () => String(application.calculationMode) === "Manual";
}

/**
 * The runtime's prices are updated before the batch that writes the rows, so the recalculation queued
 * in that batch already sees the new prices. When the batch fails, formulas must go back to what
 * the workbook still holds. Once the last batch is written, the pane hears of the table (once: the
 * change event the write raises reads back the same table, which the runtime does not tell again).
 */
async function syncOrRollBack(context: Excel.RequestContext, before: AppliedPrices): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    priceRuntime.restore(before);
    throw error;
  }
}

/** Formulas read prices through the price context, which Excel cannot see as a dependency, so a
 * changed table marks every cell dirty (CalculationType.full) rather than waiting for F9; the
 * fingerprint of the prices recalculated with is kept in the document. Not in manual calculation. */
function queueRecalc(context: Excel.RequestContext, manual: boolean): void {
  if (manual) return;
  context.workbook.application.calculate(Excel.CalculationType.full);
  context.workbook.settings.add(FINGERPRINT_SETTING, priceRuntime.appliedDigest());
}

/** The table's header and body in one sync, with our columns located by header name. */
async function loadCells(context: Excel.RequestContext, table: Excel.Table) {
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("values");
  await context.sync();
  const headerCells = header.values[0] as Cell[];
  const located = locateColumns(headerCells);
  if ("missing" in located) throw new PriceTableConflict(messages.priceTableColumnMissing(located.missing));
  return { header: headerCells, columns: located.columns, body: body.values as Cell[][] };
}

/** Both tables, and whether the workbook is in manual calculation (read in the same first sync). */
async function readTable(context: Excel.RequestContext): Promise<{ table: WorkbookPriceTable; manual: boolean }> {
  const table = context.workbook.tables.getItemOrNullObject(PRICE_TABLE_NAME);
  table.load("name");
  const tierTable = context.workbook.tables.getItemOrNullObject(TIER_TABLE_NAME);
  tierTable.load("name");
  const calculationMode = queueCalculationMode(context);
  await context.sync();
  const manual = calculationMode();
  if (table.isNullObject && tierTable.isNullObject) return { table: NO_TABLE, manual };
  const cells = (t: Excel.Table) => [t.getHeaderRowRange().load("values"), t.getDataBodyRange().load("values")] as const;
  const prices = table.isNullObject ? undefined : cells(table);
  const tiers = tierTable.isNullObject ? undefined : cells(tierTable);
  await context.sync();
  const priceTable = prices ? parseTable(prices[0].values[0] as Cell[], prices[1].values as Cell[][], priceRuntime.dateSystem) : undefined;
  const tierTableRead: WorkbookTierTable = tiers
    ? { exists: true, ...parseTierTable(tiers[0].values[0] as Cell[], tiers[1].values as Cell[][], priceTable?.rows ?? []) }
    : NO_TIER_TABLE;
  if (!priceTable) return { table: { ...NO_TABLE, tiers: tierTableRead }, manual };
  return { table: { exists: true, ...priceTable, tiers: tierTableRead }, manual };
}

/** Reads AIECON_Prices into the price runtime; recalculates only when prices changed. */
export async function reloadWorkbookPrices(): Promise<WorkbookPriceTable> {
  return Excel.run(async (context) => {
    const { table, manual } = await readTable(context);
    if (priceRuntime.apply(table)) {
      queueRecalc(context, manual);
      await context.sync();
    }
    priceRuntime.publish(table);
    return table;
  });
}

/**
 * The first read when the add-in starts with a workbook: the table goes to the functions, and the
 * full recalculation is skipped when the document's fingerprint says its cells were last computed
 * with exactly these prices (a workbook without the fingerprint was computed with the defaults).
 */
export async function loadWorkbookPricesAtStart(): Promise<WorkbookPriceTable> {
  return Excel.run(async (context) => {
    priceRuntime.useDateSystem((await readDateSystem1904(context)) ? "1904" : "1900");
    const stored = context.workbook.settings.getItemOrNullObject(FINGERPRINT_SETTING);
    stored.load("value");
    const { table, manual } = await readTable(context); // its first sync loads the setting too
    priceRuntime.apply(table);
    const last = stored.isNullObject ? PriceRuntime.NOTHING_APPLIED_DIGEST : String(stored.value);
    if (last !== priceRuntime.appliedDigest()) {
      queueRecalc(context, manual);
      await context.sync();
    }
    priceRuntime.publish(table);
    return table;
  });
}

/** Workbook.use1904DateSystem, in its own sync: hosts before that API answer it with an error, read as 1900. */
async function readDateSystem1904(context: Excel.RequestContext): Promise<boolean> {
  const workbook = context.workbook as Excel.Workbook & { use1904DateSystem?: boolean };
  try {
    workbook.load("use1904DateSystem");
    await context.sync();
    return workbook.use1904DateSystem === true;
  } catch {
    return false;
  }
}

/**
 * Reloads on every change to a table in the workbook (typing in AIECON_Prices included) and hands
 * the result to `onChange`. Reloads never overlap: changes arriving during one are folded into a
 * single follow-up reload. Resolves to a function that stops watching.
 */
export async function watchPriceTable(
  onChange: (table: WorkbookPriceTable) => void,
  onError: (error: unknown) => void = () => undefined,
): Promise<() => Promise<void>> {
  let running: Promise<void> | undefined;
  let again = false;
  const reload = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          onChange(await reloadWorkbookPrices());
        } catch (error) {
          onError(error);
        }
      } while (again);
    })();
    await running;
    running = undefined;
  };
  return Excel.run(async (context) => {
    const registration = context.workbook.tables.onChanged.add(reload);
    await context.sync();
    return async () => {
      await Excel.run(registration.context, async (ctx) => {
        registration.remove();
        await ctx.sync();
      });
    };
  });
}

// ---- inserting the table ----

export interface PriceTablePresence {
  readonly sheetExists: boolean;
  readonly tableExists: boolean;
  /** A sheet name not yet used, for inserting beside an existing "AI Prices" sheet. */
  readonly freeSheetName: string;
  /** Whether AIECON_PriceTiers exists, and the sheet a new one would go on. */
  readonly tierTableExists?: boolean;
  readonly freeTierSheetName?: string;
}

/** The sheet name, or its first free "name (n)", queued for one sync: call the result after it. */
function queueFreeSheetName(context: Excel.RequestContext, name: string): { taken: () => boolean; free: () => string } {
  const names = [name, ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${name} (${n})`)];
  const sheets = names.map((n) => context.workbook.worksheets.getItemOrNullObject(n).load("name"));
  return {
    taken: () => !sheets[0].isNullObject,
    free: () => {
      const freeAt = sheets.findIndex((sheet, i) => i > 0 && sheet.isNullObject);
      return freeAt > 0 ? names[freeAt] : `${name} (${Date.now()})`;
    },
  };
}

async function inspect(context: Excel.RequestContext): Promise<PriceTablePresence> {
  const table = context.workbook.tables.getItemOrNullObject(PRICE_TABLE_NAME);
  table.load("name");
  const tierTable = context.workbook.tables.getItemOrNullObject(TIER_TABLE_NAME);
  tierTable.load("name");
  const sheet = queueFreeSheetName(context, PRICE_SHEET_NAME);
  const tierSheet = queueFreeSheetName(context, TIER_SHEET_NAME);
  await context.sync();
  return {
    tableExists: !table.isNullObject,
    sheetExists: sheet.taken(),
    freeSheetName: sheet.free(),
    tierTableExists: !tierTable.isNullObject,
    freeTierSheetName: tierSheet.taken() ? tierSheet.free() : TIER_SHEET_NAME,
  };
}

/**
 * Queues a new AIECON_PriceTiers table on its own sheet with `rows`; its header row alone when none.
 * Returns what the table will hold once the batch is synced.
 */
export function queueNewTierTable(context: Excel.RequestContext, sheetName: string, rows: readonly TierRow[]): WorkbookTierTable {
  const sheet = context.workbook.worksheets.add(sheetName);
  const last = columnLetters(TIER_HEADERS.length);
  const table = sheet.tables.add(`A1:${last}1`, true);
  table.name = TIER_TABLE_NAME;
  table.getHeaderRowRange().values = [TIER_HEADERS as string[]];
  if (rows.length) {
    table.rows.add(
      undefined,
      rows.map((row) => toTierTableRow(row).map((cell, i) => tierCellToWrite(TIER_COLUMN_ORDER[i], cell))),
    );
    const formats = TIER_COLUMN_ORDER.map((c) => TIER_NUMBER_FORMATS[c]);
    sheet.getRange(`A2:${last}${rows.length + 1}`).numberFormat = rows.map(() => formats);
  }
  table.getRange().format.autofitColumns();
  return { exists: true, rows, problems: [], missingColumns: [] };
}

/**
 * Queues `rows` at the end of the existing AIECON_PriceTiers, leaving out models it already has tier rows
 * for, and the As of column when a table written before it lacks it and a row is dated (one sync to read it).
 */
async function queueTierRowsAppended(context: Excel.RequestContext, rows: readonly TierRow[]): Promise<WorkbookTierTable> {
  const table = context.workbook.tables.getItem(TIER_TABLE_NAME);
  const loaded = await loadTierCells(context, table);
  const has = new Set(parseTierTable(loaded.header, loaded.body).rows.map((r) => normaliseModelName(r.model)));
  const added = rows.filter((r) => !has.has(normaliseModelName(r.model)));
  const { header, columns, body } = queueAsOfColumn(table, loaded, added);
  if (added.length)
    table.rows.add(
      undefined,
      added.map((row) => tierLine(row, columns, header.length)),
    );
  const readBack = added.map((row) => tierLine(row, columns, header.length, false));
  return { exists: true, ...parseTierTable(header, [...body, ...readBack]) };
}

/** AIECON_PriceTiers' header and body in one sync, with our columns located by header name. */
async function loadTierCells(context: Excel.RequestContext, table: Excel.Table) {
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("values");
  await context.sync();
  const headerCells = header.values[0] as Cell[];
  const located = locateTierColumns(headerCells);
  if ("missing" in located) throw new PriceTableConflict(messages.tierTableColumnMissing(located.missing));
  return { header: headerCells, columns: located.columns, body: body.values as Cell[][] };
}

/** A tier table written before the As of column gets it, queued at its right end, when a row to write is dated. */
function queueAsOfColumn(table: Excel.Table, loaded: Awaited<ReturnType<typeof loadTierCells>>, rows: readonly TierRow[]) {
  if (loaded.columns.asOf >= 0 || !rows.some((r) => r.asOf)) return loaded;
  table.columns.add(undefined, undefined, TIER_COLUMNS.asOf);
  return {
    header: [...loaded.header, TIER_COLUMNS.asOf],
    columns: { ...loaded.columns, asOf: loaded.header.length },
    body: loaded.body.map((cells) => [...cells, ""]),
  };
}

/**
 * A tier row as a table row of `width` cells, each of our values under its own column: as written
 * (the model name protected as text) or, with `forWrite` false, as Excel will read it back.
 */
function tierLine(row: TierRow, columns: TierColumnIndex, width: number, forWrite = true): WritableCell[] {
  const line: WritableCell[] = new Array(width).fill("");
  toTierTableRow(row).forEach((cell, i) => {
    const column = TIER_COLUMN_ORDER[i];
    if (columns[column] >= 0) line[columns[column]] = forWrite ? tierCellToWrite(column, cell) : cell;
  });
  return line;
}

/** A model name lands in AIECON_PriceTiers as text, whatever it starts with ("=…", "+…", "@…"), as in AIECON_Prices. */
const tierCellToWrite = (column: TierColumn, cell: WritableCell): WritableCell =>
  TIER_NUMBER_FORMATS[column] === "@" ? asText(cell) : cell;

/** The tier rows copying the tiers of the models written, one per model name, date and threshold (makers' rows first). */
function bundledTierRows(rows: readonly ModelPrice[]): TierRow[] {
  const byModel = new Map<string, TierRow[]>();
  for (const row of rows) {
    const tiers = tierRowsOf(row);
    if (tiers.length && !byModel.has(normaliseModelName(row.model))) byModel.set(normaliseModelName(row.model), tiers);
  }
  return [...byModel.values()].flat();
}

/** Whether "AI Prices" or AIECON_Prices already exist, so the pane can ask before inserting. */
export async function inspectPriceTable(): Promise<PriceTablePresence> {
  return Excel.run(inspect);
}

/**
 * "create": only when neither the sheet nor the table exists. "merge": add the models the existing
 * table lacks, leaving every existing row as it is. "newSheet": the sheet name is taken by something
 * else, so the table goes on the first free "AI Prices (n)" sheet.
 */
export type InsertMode = "create" | "merge" | "newSheet";

export type InsertResult =
  | { readonly status: "refused"; readonly presence: PriceTablePresence }
  // `added` counts models; a model with dated prices is written as one row per date.
  | { readonly status: "inserted"; readonly added: number; readonly sheetName: string; readonly table: WorkbookPriceTable }
  | { readonly status: "merged"; readonly added: number; readonly table: WorkbookPriceTable };

/**
 * Rows per write batch when inserting. Each chunk is one sync, so progress can be shown between
 * them: inserting n rows takes 1 + ceil(n / INSERT_CHUNK_ROWS) syncs (2 more when merging).
 */
export const INSERT_CHUNK_ROWS = 500;

/** A full-width table row: our columns where they sit, blanks in columns the user added. */
function widthRow(price: ModelPrice, columns: ColumnIndex, width: number, forWrite = true): WritableCell[] {
  const cells: WritableCell[] = new Array(width).fill("");
  const ours = toTableRow(price);
  PRICE_COLUMN_ORDER.forEach((c, i) => {
    if (columns[c] >= 0) cells[columns[c]] = forWrite ? cellToWrite(c, ours[i]) : ours[i];
  });
  return cells;
}

/** A name (model, provider, source) from a price file or the pane lands as text, whatever it starts with ("=…", "+…", "@…"). */
const cellToWrite = (column: PriceColumn, cell: WritableCell): WritableCell => (PRICE_NUMBER_FORMATS[column] === "@" ? asText(cell) : cell);

/**
 * A table written before the "$ per 1K requests" column existed gets it (at its right end, in the
 * same batch) when a row about to be written has a fee, so the fee is never silently dropped.
 */
function addRequestColumnIfNeeded(
  table: Excel.Table,
  columns: ColumnIndex,
  width: number,
  rows: readonly ModelPrice[],
): { columns: ColumnIndex; width: number } {
  if (columns.perThousandRequests >= 0 || !rows.some((r) => r.perThousandRequests !== null)) return { columns, width };
  table.columns.add(undefined, undefined, PRICE_COLUMNS.perThousandRequests);
  return { columns: { ...columns, perThousandRequests: width }, width: width + 1 };
}

const OUR_LAYOUT = Object.fromEntries(PRICE_COLUMN_ORDER.map((c, i) => [c, i])) as ColumnIndex;

export async function insertPriceTable(
  rows: readonly ModelPrice[],
  options: { mode: InsertMode; onProgress?: (written: number, total: number) => void },
): Promise<InsertResult> {
  return Excel.run(async (context) => {
    const calculationMode = queueCalculationMode(context);
    const presence = await inspect(context);
    const manual = calculationMode();
    const { mode, onProgress } = options;
    if (presence.tableExists ? mode !== "merge" : presence.sheetExists && mode !== "newSheet") {
      return { status: "refused", presence };
    }

    let table: Excel.Table;
    let existing: ParsedTable = { rows: [], problems: [], missingColumns: [] };
    let columns = OUR_LAYOUT;
    let width = PRICE_HEADERS.length;
    let existingKeys = new Set<string>();
    let sheetName = PRICE_SHEET_NAME;
    let newSheet: Excel.Worksheet | undefined;
    if (presence.tableExists) {
      table = context.workbook.tables.getItem(PRICE_TABLE_NAME);
      const loaded = await loadCells(context, table);
      const headerCells = loaded.header;
      columns = loaded.columns;
      width = headerCells.length;
      existing = parseTable(headerCells, loaded.body, priceRuntime.dateSystem);
      existingKeys = new Set(loaded.body.map((cells) => rawModelKey(cells, columns)));
    } else {
      sheetName = presence.sheetExists ? presence.freeSheetName : PRICE_SHEET_NAME;
      const sheet = (newSheet = context.workbook.worksheets.add(sheetName));
      table = sheet.tables.add(`A1:${columnLetters(width)}1`, true);
      table.name = PRICE_TABLE_NAME;
      table.getHeaderRowRange().values = [PRICE_HEADERS as string[]];
    }

    // A model the table holds keeps all its rows; a new one comes with its bundled dated prices.
    const newModels = rows.filter((row) => !existingKeys.has(modelKey(row)));
    const toWrite = newModels.flatMap(datedRowsOf);
    if (presence.tableExists) ({ columns, width } = addRequestColumnIfNeeded(table, columns, width, toWrite));
    const after: ParsedTable = presence.tableExists
      ? { ...existing, rows: [...existing.rows, ...toWrite] }
      : { rows: toWrite, problems: [], missingColumns: [] };
    // The models written come with their bundled tiers, each dated price's from its date, in the tier
    // table (created when missing; a model it already has tier rows for keeps them).
    const tierRows = bundledTierRows(newModels);
    const tiers = !tierRows.length
      ? priceRuntime.table.tiers
      : presence.tierTableExists
        ? await queueTierRowsAppended(context, tierRows)
        : queueNewTierTable(context, presence.freeTierSheetName ?? TIER_SHEET_NAME, tierRows);
    const before = priceRuntime.snapshot();
    const recalc = priceRuntime.apply({ exists: true, ...after, tiers });
    const total = toWrite.length;
    // At least one batch, even with nothing to add, so a merge still sends its recalculation.
    const batches = Math.max(1, Math.ceil(total / INSERT_CHUNK_ROWS));
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * INSERT_CHUNK_ROWS;
      const chunk = toWrite.slice(start, start + INSERT_CHUNK_ROWS);
      if (chunk.length)
        table.rows.add(
          undefined,
          chunk.map((row) => widthRow(row, columns, width)),
        );
      if (newSheet && chunk.length) {
        // The exact cells this chunk wrote (the table starts at A1, data at row 2), so the format
        // array always matches the range's size.
        const top = 2 + start;
        const formats = PRICE_COLUMN_ORDER.map((c) => PRICE_NUMBER_FORMATS[c]);
        newSheet.getRange(`A${top}:${columnLetters(width)}${top + chunk.length - 1}`).numberFormat = chunk.map(() => formats);
      }
      if (batch === batches - 1) {
        if (newSheet) table.getRange().format.autofitColumns();
        if (recalc) queueRecalc(context, manual);
      }
      // A failed chunk leaves earlier chunks written; the change event they raise reloads the truth.
      await syncOrRollBack(context, before);
      onProgress?.(start + chunk.length, total);
    }
    const written: WorkbookPriceTable = { exists: true, ...after, tiers };
    priceRuntime.publish(written);
    return presence.tableExists
      ? { status: "merged", added: newModels.length, table: written }
      : { status: "inserted", added: newModels.length, sheetName, table: written };
  });
}

// ---- saving the pane's edits ----

const rawModelKey = (cells: readonly Cell[], columns: ColumnIndex): string =>
  rowKey(String(cells[columns.provider] ?? "").trim() || CUSTOM_PROVIDER, String(cells[columns.model] ?? ""));

const rawKey = (cells: readonly Cell[], columns: ColumnIndex): string =>
  datedRowKey(
    String(cells[columns.provider] ?? "").trim() || CUSTOM_PROVIDER,
    String(cells[columns.model] ?? ""),
    parseAsOf(cells[columns.asOf], priceRuntime.dateSystem),
  );

const sameCell = (column: (typeof PRICE_COLUMN_ORDER)[number], current: Cell, next: Cell): boolean =>
  column === "asOf"
    ? parseAsOf(current, priceRuntime.dateSystem) === parseAsOf(next, priceRuntime.dateSystem)
    : String(current ?? "") === String(next ?? "");

/**
 * Saves any number of edits in two syncs: one to read the table as it is now (the user may have
 * typed in it since the pane loaded), one for every write and the recalculation. Either every edit
 * is written or, when one no longer fits the table, none is.
 */
export async function savePriceEdits(edits: readonly PriceEdit[]): Promise<WorkbookPriceTable> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItem(PRICE_TABLE_NAME);
    const calculationMode = queueCalculationMode(context);
    const loaded = await loadCells(context, table);
    const manual = calculationMode();
    const current = loaded.body;
    const written = edits.flatMap((e) => (e.kind === "delete" ? [] : [e.price]));
    const { columns, width } = addRequestColumnIfNeeded(table, loaded.columns, loaded.header.length, written);
    const headerCells = width > loaded.header.length ? [...loaded.header, PRICE_COLUMNS.perThousandRequests] : loaded.header;
    if (width > loaded.header.length) current.forEach((cells) => cells.push(""));
    const positions = new Map<string, number>();
    current.forEach((cells, i) => {
      const key = rawKey(cells, columns);
      if (!positions.has(key)) positions.set(key, i);
    });

    // Check every edit against the table as it is now before queuing any write.
    const updates: Array<[number, ModelPrice]> = [];
    const deletes: number[] = [];
    const adds: ModelPrice[] = [];
    const taken = new Set(positions.keys());
    for (const edit of edits) {
      if (edit.kind === "add") {
        if (taken.has(keyOf(edit.price))) {
          throw new PriceTableConflict(messages.modelDateDuplicate(edit.price.model, edit.price.provider, edit.price.asOf));
        }
        taken.add(keyOf(edit.price));
        adds.push(edit.price);
        continue;
      }
      const at = positions.get(edit.key);
      if (at === undefined) throw new PriceTableConflict(messages.priceRowGone(edit.key.split("/").slice(1).join("/")));
      if (edit.kind === "delete") deletes.push(at);
      else {
        const renamed = keyOf(edit.price) !== edit.key;
        if (renamed && taken.has(keyOf(edit.price))) {
          throw new PriceTableConflict(messages.modelDateDuplicate(edit.price.model, edit.price.provider, edit.price.asOf));
        }
        if (renamed) {
          taken.delete(edit.key);
          taken.add(keyOf(edit.price));
        }
        updates.push([at, edit.price]);
      }
    }

    const next: Cell[][] = current.map((cells) => [...cells]);
    const dataBody = table.getDataBodyRange();
    for (const [at, price] of updates) {
      const cells = toTableRow(price);
      PRICE_COLUMN_ORDER.forEach((column, i) => {
        const col = columns[column];
        if (col < 0) return;
        if (sameCell(column, next[at][col], cells[i])) return;
        dataBody.getCell(at, col).values = [[cellToWrite(column, cells[i])]];
        next[at][col] = cells[i];
      });
    }
    // Bottom-up, so each queued delete leaves the positions of the ones after it valid.
    for (const at of [...new Set(deletes)].sort((a, b) => b - a)) table.rows.getItemAt(at).delete();
    // `added` is the rows as Excel will read them back; what is written protects their names.
    const added = adds.map((price) => widthRow(price, columns, width, false));
    if (added.length)
      table.rows.add(
        undefined,
        adds.map((price) => widthRow(price, columns, width)),
      );

    const deleted = new Set(deletes);
    const result: WorkbookPriceTable = {
      exists: true,
      ...parseTable(headerCells, [...next.filter((_, i) => !deleted.has(i)), ...added], priceRuntime.dateSystem),
      tiers: priceRuntime.table.tiers,
    };
    const before = priceRuntime.snapshot();
    if (priceRuntime.apply(result)) queueRecalc(context, manual);
    await syncOrRollBack(context, before);
    priceRuntime.publish(result);
    return result;
  });
}

// ---- saving the pane's tier edits ----

/**
 * Replaces a model's rows in AIECON_PriceTiers with `tiers` (tier rows replace every tier a model
 * has, so its whole list is written), creating the table on its own sheet when the workbook has
 * none. `seen` are the model's rows as the pane read them: when the sheet holds other ones now,
 * nothing is written. Two syncs, three when the table exists.
 */
export async function saveModelTiers(model: string, tiers: readonly DatedTier[], seen: readonly TierRow[]): Promise<WorkbookPriceTable> {
  return Excel.run(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(TIER_TABLE_NAME);
    table.load("name");
    const sheet = queueFreeSheetName(context, TIER_SHEET_NAME);
    const calculationMode = queueCalculationMode(context);
    await context.sync();
    const manual = calculationMode();
    const rows: TierRow[] = tiers.map((tier) => ({ model, ...tier }));
    const sameModel = (name: Cell) => normaliseModelName(String(name ?? "")) === normaliseModelName(model);
    const keys = (list: readonly TierRow[]) => list.map(tierKeyOf).sort().join("|");
    let next: WorkbookTierTable;
    if (table.isNullObject) {
      if (seen.length) throw new PriceTableConflict(messages.tierRowsChanged(model));
      next = queueNewTierTable(context, sheet.taken() ? sheet.free() : TIER_SHEET_NAME, rows);
    } else {
      const loaded = await loadTierCells(context, table);
      const parsed = parseTierTable(loaded.header, loaded.body);
      if (keys(parsed.rows.filter((r) => sameModel(r.model))) !== keys(seen)) throw new PriceTableConflict(messages.tierRowsChanged(model));
      const mine = loaded.body.flatMap((cells, i) => (sameModel(cells[loaded.columns.model]) ? [i] : []));
      // Bottom-up, so each queued delete leaves the positions of the ones after it valid.
      for (const at of [...mine].reverse()) table.rows.getItemAt(at).delete();
      const { header, columns, body } = queueAsOfColumn(table, loaded, rows);
      if (rows.length)
        table.rows.add(
          undefined,
          rows.map((row) => tierLine(row, columns, header.length)),
        );
      const readBack = rows.map((row) => tierLine(row, columns, header.length, false));
      next = {
        exists: true,
        ...parseTierTable(header, [...body.filter((_, i) => !mine.includes(i)), ...readBack], priceRuntime.table.rows),
      };
    }
    const result: WorkbookPriceTable = { ...priceRuntime.table, tiers: next };
    const before = priceRuntime.snapshot();
    if (priceRuntime.apply(result)) queueRecalc(context, manual);
    await syncOrRollBack(context, before);
    priceRuntime.publish(result);
    return result;
  });
}
