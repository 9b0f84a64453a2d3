// An in-memory Excel host for the sharing code: a few sheets of cells, tables, notes, very hidden
// sheets, and Excel.run whose context.sync() applies the queued writes (and counts syncs).
// Ranges are office-addin-mock objects, so reading a property that was not loaded and synced
// fails as it does in Excel.
import { OfficeMockObject } from "office-addin-mock";
import { cellAddress, columnNumber } from "../../src/sheetModel/refs";

export interface FakeCell {
  formula?: string;
  value: unknown;
  format?: string;
}

export class FakeSheet {
  visibility = "Visible";
  readonly cells = new Map<string, FakeCell>();
  readonly notes = new Map<string, string>();
  constructor(public name: string) {}

  key = (row: number, col: number) => `${row},${col}`;
  get(row: number, col: number): FakeCell | undefined {
    return this.cells.get(this.key(row, col));
  }
  /** Sets a cell the way a user types it: "=..." (or "+", "-", "@" before a non-number) is a formula unless the cell is formatted as text or the text starts with an apostrophe. */
  set(row: number, col: number, input: unknown, asFormula = false): void {
    const prev = this.get(row, col);
    const text = prev?.format === "@";
    if (input === "" || input === null || input === undefined) {
      if (prev?.format) this.cells.set(this.key(row, col), { value: null, format: prev.format });
      else this.cells.delete(this.key(row, col));
      return;
    }
    // A leading apostrophe makes the rest text, whatever the format (it is not part of the value).
    if (typeof input === "string" && input.startsWith("'")) {
      this.cells.set(this.key(row, col), { value: input.slice(1), format: prev?.format });
      return;
    }
    if (typeof input === "string" && /^[=+\-@]/.test(input) && !/^[-+]?\d/.test(input) && (asFormula || !text)) {
      this.cells.set(this.key(row, col), { formula: input, value: null, format: prev?.format });
    } else this.cells.set(this.key(row, col), { value: input, format: prev?.format });
  }
  /** A1 helpers for tests. */
  at(address: string): FakeCell | undefined {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    return this.get(Number(m[2]) - 1, columnNumber(m[1]) - 1);
  }
  put(address: string, input: unknown, cached?: unknown): void {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    this.set(Number(m[2]) - 1, columnNumber(m[1]) - 1, input);
    if (cached !== undefined) this.at(address)!.value = cached;
  }
  bounds(): { row: number; col: number; rows: number; cols: number } | undefined {
    if (this.cells.size === 0) return undefined;
    const keys = [...this.cells.keys()].map((k) => k.split(",").map(Number));
    const rows = keys.map((k) => k[0]);
    const cols = keys.map((k) => k[1]);
    const row = Math.min(...rows);
    const col = Math.min(...cols);
    return { row, col, rows: Math.max(...rows) - row + 1, cols: Math.max(...cols) - col + 1 };
  }
}

export interface FakeTable {
  name: string;
  sheet: FakeSheet;
  row: number;
  col: number;
  rows: number; // including the header
  cols: number;
}

