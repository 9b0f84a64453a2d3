// The pane's edits to a model's long-context tiers, and the checks that refuse a bad one before
// anything is written. Pure, so the rules are tested without Excel. Tier rows replace every tier a
// model had (calc/workbookPrices.ts), so an edit always writes the model's whole list of tiers.
import { messages } from "../calc/messages";
import { normaliseModelName, type ModelPrice, type PriceTier } from "../calc/prices";
import { layerWorkbookPrices, type TierRow } from "../calc/priceLayers";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";
import { cellNumber } from "./priceTable";
import { parseTierFields, type TierFieldErrors } from "./priceTierTable";

/** What the user typed for one tier: text, checked by validateTierDraft. */
export interface TierDraft {
  aboveInputTokens: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite: string;
}

export type TierDraftErrors = TierFieldErrors;

const text = (value: number | null | undefined): string => (value === null || value === undefined ? "" : String(value));

export const EMPTY_TIER_DRAFT: TierDraft = { aboveInputTokens: "", input: "", output: "", cachedInput: "", cacheWrite: "" };

export function tierDraftOf(tier: PriceTier): TierDraft {
  return {
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
  readonly tiers: readonly PriceTier[];
  /** The rows that hold them in AIECON_PriceTiers; [] when they are the bundled tiers. */
  readonly rows: readonly TierRow[];
}

export function tiersShown(price: ModelPrice, tierRows: readonly TierRow[]): ShownTiers {
  const rows = tierRowsOfModel(price.model, tierRows);
  const tiers: PriceTier[] = rows.length ? rows.map(({ model: _model, ...tier }) => tier) : [...(billedPrice(price, []).tiers ?? [])];
  return { tiers: tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens), rows };
}

/**
 * The model's tiers after the draft replaces `original` (undefined when adding), lowest threshold
 * first; or the errors to show beside each field. Two tiers of one threshold are refused.
 */
export function validateTierDraft(
  draft: TierDraft,
  model: string,
  tiers: readonly PriceTier[],
  original: PriceTier | undefined,
): { tiers: PriceTier[] } | { errors: TierDraftErrors } {
  const parsed = parseTierFields(draft);
  const errors: TierDraftErrors = "errors" in parsed ? { ...parsed.errors } : {};
  const others = tiers.filter((t) => t !== original);
  const above = cellNumber(draft.aboveInputTokens);
  if (!errors.aboveInputTokens && others.some((t) => t.aboveInputTokens === above)) {
    errors.aboveInputTokens = messages.tierDuplicate(model, above);
  }
  if ("errors" in parsed || Object.keys(errors).length > 0) return { errors };
  return { tiers: [...others, parsed.tier].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) };
}

/** The model's tiers without `removed`. */
export function withoutTier(tiers: readonly PriceTier[], removed: PriceTier): PriceTier[] {
  return tiers.filter((t) => t !== removed);
}
