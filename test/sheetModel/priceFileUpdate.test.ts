// "Update from a price file…": a genai-prices data file (the same schema as the pinned package's
// data) compared with the workbook's table, and only accepted changes written, in 2 syncs.
import { waitForUpdate, type Provider } from "@pydantic/genai-prices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { matches } from "../../src/data/genaiPrices";
import { priceRuntime } from "../../src/runtime/priceRuntime";
import { acceptedEdits, planPriceFileUpdate, type PriceFileUpdate } from "../../src/sheetModel/priceFileUpdate";
import { savePriceEdits } from "../../src/workbook/prices";
import { PRICE_HEADERS, PRICE_SHEET_NAME, PRICE_TABLE_NAME, toTableRow } from "../../src/sheetModel/priceTable";
import { landsAs } from "../support/excelText";
import { installExcel, newBook, syncCount } from "../workbook/mockWorkbook";

let providers: Provider[];
beforeAll(async () => {
  providers = structuredClone((await waitForUpdate()) as Provider[]);
});
beforeEach(() => priceRuntime.reset());

const row = (provider: string, model: string) => DEFAULT_PRICE_ROWS.find((r) => r.provider === provider && r.model === model)!;
const mine: ModelPrice = {
  ...row("openai", "gpt-4o-mini"),
  input: 0.11 as UsdPerMillionTokens,
  source: "user",
  asOf: "2026-10-01",
};

/** The pinned dataset as a published data file, with gpt-4o's input price raised and one model added. */
function newerFile(): string {
  const data = structuredClone(providers);
  const openai = data.find((p) => p.id === "openai")!;
  const gpt4o = openai.models.find((m) => m.id === "gpt-4o")!;
  gpt4o.prices = { ...(gpt4o.prices as Record<string, number>), input_mtok: 2.75 };
  const mini = openai.models.find((m) => m.id === "gpt-4o-mini")!;
  mini.prices = { ...(mini.prices as Record<string, number>), input_mtok: 0.2 };
  openai.models.push({ id: "gpt-9", name: "GPT-9", match: { equals: "gpt-9" }, prices: { input_mtok: 50, output_mtok: 200 } });
  return JSON.stringify(data);
}

const TABLE = [mine, row("openai", "gpt-4o"), row("openai", "gpt-4.1"), row("perplexity", "sonar")];

describe("planning an update from a price file", () => {
  it("lists changed prices (old → new), unchanged rows and new models of the table's providers; user rows stay", () => {
    const plan = planPriceFileUpdate(newerFile(), TABLE, "2026-11-01") as PriceFileUpdate;
    expect(plan.changes.map((c) => [c.before.model, c.fields, c.before.input, c.after.input])).toEqual([["gpt-4o", ["input"], 2.5, 2.75]]);
    expect(plan.changes[0].after).toMatchObject({ source: "default", asOf: "2026-11-01", output: 10 });
    expect(plan.unchanged).toBe(2); // gpt-4.1 and sonar
    expect(plan.userRows).toBe(1); // my gpt-4o-mini price is not compared, let alone replaced
    expect(plan.newModels.map((m) => m.model)).toContain("gpt-9");
    expect(plan.newModels.every((m) => m.provider === "openai" || m.provider === "perplexity")).toBe(true);
    expect(plan.newModels.map((m) => m.model)).not.toContain("gpt-4o");
  });

  it("refuses a file that is not JSON, or JSON of another shape, saying why", () => {
    expect(planPriceFileUpdate("name,price\ngpt-4o,2.5", TABLE, "2026-11-01")).toEqual({
      problem: expect.stringMatching(/not JSON.*Nothing was changed/),
    });
    expect(planPriceFileUpdate('{"gpt-4o": 2.5}', TABLE, "2026-11-01")).toEqual({
      problem: expect.stringMatching(/not a list of providers/),
    });
    expect(planPriceFileUpdate('[{"id":"openai","models":[{"id":"x"}]}]', TABLE, "2026-11-01")).toEqual({
      problem: expect.stringMatching(/a model of provider 'openai' has no id, match rule or prices/),
    });
  });
});

describe("writing what the user accepted", () => {
  const bookOf = (rows: readonly ModelPrice[]) =>
    newBook({
      sheets: [PRICE_SHEET_NAME],
      table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: rows.map(toTableRow) },
    });

  it("accepted changes and new models in 2 syncs; a declined change and user rows untouched", async () => {
    const book = bookOf(TABLE);
    installExcel(book);
    const plan = planPriceFileUpdate(newerFile(), TABLE, "2026-11-01") as PriceFileUpdate;
    const edits = acceptedEdits(plan, new Set(plan.changes.map((c) => c.key)), true);
    await savePriceEdits(edits);
    expect(syncCount(book)).toBe(2);
    expect(priceRuntime.prices().find("gpt-4o")!.input).toBe(2.75);
    expect(priceRuntime.prices().find("gpt-9")!.input).toBe(50);
    expect(priceRuntime.prices().find("gpt-4o-mini")!.input).toBe(0.11);
    expect(book.table!.body[0]).toEqual(toTableRow(mine));
  });

  it("nothing accepted, nothing written", () => {
    const plan = planPriceFileUpdate(newerFile(), TABLE, "2026-11-01") as PriceFileUpdate;
    expect(acceptedEdits(plan, new Set(), false)).toEqual([]);
  });
});