const parseAddress = (address: string) => {
  const local = address.includes("!") ? address.slice(address.lastIndexOf("!") + 1) : address;
  const [a, b] = local.replace(/\$/g, "").split(":");
  const p = (s: string) => {
    const m = /^([A-Z]+)(\d+)$/i.exec(s)!;
    return { row: Number(m[2]) - 1, col: columnNumber(m[1]) - 1 };
  };
  const s = p(a);
  const e = p(b ?? a);
  return { row: s.row, col: s.col, rows: e.row - s.row + 1, cols: e.col - s.col + 1 };
};

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  syncs = 0;
  selection?: { sheet: string; row: number; col: number; rows: number; cols: number };
  /** Spilled ranges by anchor "Sheet!A1": the cells the anchor's array covers. */
  spills = new Map<string, { rows: number; cols: number }>();
  private pending: (() => void)[] = [];

  sheet(name: string): FakeSheet {
    let s = this.sheets.find((x) => x.name === name);
    if (!s) {
      s = new FakeSheet(name);
      this.sheets.push(s);
    }
    return s;
  }

  /** Installs the global Excel (run, enums) and Office (requirement sets) this host answers. */
  install(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    g.Excel = {
      run: async <T>(batch: (context: unknown) => Promise<T>) => batch(this.context()),
      SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
      ClearApplyTo: { contents: "Contents", all: "All", formats: "Formats" },
    };
    g.Office = { context: { requirements: { isSetSupported: () => true } } };
  }

  private context() {
    const wb = this;
    const nullObject = () => {
      const m = new OfficeMockObject({ isNullObject: true });
      m.load("isNullObject"); // Office.js fills isNullObject at every sync, loaded or not
      return wb.tracked(m, () => undefined);
    };
    const range = (sheet: FakeSheet, row: number, col: number, rows: number, cols: number) => wb.range(sheet, row, col, rows, cols);
    const sheetApi = (sheet: FakeSheet) => {
      const api = {
        get name() {
          return sheet.name;
        },
        isNullObject: false,
        visibility: sheet.visibility,
        load: () => api,
        getUsedRangeOrNullObject: () => {
          const b = sheet.bounds();
          return b ? range(sheet, b.row, b.col, b.rows, b.cols) : nullObject();
        },
        getCell: (row: number, col: number) => range(sheet, row, col, 1, 1),
        getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => range(sheet, row, col, rows, cols),
        getRange: (address: string) => {
          const a = parseAddress(address);
          return range(sheet, a.row, a.col, a.rows, a.cols);
        },
        delete: () => wb.pending.push(() => (wb.sheets = wb.sheets.filter((s) => s !== sheet))),
        tables: {
          add: (address: string, _headers: boolean) => {
            const a = parseAddress(address);
            const t: FakeTable = { name: `Table${wb.tables.length + 1}`, sheet, ...a };
            wb.tables.push(t);
            return {
              set name(n: string) {
                t.name = n;
              },
            };
          },
        },
        notes: {
          add: (address: string, text: string) =>
            wb.pending.push(() => {
              if (sheet.notes.has(address)) throw new Error(`a note already exists on ${address}`);
              sheet.notes.set(address, text);
            }),
          getItemOrNullObject: (address: string) => {
            const text = sheet.notes.get(address);
            const note = new OfficeMockObject({
              isNullObject: text === undefined,
              content: text ?? "",
              delete: () => wb.pending.push(() => sheet.notes.delete(address)),
            });
            note.load("isNullObject"); // Office.js fills isNullObject at every sync, loaded or not
            return wb.tracked(note, () => undefined);
          },
        },
      };
      const watch = () => {
        if (api.visibility !== sheet.visibility) sheet.visibility = api.visibility;
      };
      wb.watchers.push(watch);
      return api;
    };
    const worksheets = {
      items: [] as ReturnType<typeof sheetApi>[],
      load() {
        worksheets.items = wb.sheets.map(sheetApi);
        return worksheets;
      },
      getItem: (name: string) => {
        const s = wb.sheets.find((x) => x.name === name);
        if (!s) throw new Error(`ItemNotFound: ${name}`);
        return sheetApi(s);
      },
      getItemOrNullObject: (name: string) => {
        const s = wb.sheets.find((x) => x.name === name);
        return s ? sheetApi(s) : { isNullObject: true, load: () => undefined };
      },
      add: (name: string) => {
        if (wb.sheets.some((x) => x.name === name)) throw new Error(`ItemAlreadyExists: ${name}`);
        return sheetApi(wb.sheet(name));
      },
    };
    const context = {
      workbook: {
        worksheets,
        getSelectedRange: () => {
          const s = wb.selection!;
          const r = range(wb.sheet(s.sheet), s.row, s.col, s.rows, s.cols);
          return r;
        },
        tables: {
          getItemOrNullObject: (name: string) => {
            const t = wb.tables.find((x) => x.name.toLowerCase() === name.toLowerCase());
            if (!t) return { isNullObject: true, load: () => undefined };
            return {
              isNullObject: false,
              name: t.name,
              load: () => undefined,
              getRange: () => range(t.sheet, t.row, t.col, t.rows, t.cols),
              columns: {
                add: (_index: number | undefined, _values: unknown, name: string) =>
                  wb.pending.push(() => {
                    t.sheet.set(t.row, t.col + t.cols, name);
                    t.cols += 1;
                  }),
              },
              rows: {
                add: (_index: number | undefined, values: unknown[][]) =>
                  wb.pending.push(() => {
                    values.forEach((line, r) => line.forEach((v, c) => t.sheet.set(t.row + t.rows + r, t.col + c, v)));
                    t.rows += values.length;
                  }),
              },
            };
          },
        },
      },
      sync: async () => {
        wb.syncs++;
        wb.flush();
        for (const m of wb.mocks) await m.mock.sync();
        await new Promise((r) => setImmediate(r));
      },
    };
    return context;
  }

  private watchers: (() => void)[] = [];
  private mocks: { mock: OfficeMockObject; apply: () => void }[] = [];

  private tracked(mock: OfficeMockObject, apply: () => void) {
    this.mocks.push({ mock, apply });
    return mock as OfficeMockObject & Record<string, unknown>;
  }

  /**
   * Applies queued work at sync. Excel keeps call order; here method calls (clear, rows.add, notes,
   * delete) run before property writes, which is the order the sharing code issues them in.
   */
  private flush(): void {
    for (const p of this.pending.splice(0)) p();
    for (const m of this.mocks) m.apply();
    for (const w of this.watchers) w();
  }

  private range(sheet: FakeSheet, row: number, col: number, rows: number, cols: number) {
    const grid = <T>(f: (c: FakeCell | undefined, r: number, k: number) => T) =>
      Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, k) => f(sheet.get(row + r, col + k), r, k)));
    const formulas = grid((c) => c?.formula ?? c?.value ?? "");
    const values = grid((c) => c?.value ?? "");
    const numberFormat = grid((c) => c?.format ?? "General");
    const wb = this;
    const spill = this.spills.get(`${sheet.name}!${cellAddress(row + 1, col + 1)}`);
    const mock = new OfficeMockObject({
      isNullObject: false,
      formulas,
      values,
      numberFormat,
      rowIndex: row,
      columnIndex: col,
      rowCount: rows,
      columnCount: cols,
      address: `${sheet.name}!${cellAddress(row + 1, col + 1)}:${cellAddress(row + rows, col + cols)}`,
      worksheet: { name: sheet.name },
      clear: () =>
        wb.pending.push(() => {
          for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) sheet.set(row + r, col + k, null);
        }),
      getSpillingToRangeOrNullObject: () => {
        if (!spill) {
          const n = new OfficeMockObject({ isNullObject: true, values: [], rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0 });
          return wb.tracked(n, () => undefined);
        }
        return wb.range(sheet, row, col, spill.rows, spill.cols);
      },
    });
    mock.load("isNullObject");
    const seen = { formulas: mock.formulas, values: mock.values, numberFormat: mock.numberFormat } as Record<string, unknown>;
    const written = (prop: string) => {
      const v = (mock as Record<string, unknown>)[prop];
      if (!Array.isArray(v) || v === seen[prop] || v === ({ formulas, values, numberFormat } as Record<string, unknown>)[prop])
        return undefined;
      seen[prop] = v;
      return v as unknown[][];
    };
    return this.tracked(mock, () => {
      const nf = written("numberFormat");
      if (nf)
        nf.forEach((line, r) =>
          line.forEach((f, k) => {
            const c = sheet.get(row + r, col + k);
            if (c) c.format = String(f);
            else sheet.cells.set(sheet.key(row + r, col + k), { value: null, format: String(f) });
          }),
        );
      const f = written("formulas");
      if (f) f.forEach((line, r) => line.forEach((v, k) => sheet.set(row + r, col + k, v, true)));
      const v = written("values");
      if (v) v.forEach((line, r) => line.forEach((x, k) => sheet.set(row + r, col + k, x)));
    });
  }
}

