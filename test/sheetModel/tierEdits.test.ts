import type { ModelPrice, PriceTier } from "../../src/calc/prices";
import type { Tokens, UsdPerMillionTokens } from "../../src/calc/units";
import { DEFAULT_PRICE_ROWS } from "../../src/data/defaultPrices";
import { parseTierTable, TIER_HEADERS } from "../../src/sheetModel/priceTierTable";
import { EMPTY_TIER_DRAFT, tierDraftOf, tiersShown, validateTierDraft, withoutTier } from "../../src/sheetModel/tierEdits";

const usd = (n: number) => n as UsdPerMillionTokens;
const tier = (above: number, input: number): PriceTier => ({
  aboveInputTokens: above as Tokens,
  input: usd(input),
  output: usd(input * 4),
  cachedInput: null,
  cacheWrite: null,
  cacheWrite1h: null,
});
const LEGACY = TIER_HEADERS.filter((h) => h !== "As of");
const gemini = DEFAULT_PRICE_ROWS.find((r) => r.provider === "google" && r.model === "gemini-2.5-pro")! as ModelPrice;

describe("tier drafts", () => {
  it("shows the workbook's tier rows of a model when it has some, else the tiers it bills at", () => {
    const bundled = gemini.tiers!.map((t) => ({ asOf: "", ...t }));
    expect(tiersShown(gemini, [])).toEqual({ tiers: bundled, rows: [] });
    // An edited row keeps the bundled tiers, as the functions bill it.
    expect(tiersShown({ ...gemini, input: usd(1), tiers: undefined }, []).tiers).toEqual(bundled);
    const rows = [
      { model: "GEMINI-2.5-pro", ...tier(300_000, 9) },
      { model: "other", ...tier(1, 1) },
    ];
    expect(tiersShown(gemini, rows)).toEqual({ tiers: [tier(300_000, 9)], rows: [rows[0]] });
  });

  it("adds a tier in threshold order, and edits one in place", () => {
    const tiers = [tier(200_000, 2)];
    const added = validateTierDraft({ ...EMPTY_TIER_DRAFT, aboveInputTokens: "128000", input: "1.5", output: "6" }, "m", tiers, undefined);
    expect("tiers" in added && added.tiers.map((t) => t.aboveInputTokens)).toEqual([128_000, 200_000]);
    const edited = validateTierDraft({ ...tierDraftOf(tiers[0]), input: "3" }, "m", tiers, tiers[0]);
    expect("tiers" in edited && edited.tiers.map((t) => t.input)).toEqual([3]);
    expect(withoutTier(tiers, tiers[0])).toEqual([]);
  });

  it("refuses a bad field or a second tier of one threshold, each beside its field", () => {
    const tiers = [tier(200_000, 2)];
    expect(validateTierDraft({ ...EMPTY_TIER_DRAFT, aboveInputTokens: "200k", input: "-1", output: "6" }, "m", tiers, undefined)).toEqual({
      errors: {
        aboveInputTokens: expect.stringContaining("whole number of input tokens"),
        input: expect.stringContaining("cannot be negative"),
      },
    });
    expect(validateTierDraft({ ...EMPTY_TIER_DRAFT, aboveInputTokens: "200000", input: "1", output: "6" }, "m", tiers, undefined)).toEqual({
      errors: { aboveInputTokens: expect.stringContaining("already has a tier above 200,000") },
    });
    // Every problem at once, each beside its own field.
    expect(validateTierDraft({ ...EMPTY_TIER_DRAFT, aboveInputTokens: "200000", input: "-1", output: "6" }, "m", tiers, undefined)).toEqual(
      {
        errors: { aboveInputTokens: expect.stringContaining("already has a tier"), input: expect.stringContaining("cannot be negative") },
      },
    );
  });

  it("reads the tier table: blank rows skipped, bad rows reported with their number", () => {
    // A table written before the As of column: every row applies from the start.
    const parsed = parseTierTable(LEGACY, [
      ["m", 128000, 1, 2, "", ""],
      ["", "", "", "", "", ""],
      ["m", 0, 1, 2, "", ""],
      ["", 1000, 1, 2, "", ""],
    ]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.problems.map((p) => [p.index, p.message.slice(0, 30)])).toEqual([
      [2, "AIECON_PriceTiers row 3 ('m'):"],
      [3, "AIECON_PriceTiers row 4: Model"],
    ]);
    expect(parseTierTable(["Model"], []).missingColumns).toEqual(LEGACY.slice(1));
  });
});

