// Office and Excel stand-ins for the functions' runtime (src/workbook/priceWatch.ts), to hand to
// loadBuiltFunctions as globals: the one fake Excel (./fakeExcel) holding an optional AIECON_Prices
// table, document settings, a calculation mode and a date system, all read from `book` before every
// sync. Syncs can be held so a test can call functions before the runtime's first read has finished.
import { PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME } from "../../src/sheetModel/priceTable";
import { createFakeExcel } from "./fakeExcel/fakeExcel";

export interface RuntimeBook {
  /** Body rows of AIECON_Prices (header = PRICE_HEADERS); no table when undefined. */
  table?: unknown[][];
  settings: Record<string, string>;
  calculationMode: "Automatic" | "AutomaticExceptTables" | "Manual";
  use1904DateSystem?: boolean;
  /** CalculationType of every application.calculate that reached the workbook. */
  calculations: string[];
  syncs: number;
}

export interface RuntimeHost {
  readonly book: RuntimeBook;
  readonly globals: { Office: unknown; Excel: unknown };
  /** While held, every sync waits for release(). */
  hold(): void;
  release(): void;
  /** Fires the workbook's tables.onChanged handlers, as Excel does after an edit in a table. */
  fireTablesChanged(): Promise<void>;
}

export function excelRuntimeHost(init: Partial<RuntimeBook> = {}): RuntimeHost {
  const book: RuntimeBook = { settings: {}, calculationMode: "Automatic", calculations: [], syncs: 0, ...init };
  let held: Array<() => void> | undefined;
  const fake = createFakeExcel({ sheets: { [PRICE_SHEET_NAME]: {} } });
  fake.state.calculations = book.calculations;
  fake.state.beforeSync = async () => {
    book.syncs += 1;
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
    if (book.table) fake.book.setTableCells(PRICE_TABLE_NAME, PRICE_SHEET_NAME, [...PRICE_HEADERS], book.table);
    else fake.book.removeTable(PRICE_TABLE_NAME);
    fake.state.settings = new Map(Object.entries(book.settings));
    fake.state.calculationMode = book.calculationMode;
    fake.state.use1904DateSystem = book.use1904DateSystem;
  };
  fake.state.afterSync = () => {
    book.settings = Object.fromEntries(fake.state.settings) as Record<string, string>;
  };

  const Office = {
    onReady: async () => ({ host: "Excel", platform: "PC" }),
    HostType: { Excel: "Excel" },
  };
  return {
    book,
    globals: { Office, Excel: fake.excel },
    hold: () => (held ??= []),
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const resolve of waiting) resolve();
    },
    async fireTablesChanged() {
      await fake.book.fire("tablesChanged", { changeType: "RangeEdited" });
    },
  };
}
