// Office and Excel stand-ins for the functions' runtime (src/workbook/priceWatch.ts), to hand to
// loadBuiltFunctions as globals: a workbook with an optional AIECON_Prices table, document settings,
// a calculation mode and a date system. Syncs can be held so a test can call functions before the
// runtime's first read has finished.
import { PRICE_HEADERS, PRICE_TABLE_NAME } from "../../src/sheetModel/priceTable";

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
  const handlers: Array<(event: unknown) => unknown> = [];

  const context = () => {
    const queue: Array<() => void> = [];
    const loadable = <T extends object>(target: T, fill: () => void): T & { load: () => T } =>
      Object.assign(target, {
        load() {
          queue.push(fill);
          return target;
        },
      });
    const workbook = loadable({ use1904DateSystem: undefined as boolean | undefined }, () => {
      if (book.use1904DateSystem === undefined) throw new Error("InvalidArgument: use1904DateSystem is not supported");
      workbook.use1904DateSystem = book.use1904DateSystem;
    });
    const application = loadable(
      {
        calculationMode: undefined as string | undefined,
        calculate: (type: string) => queue.push(() => book.calculations.push(type)),
      },
      () => (application.calculationMode = book.calculationMode),
    );
    const range = (values: () => unknown[][]) => {
      const r = loadable({ values: undefined as unknown[][] | undefined }, () => (r.values = values()));
      return r;
    };
    return {
      workbook: Object.assign(workbook, {
        application,
        settings: {
          getItemOrNullObject(key: string) {
            const item = loadable({ isNullObject: undefined as boolean | undefined, value: undefined as unknown }, () => {
              item.isNullObject = !(key in book.settings);
              item.value = book.settings[key];
            });
            return item;
          },
          add: (key: string, value: string) => queue.push(() => (book.settings[key] = value)),
        },
        tables: {
          getItemOrNullObject(name: string) {
            const t = loadable(
              {
                isNullObject: undefined as boolean | undefined,
                getHeaderRowRange: () => range(() => [[...PRICE_HEADERS]]),
                getDataBodyRange: () => range(() => book.table!.map((row) => [...row])),
              },
              () => (t.isNullObject = !(book.table && name === PRICE_TABLE_NAME)),
            );
            return t;
          },
          onChanged: {
            add(handler: (event: unknown) => unknown) {
              queue.push(() => handlers.push(handler));
              return { context: {}, remove: () => undefined };
            },
          },
        },
      }),
      async sync() {
        book.syncs += 1;
        if (held) await new Promise<void>((resolve) => held!.push(resolve));
        for (const fn of queue.splice(0)) fn();
      },
    };
  };

  const Excel = {
    CalculationType: { full: "Full", recalculate: "Recalculate" },
    run: async <T>(body: (ctx: ReturnType<typeof context>) => Promise<T>) => body(context()),
  };
  const Office = {
    onReady: async () => ({ host: "Excel", platform: "PC" }),
    HostType: { Excel: "Excel" },
  };
  return {
    book,
    globals: { Office, Excel },
    hold: () => (held ??= []),
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const resolve of waiting) resolve();
    },
    async fireTablesChanged() {
      await Promise.all(handlers.map((h) => h({ changeType: "RangeEdited" })));
    },
  };
}
