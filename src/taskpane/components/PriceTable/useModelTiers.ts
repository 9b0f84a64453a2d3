// State of one model's tier panel: which tier is being edited or added, and the save of the model's
// whole list of tiers through src/workbook. The checks are those of src/sheetModel/tierEdits.
import { useState } from "react";
import type { ModelPrice } from "../../../calc/prices";
import type { TierRow } from "../../../calc/priceLayers";
import {
  tiersShown,
  validateTierDraft,
  withoutTier,
  type DatedTier,
  type TierDraft,
  type TierDraftErrors,
} from "../../../sheetModel/tierEdits";

/** Saves a model's tiers (each with the day it applies from), given the rows the pane read; resolves true when written. */
export type SaveTiers = (model: string, tiers: readonly DatedTier[], seen: readonly TierRow[]) => Promise<boolean>;

/** A tier's identity in the panel: its As of and threshold. */
export const tierId = (tier: DatedTier): string => `${tier.asOf ?? ""}>${tier.aboveInputTokens}`;

export function useModelTiers(row: ModelPrice, tierRows: readonly TierRow[], save: SaveTiers) {
  const shown = tiersShown(row, tierRows);
  /** The tier being edited, by As of and threshold (tiers are rebuilt on every render); "new" while adding one. */
  const [editing, setEditing] = useState<string | "new">();
  const [busy, setBusy] = useState(false);

  const write = async (tiers: readonly DatedTier[]) => {
    setBusy(true);
    const ok = await save(row.model, tiers, shown.rows);
    setBusy(false);
    if (ok) setEditing(undefined);
    return ok;
  };

  /** Field errors to show, or undefined once the draft was accepted (written, or refused by the workbook). */
  const saveDraft = async (draft: TierDraft): Promise<TierDraftErrors | undefined> => {
    const original = shown.tiers.find((t) => tierId(t) === editing);
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
    startEdit: (tier: DatedTier) => setEditing(tierId(tier)),
    startAdd: () => setEditing("new"),
    cancel: () => setEditing(undefined),
    saveDraft,
    remove: (tier: DatedTier) => write(withoutTier(shown.tiers, tier)),
  };
}
