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