describe("dated tier rows (the As of column)", () => {
  it("reads each row's As of (a date cell or text), a row with threshold and rates blank as 'no tiers from then', and refuses a bad date", () => {
    const parsed = parseTierTable(TIER_HEADERS, [
      ["m", "", 200000, 10, 40, "", ""],
      ["m", 46094, 200000, 8, 30, "", ""], // 2026-03-13 as an Excel date serial
      ["m", "2026-09-01", "", "", "", "", ""],
      ["m", "soon", 1000, 1, 2, "", ""],
      ["m", "2026-09-01", 1000, 1, 2, "", ""],
    ]);
    expect(parsed.rows.map((r) => [r.asOf, r.aboveInputTokens])).toEqual([
      ["", 200000],
      ["2026-03-13", 200000],
      ["2026-09-01", Infinity],
    ]);
    expect(parsed.problems.map((p) => [p.index, p.message])).toEqual([
      [3, expect.stringContaining("As of must be a date (yyyy-mm-dd) or blank")],
      [4, expect.stringContaining("has tiers from 2026-09-01 and a row saying it has none then")],
    ]);
  });

  it("flags a row for a model no AIECON_Prices row lists, in the words of every bad row, as unused", () => {
    const parsed = parseTierTable(
      TIER_HEADERS,
      [
        ["ghost", "", 1000, 1, 2, "", ""],
        ["m", "", 1000, 1, 2, "", ""],
      ],
      [{ model: "M" }],
    );
    expect(parsed.problems).toEqual([
      {
        index: 0,
        model: "ghost",
        unused: true,
        message:
          "AIECON_PriceTiers row 1 ('ghost'): No AIECON_Prices row lists 'ghost', so this tier is not used (tier rows apply to the models the AI Prices sheet lists); add the model there or delete this row. Fix it in the AI Price Tiers sheet.",
      },
    ]);
    expect(parsed.rows).toHaveLength(2);
  });

  it("shows a bundled dated model's tiers per date, and the pane may add a tier from a date or say there are none", () => {
    const opus = DEFAULT_PRICE_ROWS.find((r) => r.provider === "anthropic" && r.model === "claude-opus-4-6")!;
    const shown = tiersShown(opus, []).tiers;
    expect(shown.map((t) => [t.asOf, t.aboveInputTokens])).toEqual([
      ["", 200000],
      ["2026-03-13", Infinity],
    ]);
    const added = validateTierDraft(
      { ...EMPTY_TIER_DRAFT, asOf: "2027-01-01", aboveInputTokens: "500000", input: "9", output: "40" },
      "m",
      shown,
      undefined,
    );
    expect("tiers" in added && added.tiers.map((t) => [t.asOf, t.aboveInputTokens])).toEqual([
      ["", 200000],
      ["2026-03-13", Infinity],
      ["2027-01-01", 500000],
    ]);
    expect(
      validateTierDraft(
        { ...EMPTY_TIER_DRAFT, asOf: "2026-03-13", aboveInputTokens: "1000", input: "1", output: "1" },
        "m",
        shown,
        undefined,
      ),
    ).toEqual({
      errors: { aboveInputTokens: expect.stringContaining("a row saying it has none then") },
    });
    const none = validateTierDraft({ ...EMPTY_TIER_DRAFT, asOf: "2028-01-01" }, "m", shown, undefined);
    expect("tiers" in none && none.tiers.at(-1)).toMatchObject({ asOf: "2028-01-01", aboveInputTokens: Infinity });
  });
});
