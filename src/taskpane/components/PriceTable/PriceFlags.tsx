// Marks on a price row whose single number is a simplification of the provider's pricing: tiered
// (the base tier is held) and time-of-day (the unconditional rate is held).
import { Badge, makeStyles, tokens } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { strings } from "../../strings";

const useStyles = makeStyles({
  flags: { display: "inline-flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalXXS, marginLeft: tokens.spacingHorizontalXS },
});

export function PriceFlags({ row }: { readonly row: ModelPrice }) {
  const styles = useStyles();
  if (!row.tiered && !row.conditional) return null;
  return (
    <span className={styles.flags}>
      {row.tiered && (
        <Badge size="small" appearance="outline" color="warning" title={strings.flagTieredTitle} aria-label={`${strings.flagTiered}: ${strings.flagTieredTitle}`}>
          {strings.flagTiered}
        </Badge>
      )}
      {row.conditional && (
        <Badge
          size="small"
          appearance="outline"
          color="warning"
          title={strings.flagConditionalTitle}
          aria-label={`${strings.flagConditional}: ${strings.flagConditionalTitle}`}
        >
          {strings.flagConditional}
        </Badge>
      )}
    </span>
  );
}
