// An Excel workbook for src/workbook tests, built on office-addin-mock: each Excel.run gets an
// OfficeMockObject context over a small in-memory book. Writes are queued and reach the book only
// on context.sync(), as in Excel, and every context's sync is a jest spy so tests count them.
import { OfficeMockObject } from "office-addin-mock";
import type { Cell } from "../../src/sheetModel/priceTable";
import { readBack } from "../support/excelText";

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
type Slot = "table" | "tierTable";
const slotOf = (name: string): Slot => (name === TIER_TABLE ? "tierTable" : "table");

export const syncCount = (book: Book): number => book.syncSpies.reduce((n, spy) => n + spy.mock.calls.length, 0);

/** Lets office-addin-mock's nested syncs settle (it does not await them itself). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function buildContext(book: Book) {
  const pending: Array<() => void> = [];
  let failure: Error | undefined;
  let syncs = 0;
  const failAt = book.failSync;
  book.failSync = undefined;
  const queue = (fn: () => void) => pending.push(fn);
  const tableIn = (slot: Slot) => () => {
    const found = book[slot];
    if (!found) throw new Error("the table is gone");
    return found;
  };
  const table = tableIn("table");
  /** The table each sheet's new table became once named, so its number formats land on it. */
  const created = new Map<string, BookTable>();

  const newTableRecorder = (sheet: string) => {
    const fresh: BookTable = { name: "", sheet, header: [], body: [] };
    queue(() => created.set(sheet, fresh));
    return {
      set name(value: string) {
        queue(() => {
          fresh.name = value;
          book[slotOf(value)] = fresh;
        });
      },
      getHeaderRowRange: () => ({
        set values(value: Cell[][]) {
          queue(() => {
            fresh.header = [...value[0]];
            book.writes.push(fresh.name === TIER_TABLE ? "tier header" : "header");
          });
        },
      }),
      rows: {
        add: (_index: unknown, values: Cell[][]) =>
          queue(() => {
            fresh.body.push(...values.map((r) => [...r]));
            book.writes.push(`${fresh.name === TIER_TABLE ? "tier " : ""}add ${values.length}`);
          }),
      },
      getRange: () => ({ format: { autofitColumns: () => undefined } }),
    };
  };

  /** The API of one existing table, over the state it had when this context was made. */
  const tableApi = (slot: Slot) => {
    const existing = book[slot];
    const current = tableIn(slot);
    const prefix = slot === "tierTable" ? "tier " : "";
    return {
      name: existing?.name ?? "",
      header: { values: [existing?.header.map(readBack) ?? []] },
      body: {
        // As Excel reads them back: a text cell's quote prefix is not part of its value.
        values: existing?.body.map((r) => r.map(readBack)) ?? [],
        getCell(row: number, column: number) {
          return {
            set values(value: Cell[][]) {
              queue(() => {
                current().body[row][column] = value[0][0];
                book.writes.push(`${prefix}cell ${row},${column}`);
              });
            },
          };
        },
      },
      getHeaderRowRange() {
        return this.header;
      },
      getDataBodyRange() {
        return this.body;
      },
      columns: {
        add: (_index: unknown, _values: unknown, name: string) =>
          queue(() => {
            current().header.push(name);
            for (const row of current().body) row.push("");
            book.writes.push(`${prefix}column ${name}`);
          }),
      },
      rows: {
        add: (_index: unknown, values: Cell[][]) =>
          queue(() => {
            current().body.push(...values.map((r) => [...r]));
            book.writes.push(`${prefix}add ${values.length}`);
          }),
        getItemAt: (index: number) => ({
          delete: () =>
            queue(() => {
              current().body.splice(index, 1);
              book.writes.push(`${prefix}delete ${index}`);
            }),
        }),
      },
    };
  };

  const data = {
    workbook: {
      application: {
        calculationMode: book.calculationMode ?? "Automatic",
        calculate(type: string) {
          queue(() => book.calculations.push(type));
        },
      },
      settings: {
        add(key: string, value: string) {
          queue(() => ((book.settings ??= {})[key] = value));
        },
      },
      worksheets: {
        getItemOrNullObject(name: string) {
          const sheet = new OfficeMockObject({ name }) as unknown as { isNullObject: boolean };
          sheet.isNullObject = !book.sheets.includes(name);
          return sheet;
        },
        add(name: string) {
          if (book.sheets.includes(name)) failure = new Error(`sheet ${name} exists`);
          queue(() => book.sheets.push(name));
          return {
            tables: { add: () => newTableRecorder(name) },
            getRange: (address: string) => ({
              set numberFormat(value: unknown[][]) {
                queue(() => {
                  const formats = ((created.get(name) ?? table()).numberFormats ??= []);
                  formats.push({ address, rows: value.length, columns: value[0].length });
                });
              },
            }),
          };
        },
      },
      tables: {
        priceTable: tableApi("table"),
        tierTable: tableApi("tierTable"),
        getItemOrNullObject(name: string) {
          const slot = slotOf(name);
          const found = (slot === "tierTable" ? this.tierTable : this.priceTable) as ReturnType<typeof tableApi> & {
            isNullObject: boolean;
          };
          found.isNullObject = !(book[slot] && book[slot].name === name);
          return found;
        },
        getItem(name: string) {
          const slot = slotOf(name);
          if (!(book[slot] && book[slot].name === name)) failure = new Error(`ItemNotFound: ${name}`);
          return slot === "tierTable" ? this.tierTable : this.priceTable;
        },
        onChanged: {
          add(handler: (event: unknown) => Promise<void>) {
            queue(() => book.handlers.push(handler));
            return { context: {}, remove: () => undefined };
          },
        },
      },
    },
    async sync(this: unknown) {
      await OfficeMockObject.prototype.sync.call(this);
      await settle();
      syncs += 1;
      if (syncs === failAt) failure = new Error("GeneralException: the batch failed");
      if (failure) throw failure;
      pending.splice(0).forEach((write) => write());
    },
  };
  const context = new OfficeMockObject(data) as unknown as { sync: () => Promise<void> };
  book.syncSpies.push(jest.spyOn(context, "sync"));
  return context;
}

/** Installs the Excel global over `book`. */
export function installExcel(book: Book): void {
  (globalThis as unknown as { Excel: unknown }).Excel = {
    CalculationType: { full: "Full", recalculate: "Recalculate", fullRebuild: "FullRebuild" },
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
