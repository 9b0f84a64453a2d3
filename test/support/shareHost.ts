// An in-memory Excel host for the sharing code: a few sheets of cells, tables, notes, very hidden
// sheets, a selection and spills, over the one fake Excel (./fakeExcel), whose Excel.run gives the
// code Office.js's load/sync semantics (a property read before load() and sync() throws) and counts
// syncs. FakeWorkbook is the tests' view of the book: copied into the fake before every sync and
// back after it, so tests read and edit cells, notes and tables as they always did.
import { cellAddress, columnNumber } from "../../src/sheetModel/refs";
import { createFakeExcel } from "./fakeExcel/fakeExcel";
import { installOfficeGlobals } from "./fakeExcel/officeGlobals";

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
  /** The application's calculation settings (Office.js application.calculationMode, iterativeCalculation). */
  calculation = { mode: "Automatic", iterative: { enabled: false, maxIteration: 100, maxChange: 0.001 } };
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
    // A table object the add-in got in an earlier sync of the same run must stay the same table, as
    // in Office.js: tables the core already holds are updated in place, not made anew.
    const before = fake.state.tables as { name: string; sheet: unknown; r0: number; c0: number; r1: number; c1: number }[];
    fake.state.tables = [];
    for (const t of this.tables) {
      const kept = before.find((x) => x.name === t.name);
      if (kept) {
        Object.assign(kept, { sheet: b.ensureSheet(t.sheet.name), r0: t.row, c0: t.col, r1: t.row + t.rows - 1, c1: t.col + t.cols - 1 });
        fake.state.tables.push(kept);
      } else
        b.addTable(
          t.name,
          `'${t.sheet.name.replace(/'/g, "''")}'!${cellAddress(t.row + 1, t.col + 1)}:${cellAddress(t.row + t.rows, t.col + t.cols)}`,
        );
    }
    b.spills.clear();
    for (const [anchor, size] of this.spills) b.spills.set(anchor, size);
    fake.state.calculationMode = this.calculation.mode;
    Object.assign(fake.state.iterative, this.calculation.iterative); // in place: a bound iterativeCalculation stays live
    const sel = this.selection;
    fake.state.selection = sel
      ? `'${sel.sheet.replace(/'/g, "''")}'!${cellAddress(sel.row + 1, sel.col + 1)}:${cellAddress(sel.row + sel.rows, sel.col + sel.cols)}`
      : undefined;
  }

  private copyOut(fake: Fake): void {
    this.syncs = fake.state.syncs;
    this.calculation = { mode: fake.state.calculationMode, iterative: { ...fake.state.iterative } };
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
 * The same host for a real browser: a script that answers Microsoft's Office.js URL with the one
 * fake Excel over `sheets` (sheet name → A1 address → a formula "=..." or a value) and Office.onReady
 * and CustomFunctions beside it. State is readable as window.__excel: syncs, and each sheet's cells
 * by "row,col" as { f: formula, v: value, fmt: number format }, tables and notes ("Sheet!A1").
 */
export function shareHostScript(sheets: Record<string, Record<string, unknown>>): string {
  return `(${shareHostPage.toString()})(${createFakeExcel.toString()}, ${installOfficeGlobals.toString()}, ${JSON.stringify(sheets)});`;
}

/** Runs in the page; self-contained (it is serialised): `core` is the fake Excel's factory. */
function shareHostPage(
  core: typeof createFakeExcel,
  installOffice: typeof installOfficeGlobals,
  sheets: Record<string, Record<string, unknown>>,
): void {
  const fake = core({ sheets });
  const w = window as any;
  Object.defineProperty(w, "__excel", {
    get: () => ({
      syncs: fake.state.syncs,
      sheets: fake.state.sheets.map((s: any) => {
        const cells: Record<string, unknown> = {};
        for (const [k, c] of s.cells) {
          const blank = c.raw === "" || c.raw === null || c.raw === undefined;
          if (blank && c.fmt === undefined) continue;
          cells[k] =
            c.kind === "formula"
              ? { f: c.raw, v: c.cached ?? null, fmt: c.fmt }
              : { v: blank ? null : c.kind === "text" ? String(c.raw).slice(1) : c.raw, fmt: c.fmt };
        }
        return { name: s.name, visibility: s.visibility, cells };
      }),
      tables: fake.state.tables.map((t: any) => ({ name: t.name, sheet: t.sheet.name })),
      notes: Object.fromEntries(
        fake.state.sheets.flatMap((s: any) => [...s.notes].map(([a, text]: [string, string]) => [`${s.name}!${a}`, text])),
      ),
    }),
  });
  w.Excel = fake.excel;
  installOffice({ requirements: true });
}