describe("a price file is data, not code", () => {
  const withGpt4o = (prices: unknown, extra: Record<string, unknown> = {}) => {
    const data = structuredClone(providers) as unknown as Array<{ id: string; models: Array<Record<string, unknown>> }>;
    const gpt4o = data.find((p) => p.id === "openai")!.models.find((m) => m.id === "gpt-4o")!;
    Object.assign(gpt4o, { prices }, extra);
    return JSON.stringify(data);
  };

  it.each([
    [
      "a tiered base of −3",
      { input_mtok: { base: -3, tiers: [{ start: 200000, price: 5 }] }, output_mtok: 10 },
      /gpt-4o' has input_mtok base = -3/,
    ],
    ["a tiered base of 1e400", { input_mtok: { base: "BIG", tiers: [] }, output_mtok: 10 }, /gpt-4o' has input_mtok base = Infinity/],
    ["a negative output price", { input_mtok: 2.5, output_mtok: -10 }, /output_mtok = -10/],
    [
      "a tier price that is text",
      { input_mtok: 2.5, output_mtok: { base: 10, tiers: [{ start: 1000, price: "cheap" }] } },
      /output_mtok tier/,
    ],
    [
      "a dated set with a NaN-like price",
      [{ prices: { input_mtok: 2.5, output_mtok: 10 } }, { constraint: { start_date: "2026-01-01" }, prices: { input_mtok: "n/a" } }],
      /input_mtok = "n\/a"/,
    ],
  ])("%s is refused with the model and field named, and nothing is offered", (_name, prices, why) => {
    const text = withGpt4o(prices).replace('"BIG"', "1e400");
    const plan = planPriceFileUpdate(text, TABLE, "2026-11-01");
    expect(plan).toEqual({ problem: expect.stringMatching(why) });
    expect(plan).toEqual({ problem: expect.stringMatching(/Nothing was changed/) });
  });

  it("a context window that is not a number ≥ 0 is refused", () => {
    expect(planPriceFileUpdate(withGpt4o({ input_mtok: 2.5, output_mtok: 10 }, { context_window: -1 }), TABLE, "2026-11-01")).toEqual({
      problem: expect.stringMatching(/context_window = -1/),
    });
  });

  it("a catastrophic match.regex is never run: the file is planned at once and the rule matches nothing", () => {
    // ^(a+)+$ backtracks exponentially on "aaa…a!" (8 s for 29 characters in V8); 40 would take hours.
    const evil = { regex: "^(a+)+$" };
    const name = `${"a".repeat(40)}!`;
    expect(matches(evil, name)).toBe(false);
    expect(matches({ or: [evil, { equals: name }] }, name)).toBe(true);
    const data = structuredClone(providers) as unknown as Array<{
      id: string;
      models: Array<Record<string, unknown>>;
      model_match?: unknown;
    }>;
    const openai = data.find((p) => p.id === "openai")!;
    openai.model_match = { or: [evil, { starts_with: "gpt" }] };
    openai.models.push({ id: name, match: { or: [evil, { regex: "(x+x+)+y" }] }, prices: { input_mtok: 1, output_mtok: 2 } });
    data.find((p) => p.id === "groq")?.models.push({ id: name, match: { equals: name }, prices: { input_mtok: 1, output_mtok: 2 } });
    const plan = planPriceFileUpdate(JSON.stringify(data), TABLE, "2026-11-01") as PriceFileUpdate;
    expect(plan.newModels.map((m) => m.model)).toContain(name);
  });

  it("model ids starting with = + @ are added to the table as text", async () => {
    const hostile = ['=HYPERLINK("http://evil","x")', "+1+1", "@SUM(A1)", "-cmd"];
    const data = structuredClone(providers);
    const openai = data.find((p) => p.id === "openai")!;
    for (const id of hostile) openai.models.push({ id, match: { equals: id }, prices: { input_mtok: 1, output_mtok: 2 } });
    const book = newBook({
      sheets: [PRICE_SHEET_NAME],
      table: { name: PRICE_TABLE_NAME, sheet: PRICE_SHEET_NAME, header: [...PRICE_HEADERS], body: TABLE.map(toTableRow) },
    });
    installExcel(book);
    const plan = planPriceFileUpdate(JSON.stringify(data), TABLE, "2026-11-01") as PriceFileUpdate;
    await savePriceEdits(acceptedEdits(plan, new Set(), true));
    const models = book.table!.body.map((r) => r[0]);
    for (const id of hostile) expect(models.map(landsAs)).toContainEqual({ kind: "text", text: id });
    expect(book.table!.body.every((r) => landsAs(r[0]).kind === "text" && landsAs(r[1]).kind === "text")).toBe(true);
    expect(priceRuntime.prices().find("@SUM(A1)")!.input).toBe(1); // the functions read the names unprotected
  });
});
