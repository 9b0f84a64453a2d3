// The mock workbook of the src/workbook tests: the one fake Excel (test/support/fakeExcel) seen
// through a small Book of the tests' own (the price table and the tier table as header + body, the
// sheets, settings, calculations and the writes in the tests' words). The Book is the tests' hand on
// the workbook: it is copied into the fake before every sync and back after it, so a test may edit a
// cell between two runs as a user would. Each context's sync is a jest spy, so tests count syncs.
// A failed batch is rolled back whole (`atomic`), which the refusal tests rely on.
import type { Cell } from "../../src/sheetModel/priceTable";
import { createFakeExcel, type FakeOp } from "../support/fakeExcel/fakeExcel";
import { bindPriceBook } from "../support/fakeExcel/priceBook";

export interface BookTable {
  name: string;
  sheet: string;
  header: Cell[];
  body: Cell[][];
  /** Number-format writes: the address and the size of the format array given. */
  numberFormats?: Array<{ address: string; rows: number; columns: number }>;
}

export interface Book {
  sheets: string[];
  table?: BookTable;
  /** AIECON_PriceTiers, when the book has one. */
  tierTable?: BookTable;
  /** CalculationType of every application.calculate that reached Excel. */
  calculations: string[];
  /** Every cell, row or header write that reached the book, in order. */
  writes: string[];
  handlers: Array<(event: unknown) => Promise<void> | void>;
  /** Application.calculationMode ("Automatic" unless set). */
  calculationMode?: string;
  /** Document settings (workbook.settings) that reached the workbook. */
  settings?: Record<string, string>;
  /** When set, the nth sync of the next Excel.run fails before applying its batch (as Excel does on an error). */
  failSync?: number;
  syncSpies: jest.SpyInstance[];
}

export function newBook(init: Partial<Pick<Book, "sheets" | "table" | "tierTable">> = {}): Book {
  return {
    sheets: init.sheets ?? [],
    table: init.table,
    tierTable: init.tierTable,
    calculations: [],
    writes: [],
    handlers: [],
    syncSpies: [],
  };
}

const TIER_TABLE = "AIECON_PriceTiers";

export const syncCount = (book: Book): number => book.syncSpies.reduce((n, spy) => n + spy.mock.calls.length, 0);

type Fake = ReturnType<typeof createFakeExcel>;
const fakes = new WeakMap<Book, Fake>();

/** The fake behind a book, made on first use: its handlers and calculations are the book's own arrays. */
function fakeOf(book: Book): Fake {
  const known = fakes.get(book);
  if (known) return known;
  // A formula cell reads back as its text: this book does not calculate.
  const fake = createFakeExcel({}, { atomic: true, formulaValue: (formula) => formula });
  fake.state.handlers.tablesChanged = book.handlers;
  fake.state.calculations = book.calculations;
  const formats = new Map<string, BookTable["numberFormats"] & object>();
  bindPriceBook(fake, book, TIER_TABLE);
  // The handlers and calculations stay the book's own arrays; number formats land on the table they were written beside.
  const copyOut = fake.state.afterSync;
  fake.state.afterSync = (failure: unknown, context: unknown) => {
    copyOut(failure, context);
    for (const slot of ["table", "tierTable"] as const) {
      const t = book[slot];
      if (t && formats.has(t.name)) t.numberFormats = formats.get(t.name);
    }
  };

  fake.book.onOp((op: FakeOp) => {
    const prefix = op.table === TIER_TABLE ? "tier " : "";
    if (op.kind === "write" && op.part === "header") book.writes.push(`${prefix}header`);
    else if (op.kind === "write" && op.part === "body") book.writes.push(`${prefix}cell ${op.row},${op.column}`);
    else if (op.kind === "rows.add") book.writes.push(`${prefix}add ${op.count}`);
    else if (op.kind === "rows.delete") book.writes.push(`${prefix}delete ${op.index}`);
    else if (op.kind === "columns.add") book.writes.push(`${prefix}column ${op.name}`);
    else if (op.kind === "numberFormat") {
      // Formats land on the table of the sheet they were written to.
      const t = fake.state.tables.find((x: { sheet: { name: string } }) => x.sheet.name === op.sheet);
      if (!t) return;
      if (!formats.has(t.name)) formats.set(t.name, []);
      formats.get(t.name)!.push({ address: op.address, rows: op.rows, columns: op.columns });
    }
  });
  fakes.set(book, fake);
  return fake;
}

function buildContext(book: Book) {
  const fake = fakeOf(book);
  const context = fake.newContext();
  const failAt = book.failSync;
  book.failSync = undefined;
  let syncs = 0;
  const sync = context.sync;
  context.sync = async () => {
    syncs += 1;
    if (syncs === failAt) fake.state.failNextSync = new Error("GeneralException: the batch failed");
    await sync();
  };
  book.syncSpies.push(jest.spyOn(context, "sync"));
  return context;
}

/** Installs the Excel global over `book`. */
export function installExcel(book: Book): void {
  const fake = fakeOf(book);
  (globalThis as unknown as { Excel: unknown }).Excel = {
    ...fake.excel,
    run: async (first: unknown, second?: (context: unknown) => Promise<unknown>) => {
      const body = (second ?? first) as (context: unknown) => Promise<unknown>;
      return body(buildContext(book));
    },
  };
}

/** Simulates the user typing in a table: Excel raises tables.onChanged to every handler. */
export async function fireTableChanged(book: Book): Promise<void> {
  await Promise.all(book.handlers.map((handler) => handler({ tableId: "{1}", changeType: "RangeEdited", source: "Local" })));
}