/**
 * The same host for a real browser: a script that answers Microsoft's Office.js URL and defines
 * Office.onReady, Excel.run (plain objects over in-memory sheets; writes applied and recorded at
 * sync, syncs counted) and CustomFunctions. State is readable as window.__excel.
 * `sheets`: sheet name → A1 address → a formula ("=...") or a value.
 */
export function shareHostScript(sheets: Record<string, Record<string, unknown>>): string {
  return `(() => {
  const colNum = (l) => [...l.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const colLet = (n) => { let s = ""; while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); } return s; };
  const parse = (a) => { const local = a.includes("!") ? a.slice(a.lastIndexOf("!") + 1) : a; const [x, y] = local.replace(/\\$/g, "").split(":");
    const p = (s) => { const m = /^([A-Z]+)(\\d+)$/i.exec(s); return { row: Number(m[2]) - 1, col: colNum(m[1]) - 1 }; };
    const s = p(x), e = p(y || x); return { row: s.row, col: s.col, rows: e.row - s.row + 1, cols: e.col - s.col + 1 }; };
  const state = { sheets: [], syncs: 0, writes: [], tables: [], notes: {}, requests: 0 };
  const sheet = (name) => { let s = state.sheets.find((x) => x.name === name); if (!s) { s = { name, visibility: "Visible", cells: {} }; state.sheets.push(s); } return s; };
  const initial = ${JSON.stringify(sheets)};
  for (const [name, cells] of Object.entries(initial)) { const s = sheet(name);
    for (const [a, v] of Object.entries(cells)) { const p = parse(a); s.cells[p.row + "," + p.col] = typeof v === "string" && v.startsWith("=") ? { f: v, v: null } : { v }; } }
  let pending = [];
  const setCell = (s, r, c, v, asFormula) => { const k = r + "," + c; const prev = s.cells[k] || {};
    if (v === "" || v === null || v === undefined) { if (prev.fmt) s.cells[k] = { v: null, fmt: prev.fmt }; else delete s.cells[k]; return; }
    if (typeof v === "string" && v.startsWith("'")) s.cells[k] = { v: v.slice(1), fmt: prev.fmt };
    else if (typeof v === "string" && /^[=+\\-@]/.test(v) && !/^[-+]?\\d/.test(v) && (asFormula || prev.fmt !== "@")) s.cells[k] = { f: v, v: null, fmt: prev.fmt };
    else s.cells[k] = { v, fmt: prev.fmt }; };
  const nullObj = () => ({ isNullObject: true, load() { return this; } });
  const range = (s, row, col, rows, cols) => {
    const grid = (fn) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, k) => fn(s.cells[(row + r) + "," + (col + k)])));
    const o = { isNullObject: false, rowIndex: row, columnIndex: col, rowCount: rows, columnCount: cols,
      worksheet: { name: s.name, load() { return this; } }, load() { return o; },
      clear() { pending.push(() => { for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) setCell(s, row + r, col + k, null); }); },
      getSpillingToRangeOrNullObject: nullObj };
    const write = (prop, apply) => ({ set(g) { pending.push(() => { state.writes.push({ sheet: s.name, address: colLet(col + 1) + (row + 1), [prop]: g });
      g.forEach((line, r) => line.forEach((v, k) => apply(row + r, col + k, v))); }); } });
    Object.defineProperty(o, "formulas", { get: () => grid((c) => (c ? (c.f ?? c.v ?? "") : "")), ...write("formulas", (r, c, v) => setCell(s, r, c, v, true)) });
    Object.defineProperty(o, "values", { get: () => grid((c) => (c ? c.v ?? "" : "")), ...write("values", (r, c, v) => setCell(s, r, c, v)) });
    Object.defineProperty(o, "numberFormat", { get: () => grid((c) => (c && c.fmt) || "General"), ...write("numberFormat", (r, c, v) => { const k = r + "," + c; s.cells[k] = { ...(s.cells[k] || { v: null }), fmt: v }; }) });
    return o; };
  const sheetApi = (s) => { const api = { name: s.name, isNullObject: false, load() { return api; },
      getUsedRangeOrNullObject() { const keys = Object.keys(s.cells).map((k) => k.split(",").map(Number)); if (!keys.length) return nullObj();
        const r0 = Math.min(...keys.map((k) => k[0])), c0 = Math.min(...keys.map((k) => k[1]));
        return range(s, r0, c0, Math.max(...keys.map((k) => k[0])) - r0 + 1, Math.max(...keys.map((k) => k[1])) - c0 + 1); },
      getCell: (r, c) => range(s, r, c, 1, 1), getRangeByIndexes: (r, c, h, w) => range(s, r, c, h, w),
      getRange: (a) => { const p = parse(a); return range(s, p.row, p.col, p.rows, p.cols); },
      delete() { pending.push(() => { state.sheets = state.sheets.filter((x) => x !== s); }); },
      tables: { add(address) { const t = { name: "Table", sheet: s.name, ...parse(address) }; state.tables.push(t); return { set name(n) { t.name = n; } }; } },
      notes: { add(a, text) { pending.push(() => { state.notes[s.name + "!" + a] = text; }); },
        getItemOrNullObject(a) { const text = state.notes[s.name + "!" + a]; return text === undefined ? nullObj() : { isNullObject: false, content: text, load() { return this; }, delete() { pending.push(() => delete state.notes[s.name + "!" + a]); } }; } } };
    Object.defineProperty(api, "visibility", { get: () => s.visibility, set: (v) => pending.push(() => { s.visibility = v; }) });
    return api; };
  const worksheets = { items: [], load() { worksheets.items = state.sheets.map(sheetApi); return worksheets; },
    getItem(n) { const s = state.sheets.find((x) => x.name === n); if (!s) throw new Error("ItemNotFound " + n); return sheetApi(s); },
    getItemOrNullObject(n) { const s = state.sheets.find((x) => x.name === n); return s ? sheetApi(s) : nullObj(); },
    add(n) { return sheetApi(sheet(n)); } };
  const context = { workbook: { worksheets,
      getSelectedRange: () => range(sheet(state.sheets[0].name), 0, 0, 1, 1),
      tables: { getItemOrNullObject(n) { const t = state.tables.find((x) => x.name === n); if (!t) return nullObj();
        return { isNullObject: false, load() { return this; }, getRange: () => range(sheet(t.sheet), t.row, t.col, t.rows, t.cols),
          rows: { add(_i, values) { pending.push(() => { values.forEach((line, r) => line.forEach((v, c) => setCell(sheet(t.sheet), t.row + t.rows + r, t.col + c, v))); t.rows += values.length; }); } } }; } } },
    sync: async () => { state.syncs++; const p = pending; pending = []; p.forEach((f) => f()); } };
  window.__excel = state;
  window.Excel = { run: (batch) => batch(context), SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" }, ClearApplyTo: { contents: "Contents" } };
  window.Office = { onReady: (cb) => { setTimeout(() => cb && cb({ host: "Excel" }), 0); return Promise.resolve({ host: "Excel" }); },
    context: { requirements: { isSetSupported: () => true }, document: {} }, EventType: {}, HostType: { Excel: "Excel" } };
  class CFError extends Error { constructor(code, message) { super(message); this.code = code; } }
  window.CustomFunctions = { associate() {}, Error: CFError, ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" } };
})();`;
}
