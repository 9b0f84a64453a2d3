// The pane's edits to a model's long-context tiers, and the checks that refuse a bad one before
// anything is written. Pure, so the rules are tested without Excel. Tier rows replace every tier a
// model had (calc/workbookPrices.ts), so an edit always writes the model's whole list of tiers.
import { messages } from "../calc/messages";
import { normaliseModelName, type ModelPrice } from "../calc/prices";
import { isNoTiersRow, layerWorkbookPrices, type TierRow } from "../calc/priceLayers";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";
import { cellNumber, isBlankCell, parseAsOf } from "./priceTable";
import { noTiersRow, parseTierFields, type TierFieldErrors } from "./priceTierTable";

/** One of a model's tiers with the day it applies from ("" = from the start); a "no tiers" row when its threshold is not finite. */
export type DatedTier = Omit<TierRow, "model">;

/** What the user typed for one tier: text, checked by validateTierDraft. */
export interface TierDraft {
  /** yyyy-mm-dd, or blank: from the start. */
  asOf: string;
  aboveInputTokens: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite: string;
}

export type TierDraftErrors = TierFieldErrors & { asOf?: string };

const text = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));

export const EMPTY_TIER_DRAFT: TierDraft = { asOf: "", aboveInputTokens: "", input: "", output: "", cachedInput: "", cacheWrite: "" };

export function tierDraftOf(tier: DatedTier): TierDraft {
  if (isNoTiersRow(tier)) return { ...EMPTY_TIER_DRAFT, asOf: tier.asOf ?? "" };
  return {
    asOf: tier.asOf ?? "",
    aboveInputTokens: text(tier.aboveInputTokens),
    input: text(tier.input),
    output: text(tier.output),
    cachedInput: text(tier.cachedInput),
    cacheWrite: text(tier.cacheWrite),
  };
}

const tierRowsOfModel = (model: string, tierRows: readonly TierRow[]) =>
  tierRows.filter((r) => normaliseModelName(r.model) === normaliseModelName(model));

/**
 * One AIECON_Prices row as the functions bill it (calc/priceLayers.ts): with its tier rows, else the
 * bundled tiers it keeps, and the bundled time-of-day windows of a row copied from the bundled table.
 */
export function billedPrice(row: ModelPrice, tierRows: readonly TierRow[]): ModelPrice {
  return layerWorkbookPrices([row], tierRowsOfModel(row.model, tierRows), DEFAULT_PRICE_TABLE, row.asOf || DEFAULT_PRICE_TABLE.asOf)[0];
}

/** A model's tiers as the pane shows them: its AIECON_PriceTiers rows, else those it bills at (bundled). */
export interface ShownTiers {
  /** Oldest As of first, then lowest threshold; a "no tiers" row ends the tiers before it. */
  readonly tiers: readonly DatedTier[];
  /** The rows that hold them in AIECON_PriceTiers; [] when they are the bundled tiers. */
  readonly rows: readonly TierRow[];
}

const byDateThenThreshold = (a: DatedTier, b: DatedTier) =>
  (a.asOf ?? "") < (b.asOf ?? "") ? -1 : (a.asOf ?? "") > (b.asOf ?? "") ? 1 : a.aboveInputTokens - b.aboveInputTokens;

/** The tier rows that copy what a price bills: each dated price's tiers from its date (see tierRowsOf). */
function bundledTiers(price: ModelPrice): DatedTier[] {
  const billed = billedPrice(price, []);
  const versions = billed.versions ?? [];
  if (versions.length < 2) return (billed.tiers ?? []).map((tier) => ({ asOf: "", ...tier }));
  const out: DatedTier[] = [];
  let tieredBefore = false;
  for (const v of versions) {
    const tiers = v.tiers ?? [];
    if (tiers.length) out.push(...tiers.map((tier) => ({ asOf: v.from ?? "", ...tier })));
    else if (tieredBefore) out.push(dropModel(noTiersRow(price.model, v.from ?? "")));
    tieredBefore = tiers.length > 0;
  }
  return out;
}

const dropModel = ({ model: _model, ...tier }: TierRow): DatedTier => tier;

export function tiersShown(price: ModelPrice, tierRows: readonly TierRow[]): ShownTiers {
  const rows = tierRowsOfModel(price.model, tierRows);
  const tiers: DatedTier[] = rows.length ? rows.map(dropModel) : bundledTiers(price);
  return { tiers: tiers.sort(byDateThenThreshold), rows };
}

const sameSlot = (a: DatedTier, b: DatedTier) =>
  (a.asOf ?? "") === (b.asOf ?? "") && (a.aboveInputTokens === b.aboveInputTokens || isNoTiersRow(a) || isNoTiersRow(b));

/**
 * The model's tiers after the draft replaces `original` (undefined when adding), oldest As of and lowest
 * threshold first; or the errors to show beside each field. Two tiers of one date and threshold are
 * refused, as is a "no tiers" row (threshold and rates blank, a date given) beside tiers of its date.
 */
export function validateTierDraft(
  draft: TierDraft,
  model: string,
  tiers: readonly DatedTier[],
  original: DatedTier | undefined,
): { tiers: DatedTier[] } | { errors: TierDraftErrors } {
  const asOf = isBlankCell(draft.asOf) ? "" : parseAsOf(draft.asOf.trim());
  const asOfError = !isBlankCell(draft.asOf) && !asOf ? messages.tierAsOfInvalid(draft.asOf) : undefined;
  const others = tiers.filter((t) => t !== original);
  const blank = [draft.aboveInputTokens, draft.input, draft.output, draft.cachedInput, draft.cacheWrite].every((v) => isBlankCell(v));
  if (blank && asOf) {
    const none = dropModel(noTiersRow(model, asOf));
    if (others.some((t) => sameSlot(t, none))) return { errors: { asOf: messages.tierNoTiersMixed(model, asOf) } };
    return { tiers: [...others, none].sort(byDateThenThreshold) };
  }
  const parsed = parseTierFields(draft);
  const errors: TierDraftErrors = "errors" in parsed ? { ...parsed.errors } : {};
  if (asOfError) errors.asOf = asOfError;
  const above = cellNumber(draft.aboveInputTokens);
  if (!errors.aboveInputTokens && !errors.asOf) {
    const clash = others.find((t) => (t.asOf ?? "") === asOf && (t.aboveInputTokens === above || isNoTiersRow(t)));
    if (clash)
      errors.aboveInputTokens = isNoTiersRow(clash) ? messages.tierNoTiersMixed(model, asOf) : messages.tierDuplicate(model, above, asOf);
  }
  if ("errors" in parsed || Object.keys(errors).length > 0) return { errors };
  return { tiers: [...others, { asOf, ...parsed.tier }].sort(byDateThenThreshold) };
}

/** The model's tiers without `removed`. */
export function withoutTier(tiers: readonly DatedTier[], removed: DatedTier): DatedTier[] {
  return tiers.filter((t) => t !== removed);
}
