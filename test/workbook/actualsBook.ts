// The workbook of the actuals and usage tests: the one fake Excel (test/support/fakeExcel) seen
// through a small book of the tests' own (tables as header + body by name, settings, cells outside
// tables, the active sheet, and the writes in the tests' words). The book is copied into the fake
// before every sync and back after it, so a test may edit it between runs as a user would. A batch
// is applied whole or not at all (`atomic`), and each context's sync is a jest spy so tests count them.
import type { Cell } from "../../src/sheetModel/priceTable";
import { createFakeExcel, type FakeOp } from "../support/fakeExcel/fakeExcel";
import { bindTableBook } from "../support/fakeExcel/tableBook";

export interface ActualsBookTable {
  sheet: string;
  header: Cell[];
  body: Cell[][];
}

export interface ActualsBook {
  sheets: string[];
  tables: Record<string, ActualsBookTable>;
  settings: Record<string, string>;
  /** Cells outside tables, by "Sheet!A1". */
  cells: Record<string, Cell>;
  activeSheet: string;
  /** Every write that reached the book, in order. */
  writes: string[];
  syncSpies: jest.SpyInstance[];
}

export function newActualsBook(
  init: Partial<Pick<ActualsBook, "sheets" | "tables" | "settings" | "cells" | "activeSheet">> = {},
): ActualsBook {
  return {
    sheets: init.sheets ?? ["Sheet1"],
    tables: init.tables ?? {},
    settings: init.settings ?? {},
    cells: init.cells ?? {},
    activeSheet: init.activeSheet ?? "Sheet1",
    writes: [],
    syncSpies: [],
  };
}

export const syncCount = (book: ActualsBook): number => book.syncSpies.reduce((n, spy) => n + spy.mock.calls.length, 0);
/** Syncs of the last Excel.run. */
export const lastRunSyncs = (book: ActualsBook): number => book.syncSpies.at(-1)!.mock.calls.length;

type Fake = ReturnType<typeof createFakeExcel>;
const fakes = new WeakMap<ActualsBook, Fake>();

function fakeOf(book: ActualsBook): Fake {
  const known = fakes.get(book);
  if (known) return known;
  // A formula's value is its result; this book does not calculate, so it reads 0.
  const fake = createFakeExcel({}, { atomic: true, formulaValue: () => 0 });
  const b = fake.book;
  bindTableBook(fake, book);

  /** Tables added in a batch, by their first name, with their body size: logged once named. */
  const created = new Map<string, number>();
  fake.book.onOp((op: FakeOp) => {
    const rows = (n: number) => `${op.row}..${op.row + n - 1}`;
    if (op.kind === "write" && op.part === "body") book.writes.push(`${op.table} write rows ${rows(op.rows)}`);
    else if (op.kind === "write" && !op.table && op.prop === "values") book.writes.push(`${op.sheet}!${op.address} values ${op.rows}`);
    else if (op.kind === "rows.delete") book.writes.push(`${op.table} delete rows ${op.index}..${op.index + op.count - 1}`);
    else if (op.kind === "rows.add") book.writes.push(`${op.table} add ${op.count}`);
    else if (op.kind === "sheet.add") book.writes.push(`add sheet ${op.sheet}`);
    else if (op.kind === "numberFormat") book.writes.push(`format ${op.sheet}!${op.address}`);
    else if (op.kind === "table.add") created.set(op.table, b.tableCells(op.table).body.length);
    else if (op.kind === "table.name" && created.has(op.was)) {
      book.writes.push(`${op.table} created ${created.get(op.was)}`);
      created.delete(op.was);
    }
  });
  fakes.set(book, fake);
  return fake;
}

function buildContext(book: ActualsBook) {
  const context = fakeOf(book).newContext();
  book.syncSpies.push(jest.spyOn(context, "sync"));
  return context;
}

export function installActualsExcel(book: ActualsBook): void {
  const fake = fakeOf(book);
  (globalThis as unknown as { Excel: unknown }).Excel = {
    ...fake.excel,
    run: async (body: (context: unknown) => Promise<unknown>) => body(buildContext(book)),
  };
}
