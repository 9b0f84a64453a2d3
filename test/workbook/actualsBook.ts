// An in-memory workbook for the actuals writer, on office-addin-mock: every object the code loads is
// an OfficeMockObject (reading a property before load + sync throws, as in Excel), writes are queued
// and applied only on context.sync(), and each context's sync is a jest spy so tests count them.
import { OfficeMockObject } from "office-addin-mock";
import type { Cell } from "../../src/sheetModel/priceTable";
import { landsAs, readBack } from "../support/excelText";

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

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const copy = (rows: Cell[][]) => rows.map((r) => [...r]);
/** What Excel hands back for written cells: a text cell's quote prefix is not part of it. */
const read = (rows: Cell[][]) => rows.map((r) => r.map(readBack));
/** Values of written cells: a formula's value is its result (this double does not compute: 0). */
const valuesOf = (rows: Cell[][]) => rows.map((r) => r.map((c) => (landsAs(c).kind === "formula" ? 0 : readBack(c))));

function parseRange(address: string) {
  const [a, b] = address.split(":");
  const cell = (ref: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
    const column = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    return { row: Number(m[2]) - 1, column };
  };
  const first = cell(a);
  const last = b ? cell(b) : first;
  return { first, last };
}

function buildContext(book: ActualsBook) {
  const pending: Array<() => void> = [];
  const loaded: OfficeMockObject[] = [];
  let failure: Error | undefined;
  const queue = (fn: () => void) => pending.push(fn);
  const mock = <T extends object>(data: T): T => {
    const m = new OfficeMockObject(data as never);
    loaded.push(m);
    return m as unknown as T;
  };
  const tableOf = (name: string) => {
    const t = book.tables[name];
    if (!t) throw new Error(`ItemNotFound: ${name}`);
    return t;
  };

  /** A block of a table body: rows r0.., columns c0.. of the body as it is when the batch runs. */
  const bodyBlock = (name: string, r0: number, c0: number, rows: number, columns: number) => ({
    set formulas(value: Cell[][]) {
      if (value.length !== rows || value.some((r) => r.length !== columns))
        failure = new Error(`InvalidArgument: ${rows}×${columns} range given ${value.length} rows`);
      queue(() => {
        const t = tableOf(name);
        value.forEach((row, i) => row.forEach((v, j) => (t.body[r0 + i][c0 + j] = v)));
        book.writes.push(`${name} write rows ${r0}..${r0 + rows - 1}`);
      });
    },
    set values(value: Cell[][]) {
      this.formulas = value;
    },
    set formulasR1C1(value: Cell[][]) {
      this.formulas = value;
    },
    getResizedRange(dr: number, dc: number) {
      return bodyBlock(name, r0, c0, rows + dr, columns + dc);
    },
    delete(direction: string) {
      queue(() => {
        if (direction !== "Up" || c0 !== 0) throw new Error("only whole rows are deleted up");
        tableOf(name).body.splice(r0, rows);
        book.writes.push(`${name} delete rows ${r0}..${r0 + rows - 1}`);
      });
    },
  });

  const tableHandle = (name: string, mustExist: boolean) => {
    if (mustExist && !book.tables[name]) failure = new Error(`ItemNotFound: ${name}`);
    const t = book.tables[name];
    const handle = mock({
      name,
      worksheet: { name: t?.sheet ?? "" },
      getHeaderRowRange: () => mock({ values: [t ? t.header.map(readBack) : []] }),
      getDataBodyRange: () => {
        const body = t ? read(t.body) : [];
        return mock({
          values: t ? valuesOf(t.body) : [],
          formulas: body,
          formulasR1C1: body,
          getCell: (r: number, c: number) => bodyBlock(name, r, c, 1, 1),
        });
      },
      rows: {
        add: (_index: unknown, values: Cell[][]) =>
          queue(() => {
            tableOf(name).body.push(...copy(values));
            book.writes.push(`${name} add ${values.length}`);
          }),
      },
    });
    // Excel answers isNullObject after any sync, loaded or not.
    return Object.assign(handle, { isNullObject: !t });
  };

  const sheetHandle = (sheetName: string) => ({
    getRange: (address: string) => {
      const key = `${sheetName}!${address}`;
      return mock({ values: [[readBack(book.cells[key] ?? "")]] });
    },
  });

  const data = {
    workbook: {
      worksheets: {
        load: () => {
          const sheets = mock({ items: book.sheets.map((name) => ({ name })) }) as unknown as OfficeMockObject;
          sheets.load("items");
          return sheets;
        },
        getItem: (name: string) => {
          if (!book.sheets.includes(name)) failure = new Error(`ItemNotFound: ${name}`);
          return sheetHandle(name);
        },
        getActiveWorksheet: () => sheetHandle(book.activeSheet),
        add: (name: string) => {
          if (book.sheets.includes(name)) failure = new Error(`ItemAlreadyExists: ${name}`);
          queue(() => {
            book.sheets.push(name);
            book.writes.push(`add sheet ${name}`);
          });
          let written: Cell[][] = [];
          return {
            getRange: (address: string) => ({
              set values(value: Cell[][]) {
                written = copy(value);
                queue(() => book.writes.push(`${name}!${address} values ${value.length}`));
              },
              set numberFormat(value: unknown[][]) {
                const { first, last } = parseRange(address);
                if (value.length !== last.row - first.row + 1) failure = new Error(`InvalidArgument: format rows for ${address}`);
                queue(() => book.writes.push(`format ${name}!${address}`));
              },
            }),
            tables: {
              add: (address: string, hasHeaders: boolean) => {
                const table = { tableName: "" };
                queue(() => {
                  const { first, last } = parseRange(address);
                  if (!hasHeaders || written.length !== last.row - first.row + 1) throw new Error("table over unwritten cells");
                  book.tables[table.tableName] = { sheet: name, header: written[0], body: written.slice(1) };
                  book.writes.push(`${table.tableName} created ${written.length - 1}`);
                });
                return {
                  set name(value: string) {
                    table.tableName = value;
                  },
                  getRange: () => ({ format: { autofitColumns: () => undefined } }),
                };
              },
            },
          };
        },
      },
      tables: {
        getItemOrNullObject: (name: string) => tableHandle(name, false),
        getItem: (name: string) => tableHandle(name, true),
      },
      settings: {
        getItemOrNullObject: (key: string) =>
          Object.assign(mock({ value: book.settings[key] ?? "" }), { isNullObject: !(key in book.settings) }),
        add: (key: string, value: string) => queue(() => (book.settings[key] = value)),
      },
    },
    async sync() {
      await Promise.all(loaded.map((m) => m.sync()));
      await settle();
      if (failure) {
        const f = failure;
        failure = undefined;
        pending.length = 0;
        throw f;
      }
      // A batch is applied whole or not at all.
      const snapshot = JSON.stringify([book.sheets, book.tables, book.settings]);
      try {
        pending.splice(0).forEach((write) => write());
      } catch (error) {
        const [sheets, tables, settings] = JSON.parse(snapshot);
        Object.assign(book, { sheets, tables, settings });
        throw error;
      }
    },
  };
  const context = data as unknown as { sync: () => Promise<void> };
  book.syncSpies.push(jest.spyOn(context, "sync"));
  return context;
}

export function installActualsExcel(book: ActualsBook): void {
  (globalThis as unknown as { Excel: unknown }).Excel = {
    DeleteShiftDirection: { up: "Up", left: "Left" },
    run: async (body: (context: unknown) => Promise<unknown>) => body(buildContext(book)),
  };
}
