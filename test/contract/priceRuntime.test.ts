// Contract: the built functions script, started the way Excel starts it with a workbook open, puts
// the workbook's AIECON_Prices in force before any price-dependent cell is computed. Needs `npm run build`.
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { FINGERPRINT_SETTING } from "../../src/workbook/prices";
import { toTableRow } from "../../src/sheetModel/priceTable";
import type { ModelPrice } from "../../src/calc/prices";
import { loadBuiltFunctions } from "../support/customFunctionsHost.cjs";
import { excelRuntimeHost } from "../support/excelRuntimeHost";

const gpt4o = DEFAULT_PRICE_TABLE.find("gpt-4o")!;
/** The workbook overrides gpt-4o's prices (a negotiated rate) and dates its rows 2026-01-15. */
const OVERRIDE: ModelPrice = {
  ...gpt4o,
  input: 1.25 as ModelPrice["input"],
  output: 5 as ModelPrice["output"],
  asOf: "2026-01-15",
  source: "user",
};
const DAY_MS = 86_400_000;
const serial1900 = (iso: string) => (Date.parse(iso) - Date.UTC(1899, 11, 30)) / DAY_MS;
const serial1904 = (iso: string) => (Date.parse(iso) - Date.UTC(1904, 0, 1)) / DAY_MS;

/** The table row as Excel reads it back: the "As of" text became a date serial in the workbook's system. */
function rowAsRead(price: ModelPrice, serial: (iso: string) => number): unknown[] {
  const cells = toTableRow(price) as unknown[];
  return cells.map((c) => (c === price.asOf ? serial(price.asOf) : c));
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const isPromise = (v: unknown): v is Promise<unknown> => typeof (v as { then?: unknown })?.then === "function";

describe("prices in force from the first calculation", () => {
  it("a call made before the first load waits for it and returns the workbook's price", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)], use1904DateSystem: false });
    host.hold(); // the runtime's first read is still in flight when Excel asks for the first cells
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    const price = addin.call("MODELPRICE", "gpt-4o", null);
    const cost = addin.call("COSTPERINTERACTION", 7000, 1000, "gpt-4o", null, null, null);
    const tree = addin.call(
      "COSTTREE",
      [
        ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
        ["a", null, "gpt-4o", 1e5, 0, 1],
      ],
      null,
    );
    const asOf = addin.call("PRICESASOF");
    expect([price, cost, tree, asOf].every(isPromise)).toBe(true);
    // Functions that need no price answer at once.
    expect(addin.call("COSTPERUSER", 0.02, 50)).toBe(1);

    let settled = false;
    void (price as Promise<unknown>).then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    host.release();
    expect(await price).toBe(1.25);
    expect(await cost).toBeCloseTo((7000 / 1e6) * 1.25 + (1000 / 1e6) * 5, 15);
    // 100,000 tokens (within gpt-4o's 128k window) at the workbook's $1.25 per 1M.
    expect(await tree).toEqual([[0.125]]);
    expect(await asOf).toBe("2026-01-15");
    // After the load, calls answer synchronously with the workbook's prices.
    expect(addin.call("MODELPRICE", "gpt-4o", "output")).toBe(5);
    expect(addin.call("MODELPRICE", "gpt-4o-mini", null)).toBe(DEFAULT_PRICE_TABLE.find("gpt-4o-mini")!.input);
  });

  it("recalculates fully once for a workbook whose cells were computed with other prices, and records the fingerprint", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)] });
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    expect(await addin.call("MODELPRICE", "gpt-4o", null)).toBe(1.25);
    expect(host.book.calculations).toEqual(["Full"]);
    const fingerprint = host.book.settings[FINGERPRINT_SETTING];
    expect(fingerprint).toMatch(/\S/);

    // Opened again with the same table: the saved cells are right, no full recalculation.
    const again = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)], settings: { [FINGERPRINT_SETTING]: fingerprint } });
    const reopened = loadBuiltFunctions(undefined, { globals: again.globals });
    expect(await reopened.call("MODELPRICE", "gpt-4o", null)).toBe(1.25);
    expect(again.book.calculations).toEqual([]);

    // The table was edited without the add-in (the fingerprint no longer matches): recalculate.
    const edited = excelRuntimeHost({
      table: [rowAsRead({ ...OVERRIDE, input: 2 as ModelPrice["input"] }, serial1900)],
      settings: { [FINGERPRINT_SETTING]: fingerprint },
    });
    const third = loadBuiltFunctions(undefined, { globals: edited.globals });
    expect(await third.call("MODELPRICE", "gpt-4o", null)).toBe(2);
    expect(edited.book.calculations).toEqual(["Full"]);
    expect(edited.book.settings[FINGERPRINT_SETTING]).not.toBe(fingerprint);
  });

  it("a workbook without a price table and without a fingerprint is not recalculated", async () => {
    const host = excelRuntimeHost({});
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    expect(await addin.call("MODELPRICE", "gpt-4o", null)).toBe(gpt4o.input);
    expect(host.book.calculations).toEqual([]);
  });

  it("respects manual calculation: no recalculation is forced, and the fingerprint is not moved", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)], calculationMode: "Manual" });
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    expect(await addin.call("MODELPRICE", "gpt-4o", null)).toBe(1.25);
    expect(host.book.calculations).toEqual([]);
    expect(host.book.settings).toEqual({});
  });

  it("reads 'As of' dates in a 1904 date-system workbook as the dates Excel shows", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1904)], use1904DateSystem: true });
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    expect(await addin.call("PRICESASOF")).toBe("2026-01-15");
    // A host without Workbook.use1904DateSystem reads serials in the 1900 system.
    const old = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)] });
    expect(await loadBuiltFunctions(undefined, { globals: old.globals }).call("PRICESASOF")).toBe("2026-01-15");
  });

  it("follows edits to the table after the first load", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)] });
    const addin = loadBuiltFunctions(undefined, { globals: host.globals });
    expect(await addin.call("MODELPRICE", "gpt-4o", null)).toBe(1.25);
    await flush();
    host.book.table = [rowAsRead({ ...OVERRIDE, input: 3 as ModelPrice["input"] }, serial1900)];
    await host.fireTablesChanged();
    expect(addin.call("MODELPRICE", "gpt-4o", null)).toBe(3);
    expect(host.book.calculations).toEqual(["Full", "Full"]);
  });

  it("a failed first read shows #N/A saying why in the waiting cells, and the next calculation tries again", async () => {
    const host = excelRuntimeHost({ table: [rowAsRead(OVERRIDE, serial1900)] });
    const broken = {
      ...(host.globals.Excel as object),
      run: async () => Promise.reject(new Error("GeneralException: the workbook is busy")),
    };
    const globals = { ...host.globals, Excel: broken };
    const addin = loadBuiltFunctions(undefined, { globals });
    const first = addin.call("MODELPRICE", "gpt-4o", null) as Promise<unknown>;
    const failure = await first.then(
      () => undefined,
      (e: { code: string; message: string }) => e,
    );
    expect(failure).toBeInstanceOf(addin.CustomFunctions.Error);
    expect([failure!.code, failure!.message]).toEqual([
      "#N/A",
      expect.stringMatching(/AIECON_Prices\) could not be read \(GeneralException: the workbook is busy\); recalculate/),
    ]);
    // Excel answers again: the next call retries the read and gets the workbook's price.
    (broken as { run: unknown }).run = (host.globals.Excel as { run: unknown }).run;
    expect(await addin.call("MODELPRICE", "gpt-4o", null)).toBe(1.25);
  });
});
