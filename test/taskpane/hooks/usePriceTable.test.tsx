/** @jest-environment jsdom */
// The price table hook in jsdom against the mock workbook of the price tests
// (test/workbook/mockWorkbook.ts: writes reach the book only on sync, as in Excel). The table comes
// from the workbook; a bad edit is refused field by field in the pane's words and writes nothing; a
// saved edit is the row the workbook holds afterwards; the table is never replaced without asking.
import * as React from "react";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ModelPrice, PriceTier } from "../../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../../src/calc/units";
import { DEFAULT_PRICE_ROWS } from "../../../src/data/defaultPrices";
import { PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME, keyOf, toTableRow } from "../../../src/sheetModel/priceTable";
import { draftOf } from "../../../src/sheetModel/priceEdits";
import { strings } from "../../../src/taskpane/strings";
import { fireTableChanged, installExcel, newBook, type Book } from "../../workbook/mockWorkbook";

// The price runtime keeps the table it read in module state: each test loads the hook and the
// workbook modules afresh, with the one React the testing library renders with.
let hook: typeof import("../../../src/taskpane/components/PriceTable/usePriceTable");
let prices: typeof import("../../../src/workbook/prices");
beforeEach(() => {
  jest.isolateModules(() => {
    jest.doMock("react", () => React);
    hook = jest.requireActual("../../../src/taskpane/components/PriceTable/usePriceTable");
    prices = jest.requireActual("../../../src/workbook/prices");
  });
});
afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

const TODAY = new Date(2026, 11, 6);
const usd = (n: number) => n as UsdPerMillionTokens;
const gpt4o = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-4o")!;
const userRow = (model: string, input: number, output: number, asOf = "2026-11-01"): ModelPrice => ({
  model,
  provider: "custom",
  input: usd(input),
  output: usd(output),
  cachedInput: null,
  cacheWrite: null,
  contextWindow: null,
  asOf,
  source: "user",
  perThousandRequests: null,
  tiered: false,
});
const mine = { ...gpt4o, input: usd(1.25), source: "user" as const, asOf: "2026-10-01" };
const OPENAI = DEFAULT_PRICE_ROWS.filter((r) => r.provider === "openai").slice(0, 3);
const ROWS = [userRow("house-llm", 3, 6), mine, userRow("old-llm", 2, 4, "2026-09-15")];

function bookWith(rows: readonly ModelPrice[]) {
  return newBook({
    sheets: [PRICE_SHEET_NAME],
    table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: rows.map((r) => [...toTableRow(r)]) },
  });
}

async function ready(book: Book) {
  installExcel(book);
  const rendered = renderHook(() => hook.usePriceTable(TODAY));
  expect(rendered.result.current.status).toBe("loading");
  await waitFor(() => expect(rendered.result.current.status).toBe("ready"));
  return rendered.result;
}

const row = (table: { rows: readonly ModelPrice[] }, model: string) => table.rows.find((r) => r.model === model)!;

