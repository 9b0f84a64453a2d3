// A price book: the tests' small view of a workbook holding the price table and the tier table
// (header + body each), its sheets, settings, calculation mode and date system, kept in step with
// the one fake Excel: copied in before every sync and back out after it, so a test edits the book
// between runs as a user edits cells. The jest mock workbook and the browser pane host both use it;
// it is serialised into the page, so it stays self-contained (no imports, no outer references).

export interface PriceBookTable {
  name: string;
  sheet: string;
  header: unknown[];
  body: unknown[][];
}

export interface PriceBook {
  sheets: string[];
  /** Any table but the tier table. */
  table?: PriceBookTable | null;
  /** The tier table, when the book has one. */
  tierTable?: PriceBookTable | null;
  calculationMode?: string;
  use1904DateSystem?: boolean;
  settings?: Record<string, string>;
}

/** Keeps `book` and `fake` in step around every sync; `tierName` is the tier table's name. */
export function bindPriceBook(fake: any, book: PriceBook, tierName: string, absent: null | undefined = undefined): void {
  const b = fake.book;
  /** Sheets made only to hold a table the book names without listing its sheet. */
  const implicit = new Set<string>();
  const slotOf = (name: string) => (name === tierName ? "tierTable" : "table");
  fake.state.beforeSync = chain(fake.state.beforeSync, () => {
    fake.state.calculationMode = book.calculationMode ?? "Automatic";
    fake.state.use1904DateSystem = book.use1904DateSystem;
    fake.state.settings = new Map(Object.entries(book.settings ?? {}));
    const tables = [book.table, book.tierTable].filter((t): t is PriceBookTable => !!t);
    const wanted = [...book.sheets];
    for (const t of tables) if (!wanted.includes(t.sheet)) wanted.push(t.sheet);
    for (const s of [...fake.state.sheets]) if (!wanted.includes(s.name)) b.removeSheet(s.name);
    implicit.clear();
    for (const name of wanted) {
      b.ensureSheet(name);
      if (!book.sheets.includes(name)) implicit.add(name);
    }
    fake.state.sheets.sort((x: { name: string }, y: { name: string }) => wanted.indexOf(x.name) - wanted.indexOf(y.name));
    for (const t of [...fake.state.tables]) if (!tables.some((x) => x.name === t.name)) b.removeTable(t.name);
    for (const t of tables) b.setTableCells(t.name, t.sheet, t.header, t.body);
  });
  const after = fake.state.afterSync;
  fake.state.afterSync = (failure: unknown, context: unknown) => {
    book.sheets = fake.state.sheets.map((s: { name: string }) => s.name).filter((n: string) => !implicit.has(n));
    for (const slot of ["table", "tierTable"] as const) {
      const t = fake.state.tables.find((x: { name: string }) => slotOf(x.name) === slot);
      if (!t) {
        book[slot] = absent;
        continue;
      }
      const { header, body } = b.tableCells(t.name);
      const out = { name: t.name, sheet: t.sheet.name, header, body };
      const existing = book[slot];
      if (existing) Object.assign(existing, out);
      else book[slot] = out;
    }
    if (fake.state.settings.size) book.settings = Object.fromEntries(fake.state.settings);
    after?.(failure, context);
  };
  function chain(first: ((context: unknown) => unknown) | undefined, then: () => void) {
    return async (context: unknown) => {
      await first?.(context);
      then();
    };
  }
}
