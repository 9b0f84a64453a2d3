// The fake workbook of the classification and feature-model tests: the one fake Excel
// (./fakeExcel) with this host's view for tests (`inspect`: cells as written, formats, hidden
// columns, tables, names, styles, charts, syncs) and one request context reused by every Excel.run.
// A formula cell's value reads back as its formula text: the fake does not calculate.
//
// The browser tests inject this host into the page (fakeExcelPane.ts), so `classifyWorkbook` stays
// self-contained: it takes the core's factory as an argument and refers to nothing outside.
import { createFakeExcel as createCore, type FakeExcelInit as CoreInit } from "./fakeExcel/fakeExcel";

export interface FakeExcelInit {
  /** Sheet name → cells by A1 address. */
  sheets: Record<string, Record<string, unknown>>;
  /** The active sheet; the first sheet when omitted. */
  active?: string;
  /** e.g. "Costs!A1:C5" */
  selection?: string;
  tables?: { name: string; address: string }[];
  names?: { name: string; address: string }[];
}

/** The workbook over `init`, with the core's Office.js semantics (a property read before load() and sync() throws). */
export function createFakeExcel(init: FakeExcelInit): any {
  return classifyWorkbook(createCore, init);
}

/** This host over the core made by `core`; self-contained so it can be serialised into a page. */
export function classifyWorkbook(core: typeof createCore, init: FakeExcelInit): any {
  const fake = core(init as CoreInit, { formulaValue: (formula: string) => formula });
  const b = fake.book;
  const context = fake.newContext();
  const at = (sheet: string, address: string) => b.parse(address, b.sheet(sheet));
  const written = (sheet: string, address: string) => {
    const a = at(sheet, address);
    const c = b.cell(sheet, a.r0, a.c0);
    return c === undefined || c.raw === "" || c.raw === null || c.raw === undefined ? undefined : c.raw;
  };
  const inspect = {
    get syncs() {
      return fake.state.syncs;
    },
    sheetNames: () => fake.state.sheets.map((s: { name: string }) => s.name),
    activeSheet: () => fake.state.active,
    /** Every non-empty cell of a sheet by A1 address (formulas as their text). */
    sheetCells: (sheet: string) => {
      const out: Record<string, unknown> = {};
      for (const [k, c] of b.sheet(sheet).cells) {
        if (c.raw === "" || c.raw === null || c.raw === undefined) continue;
        const [r, col] = k.split(",").map(Number);
        out[b.a1(r, col)] = c.raw;
      }
      return out;
    },
    activate: (sheet: string) => {
      fake.state.active = sheet;
    },
    /** Formatting recorded on exactly that range, by property path ("fill.color", "dataValidation.rule"…). */
    styleOf: (sheet: string, address: string) => {
      const recorded = fake.state.styles.get(b.addressOf(at(sheet, address)));
      if (!recorded) return undefined;
      const out: Record<string, unknown> = {};
      for (const [path, value] of Object.entries(recorded)) out[path.replace(/^format\./, "")] = value;
      return out;
    },
    charts: () =>
      fake.state.charts.map((c: any) => ({
        sheet: c.sheet.name,
        name: c.name,
        type: c.type,
        source: c.source,
        seriesBy: c.seriesBy,
        title: c.title,
        position: c.position,
        categories: { ...c.categories },
        fills: c.fills,
      })),
    cell: written,
    cells: (address: string) => b.rawGrid(address),
    formatOf: (sheet: string, address: string) => {
      const a = at(sheet, address);
      return b.format(sheet, a.r0, a.c0);
    },
    hiddenColumns: (sheet: string) => [...(b.sheet(sheet)?.hidden ?? [])].map((c: number) => b.colLetter(c)),
    table: (name: string) => {
      const t = b.table(name);
      return t ? b.addressOf({ sheet: t.sheet, r0: t.r0, c0: t.c0, r1: t.r1, c1: t.c1 }) : undefined;
    },
    tableNames: () => fake.state.tables.map((t: { name: string }) => t.name),
    name: (name: string) => {
      const a = fake.state.names.get(name);
      return a ? b.addressOf(a) : undefined;
    },
    setCell: (sheet: string, address: string, value: unknown) => b.put(sheet, address, value),
    select: (address: string) => {
      fake.state.selection = address;
    },
  };
  return { context, run: (cb: (context: any) => Promise<unknown>) => cb(context), inspect, fake };
}
