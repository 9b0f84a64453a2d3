// Marks on a price row whose two numbers do not tell the whole bill: tiered (higher rates above an
// input size) and time-of-day (other rates in some UTC hours). Each opens its details under the row.
import { Badge, Button, makeStyles, tokens } from "@fluentui/react-components";
import type { ModelPrice } from "../../../calc/prices";
import { strings } from "../../strings";

const useStyles = makeStyles({
  flags: { display: "inline-flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalXXS, marginLeft: tokens.spacingHorizontalXS },
  // The badge is the button's face; the button around it keeps the 24 px a touch target needs.
  toggle: {
    minWidth: "24px",
    minHeight: "24px",
    height: "auto",
    paddingTop: 0,
    paddingBottom: 0,
    paddingLeft: tokens.spacingHorizontalXXS,
    paddingRight: tokens.spacingHorizontalXXS,
    border: "none",
    verticalAlign: "middle",
  },
});

export type PriceDetail = "tiers" | "windows";

export interface PriceFlagsProps {
  readonly row: ModelPrice;
  /** Whether the model has long-context tiers (its tier rows, or the bundled ones). */
  readonly tiered: boolean;
  readonly open: PriceDetail | undefined;
  readonly onToggle: (detail: PriceDetail) => void;
}

export function PriceFlags({ row, tiered, open, onToggle }: PriceFlagsProps) {
  const styles = useStyles();
  const timed = (row.windows ?? []).length > 0;
  if (!tiered && !timed) return null;
  // The label carries the reason, for screen readers as the title does for the pointer.
  const flag = (detail: PriceDetail, text: string, title: string) => (
    <Button
      appearance="transparent"
      size="small"
      className={styles.toggle}
      title={title}
      aria-label={`${text}: ${title}`}
      aria-expanded={open === detail}
      data-flag={detail}
      onClick={() => onToggle(detail)}
    >
      <Badge size="small" appearance={open === detail ? "tint" : "outline"} color="warning">
        {text}
      </Badge>
    </Button>
  );
  return (
    <span className={styles.flags}>
      {tiered && flag("tiers", strings.flagTiered, strings.flagTieredTitle)}
      {timed && flag("windows", strings.flagConditional, strings.flagConditionalTitle)}
    </span>
  );
}
