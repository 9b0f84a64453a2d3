import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import type { ModelPrice } from "../../src/calc/prices";
import type { UsdPerMillionTokens } from "../../src/calc/units";
import { PRICE_HEADERS, keyOf, parseAsOf, parseTable, toTableRow, type Cell } from "../../src/sheetModel/priceTable";
import { EMPTY_DRAFT, applyEdits, draftOf, resetEdit, validateDraft } from "../../src/sheetModel/priceEdits";

const gpt4o = DEFAULT_PRICE_ROWS.find((r) => r.provider === "openai" && r.model === "gpt-4o")!;
const usd = (n: number) => n as UsdPerMillionTokens;
const mine: ModelPrice = {
  model: "my-llama",
  provider: "custom",
  input: usd(0.1),
  output: usd(0.3),
  cachedInput: null,
  cacheWrite: null,
  contextWindow: 8192,
  asOf: "2026-11-01",
  source: "user",
  perThousandRequests: null,
  tiered: false,
};

describe("table rows <-> ModelPrice", () => {
  it("round-trips a default and a user row", () => {
    const parsed = parseTable(PRICE_HEADERS, [toTableRow(gpt4o), toTableRow(mine)]);
    expect(parsed.problems).toEqual([]);
    // What a flat row cannot hold (the 1-hour write, tiers, windows) is added when the functions layer the rows.
    expect(parsed.rows[0]).toEqual({ ...gpt4o, cacheWrite1h: undefined, tiers: undefined, windows: undefined });
    expect(parsed.rows[1]).toEqual({
      ...mine,
      displayName: undefined,
      aliases: undefined,
      prefixes: undefined,
      preferredFor: undefined,
      conditional: undefined,
    });
  });

  it("finds columns by header wherever the user moved them, and reads Excel date serials", () => {
    const header: Cell[] = ["Notes", ...[...PRICE_HEADERS].reverse()];
    const row: Cell[] = ["x", "user", 46327, 8192, "", "", "", "0.30", 0.1, "", "my-llama"];
    const parsed = parseTable(header, [row]);
    expect(parsed.rows[0]).toMatchObject({ model: "my-llama", provider: "custom", input: 0.1, output: 0.3, asOf: "2026-11-01" });
    // Excel's serial 45658 is 1 January 2025.
    expect(parseAsOf(45658)).toBe("2025-01-01");
  });

  it("reports a missing column instead of guessing", () => {
    const parsed = parseTable(
      PRICE_HEADERS.filter((h) => h !== "Output $/1M"),
      [],
    );
    expect(parsed.missingColumns).toEqual(["Output $/1M"]);
  });

  it("skips blank rows and reports bad ones with their row number", () => {
    const bad = toTableRow(mine);
    bad[3] = -2;
    const parsed = parseTable(PRICE_HEADERS, [toTableRow(gpt4o), ["", "", "", "", "", "", "", "", ""], bad]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems).toEqual([
      {
        index: 2,
        model: "my-llama",
        provider: "custom",
        message: expect.stringMatching(/^AIECON_Prices row 3 \('my-llama'\): Output \$\/1M cannot be negative; got -2\./),
      },
    ]);
  });
});

