// The usage writer against the office-addin-mock workbook of the actuals tests: a first import
// creates AIECON_Usage, re-importing is idempotent and replaces exactly the month × feature rows it
// covers, text from the file lands as text, and every import takes 2 syncs; a refused write writes nothing.
import { parseUsageCsv } from "../../src/calc/actuals/usage";
import { monthSerial } from "../../src/sheetModel/actualsLayout";
import { readUsageSetup, writeUsage } from "../../src/workbook/usage";
import { planUsage, USAGE_COLUMNS, USAGE_TABLE } from "../../src/sheetModel/usageLayout";
import { installActualsExcel, lastRunSyncs, newActualsBook, type ActualsBook } from "./actualsBook";

const MAPPING = { month: "Month", feature: "Feature", activeUsers: "Active users", userActions: "User actions" };
const FILE = [
  "Month,Feature,Active users,User actions",
  "2025-09,Support chat,1200,10000",
  "2025-10,Support chat,1300,12000",
  '2025-10,=HYPERLINK("x"),5,7',
].join("\n");

async function importInto(book: ActualsBook, text: string) {
  installActualsExcel(book);
  const setup = await readUsageSetup();
  const summary = await writeUsage(parseUsageCsv(text, MAPPING), setup);
  return { summary, syncs: lastRunSyncs(book) };
}

describe("writing AIECON_Usage", () => {
  it("first import creates the table on its own sheet in 2 syncs; a feature that looks like a formula lands as text", async () => {
    const book = newActualsBook();
    const { summary, syncs } = await importInto(book, FILE);
    expect(syncs).toBe(2);
    expect(summary).toEqual({ added: 3, removed: 0, sheet: "AI Usage" });
    expect(book.tables[USAGE_TABLE].header).toEqual([...USAGE_COLUMNS]);
    expect(book.tables[USAGE_TABLE].body).toEqual([
      [monthSerial("2025-09"), "Support chat", 1200, 10000],
      [monthSerial("2025-10"), "Support chat", 1300, 12000],
      [monthSerial("2025-10"), '\'=HYPERLINK("x")', 5, 7],
    ]);
  });

  it("re-importing the same file leaves the same table; a later file replaces only its month × feature rows", async () => {
    const book = newActualsBook();
    await importInto(book, FILE);
    // A row the user typed in for another feature stays where it is.
    book.tables[USAGE_TABLE].body.push([monthSerial("2025-10"), "Search", 400, 900]);
    const before = book.tables[USAGE_TABLE].body.map((r) => [...r]);
    const again = await importInto(book, FILE);
    expect(again.syncs).toBe(2);
    expect(again.summary).toMatchObject({ added: 3, removed: 3 });
    expect(book.tables[USAGE_TABLE].body).toEqual([before[3], ...before.slice(0, 3)]);
    await importInto(book, ["Month,Feature,Active users,User actions", "2025-10,support chat,1350,12500"].join("\n"));
    const rows = book.tables[USAGE_TABLE].body;
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r[0] === monthSerial("2025-10") && String(r[1]).toLowerCase() === "support chat")).toEqual([
      [monthSerial("2025-10"), "support chat", 1350, 12500],
    ]);
    expect(rows).toContainEqual([monthSerial("2025-09"), "Support chat", 1200, 10000]);
  });

  it("refuses a table whose columns were renamed, writing nothing", async () => {
    const book = newActualsBook();
    await importInto(book, FILE);
    book.tables[USAGE_TABLE].header[2] = "Users";
    book.writes.length = 0;
    await expect(importInto(book, FILE)).rejects.toThrow(/AIECON_Usage table's columns were changed/);
    expect(book.writes).toEqual([]);
  });

  it("writes nothing when the table was deleted after the import started", async () => {
    const book = newActualsBook();
    await importInto(book, FILE);
    installActualsExcel(book);
    const setup = await readUsageSetup();
    delete book.tables[USAGE_TABLE];
    book.writes.length = 0;
    await expect(writeUsage(parseUsageCsv(FILE, MAPPING), setup)).rejects.toThrow(/ItemNotFound/);
    expect(book.writes).toEqual([]);
  });

  it("protects again a kept text cell whose formula text Excel hands back without its apostrophe", () => {
    const header = [...USAGE_COLUMNS, "Note"];
    const formulas = [[45900, "=cmd", 1, 2, "=RC[-1]*2"]];
    const values = [[45900, "=cmd", 1, 2, 4]];
    const plan = planUsage(header, formulas, values, { rows: [], recordsRead: 0 });
    expect(plan.body).toEqual([[45900, "'=cmd", 1, 2, "=RC[-1]*2"]]);
  });
});
