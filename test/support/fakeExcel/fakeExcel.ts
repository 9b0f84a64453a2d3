// The one fake Excel of the tests: an in-memory workbook (sheets of cells, tables, names, notes,
// settings, charts) behind a request context with Office.js's load/sync semantics. Every host in
// test/support builds on it: the jest doubles (mockWorkbook, actualsBook, shareHost, classifyHost,
// excelRuntimeHost) call it directly; the browser hosts inject its source into the page.
//
// What it holds to, as Office.js does:
// - Every method call, property write and load() is queued; context.sync() runs the queue in order.
//   A proxy (range, table, sheet…) binds to its target when the call that made it runs, so a range
//   taken before rows.add keeps its size, and getItem of a missing item fails the sync that carries it.
// - Reading a property that no load() + sync() filled (nor the code itself wrote) throws a
//   PropertyNotLoaded error. isNullObject is answered for every *OrNullObject proxy once a sync has
//   run its call, loaded or not (what the add-in relies on, and what Excel does).
// - A failed call fails its sync: the calls before it stay applied and the rest of the batch is
//   dropped. With `atomic` the whole batch is rolled back instead (two older doubles asserted that).
// - Strings land as Excel stores them: a leading apostrophe is the quote prefix (read back without
//   it, office-js #6687); "=", or "+", "-", "@" before something not a number, starts a formula,
//   except when written through `values` into a cell formatted "@". Formulas are kept, never
//   calculated: a formula cell's value is its cached value, or what `formulaValue` says.
// - Events: tables.onChanged/onAdded, worksheets.onAdded and a table's own onChanged register at
//   sync; hosts raise them with fire(), and with `raiseEvents` the fake raises them after a sync
//   that added or wrote into a table, as Excel does for add-in writes.
// Simplifications: a table may have no body rows (Excel keeps one empty row); formulasR1C1 is stored
// and read back as written, not converted; formatting, validation and charts are recorded, not drawn.
//
// Why not office-addin-mock underneath: it cannot run in the browser tests' pages (this function is
// serialised into them, so it must stay self-contained: no imports, no outer references), it keeps
// no workbook (writes are just property values) and its sync settles loads in promises it does not
// await. It stays the reference for the rule: test/workbook/fakeExcelMatchesOfficeAddinMock.test.ts
// runs the same loads, syncs and reads through both and checks this fake refuses what it refuses.

/* eslint-disable @typescript-eslint/no-unsafe-function-type */

export interface FakeExcelOptions {
  /** What a formula cell's `values` read gives when it has no cached value; "" when omitted. */
  formulaValue?: (formula: string) => unknown;
  /** Roll a failed batch back whole instead of keeping the calls before the failure. */
  atomic?: boolean;
  /** Raise tables.onChanged/onAdded and worksheets.onAdded after syncs that changed tables or sheets. */
  raiseEvents?: boolean;
  /** Workbook.use1904DateSystem; undefined: the host predates that API and a load of it fails the sync. */
  use1904DateSystem?: boolean;
}

export interface FakeExcelInit {
  /** Sheet name → A1 address → what a user typed there (a formula as "=…"). */
  sheets?: Record<string, Record<string, unknown>>;
  tables?: { name: string; address: string }[];
  names?: { name: string; address: string }[];
  settings?: Record<string, unknown>;
  active?: string;
  selection?: string;
  calculationMode?: string;
}

/** One logged effect of a sync, for hosts that record writes in their own words. */
export interface FakeOp {
  kind: string;
  [detail: string]: any;
}

