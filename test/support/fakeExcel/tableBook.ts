// A table book: the tests' small view of a workbook of named tables (header + body each, on their
// sheets), settings, cells outside tables and the active sheet, kept in step with the one fake
// Excel: copied in before every sync and back out after it, so a test edits the book between runs
// as a user edits cells. The jest actuals book and the browser actuals host both use it; it is
// serialised into the page, so it stays self-contained (no imports, no outer references).

export interface TableBook {
  sheets: string[];
  tables: Record<string, { sheet: string; header: unknown[]; body: unknown[][] }>;
  settings: Record<string, string>;
  /** Cells outside tables, by "Sheet!A1". */
  cells?: Record<string, unknown>;
  activeSheet?: string;
}

export function bindTableBook(fake: any, book: TableBook): void {
  const b = fake.book;
  const before = fake.state.beforeSync;
  fake.state.beforeSync = async (context: unknown) => {
    await before?.(context);
    const wanted = [...book.sheets];
    for (const t of Object.values(book.tables)) if (!wanted.includes(t.sheet)) wanted.push(t.sheet);
    for (const s of [...fake.state.sheets]) if (!wanted.includes(s.name)) b.removeSheet(s.name);
    for (const name of wanted) b.ensureSheet(name);
    fake.state.sheets.sort((x: { name: string }, y: { name: string }) => wanted.indexOf(x.name) - wanted.indexOf(y.name));
    for (const t of [...fake.state.tables]) if (!(t.name in book.tables)) b.removeTable(t.name);
    for (const [name, t] of Object.entries(book.tables)) b.setTableCells(name, t.sheet, t.header, t.body);
    for (const [address, value] of Object.entries(book.cells ?? {})) {
      const bang = address.lastIndexOf("!");
      if (b.sheet(address.slice(0, bang))) b.put(address.slice(0, bang), address.slice(bang + 1), value);
    }
    fake.state.settings = new Map(Object.entries(book.settings));
    if (book.activeSheet) fake.state.active = book.activeSheet;
  };
  const after = fake.state.afterSync;
  fake.state.afterSync = (failure: unknown, context: unknown) => {
    book.sheets = fake.state.sheets.map((s: { name: string }) => s.name);
    const tables: TableBook["tables"] = {};
    for (const t of fake.state.tables) {
      const { header, body } = b.tableCells(t.name);
      const out = { sheet: t.sheet.name, header, body };
      tables[t.name] = book.tables[t.name] ? Object.assign(book.tables[t.name], out) : out;
    }
    book.tables = tables;
    book.settings = Object.fromEntries(fake.state.settings);
    after?.(failure, context);
  };
}
