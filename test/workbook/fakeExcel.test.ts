// The one fake Excel of the tests (test/support/fakeExcel): the Office.js semantics every host
// relies on — loads fill only at sync, null objects, queued calls in order, tables, events.
import { createFakeExcel } from "../support/fakeExcel/fakeExcel";

const book = () =>
  createFakeExcel({
    sheets: { Costs: { A1: "Model", B1: "Price", A2: "gpt-4o", B2: 2.5, A3: "claude", B3: "=B2*2" } },
    tables: [{ name: "Prices", address: "Costs!A1:B3" }],
    names: [{ name: "Total", address: "Costs!B3" }],
  });

describe("load and sync", () => {
  it("throws PropertyNotLoaded for a property read before load() and sync(), and answers after", async () => {
    const fake = book();
    const context = fake.newContext();
    const range = context.workbook.worksheets.getItem("Costs").getRange("A2:B2");
    expect(() => range.values).toThrow(/PropertyNotLoaded/);
    range.load("values");
    expect(() => range.values).toThrow(/PropertyNotLoaded/);
    await context.sync();
    expect(range.values).toEqual([["gpt-4o", 2.5]]);
    // Only what was loaded: formulas were not asked for.
    expect(() => range.formulas).toThrow(/PropertyNotLoaded/);
    try {
      void range.formulas;
    } catch (error) {
      expect((error as { code?: string }).code).toBe("PropertyNotLoaded");
    }
  });

  it("takes the values a load saw at its place in the batch, not later writes", async () => {
    const fake = book();
    const context = fake.newContext();
    const cell = context.workbook.worksheets.getItem("Costs").getRange("B2");
    cell.load("values");
    cell.values = [[9]];
    const after = context.workbook.worksheets.getItem("Costs").getRange("B2").load("values");
    await context.sync();
    expect(cell.values).toEqual([[2.5]]);
    expect(after.values).toEqual([[9]]);
    expect(fake.book.values("Costs!B2")).toEqual([[9]]);
  });

  it("applies writes only at sync, and counts syncs", async () => {
    const fake = book();
    const context = fake.newContext();
    context.workbook.worksheets.getItem("Costs").getRange("C1").values = [["Note"]];
    expect(fake.book.raw("Costs", 0, 2)).toBe("");
    await context.sync();
    expect(fake.book.raw("Costs", 0, 2)).toBe("Note");
    expect(fake.state.syncs).toBe(1);
  });

  it("loads the items of a collection with the properties asked", async () => {
    const fake = book();
    const context = fake.newContext();
    const sheets = context.workbook.worksheets.load("items/name");
    expect(() => sheets.items).toThrow(/PropertyNotLoaded/);
    await context.sync();
    expect(sheets.items.map((s: { name: string }) => s.name)).toEqual(["Costs"]);
  });

  it("refuses a range written with an array of the wrong size", async () => {
    const context = book().newContext();
    context.workbook.worksheets.getItem("Costs").getRange("A1:B1").values = [["only one"]];
    await expect(context.sync()).rejects.toThrow(/InvalidArgument/);
  });
});

describe("null objects and missing items", () => {
  it("answers isNullObject after a sync, loaded or not, and throws before", async () => {
    const context = book().newContext();
    const missing = context.workbook.tables.getItemOrNullObject("Nope");
    const found = context.workbook.tables.getItemOrNullObject("prices"); // names compare case-insensitively
    const sheet = context.workbook.worksheets.getItemOrNullObject("Other");
    expect(() => missing.isNullObject).toThrow(/PropertyNotLoaded/);
    await context.sync();
    expect(missing.isNullObject).toBe(true);
    expect(found.isNullObject).toBe(false);
    expect(sheet.isNullObject).toBe(true);
  });

  it("fails the sync that carries getItem of a missing item", async () => {
    const fake = book();
    const context = fake.newContext();
    context.workbook.worksheets.getItem("Costs").getRange("D1").values = [["before"]];
    context.workbook.tables.getItem("Nope").rows.add(undefined, [["x", 1]]);
    context.workbook.worksheets.getItem("Costs").getRange("E1").values = [["after"]];
    await expect(context.sync()).rejects.toThrow(/ItemNotFound/);
    // As in Excel, calls before the failure stay applied; the rest of the batch is dropped.
    expect(fake.book.raw("Costs", 0, 3)).toBe("before");
    expect(fake.book.raw("Costs", 0, 4)).toBe("");
  });

  it("rolls a failed batch back whole when atomic", async () => {
    const fake = createFakeExcel({ sheets: { S: {} } }, { atomic: true });
    const context = fake.newContext();
    context.workbook.worksheets.getItem("S").getRange("A1").values = [["before"]];
    context.workbook.worksheets.add("S");
    await expect(context.sync()).rejects.toThrow(/ItemAlreadyExists/);
    expect(fake.book.raw("S", 0, 0)).toBe("");
  });

  it("answers names, settings and notes as null objects when missing", async () => {
    const context = book().newContext();
    const name = context.workbook.names.getItemOrNullObject("Total");
    const noName = context.workbook.names.getItemOrNullObject("Nothing");
    const setting = context.workbook.settings.getItemOrNullObject("k").load("value");
    const note = context.workbook.worksheets.getItem("Costs").notes.getItemOrNullObject("A1");
    const range = name.getRange().load("address");
    await context.sync();
    expect([name.isNullObject, noName.isNullObject, setting.isNullObject, note.isNullObject]).toEqual([false, true, true, true]);
    expect(range.address).toBe("Costs!B3");
  });
});

