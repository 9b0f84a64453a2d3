// Manual calculation is the user's choice: price changes from the sheet, the pane's edits and an
// insert put the new prices in force but never force a recalculation, nor move the fingerprint of
// the prices the cells were last computed with (src/workbook/prices.ts).
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import { FINGERPRINT_SETTING, insertPriceTable, reloadWorkbookPrices, savePriceEdits } from "../../src/workbook/prices";
import { PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME, keyOf, toTableRow } from "../../src/sheetModel/priceTable";
import { installExcel, newBook, type Book } from "./mockWorkbook";

/** A user's own model, built from a bundled row so that every other field is a valid one. */
const row = (model: string, input: number): ModelPrice => ({
  ...DEFAULT_PRICE_ROWS[0],
  model,
  provider: "custom",
  input: input as UsdPerMillionTokens,
  source: "user",
});

function book(mode: string, rows: ModelPrice[]): Book {
  const b = newBook({
    sheets: [PRICE_SHEET_NAME],
    table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: rows.map((r) => toTableRow(r)) },
  });
  b.calculationMode = mode;
  return b;
}

beforeEach(() => priceRuntime.reset());

describe.each([
  ["Manual", [], undefined],
  ["Automatic", ["Full"], expect.stringMatching(/\S/)],
] as const)("in %s calculation", (mode, calculations, fingerprint) => {
  it("a table read, a saved edit and an insert", async () => {
    const b = book(mode, [row("my-llama", 0.1)]);
    installExcel(b);
    await reloadWorkbookPrices();
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.1);
    expect(b.calculations).toEqual(calculations);
    expect(b.settings?.[FINGERPRINT_SETTING]).toEqual(fingerprint);

    await savePriceEdits([{ kind: "update", key: keyOf(row("my-llama", 0.1)), price: row("my-llama", 0.2) }]);
    expect(priceRuntime.prices().find("my-llama")!.input).toBe(0.2);
    await insertPriceTable([DEFAULT_PRICE_ROWS[0]], { mode: "merge" });
    expect(b.calculations).toEqual([...calculations, ...calculations, ...calculations]);
  });
});