export function createFakeExcel(init: FakeExcelInit = {}, options: FakeExcelOptions = {}): any {
  type Cell = { raw: unknown; kind: "formula" | "text" | "value"; fmt?: string; cached?: unknown };
  type Sheet = {
    id: number;
    name: string;
    visibility: string;
    cells: Map<string, Cell>;
    notes: Map<string, string>;
    hidden: Set<number>;
    frozenRows?: number;
  };
  type Area = { sheet: Sheet; r0: number; c0: number; r1: number; c1: number; whole?: boolean };
  type Table = { id: number; name: string; sheet: Sheet; r0: number; c0: number; r1: number; c1: number; handlers: Function[] };
  type Chart = {
    sheet: Sheet;
    name: string;
    type: string;
    source: string;
    seriesBy: string;
    title?: string;
    position?: [string, string];
    valueAxisTitle?: string;
    categoryAxisTitle?: string;
    categories: Record<number, string>;
    fills?: Record<number, string>;
    /** Series past the first, by index: their names and values ranges. */
    series: Record<number, { name?: string; values?: string }>;
    width?: number;
    height?: number;
  };
  const MAX_ROW = 1048575;

  const state = {
    sheets: [] as Sheet[],
    tables: [] as Table[],
    names: new Map<string, Area>(),
    settings: new Map<string, unknown>(),
    charts: [] as Chart[],
    /** Recorded formatting by "Sheet!A1:B2" → property path → value. */
    styles: new Map<string, Record<string, unknown>>(),
    active: "",
    selection: init.selection,
    calculationMode: init.calculationMode ?? "Automatic",
    /** application.iterativeCalculation (ExcelApi 1.9). */
    iterative: { enabled: false, maxIteration: 100, maxChange: 0.001 },
    calculations: [] as string[],
    use1904DateSystem: options.use1904DateSystem,
    handlers: { tablesChanged: [] as Function[], tablesAdded: [] as Function[], worksheetsAdded: [] as Function[] },
    syncs: 0,
    ids: 0,
    /** Set by a host: the next sync fails with this error before running its batch. */
    failNextSync: undefined as Error | undefined,
    /** Called before each sync runs its batch (hosts hold or delay syncs here). */
    beforeSync: undefined as undefined | ((context: any) => Promise<void> | void),
    /** Called after each sync, whether it failed or not (hosts copy state out here). */
    afterSync: undefined as undefined | ((failed: unknown, context: any) => void),
    /** Called as each Excel.run starts, with its record ({ syncs }, also context.__run): hosts log per run here. */
    onRun: undefined as undefined | ((run: { syncs: number; [detail: string]: unknown }) => void),
  };
  const listeners: ((op: FakeOp, context: any) => void)[] = [];
  /** The context whose batch is running: each logged effect names it, so hosts can log per Excel.run. */
  let batchContext: any;
  const log = (op: FakeOp) => listeners.forEach((l) => l(op, batchContext));

  // ---- addresses ----
  const colIndex = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const colLetter = (index: number) => {
    let n = index + 1;
    let out = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      out = String.fromCharCode(65 + r) + out;
      n = Math.floor((n - 1) / 26);
    }
    return out;
  };
  const quoteSheet = (name: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);
  const a1 = (r: number, c: number) => `${colLetter(c)}${r + 1}`;
  const localAddress = (a: { r0: number; c0: number; r1: number; c1: number }) =>
    a.r0 === a.r1 && a.c0 === a.c1 ? a1(a.r0, a.c0) : `${a1(a.r0, a.c0)}:${a1(a.r1, a.c1)}`;
  const addressOf = (a: Area) => `${quoteSheet(a.sheet.name)}!${localAddress(a)}`;
  const sheetNamed = (name: string) => state.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  const tableNamed = (name: string) => state.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  const officeError = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code, name: "RichApi.Error" });
  const notLoaded = (prop: string) =>
    officeError(
      "PropertyNotLoaded",
      `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    );
  /** "Sheet!A1:B2", "'My sheet'!A:A" or "A1" (on `sheet`) to an area. */
  const parse = (address: string, sheet?: Sheet): Area => {
    const bang = address.lastIndexOf("!");
    let on = sheet;
    if (bang >= 0) {
      let name = address.slice(0, bang);
      if (name.startsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
      on = sheetNamed(name);
      if (!on) throw officeError("ItemNotFound", `no sheet ${name}`);
    }
    if (!on) throw officeError("InvalidArgument", `no sheet in ${address}`);
    const [a, b] = address
      .slice(bang + 1)
      .replace(/\$/g, "")
      .split(":");
    const whole = /^[A-Z]+$/i.test(a);
    const cell = (ref: string) => {
      if (/^[A-Z]+$/i.test(ref)) return { r: 0, c: colIndex(ref) };
      const m = /^([A-Z]+)(\d+)$/i.exec(ref);
      if (!m) throw officeError("InvalidArgument", `bad address ${address}`);
      return { r: Number(m[2]) - 1, c: colIndex(m[1]) };
    };
    const p = cell(a);
    const q = b ? cell(b) : p;
    return { sheet: on, r0: p.r, c0: p.c, r1: whole ? MAX_ROW : q.r, c1: q.c, whole };
  };

  // ---- cells ----
  const key = (r: number, c: number) => `${r},${c}`;
  const NUMBER = /^[-+]?\s*(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i;
  const isBlank = (v: unknown) => v === "" || v === null || v === undefined;
  /** Stores what was written (or typed) as Excel would: text, formula or value. */
  const writeCell = (sheet: Sheet, r: number, c: number, input: unknown, via: "values" | "formulas" | "raw") => {
    const k = key(r, c);
    const prev = sheet.cells.get(k);
    if (isBlank(input)) {
      if (prev?.fmt !== undefined || via === "raw") sheet.cells.set(k, { raw: input, kind: "value", fmt: prev?.fmt });
      else sheet.cells.delete(k);
      return;
    }
    let kind: Cell["kind"] = "value";
    if (typeof input === "string") {
      if (input.startsWith("'")) kind = "text";
      else if (/^[=+\-@]/.test(input) && !NUMBER.test(input) && (via !== "values" || prev?.fmt !== "@")) kind = "formula";
    }
    sheet.cells.set(k, { raw: input, kind, fmt: prev?.fmt });
  };
  const formulaOf = (c: Cell | undefined): unknown =>
    !c || isBlank(c.raw) ? (c?.raw === null ? null : "") : c.kind === "text" ? (c.raw as string).slice(1) : c.raw;
  const valueOf = (c: Cell | undefined): unknown => {
    if (!c || isBlank(c.raw)) return c?.raw === null ? null : "";
    if (c.kind === "formula") return c.cached !== undefined ? c.cached : options.formulaValue ? options.formulaValue(c.raw as string) : "";
    return c.kind === "text" ? (c.raw as string).slice(1) : c.raw;
  };
  const grid = (a: Area, f: (c: Cell | undefined) => unknown) => {
    if (a.whole) throw officeError("InvalidArgument", "the fake reads no whole columns");
    const out: unknown[][] = [];
    for (let r = a.r0; r <= a.r1; r++) {
      const row: unknown[] = [];
      for (let c = a.c0; c <= a.c1; c++) row.push(f(a.sheet.cells.get(key(r, c))));
      out.push(row);
    }
    return out;
  };
  const rowsOf = (a: Area) => a.r1 - a.r0 + 1;
  const colsOf = (a: Area) => a.c1 - a.c0 + 1;
  const writeGrid = (a: Area, data: unknown, each: (r: number, c: number, v: unknown) => void) => {
    const rows = rowsOf(a);
    const cols = colsOf(a);
    if (Array.isArray(data) && (data.length !== rows || data.some((row: unknown) => !Array.isArray(row) || row.length !== cols)))
      throw officeError(
        "InvalidArgument",
        `a ${rows}x${cols} range was written with a ${data.length}x${Array.isArray(data[0]) ? data[0].length : "?"} array`,
      );
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) each(a.r0 + r, a.c0 + c, Array.isArray(data) ? data[r][c] : data);
  };
  const tablesOver = (a: Area) =>
    state.tables.filter((t) => t.sheet === a.sheet && t.r0 <= a.r1 && a.r0 <= t.r1 && t.c0 <= a.c1 && a.c0 <= t.c1);
  /** The used range: cells with something in them, and (unless `valuesOnly`) cells only formatted. */
  const usedArea = (sheet: Sheet, valuesOnly = false): Area | null => {
    const keys = [...sheet.cells.entries()]
      .filter(([, c]) => !isBlank(c.raw) || (!valuesOnly && c.fmt !== undefined))
      .map(([k]) => k.split(",").map(Number));
    if (!keys.length) return null;
    const rows = keys.map((k) => k[0]);
    const cols = keys.map((k) => k[1]);
    return { sheet, r0: Math.min(...rows), c0: Math.min(...cols), r1: Math.max(...rows), c1: Math.max(...cols) };
  };

  // ---- state changes (used by the queued calls and by hosts setting up a book) ----
  const addSheet = (name: string): Sheet => {
    if (sheetNamed(name)) throw officeError("ItemAlreadyExists", `a sheet named ${name} exists`);
    const sheet: Sheet = { id: ++state.ids, name, visibility: "Visible", cells: new Map(), notes: new Map(), hidden: new Set() };
    state.sheets.push(sheet);
    if (!state.active) state.active = name;
    return sheet;
  };
  const addTable = (area: Area, name?: string): Table => {
    if (tablesOver(area).length) throw officeError("InvalidOperation", `a table already covers ${addressOf(area)}`);
    if (name && tableNamed(name)) throw officeError("ItemAlreadyExists", `a table named ${name} exists`);
    let n = state.tables.length + 1;
    while (!name && tableNamed(`Table${n}`)) n++;
    const table: Table = {
      id: ++state.ids,
      name: name ?? `Table${n}`,
      sheet: area.sheet,
      r0: area.r0,
      c0: area.c0,
      r1: area.r1,
      c1: area.c1,
      handlers: [],
    };
    state.tables.push(table);
    return table;
  };
  const renameTable = (table: Table, name: string) => {
    const other = tableNamed(name);
    if (other && other !== table) throw officeError("ItemAlreadyExists", `a table named ${name} exists`);
    table.name = name;
  };
  /** Shifts cells (and tables below) of a sheet down from `row` by n rows in columns c0..c1, or up when n < 0. */
  const shiftRows = (sheet: Sheet, row: number, n: number, c0: number, c1: number) => {
    const moved = [...sheet.cells.entries()]
      .map(([k, cell]) => [k.split(",").map(Number), cell] as const)
      .filter(([[r, c]]) => r >= row && c >= c0 && c <= c1);
    for (const [[r, c]] of moved) sheet.cells.delete(key(r, c));
    for (const [[r, c], cell] of moved) sheet.cells.set(key(r + n, c), cell);
  };
  const bodyArea = (t: Table): Area => ({ sheet: t.sheet, r0: t.r0 + 1, c0: t.c0, r1: t.r1, c1: t.c1 });
  const headerArea = (t: Table): Area => ({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r0, c1: t.c1 });
  const tableArea = (t: Table): Area => ({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 });
  const addRows = (t: Table, index: number | undefined, values: unknown[][]) => {
    const width = t.c1 - t.c0 + 1;
    if (values.some((row) => row.length !== width)) throw officeError("InvalidArgument", `rows of ${width} cells expected`);
    const at = index === undefined || index === null ? t.r1 + 1 : t.r0 + 1 + index;
    shiftRows(t.sheet, at, values.length, t.c0, t.c1);
    values.forEach((row, i) => row.forEach((v, j) => writeCell(t.sheet, at + i, t.c0 + j, v, "values")));
    t.r1 += values.length;
  };
  const deleteRows = (t: Table, index: number, count: number) => {
    const at = t.r0 + 1 + index;
    if (index < 0 || at + count - 1 > t.r1) throw officeError("ItemNotFound", `no row ${index} in ${t.name}`);
    for (let r = at; r < at + count; r++) for (let c = t.c0; c <= t.c1; c++) t.sheet.cells.delete(key(r, c));
    shiftRows(t.sheet, at + count, -count, t.c0, t.c1);
    t.r1 -= count;
  };
  const addColumn = (t: Table, name: string, values?: unknown[][]) => {
    t.c1 += 1;
    writeCell(t.sheet, t.r0, t.c1, name, "values");
    for (let r = t.r0 + 1; r <= t.r1; r++) writeCell(t.sheet, r, t.c1, values ? values[r - t.r0]?.[0] : "", "formulas");
  };

  // ---- events raised by a host or after a sync ----
  const fire = async (which: "tablesChanged" | "tablesAdded" | "worksheetsAdded", event: unknown = {}) => {
    await Promise.all([...state.handlers[which]].map((h) => h(event)));
  };
  const fireTable = async (table: Table, event: Record<string, unknown>) => {
    const e = { tableId: `{${table.id}}`, worksheetId: `{${table.sheet.id}}`, changeType: "RangeEdited", source: "Local", ...event };
    await Promise.all([...state.handlers.tablesChanged, ...table.handlers].map((h) => h(e)));
  };
  /** Formatting, validation and conditional formats, recorded by the range's address ("'My sheet'!A1:B2"). */
  const record = (area: Area, path: string, value: unknown) => {
    const address = addressOf(area);
    state.styles.set(address, { ...(state.styles.get(address) ?? {}), [path]: value });
    log({ kind: "format", sheet: area.sheet.name, address: localAddress(area), fullAddress: address, path, value });
  };
  const spills = new Map<string, { rows: number; cols: number }>();
  /** What one sync changed, for the events Excel raises after it. */
  let touched = { tables: new Set<Table>(), added: [] as Table[], sheets: [] as Sheet[] };
  const parseLoad = (what?: string | string[] | { select?: string }) =>
    (what === undefined ? [] : typeof what === "string" ? what.split(",") : Array.isArray(what) ? what : (what.select ?? "").split(","))
      .map((s) => s.trim())
      .filter(Boolean);

  /** One request context: its own queue of calls, and the proxies that queue into it. */
  const newContext = (): any => {
    type Op = () => void;
    let queue: Op[] = [];
    /** While a sync runs its batch, calls made by it (proxies for loaded items) act at once. */
    let running = false;
    const enqueue = (op: Op) => (running ? op() : queue.push(op));
    const context: any = {};

    type PropSpec = { get: (t: any) => unknown; set?: (t: any, v: any) => void };
    /**
     * A proxy object. `bind` runs as a queued call and finds the target (null: a null object; throws:
     * the sync fails). `props`: name → read from the target (and write it, for writable ones).
     * `nav`: name → a child proxy made once on first use (range.worksheet), loadable as "worksheet/name".
     */
    const proxy = (
      bind: () => any,
      props: Record<string, PropSpec>,
      build: (self: any, target: () => any) => void,
      nullable = false,
      nav: Record<string, (target: () => any) => any> = {},
    ) => {
      const local: Record<string, unknown> = {};
      let target: any;
      let bound = false;
      const targetNow = () => {
        if (!bound) throw new Error("fake Excel: a proxy was used before the call that made it ran");
        if (target === null) throw officeError("ItemNotFound", "the object does not exist (it is a null object)");
        return target;
      };
      enqueue(() => {
        target = bind();
        bound = true;
        if (target === null && !nullable) throw officeError("ItemNotFound", "the requested item does not exist");
        local.isNullObject = target === null;
      });
      const self: any = {};
      Object.defineProperty(self, "isNullObject", {
        get: () => {
          if (!("isNullObject" in local)) throw notLoaded("isNullObject");
          return local.isNullObject;
        },
      });
      for (const [name, spec] of Object.entries(props)) {
        Object.defineProperty(self, name, {
          enumerable: true,
          get: () => {
            if (!(name in local)) throw notLoaded(name);
            return local[name];
          },
          set: (v: unknown) => {
            if (!spec.set) throw new TypeError(`fake Excel: ${name} is read-only`);
            local[name] = v;
            enqueue(() => spec.set!(targetNow(), v));
          },
        });
      }
      const children: Record<string, any> = {};
      for (const [name, make] of Object.entries(nav))
        Object.defineProperty(self, name, { enumerable: false, get: () => (children[name] ??= make(targetNow)) });
      self.load = (what?: string | string[] | { select?: string }) => {
        const names = parseLoad(what);
        for (const n of names.filter((x) => x.includes("/"))) {
          const [head, ...rest] = n.split("/");
          if (!(head in nav)) throw officeError("InvalidArgument", `no navigation property ${head}`);
          self[head].load(rest.join("/"));
        }
        const own = names.filter((x) => !x.includes("/") && !(x in nav));
        for (const n of names.filter((x) => x in nav)) self[n].load();
        enqueue(() => {
          if (target === null) return; // a null object loads nothing
          const t = targetNow();
          if (!names.length) {
            // load() with no names: every scalar property this target can answer
            for (const [n, spec] of Object.entries(props))
              try {
                local[n] = spec.get(t);
              } catch {
                /* not answerable here (a whole column's values); stays unloaded */
              }
            return;
          }
          for (const n of own) {
            if (!(n in props)) throw officeError("InvalidArgument", `no property ${n}`);
            local[n] = props[n].get(t);
          }
        });
        return self;
      };
      self.__target = targetNow;
      build(self, targetNow);
      return self;
    };
    /** A collection whose `items` come with load("items…"), each item a bound proxy with the asked properties. */
    const collection = (itemsOf: () => any[], itemProxy: (item: any) => any, methods: Record<string, unknown>) => {
      let loaded: any[] | undefined;
      const c: any = { ...methods };
      Object.defineProperty(c, "items", {
        get: () => {
          if (!loaded) throw notLoaded("items");
          return loaded;
        },
      });
      c.load = (what?: any) => {
        const loads = parseLoad(what)
          .filter((n) => n.startsWith("items/"))
          .map((n) => n.slice("items/".length));
        enqueue(() => {
          loaded = itemsOf().map((item) => itemProxy(item).load(loads.length ? loads : undefined));
        });
        return c;
      };
      return c;
    };
    const eventSource = (list: () => Function[]) => ({
      add: (handler: Function) => {
        enqueue(() => list().push(handler));
        return {
          context,
          remove: () =>
            enqueue(() => {
              const l = list();
              const i = l.indexOf(handler);
              if (i >= 0) l.splice(i, 1);
            }),
        };
      },
    });

    // Formatting, validation and conditional formats: property writes and method calls recorded by address.
    const recorder = (address: () => Area, path: string): any =>
      new Proxy(
        {},
        {
          get: (_t, k) => {
            if (k === "then" || typeof k !== "string") return undefined;
            if (path === "format." && k === "borders") return { getItem: (edge: string) => recorder(address, `format.borders.${edge}.`) };
            if (path === "format." && (k === "fill" || k === "font" || k === "protection")) return recorder(address, `format.${k}.`);
            if (["autofitColumns", "autofitRows", "clear", "setSolidColor"].includes(k))
              return (arg?: unknown) => enqueue(() => record(address(), `${path}${k}`, arg ?? true));
            return undefined;
          },
          set: (_t, k, value) => {
            enqueue(() => record(address(), `${path}${String(k)}`, value));
            return true;
          },
        },
      );

    const writeRange = (a: Area, v: unknown, prop: "values" | "formulas" | "formulasR1C1") => {
      writeGrid(a, v, (r, c, x) => writeCell(a.sheet, r, c, x, prop === "values" ? "values" : "formulas"));
      for (const t of tablesOver(a)) touched.tables.add(t);
      log({
        kind: "write",
        prop,
        sheet: a.sheet.name,
        address: localAddress(a),
        rows: rowsOf(a),
        columns: colsOf(a),
        value: v,
        ...partOf(a),
      });
    };
    const rangeProps: Record<string, PropSpec> = {
      address: { get: (a: Area) => addressOf(a) },
      addressLocal: { get: (a: Area) => addressOf(a) },
      rowIndex: { get: (a: Area) => a.r0 },
      columnIndex: { get: (a: Area) => a.c0 },
      rowCount: { get: (a: Area) => rowsOf(a) },
      columnCount: { get: (a: Area) => colsOf(a) },
      values: { get: (a: Area) => grid(a, valueOf), set: (a: Area, v) => writeRange(a, v, "values") },
      formulas: { get: (a: Area) => grid(a, formulaOf), set: (a: Area, v) => writeRange(a, v, "formulas") },
      formulasR1C1: { get: (a: Area) => grid(a, formulaOf), set: (a: Area, v) => writeRange(a, v, "formulasR1C1") },
      text: { get: (a: Area) => grid(a, (c) => (isBlank(valueOf(c)) ? "" : String(valueOf(c)))) },
      numberFormat: {
        get: (a: Area) => grid(a, (c) => c?.fmt ?? "General"),
        set: (a: Area, v) => {
          writeGrid(a, v, (r, c, f) => {
            const cell = a.sheet.cells.get(key(r, c));
            if (cell) cell.fmt = String(f);
            else a.sheet.cells.set(key(r, c), { raw: "", kind: "value", fmt: String(f) });
          });
          log({ kind: "numberFormat", sheet: a.sheet.name, address: localAddress(a), rows: rowsOf(a), columns: colsOf(a), value: v });
        },
      },
      columnHidden: {
        get: (a: Area) => [...Array(colsOf(a)).keys()].every((i) => a.sheet.hidden.has(a.c0 + i)),
        set: (a: Area, v) => {
          for (let c = a.c0; c <= a.c1; c++) a.sheet.hidden[v ? "add" : "delete"](c);
          log({ kind: "columnHidden", sheet: a.sheet.name, address: localAddress(a), value: v });
        },
      },
    };
    const rangeProxy = (bind: () => Area | null, nullable = false): any =>
      proxy(
        bind,
        rangeProps,
        (self, area) => {
          const at = () => addressOf(area());
          const sub = (f: (a: Area) => Area) => rangeProxy(() => f(area()));
          Object.assign(self, {
            __area: area,
            __address: at,
            format: recorder(area, "format."),
            dataValidation: recorder(area, "dataValidation."),
            conditionalFormats: {
              add: (type: string) => {
                enqueue(() => record(area(), "conditionalFormat", type));
                return {
                  custom: {
                    rule: recorder(area, "rule."),
                    format: { fill: recorder(area, "breach.fill."), font: recorder(area, "breach.font.") },
                  },
                };
              },
            },
            getCell: (r: number, c: number) => sub((a) => ({ ...a, r0: a.r0 + r, c0: a.c0 + c, r1: a.r0 + r, c1: a.c0 + c, whole: false })),
            getResizedRange: (dr: number, dc: number) => sub((a) => ({ ...a, r1: a.r1 + dr, c1: a.c1 + dc })),
            getOffsetRange: (dr: number, dc: number) => sub((a) => ({ ...a, r0: a.r0 + dr, r1: a.r1 + dr, c0: a.c0 + dc, c1: a.c1 + dc })),
            getRow: (r: number) => sub((a) => ({ ...a, r0: a.r0 + r, r1: a.r0 + r, whole: false })),
            getColumn: (c: number) => sub((a) => ({ ...a, c0: a.c0 + c, c1: a.c0 + c })),
            getSpillingToRangeOrNullObject: () =>
              rangeProxy(() => {
                const a = area();
                const spill = spills.get(`${a.sheet.name}!${a1(a.r0, a.c0)}`);
                return spill ? { ...a, r1: a.r0 + spill.rows - 1, c1: a.c0 + spill.cols - 1 } : null;
              }, true),
            clear: (applyTo?: string) =>
              enqueue(() => {
                const a = area();
                for (let r = a.r0; r <= Math.min(a.r1, a.r0 + 100000); r++)
                  for (let c = a.c0; c <= a.c1; c++) {
                    const cell = a.sheet.cells.get(key(r, c));
                    if (!cell) continue;
                    if (applyTo === "Formats") delete cell.fmt;
                    else if (applyTo === "Contents" && cell.fmt !== undefined)
                      Object.assign(cell, { raw: "", kind: "value", cached: undefined });
                    else a.sheet.cells.delete(key(r, c));
                  }
                for (const t of tablesOver(a)) touched.tables.add(t);
                log({ kind: "clear", sheet: a.sheet.name, address: localAddress(a), applyTo });
              }),
            delete: (shift: string) =>
              enqueue(() => {
                const a = area();
                if (shift !== "Up") throw officeError("InvalidArgument", "the fake deletes rows (shift up) only");
                const t = tablesOver(a)[0];
                if (t && a.r0 > t.r0 && a.c0 === t.c0 && a.c1 >= t.c1) {
                  deleteRows(t, a.r0 - t.r0 - 1, rowsOf(a));
                  touched.tables.add(t);
                  log({ kind: "rows.delete", table: t.name, index: a.r0 - t.r0 - 1, count: rowsOf(a) });
                  return;
                }
                for (let r = a.r0; r <= a.r1; r++) for (let c = a.c0; c <= a.c1; c++) a.sheet.cells.delete(key(r, c));
                shiftRows(a.sheet, a.r1 + 1, -rowsOf(a), a.c0, a.c1);
                log({ kind: "range.delete", sheet: a.sheet.name, address: localAddress(a) });
              }),
            select: () => enqueue(() => (state.selection = at())),
          });
        },
        nullable,
        { worksheet: (area) => sheetProxy(() => area().sheet) },
      );

    const tableProps: Record<string, PropSpec> = {
      name: {
        get: (t: Table) => t.name,
        set: (t: Table, v) => {
          const was = t.name;
          renameTable(t, String(v));
          log({ kind: "table.name", table: t.name, sheet: t.sheet.name, was });
        },
      },
      id: { get: (t: Table) => `{${t.id}}` },
      showTotals: { get: () => false },
    };
    const tableProxy = (bind: () => Table | null, nullable = false): any =>
      proxy(
        bind,
        tableProps,
        (self, table) => {
          const rowsApi: any = {
            add: (index: number | undefined, values: unknown[][]) =>
              enqueue(() => {
                const t = table();
                addRows(t, index, values);
                touched.tables.add(t);
                log({ kind: "rows.add", table: t.name, sheet: t.sheet.name, count: values.length, values });
              }),
            getItemAt: (i: number) => ({
              delete: () =>
                enqueue(() => {
                  const t = table();
                  deleteRows(t, i, 1);
                  touched.tables.add(t);
                  log({ kind: "rows.delete", table: t.name, index: i, count: 1 });
                }),
              getRange: () => rangeProxy(() => ({ ...bodyArea(table()), r0: table().r0 + 1 + i, r1: table().r0 + 1 + i })),
            }),
          };
          const countLoaded: { n?: number } = {};
          Object.defineProperty(rowsApi, "count", {
            get: () => {
              if (countLoaded.n === undefined) throw notLoaded("count");
              return countLoaded.n;
            },
          });
          rowsApi.load = () => {
            enqueue(() => (countLoaded.n = table().r1 - table().r0));
            return rowsApi;
          };
          Object.assign(self, {
            getRange: () => rangeProxy(() => tableArea(table())),
            getHeaderRowRange: () => rangeProxy(() => headerArea(table())),
            getDataBodyRange: () => rangeProxy(() => bodyArea(table())),
            onChanged: eventSource(() => table().handlers),
            rows: rowsApi,
            columns: {
              add: (_index: number | undefined, values: unknown[][] | undefined, name: string) =>
                enqueue(() => {
                  const t = table();
                  addColumn(t, name, values);
                  touched.tables.add(t);
                  log({ kind: "columns.add", table: t.name, name });
                }),
            },
            delete: () =>
              enqueue(() => {
                const t = table();
                state.tables.splice(state.tables.indexOf(t), 1);
                log({ kind: "table.delete", table: t.name });
              }),
          });
        },
        nullable,
        { worksheet: (table) => sheetProxy(() => table().sheet) },
      );
    const newTable = (address: string, hasHeaders: boolean, on?: () => Sheet) =>
      tableProxy(() => {
        const area = parse(address, on?.());
        if (!hasHeaders) throw officeError("InvalidArgument", "the fake makes tables with headers only");
        const t = addTable(area);
        touched.added.push(t);
        log({ kind: "table.add", table: t.name, sheet: area.sheet.name, address: localAddress(area) });
        return t;
      });

    const sheetProps: Record<string, PropSpec> = {
      name: {
        get: (s: Sheet) => s.name,
        set: (s: Sheet, v) => {
          s.name = String(v);
        },
      },
      id: { get: (s: Sheet) => `{${s.id}}` },
      position: { get: (s: Sheet) => state.sheets.indexOf(s) },
      visibility: {
        get: (s: Sheet) => s.visibility,
        set: (s: Sheet, v) => {
          s.visibility = String(v);
          log({ kind: "visibility", sheet: s.name, value: v });
        },
      },
    };
    const seriesApi = (chart: Chart, index: () => number) => ({
      set name(v: string) {
        enqueue(() => (chart.series[index()] = { ...chart.series[index()], name: v }));
      },
      setValues: (r: any) => enqueue(() => (chart.series[index()] = { ...chart.series[index()], values: r.__address() })),
      setXAxisValues: (r: any) => enqueue(() => (chart.categories[index()] = r.__address ? r.__address() : String(r))),
      format: {
        fill: {
          clear: () => enqueue(() => ((chart.fills ??= {})[index()] = "none")),
          setSolidColor: (c: string) => enqueue(() => ((chart.fills ??= {})[index()] = c)),
        },
      },
    });
    const chartApi = (chart: Chart) => {
      const titled = (set: (v: string) => void) => ({
        set text(v: string) {
          enqueue(() => set(v));
        },
      });
      return {
        get name() {
          return chart.name;
        },
        set name(v: string) {
          enqueue(() => (chart.name = v));
        },
        title: titled((v) => {
          chart.title = v;
          log({ kind: "chart.title", sheet: chart.sheet.name, value: v });
        }),
        setPosition: (a: string, b: string) => enqueue(() => (chart.position = [a, b])),
        axes: {
          valueAxis: { title: titled((v) => (chart.valueAxisTitle = v)) },
          categoryAxis: { title: titled((v) => (chart.categoryAxisTitle = v)) },
        },
        set width(v: number) {
          enqueue(() => (chart.width = v));
        },
        set height(v: number) {
          enqueue(() => (chart.height = v));
        },
        series: {
          getItemAt: (i: number) => seriesApi(chart, () => i),
          add: (name?: string) => {
            const at = { i: -1 };
            enqueue(() => {
              at.i = Math.max(0, ...Object.keys(chart.series).map(Number)) + 1;
              chart.series[at.i] = { name };
            });
            return seriesApi(chart, () => at.i);
          },
        },
        delete: () => enqueue(() => state.charts.splice(state.charts.indexOf(chart), 1)),
      };
    };
    const chartCollection = (sheet: () => Sheet) => {
      let loaded: any[] | undefined;
      const c: any = {
        add: (type: string, source: any, seriesBy: string) => {
          const chart: Chart = { sheet: undefined as unknown as Sheet, name: "", type, source: "", seriesBy, categories: {}, series: {} };
          enqueue(() => {
            Object.assign(chart, { sheet: sheet(), name: `Chart ${state.charts.length + 1}`, source: source.__address() });
            state.charts.push(chart);
            log({ kind: "chart.add", sheet: chart.sheet.name, type, source: chart.source });
          });
          return chartApi(chart);
        },
        load: () => {
          enqueue(() => (loaded = state.charts.filter((ch) => ch.sheet === sheet()).map(chartApi)));
          return c;
        },
      };
      Object.defineProperty(c, "items", {
        get: () => {
          if (!loaded) throw notLoaded("items");
          return loaded;
        },
      });
      return c;
    };
    const sheetProxy = (bind: () => Sheet | null, nullable = false): any =>
      proxy(
        bind,
        sheetProps,
        (self, sheet) => {
          Object.assign(self, {
            getRange: (address?: string) =>
              rangeProxy(() =>
                address === undefined ? { sheet: sheet(), r0: 0, c0: 0, r1: MAX_ROW, c1: 16383, whole: true } : parse(address, sheet()),
              ),
            getCell: (row: number, col: number) => rangeProxy(() => ({ sheet: sheet(), r0: row, c0: col, r1: row, c1: col })),
            getRangeByIndexes: (row: number, col: number, rows: number, cols: number) =>
              rangeProxy(() => ({ sheet: sheet(), r0: row, c0: col, r1: row + rows - 1, c1: col + cols - 1 })),
            getUsedRangeOrNullObject: (valuesOnly?: boolean) => rangeProxy(() => usedArea(sheet(), valuesOnly), true),
            getUsedRange: (valuesOnly?: boolean) =>
              rangeProxy(() => usedArea(sheet(), valuesOnly) ?? { sheet: sheet(), r0: 0, c0: 0, r1: 0, c1: 0 }),
            activate: () =>
              enqueue(() => {
                state.active = sheet().name;
                log({ kind: "activate", sheet: sheet().name });
              }),
            delete: () =>
              enqueue(() => {
                const s = sheet();
                state.sheets.splice(state.sheets.indexOf(s), 1);
                state.tables = state.tables.filter((t) => t.sheet !== s);
                log({ kind: "sheet.delete", sheet: s.name });
              }),
            tables: { add: (address: string, hasHeaders: boolean) => newTable(address, hasHeaders, sheet) },
            notes: {
              add: (address: string, text: string) =>
                enqueue(() => {
                  const s = sheet();
                  if (s.notes.has(address)) throw officeError("InvalidArgument", `a note already exists on ${address}`);
                  s.notes.set(address, text);
                  log({ kind: "note.add", sheet: s.name, address, text });
                }),
              getItemOrNullObject: (address: string) =>
                proxy(
                  () => (sheet().notes.has(address) ? { sheet: sheet(), address } : null),
                  { content: { get: (n: any) => n.sheet.notes.get(n.address) } },
                  (note, target) => {
                    note.delete = () =>
                      enqueue(() => {
                        target().sheet.notes.delete(address);
                        log({ kind: "note.delete", sheet: target().sheet.name, address });
                      });
                  },
                  true,
                ),
            },
            charts: chartCollection(sheet),
            freezePanes: {
              freezeRows: (n: number) => enqueue(() => (sheet().frozenRows = n)),
              unfreeze: () => enqueue(() => (sheet().frozenRows = undefined)),
            },
          });
        },
        nullable,
      );

    const settingProxy = (name: string, nullable: boolean) =>
      proxy(
        () => (state.settings.has(name) ? name : null),
        { value: { get: (n: string) => state.settings.get(n) } },
        () => undefined,
        nullable,
      );
    const worksheets = collection(
      () => state.sheets,
      (s: Sheet) => sheetProxy(() => s),
      {
        getItem: (name: string) => sheetProxy(() => sheetNamed(name) ?? null),
        getItemOrNullObject: (name: string) => sheetProxy(() => sheetNamed(name) ?? null, true),
        getActiveWorksheet: () => sheetProxy(() => sheetNamed(state.active) ?? state.sheets[0]),
        add: (name?: string) =>
          sheetProxy(() => {
            let n = state.sheets.length + 1;
            while (!name && sheetNamed(`Sheet${n}`)) n++;
            const s = addSheet(name ?? `Sheet${n}`);
            touched.sheets.push(s);
            log({ kind: "sheet.add", sheet: s.name });
            return s;
          }),
        onAdded: eventSource(() => state.handlers.worksheetsAdded),
      },
    );
    const tables = collection(
      () => state.tables,
      (t: Table) => tableProxy(() => t),
      {
        getItem: (name: string) => tableProxy(() => tableNamed(name) ?? null),
        getItemOrNullObject: (name: string) => tableProxy(() => tableNamed(name) ?? null, true),
        add: (address: string, hasHeaders: boolean) => newTable(address, hasHeaders),
        onChanged: eventSource(() => state.handlers.tablesChanged),
        onAdded: eventSource(() => state.handlers.tablesAdded),
      },
    );
    const application = proxy(
      () => state,
      { calculationMode: { get: () => state.calculationMode, set: (_s, v) => (state.calculationMode = String(v)) } },
      (self) => {
        self.calculate = (type: string) =>
          enqueue(() => {
            state.calculations.push(type);
            log({ kind: "calculate", type });
          });
      },
      false,
      {
        iterativeCalculation: () =>
          proxy(
            () => state.iterative,
            {
              enabled: { get: (t) => t.enabled, set: (t, v) => (t.enabled = Boolean(v)) },
              maxIteration: { get: (t) => t.maxIteration, set: (t, v) => (t.maxIteration = Number(v)) },
              maxChange: { get: (t) => t.maxChange, set: (t, v) => (t.maxChange = Number(v)) },
            },
            () => undefined,
          ),
      },
    );
    const workbook = proxy(
      () => state,
      {
        name: { get: () => "Book1.xlsx" },
        use1904DateSystem: {
          get: () => {
            if (state.use1904DateSystem === undefined)
              throw officeError("InvalidArgument", "use1904DateSystem is not supported by this host");
            return state.use1904DateSystem;
          },
        },
      },
      (self) => {
        Object.assign(self, {
          worksheets,
          tables,
          settings: {
            add: (name: string, value: unknown) =>
              enqueue(() => {
                state.settings.set(name, value);
                log({ kind: "settings.add", name, value });
              }),
            getItemOrNullObject: (name: string) => settingProxy(name, true),
            getItem: (name: string) => settingProxy(name, false),
          },
          names: {
            add: (name: string, reference: any) =>
              enqueue(() => {
                if (state.names.has(name)) throw officeError("ItemAlreadyExists", `a name ${name} exists`);
                const area = typeof reference === "string" ? parse(reference.replace(/^=/, "")) : reference.__area();
                state.names.set(name, { ...area });
                log({ kind: "name.add", name, address: addressOf(area) });
              }),
            getItemOrNullObject: (name: string) =>
              proxy(
                () => (state.names.has(name) ? name : null),
                { name: { get: (n: string) => n }, formula: { get: (n: string) => `=${addressOf(state.names.get(n)!)}` } },
                (n, target) => {
                  n.getRange = () => rangeProxy(() => ({ ...state.names.get(target())! }));
                  n.delete = () =>
                    enqueue(() => {
                      state.names.delete(target());
                      log({ kind: "name.delete", name: target() });
                    });
                },
                true,
              ),
          },
          getSelectedRange: () =>
            rangeProxy(() => {
              if (!state.selection) throw officeError("InvalidSelection", "nothing is selected");
              return parse(state.selection);
            }),
          getActiveCell: () =>
            rangeProxy(() => {
              if (!state.selection) throw officeError("InvalidSelection", "nothing is selected");
              const a = parse(state.selection);
              return { ...a, r1: a.r0, c1: a.c0 };
            }),
        });
      },
      false,
      { application: () => application },
    );

    context.workbook = workbook;
    context.trackedObjects = { add: () => undefined, remove: () => undefined };
    context.sync = async () => {
      state.syncs += 1;
      if (context.__run) context.__run.syncs += 1;
      const batch = queue;
      queue = [];
      if (state.beforeSync) await state.beforeSync(context);
      if (state.failNextSync) {
        const f = state.failNextSync;
        state.failNextSync = undefined;
        state.afterSync?.(f, context);
        throw f;
      }
      const snapshot = options.atomic ? snapshotState() : undefined;
      touched = { tables: new Set(), added: [], sheets: [] };
      let failure: unknown;
      running = true;
      batchContext = context;
      try {
        for (const op of batch) op();
      } catch (e) {
        failure = e;
      } finally {
        running = false;
        batchContext = undefined;
      }
      if (failure && snapshot) restoreState(snapshot);
      const changed = touched;
      state.afterSync?.(failure, context);
      if (!failure && options.raiseEvents) raiseEvents(changed);
      // Office.js settles a sync in a later task: code racing two runs sees the same interleaving.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (failure) throw failure;
    };
    return context;
  };

  /** Which part of a table an area is, so hosts can log "header" or "cell 2,3". */
  const partOf = (a: Area) => {
    const t = tablesOver(a)[0];
    if (!t) return {};
    const part = a.r0 === t.r0 && a.r1 === t.r0 ? "header" : a.r0 > t.r0 ? "body" : "table";
    return { table: t.name, part, row: a.r0 - t.r0 - 1, column: a.c0 - t.c0 };
  };
  const raiseEvents = (t: typeof touched) => {
    const added = [...t.added];
    const changed = [...t.tables].filter((x) => !added.includes(x));
    const sheets = [...t.sheets];
    if (!added.length && !changed.length && !sheets.length) return;
    setTimeout(() => {
      for (const s of sheets) void fire("worksheetsAdded", { worksheetId: `{${s.id}}`, source: "Local", type: "WorksheetAdded" });
      for (const x of added) void fire("tablesAdded", { tableId: `{${x.id}}`, source: "Local", type: "TableAdded" });
      for (const x of changed) void fireTable(x, {});
    }, 0);
  };
  const snapshotState = () => ({
    sheets: state.sheets.map((s) => ({
      s,
      name: s.name,
      visibility: s.visibility,
      cells: new Map([...s.cells].map(([k, c]) => [k, { ...c }])),
      notes: new Map(s.notes),
      hidden: new Set(s.hidden),
    })),
    tables: state.tables.map((t) => ({ t, name: t.name, r0: t.r0, r1: t.r1, c0: t.c0, c1: t.c1 })),
    names: new Map(state.names),
    settings: new Map(state.settings),
    calculations: [...state.calculations],
    styles: new Map(state.styles),
    charts: [...state.charts],
  });
  const restoreState = (snap: ReturnType<typeof snapshotState>) => {
    state.sheets = snap.sheets.map((x) =>
      Object.assign(x.s, { name: x.name, visibility: x.visibility, cells: x.cells, notes: x.notes, hidden: x.hidden }),
    );
    state.tables = snap.tables.map((x) => Object.assign(x.t, { name: x.name, r0: x.r0, r1: x.r1, c0: x.c0, c1: x.c1 }));
    state.names = snap.names;
    state.settings = snap.settings;
    state.calculations.splice(0, state.calculations.length, ...snap.calculations);
    state.styles = snap.styles;
    state.charts = snap.charts;
  };

  // ---- the book a host starts from ----
  for (const [name, cells] of Object.entries(init.sheets ?? {})) {
    const s = addSheet(name);
    for (const [address, v] of Object.entries(cells)) {
      const a = parse(address, s);
      writeCell(s, a.r0, a.c0, v, "formulas");
    }
  }
  for (const t of init.tables ?? []) addTable(parse(t.address), t.name);
  for (const n of init.names ?? []) state.names.set(n.name, parse(n.address));
  for (const [k, v] of Object.entries(init.settings ?? {})) state.settings.set(k, v);
  if (init.active) state.active = init.active;

  /** Excel.run: a new context per run (or the context given first), with its own record of syncs. */
  const run = async (first: any, second?: any) => {
    const body = typeof first === "function" ? first : second;
    const context = newContext();
    context.__run = { syncs: 0 };
    state.onRun?.(context.__run);
    return body(context);
  };

  /** Reads and writes for hosts and tests, acting at once (no queue): the user's hand on the book. */
  const book = {
    state,
    spills,
    parse,
    addressOf,
    colLetter,
    colIndex,
    a1,
    addSheet,
    sheet: (name: string) => sheetNamed(name),
    ensureSheet: (name: string) => sheetNamed(name) ?? addSheet(name),
    removeSheet: (name: string) => {
      const s = sheetNamed(name);
      if (s) {
        state.sheets.splice(state.sheets.indexOf(s), 1);
        state.tables = state.tables.filter((t) => t.sheet !== s);
      }
    },
    /** Types into one cell, as a user would (raw keeps what is given, null included). */
    type: (sheetName: string, row: number, col: number, input: unknown) => writeCell(sheetNamed(sheetName)!, row, col, input, "raw"),
    /** Types at "A1" on a sheet; a formula may be given the value it shows. */
    put: (sheetName: string, address: string, input: unknown, cached?: unknown) => {
      const a = parse(address, sheetNamed(sheetName) ?? addSheet(sheetName));
      writeCell(a.sheet, a.r0, a.c0, input, "raw");
      if (cached !== undefined) a.sheet.cells.get(key(a.r0, a.c0))!.cached = cached;
    },
    cell: (sheetName: string, row: number, col: number) => sheetNamed(sheetName)?.cells.get(key(row, col)),
    /** Replaces a sheet's cells with ones a host keeps in its own form (kind given, nothing re-parsed). */
    setCells: (sheetName: string, cells: Map<string, Cell>) => {
      sheetNamed(sheetName)!.cells = cells;
    },
    /** What was written into a cell, as written (apostrophe included); "" when empty. */
    raw: (sheetName: string, row: number, col: number) => {
      const c = sheetNamed(sheetName)?.cells.get(key(row, col));
      return c === undefined ? "" : c.raw === undefined ? "" : c.raw;
    },
    rawGrid: (address: string) => grid(parse(address), (c) => (c === undefined || c.raw === undefined ? "" : c.raw)),
    values: (address: string) => grid(parse(address), valueOf),
    formulas: (address: string) => grid(parse(address), formulaOf),
    format: (sheetName: string, row: number, col: number) => sheetNamed(sheetName)?.cells.get(key(row, col))?.fmt,
    setFormat: (sheetName: string, row: number, col: number, fmt: string) => {
      const s = sheetNamed(sheetName)!;
      const c = s.cells.get(key(row, col));
      if (c) c.fmt = fmt;
      else s.cells.set(key(row, col), { raw: "", kind: "value", fmt });
    },
    usedArea: (sheetName: string) => usedArea(sheetNamed(sheetName)!),
    table: (name: string) => tableNamed(name),
    addTable: (name: string, address: string) => addTable(parse(address), name),
    removeTable: (name: string) => {
      const t = tableNamed(name);
      if (t) state.tables.splice(state.tables.indexOf(t), 1);
    },
    /** A table's header and body as written (quote prefixes kept). */
    tableCells: (name: string) => {
      const t = tableNamed(name)!;
      const raw = (c: Cell | undefined) => (c === undefined || c.raw === undefined ? "" : c.raw);
      return { header: grid(headerArea(t), raw)[0], body: t.r1 > t.r0 ? grid(bodyArea(t), raw) : [] };
    },
    /** Replaces a table's header and body (the table's size follows), creating table and sheet when missing. */
    setTableCells: (name: string, sheetName: string, header: unknown[], body: unknown[][]) => {
      const sheet = sheetNamed(sheetName) ?? addSheet(sheetName);
      let t = tableNamed(name);
      if (t && t.sheet !== sheet) {
        state.tables.splice(state.tables.indexOf(t), 1);
        t = undefined;
      }
      // A new table goes to the right of the sheet's others, 50 columns apart so each may grow.
      const c0 = state.tables.filter((x) => x.sheet === sheet).reduce((c, x) => Math.max(c, x.c0 + 50), 0);
      if (!t) t = addTable({ sheet, r0: 0, c0, r1: 0, c1: c0 + Math.max(header.length, 1) - 1 }, name);
      for (let r = t.r0; r <= Math.max(t.r1, t.r0 + body.length); r++)
        for (let c = t.c0; c <= Math.max(t.c1, t.c0 + header.length - 1); c++) sheet.cells.delete(key(r, c));
      t.c1 = t.c0 + Math.max(header.length, 1) - 1;
      t.r1 = t.r0 + body.length;
      header.forEach((v, c) => writeCell(sheet, t!.r0, t!.c0 + c, v, "raw"));
      body.forEach((row, r) => row.forEach((v, c) => writeCell(sheet, t!.r0 + 1 + r, t!.c0 + c, v, "raw")));
    },
    /** Raises an event as Excel would after a user's edit. */
    fire,
    fireTableChanged: (name: string, event: Record<string, unknown> = {}) => fireTable(tableNamed(name)!, event),
    onOp: (listener: (op: FakeOp, context: any) => void) => listeners.push(listener),
  };

  return {
    book,
    state,
    newContext,
    run,
    /** The Excel global: run and the enums the add-in names. */
    excel: {
      run,
      CalculationType: { full: "Full", recalculate: "Recalculate", fullRebuild: "FullRebuild" },
      SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
      ClearApplyTo: { contents: "Contents", all: "All", formats: "Formats" },
      DeleteShiftDirection: { up: "Up", left: "Left" },
      InsertShiftDirection: { down: "Down", right: "Right" },
      ConditionalFormatType: { custom: "Custom" },
      ChartType: { lineMarkers: "LineMarkers", columnClustered: "ColumnClustered" },
      ChartSeriesBy: { rows: "Rows", columns: "Columns" },
      CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
    },
  };
}