describe("cells as Excel stores them", () => {
  it("keeps a quote prefix out of what is read back, and formulas as formulas", async () => {
    const fake = book();
    const context = fake.newContext();
    const range = context.workbook.worksheets.getItem("Costs").getRange("C1:C3");
    range.values = [["'=HYPERLINK(1)"], ["=A1"], ["-5"]];
    range.load("values, formulas");
    await context.sync();
    expect(range.formulas).toEqual([["=HYPERLINK(1)"], ["=A1"], ["-5"]]);
    expect(range.values).toEqual([["=HYPERLINK(1)"], [""], ["-5"]]); // a formula is not calculated
    expect(fake.book.raw("Costs", 0, 2)).toBe("'=HYPERLINK(1)");
  });

  it("keeps text typed into a cell formatted as text", async () => {
    const fake = book();
    fake.book.setFormat("Costs", 5, 0, "@");
    const context = fake.newContext();
    const cell = context.workbook.worksheets.getItem("Costs").getRange("A6");
    cell.values = [["=1+1"]];
    cell.load("formulas, numberFormat");
    await context.sync();
    expect(fake.book.cell("Costs", 5, 0)?.kind).toBe("value");
    expect(cell.formulas).toEqual([["=1+1"]]);
    expect(cell.numberFormat).toEqual([["@"]]);
  });
});

describe("tables", () => {
  it("adds rows below the body, and a range taken before keeps its size", async () => {
    const fake = book();
    const context = fake.newContext();
    const table = context.workbook.tables.getItem("Prices");
    const before = table.getDataBodyRange().load("rowCount");
    table.rows.add(undefined, [["gemini", 1.25]]);
    const after = table.getDataBodyRange().load("values, address");
    await context.sync();
    expect(before.rowCount).toBe(2);
    expect(after.values).toEqual([
      ["gpt-4o", 2.5],
      ["claude", ""],
      ["gemini", 1.25],
    ]);
    expect(after.address).toBe("Costs!A2:B4");
    expect(fake.book.tableCells("Prices").body).toEqual([
      ["gpt-4o", 2.5],
      ["claude", "=B2*2"],
      ["gemini", 1.25],
    ]);
  });

  it("makes a table over a header, names it, and finds it by its new name in the same batch", async () => {
    const fake = createFakeExcel({ sheets: { S: {} } });
    const context = fake.newContext();
    const sheet = context.workbook.worksheets.add("New");
    const table = sheet.tables.add("A1:B1", true);
    table.name = "Fresh";
    table.getHeaderRowRange().values = [["Model", "Price"]];
    table.rows.add(undefined, [["a", 1]]);
    const found = context.workbook.tables.getItemOrNullObject("Fresh").load("name");
    await context.sync();
    expect(found.isNullObject).toBe(false);
    expect(fake.book.tableCells("Fresh")).toEqual({ header: ["Model", "Price"], body: [["a", 1]] });
  });

  it("deletes a row and adds a column", async () => {
    const fake = book();
    const context = fake.newContext();
    const table = context.workbook.tables.getItem("Prices");
    table.rows.getItemAt(0).delete();
    table.columns.add(undefined, undefined, "Note");
    await context.sync();
    expect(fake.book.tableCells("Prices")).toEqual({ header: ["Model", "Price", "Note"], body: [["claude", "=B2*2", ""]] });
  });
});

describe("events", () => {
  it("registers tables.onChanged at sync, raises it on the host's fire, and removes it", async () => {
    const fake = book();
    const seen: unknown[] = [];
    const context = fake.newContext();
    const registration = context.workbook.tables.onChanged.add((e: unknown) => void seen.push(e));
    expect(fake.state.handlers.tablesChanged).toHaveLength(0);
    await context.sync();
    await fake.book.fireTableChanged("Prices");
    expect(seen).toEqual([expect.objectContaining({ changeType: "RangeEdited" })]);
    registration.remove();
    await context.sync();
    await fake.book.fireTableChanged("Prices");
    expect(seen).toHaveLength(1);
  });

  it("raises onChanged and onAdded after add-in writes when asked to", async () => {
    const fake = createFakeExcel({ sheets: { S: { A1: "h" } }, tables: [{ name: "T", address: "S!A1:A1" }] }, { raiseEvents: true });
    const events: string[] = [];
    const context = fake.newContext();
    context.workbook.tables.onChanged.add(() => void events.push("changed"));
    context.workbook.tables.onAdded.add(() => void events.push("added"));
    await context.sync();
    context.workbook.tables.getItem("T").rows.add(undefined, [["x"]]);
    context.workbook.worksheets.getItem("S").tables.add("C1:C2", true);
    await context.sync();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events.sort()).toEqual(["added", "changed"]);
  });
});