describe("usePriceTable", () => {
  it("outside Excel says so and reads nothing", () => {
    const { result } = renderHook(() => hook.usePriceTable(TODAY));
    expect(result.current.status).toBe("noExcel");
  });

  it("shows the workbook's rows, their oldest date in force, and narrows them by search", async () => {
    const result = await ready(bookWith(ROWS));
    expect(result.current.table.exists).toBe(true);
    expect(result.current.table.rows.map((r) => r.model)).toEqual(["house-llm", "gpt-4o", "old-llm"]);
    expect(result.current.asOf).toBe("2026-09-15");
    expect(result.current.rowsPerModel.size).toBe(3);
    act(() => result.current.setQuery("  OPENAI "));
    expect(result.current.filtered.map((r) => r.model)).toEqual(["gpt-4o"]);
    act(() => result.current.setQuery("llm"));
    expect(result.current.filtered.map((r) => r.model)).toEqual(["house-llm", "old-llm"]);
  });

  it("refuses a bad edit field by field and writes nothing; a good one is saved and read back from the workbook", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    const house = row(result.current.table, "house-llm");
    act(() => result.current.toggleEdit(keyOf(house)));
    expect(result.current.editing).toBe(keyOf(house));

    let errors: unknown;
    await act(async () => {
      errors = await result.current.rowActions(house).save({ ...draftOf(house), input: "cheap", output: "-1" });
    });
    expect(errors).toEqual({
      input: expect.stringMatching(/^Input \$\/1M .*number/),
      output: expect.stringMatching(/^Output \$\/1M /),
    });
    expect(book.writes).toEqual([]);
    expect(result.current.editing).toBe(keyOf(house));

    await act(async () => {
      errors = await result.current.rowActions(house).save({ ...draftOf(house), input: "3.5" });
    });
    expect(errors).toBeUndefined();
    // Only the changed cells were written; the pane shows the row as the workbook now holds it,
    // stamped with the user's day.
    expect(book.writes).toEqual(["cell 0,2", "cell 0,8"]);
    expect(book.table!.body[0][2]).toBe(3.5);
    expect(row(result.current.table, "house-llm")).toMatchObject({ input: 3.5, output: 6, asOf: "2026-12-06", source: "user" });
    expect(result.current.notice).toBe(strings.saved("house-llm"));
    expect([result.current.editing, result.current.busy, result.current.error]).toEqual([undefined, false, undefined]);
  });

  it("adds a model, puts a user price back to the bundled one, and deletes a user row", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    act(() => result.current.startAdd());
    expect(result.current.adding).toBe(true);
    await act(async () => {
      await result.current.addNew({ ...draftOf(userRow("new-llm", 1, 2)), asOf: "" });
    });
    expect(book.writes).toEqual(["add 1"]);
    expect(row(result.current.table, "new-llm")).toMatchObject({ provider: "custom", input: 1, output: 2, asOf: "2026-12-06" });
    expect([result.current.adding, result.current.notice]).toEqual([false, strings.saved("new-llm")]);

    // The user's gpt-4o has a bundled default to go back to; a custom model has none.
    expect(result.current.rowActions(row(result.current.table, "house-llm")).reset).toBeUndefined();
    await act(async () => {
      await result.current.rowActions(row(result.current.table, "gpt-4o")).reset!();
    });
    expect(row(result.current.table, "gpt-4o")).toMatchObject({ input: gpt4o.input, output: gpt4o.output, source: "default" });
    expect(result.current.notice).toBe(strings.reset("gpt-4o"));

    await act(async () => {
      await result.current.rowActions(row(result.current.table, "old-llm")).remove!();
    });
    expect(book.table!.body.map((r) => r[0])).toEqual(["house-llm", "gpt-4o", "new-llm"]);
    expect(result.current.table.rows.map((r) => r.model)).toEqual(["house-llm", "gpt-4o", "new-llm"]);
    expect(result.current.notice).toBe(strings.deleted("old-llm"));
  });

  it("writes nothing over a row changed in the sheet since the pane read it, and says why", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    const house = row(result.current.table, "house-llm");
    act(() => result.current.toggleEdit(keyOf(house)));
    book.table!.body.splice(0, 1); // the user deleted the row in the sheet meanwhile
    await act(async () => {
      await result.current.rowActions(house).save({ ...draftOf(house), input: "9" });
    });
    expect(book.writes).toEqual([]);
    // The message names the row by its model and date.
    expect(result.current.error).toBe(
      "'house-llm@2026-11-01' is no longer in the AIECON_Prices table (it was changed in the sheet); nothing was written. Reload and try again.",
    );
    expect([result.current.editing, result.current.notice]).toEqual([keyOf(house), undefined]);
  });

  it("opens one row's editor or details at a time, and saves a model's tiers to their own table", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    const house = keyOf(row(result.current.table, "house-llm"));
    act(() => result.current.toggleDetail(house, "tiers"));
    expect(result.current.detail).toEqual({ key: house, kind: "tiers" });
    act(() => result.current.toggleDetail(house, "windows"));
    expect(result.current.detail).toEqual({ key: house, kind: "windows" });
    act(() => result.current.toggleDetail(house, "windows"));
    expect(result.current.detail).toBeUndefined();
    act(() => result.current.startAdd());
    act(() => result.current.toggleEdit(house));
    expect([result.current.editing, result.current.adding]).toEqual([house, false]);
    act(() => result.current.toggleEdit(house));
    expect(result.current.editing).toBeUndefined();

    const above: PriceTier = { aboveInputTokens: 200_000 as Tokens, input: usd(6), output: usd(12), cachedInput: null, cacheWrite: null };
    let saved: unknown;
    await act(async () => {
      saved = await result.current.saveTiers("house-llm", [above], []);
    });
    expect(saved).toBe(true);
    expect(book.tierTable!.body).toEqual([["house-llm", "", 200000, 6, 12, "", ""]]); // As of blank: from the start
    expect(result.current.table.tiers.rows).toHaveLength(1);
    expect(result.current.notice).toBe(strings.tiersSaved("house-llm"));
  });

  it("inserts the table where there is none", async () => {
    const result = await ready(newBook({ sheets: ["Model"] }));
    expect([result.current.table.exists, result.current.asOf]).toEqual([false, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    let presence: unknown;
    await act(async () => {
      presence = await result.current.inspect();
    });
    expect(presence).toMatchObject({ tableExists: false, sheetExists: false });
    await act(async () => {
      await result.current.insert(OPENAI, "create", () => undefined);
    });
    expect(result.current.table.exists).toBe(true);
    expect(result.current.table.rows.map((r) => r.model)).toEqual(expect.arrayContaining(OPENAI.map((r) => r.model)));
  });

  it("over an existing table, an insert that was not confirmed as a merge writes nothing", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    let presence: unknown;
    await act(async () => {
      presence = await result.current.inspect();
    });
    expect(presence).toMatchObject({ tableExists: true });
    let refused: unknown;
    await act(async () => {
      refused = await result.current.insert(OPENAI, "create", () => undefined);
    });
    expect(refused).toMatchObject({ status: "refused" });
    expect(book.writes).toEqual([]);
    expect(result.current.table.rows.map((r) => r.model)).toEqual(["house-llm", "gpt-4o", "old-llm"]);
  });

  it("a price typed in the sheet comes back to the pane, and a save reaches every subscriber through the price runtime", async () => {
    const book = bookWith(ROWS);
    const result = await ready(book);
    await prices.watchPriceTable(() => undefined);
    // A second view of the table (e.g. a pane reopened): it never saves, it only listens.
    const { result: other } = renderHook(() => hook.usePriceTable(TODAY));
    await waitFor(() => expect(other.current.status).toBe("ready"));

    book.table!.body[0][2] = 4; // the user types a new input price in the sheet
    await act(() => fireTableChanged(book));
    expect(row(result.current.table, "house-llm").input).toBe(4);
    expect(row(other.current.table, "house-llm").input).toBe(4);

    const house = row(result.current.table, "house-llm");
    await act(async () => {
      await result.current.rowActions(house).save({ ...draftOf(house), input: "5" });
    });
    await act(() => fireTableChanged(book)); // Excel's event for the add-in's own write
    expect(row(result.current.table, "house-llm").input).toBe(5);
    expect(row(other.current.table, "house-llm").input).toBe(5);
  });
});
