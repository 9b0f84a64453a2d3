// State of one model's tier panel: which tier is being edited or added, and the save of the model's
// whole list of tiers through src/workbook. The checks are those of src/sheetModel/tierEdits.
import { useState } from "react";
import type { ModelPrice, PriceTier } from "../../../calc/prices";
import type { TierRow } from "../../../calc/priceLayers";
import { tiersShown, validateTierDraft, withoutTier, type TierDraft, type TierDraftErrors } from "../../../sheetModel/tierEdits";

/** Saves a model's tiers, given the rows the pane read; resolves true when written. */
export type SaveTiers = (model: string, tiers: readonly PriceTier[], seen: readonly TierRow[]) => Promise<boolean>;

export function useModelTiers(row: ModelPrice, tierRows: readonly TierRow[], save: SaveTiers) {
  const shown = tiersShown(row, tierRows);
  /** The threshold of the tier being edited (tiers are rebuilt on every render); "new" while adding one. */
  const [editing, setEditing] = useState<number | "new">();
  const [busy, setBusy] = useState(false);

  const write = async (tiers: readonly PriceTier[]) => {
    setBusy(true);
    const ok = await save(row.model, tiers, shown.rows);
    setBusy(false);
    if (ok) setEditing(undefined);
    return ok;
  };

  /** Field errors to show, or undefined once the draft was accepted (written, or refused by the workbook). */
  const saveDraft = async (draft: TierDraft): Promise<TierDraftErrors | undefined> => {
    const original = shown.tiers.find((t) => t.aboveInputTokens === editing);
    const checked = validateTierDraft(draft, row.model, shown.tiers, original);
    if ("errors" in checked) return checked.errors;
    await write(checked.tiers);
    return undefined;
  };

  return {
    tiers: shown.tiers,
    fromWorkbook: shown.rows.length > 0,
    editing,
    busy,
    startEdit: (tier: PriceTier) => setEditing(tier.aboveInputTokens),
    startAdd: () => setEditing("new"),
    cancel: () => setEditing(undefined),
    saveDraft,
    remove: (tier: PriceTier) => write(withoutTier(shown.tiers, tier)),
  };
}
