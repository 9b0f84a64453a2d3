// A model's long-context tiers, opened from its "tiered" badge or its editor: each tier's threshold
// and rates, with edit, delete and add. Written to AIECON_PriceTiers through src/workbook.
import { Button, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import type { TierRow } from "../../../calc/priceLayers";
import { EMPTY_TIER_DRAFT, tierDraftOf } from "../../../sheetModel/tierEdits";
import { strings } from "../../strings";
import { TierForm } from "./TierForm";
import { tierId, useModelTiers, type SaveTiers } from "./useModelTiers";
import { buttonRow, filledPanel } from "../formStyles";

const useStyles = makeStyles({
  panel: filledPanel(tokens.colorNeutralBackground2, tokens.spacingHorizontalS),
  list: { margin: 0, paddingLeft: 0, listStyleType: "none", display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  tier: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXS },
  rates: { fontVariantNumeric: "tabular-nums" },
  actions: buttonRow,
  muted: { color: tokens.colorNeutralForeground3 },
});

const money = (value: number | null | undefined) =>
  value === null || value === undefined ? "–" : `$${value.toLocaleString("en-US", { maximumFractionDigits: 6 })}`;

export interface TierPanelProps {
  readonly row: ModelPrice;
  readonly tierRows: readonly TierRow[];
  readonly save: SaveTiers;
  readonly onClose: () => void;
}

export function TierPanel({ row, tierRows, save, onClose }: TierPanelProps) {
  const styles = useStyles();
  const t = useModelTiers(row, tierRows, save);
  return (
    <section className={styles.panel} aria-label={strings.tiersHeading(row.model)} data-tiers={row.model}>
      <Text as="h3" size={300} weight="semibold">
        {strings.tiersHeading(row.model)}
      </Text>
      <Text size={200}>{strings.tiersRule}</Text>
      <Text size={200} className={styles.muted}>
        {t.tiers.length === 0 ? strings.tiersNone : t.fromWorkbook ? strings.tiersFromWorkbook : strings.tiersFromBundle}
      </Text>
      {t.tiers.length > 0 && (
        <ul className={styles.list}>
          {t.tiers.map((tier) => (
            <li key={tierId(tier)} className={styles.tier} data-tier={tier.aboveInputTokens} data-tier-as-of={tier.asOf ?? ""}>
              <Text weight="semibold">{strings.tierAbove(tier.aboveInputTokens, tier.asOf)}</Text>
              {Number.isFinite(tier.aboveInputTokens) && (
                <Text className={styles.rates}>
                  {money(tier.input)} / {money(tier.output)}
                </Text>
              )}
              <Button
                size="small"
                aria-label={strings.tierEdit(tier.aboveInputTokens, tier.asOf)}
                onClick={() => t.startEdit(tier)}
                disabled={t.busy}
              >
                {strings.tierEditButton}
              </Button>
              <Button
                size="small"
                aria-label={strings.tierDelete(tier.aboveInputTokens, tier.asOf)}
                onClick={() => void t.remove(tier)}
                disabled={t.busy}
              >
                {strings.deleteRow}
              </Button>
              {t.editing === tierId(tier) && (
                <TierForm
                  label={strings.tierEditHeading(row.model, tier.aboveInputTokens, tier.asOf)}
                  initial={tierDraftOf(tier)}
                  busy={t.busy}
                  onSave={t.saveDraft}
                  onCancel={t.cancel}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {t.fromWorkbook && (
        <Text size={200} className={styles.muted}>
          {strings.tiersNoneAfterDelete}
        </Text>
      )}
      {t.editing === "new" && (
        <TierForm
          label={strings.tierAddHeading(row.model)}
          initial={EMPTY_TIER_DRAFT}
          busy={t.busy}
          onSave={t.saveDraft}
          onCancel={t.cancel}
        />
      )}
      <div className={styles.actions}>
        {t.editing !== "new" && (
          <Button onClick={t.startAdd} disabled={t.busy}>
            {strings.tierAdd}
          </Button>
        )}
        <Button appearance="subtle" onClick={onClose}>
          {strings.close}
        </Button>
      </div>
    </section>
  );
}