describe("validateDraft", () => {
  const table = [gpt4o, mine];
  const today = "2026-11-23";

  it("refuses negative and non-numeric prices with a message per field", () => {
    const result = validateDraft({ ...draftOf(mine), input: "-1", output: "abc", cachedInput: "1,5" }, table, mine, today);
    expect(result).toEqual({
      errors: {
        input: "Input $/1M cannot be negative; got -1.",
        output: "Output $/1M must be a number in $ per 1M tokens; got text 'abc'.",
        cachedInput: "Cached input $/1M must be a number in $ per 1M tokens; got text '1,5'.",
      },
    });
  });

  it("refuses an empty model name and a duplicate of an existing row", () => {
    expect(validateDraft({ ...EMPTY_DRAFT, input: "1", output: "1" }, table, undefined, today)).toEqual({
      errors: { model: "Model name cannot be empty." },
    });
    const dup = validateDraft({ ...EMPTY_DRAFT, model: " GPT-4o ", provider: "OpenAI", input: "1", output: "1" }, table, undefined, today);
    expect(dup).toEqual({ errors: { model: expect.stringContaining("'GPT-4o' is already in the price table for provider 'OpenAI'") } });
    const twoOfMine = validateDraft(
      { ...EMPTY_DRAFT, model: "my-llama", provider: "other", input: "1", output: "1" },
      table,
      undefined,
      today,
    );
    expect(twoOfMine).toEqual({ errors: { model: expect.stringContaining("You already have a model named 'my-llama'") } });
  });

  it("keeps the row's own name when editing it, and stamps the edit as a user row as of today", () => {
    const result = validateDraft({ ...draftOf(gpt4o), input: "2" }, table, gpt4o, today);
    expect(result).toEqual({
      price: { ...gpt4o, input: 2, source: "user", asOf: today, cacheWrite1h: undefined, tiers: undefined, windows: undefined },
    });
  });

  it("adds a custom model with the custom provider when none is given", () => {
    const result = validateDraft(
      { ...EMPTY_DRAFT, model: "ft-small", input: "0.05", output: "0.2", contextWindow: "32000" },
      table,
      undefined,
      today,
    );
    expect(result).toMatchObject({ price: { model: "ft-small", provider: "custom", input: 0.05, output: 0.2, contextWindow: 32000 } });
  });
});

describe("edits", () => {
  it("reset puts a row back to its bundled default; a custom model has none", () => {
    expect(resetEdit({ ...gpt4o, input: usd(9), source: "user" })).toEqual({
      kind: "update",
      key: `openai/gpt-4o@${gpt4o.asOf}`,
      price: gpt4o,
    });
    expect(resetEdit(mine)).toBeUndefined();
  });

  it("applies updates in place, drops deletes and appends adds", () => {
    const extra = { ...mine, model: "x" };
    const after = applyEdits(
      [gpt4o, mine],
      [
        { kind: "delete", key: keyOf(gpt4o) },
        { kind: "update", key: keyOf(mine), price: { ...mine, input: usd(1) } },
        { kind: "add", price: extra },
      ],
    );
    expect(after).toEqual([{ ...mine, input: 1 }, extra]);
  });
});

describe("dated rows from the pane", () => {
  const today = "2026-11-23";
  const table = [gpt4o, mine];

  it("adds a dated price of a listed model with an As of date, refusing the same model and date twice", () => {
    const added = validateDraft(
      { ...EMPTY_DRAFT, model: "my-llama", provider: "custom", input: "2", output: "4", asOf: "2027-01-01" },
      table,
      undefined,
      today,
    );
    expect(added).toEqual({ price: expect.objectContaining({ model: "my-llama", asOf: "2027-01-01", input: 2 }) });
    const same = validateDraft(
      { ...EMPTY_DRAFT, model: "my-llama", provider: "custom", input: "2", output: "4", asOf: mine.asOf },
      table,
      undefined,
      today,
    );
    expect(same).toEqual({ errors: { model: expect.stringContaining(`already has a row dated ${mine.asOf}`) } });
    // Without a date it is a duplicate, as before.
    const undated = validateDraft(
      { ...EMPTY_DRAFT, model: "my-llama", provider: "custom", input: "2", output: "4" },
      table,
      undefined,
      today,
    );
    expect(undated).toEqual({ errors: { model: expect.stringContaining("or give an As of date") } });
  });

  it("refuses an As of that is not a date beside its field", () => {
    const bad = validateDraft({ ...EMPTY_DRAFT, model: "new-one", input: "1", output: "1", asOf: "2027-02-30" }, table, undefined, today);
    expect(bad).toEqual({ errors: { asOf: expect.stringContaining("As of must be a date") } });
  });

  it("editing one of a model's dated rows keeps its date; a lone row is stamped today", () => {
    const later = { ...mine, asOf: "2027-01-01", input: 2 as typeof mine.input };
    const edited = validateDraft({ ...draftOf(mine), input: "3" }, [gpt4o, mine, later], mine, today);
    expect("price" in edited && edited.price.asOf).toBe(mine.asOf);
    const lone = validateDraft({ ...draftOf(mine), input: "3" }, table, mine, today);
    expect("price" in lone && lone.price.asOf).toBe(today);
  });
});
