// An in-memory Excel host for the sharing code: a few sheets of cells, tables, notes, very hidden
// sheets, a selection and spills, over the one fake Excel (./fakeExcel), whose Excel.run gives the
// code Office.js's load/sync semantics (a property read before load() and sync() throws) and counts
// syncs. FakeWorkbook is the tests' view of the book: copied into the fake before every sync and
// back after it, so tests read and edit cells, notes and tables as they always did.
import { cellAddress, columnNumber } from "../../src/share/refs";
import { createFakeExcel } from "./fakeExcel/fakeExcel";

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

type Fake = ReturnType<typeof createFakeExcel>;
type CoreCell = { raw: unknown; kind: "formula" | "text" | "value"; fmt?: string; cached?: unknown };

/** The test's cell as the fake keeps it: a formula with the value it shows, or a value (text kept as text). */
const toCore = (c: FakeCell): CoreCell =>
  c.formula !== undefined
    ? { raw: c.formula, kind: "formula", fmt: c.format, cached: c.value ?? undefined }
    : { raw: c.value ?? "", kind: "value", fmt: c.format };
const fromCore = (c: CoreCell): FakeCell | undefined => {
  const blank = c.raw === "" || c.raw === null || c.raw === undefined;
  if (blank) return c.fmt === undefined ? undefined : { value: null, format: c.fmt };
  if (c.kind === "formula") return { formula: String(c.raw), value: c.cached ?? null, format: c.fmt };
  return { value: c.kind === "text" ? String(c.raw).slice(1) : c.raw, format: c.fmt };
};

export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  syncs = 0;
  selection?: { sheet: string; row: number; col: number; rows: number; cols: number };
  /** Spilled ranges by anchor "Sheet!A1": the cells the anchor's array covers. */
  spills = new Map<string, { rows: number; cols: number }>();
  private fake?: Fake;

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
    const fake = (this.fake ??= this.makeFake());
    const g = globalThis as unknown as Record<string, unknown>;
    g.Excel = fake.excel;
    g.Office = { context: { requirements: { isSetSupported: () => true } } };
  }

  private makeFake(): Fake {
    const fake = createFakeExcel();
    fake.state.beforeSync = () => this.copyIn(fake);
    fake.state.afterSync = () => this.copyOut(fake);
    return fake;
  }

  private copyIn(fake: Fake): void {
    const b = fake.book;
    for (const s of [...fake.state.sheets]) if (!this.sheets.some((x) => x.name === s.name)) b.removeSheet(s.name);
    for (const s of this.sheets) {
      const core = b.ensureSheet(s.name);
      core.visibility = s.visibility;
      core.notes = new Map(s.notes);
      b.setCells(s.name, new Map([...s.cells].map(([k, c]) => [k, toCore(c)])));
    }
    fake.state.sheets.sort(
      (x: { name: string }, y: { name: string }) =>
        this.sheets.findIndex((s) => s.name === x.name) - this.sheets.findIndex((s) => s.name === y.name),
    );
    fake.state.tables = [];
    for (const t of this.tables)
      b.addTable(
        t.name,
        `'${t.sheet.name.replace(/'/g, "''")}'!${cellAddress(t.row + 1, t.col + 1)}:${cellAddress(t.row + t.rows, t.col + t.cols)}`,
      );
    b.spills.clear();
    for (const [anchor, size] of this.spills) b.spills.set(anchor, size);
    const sel = this.selection;
    fake.state.selection = sel
      ? `'${sel.sheet.replace(/'/g, "''")}'!${cellAddress(sel.row + 1, sel.col + 1)}:${cellAddress(sel.row + sel.rows, sel.col + sel.cols)}`
      : undefined;
  }

  private copyOut(fake: Fake): void {
    this.syncs = fake.state.syncs;
    this.sheets = fake.state.sheets.map(
      (core: { name: string; visibility: string; notes: Map<string, string>; cells: Map<string, CoreCell> }) => {
        const s = this.sheets.find((x) => x.name === core.name) ?? new FakeSheet(core.name);
        s.visibility = core.visibility;
        s.notes.clear();
        for (const [a, text] of core.notes) s.notes.set(a, text);
        s.cells.clear();
        for (const [k, c] of core.cells) {
          const cell = fromCore(c);
          if (cell) s.cells.set(k, cell);
        }
        return s;
      },
    );
    this.tables = fake.state.tables.map((t: { name: string; sheet: { name: string }; r0: number; c0: number; r1: number; c1: number }) => {
      const out = { name: t.name, sheet: this.sheet(t.sheet.name), row: t.r0, col: t.c0, rows: t.r1 - t.r0 + 1, cols: t.c1 - t.c0 + 1 };
      const kept = this.tables.find((x) => x.name === t.name);
      return kept ? Object.assign(kept, out) : out;
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
