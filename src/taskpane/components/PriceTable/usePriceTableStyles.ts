// The styles of the price table: one makeStyles shared by the view and its grid.
import { makeStyles, tokens } from "@fluentui/react-components";

export const usePriceTableStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  numeric: { textAlign: "end", fontVariantNumeric: "tabular-nums" },
  // The model name takes what the narrow pane has left after the two price columns; the provider
  // and whether the price is the user's sit under it, so the name has the room to break only
  // where it has a hyphen, dot or slash, never mid-word.
  priceColumn: { width: "52px" },
  modelName: { overflowWrap: "break-word", wordBreak: "normal" },
  // The name opens the row's editor, so it looks like a link: brand colour, underlined on hover
  // and focus. The hover colour also applies while the row is hovered (its background darkens), so
  // the name keeps 4.5:1 contrast on the hovered row in both themes.
  modelButton: {
    justifyContent: "flex-start",
    textAlign: "start",
    minWidth: 0,
    maxWidth: "100%",
    height: "auto",
    paddingLeft: 0,
    paddingRight: 0,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForegroundLink,
    ":hover": { color: tokens.colorBrandForegroundLinkHover, textDecorationLine: "underline" },
    ":hover:active": { color: tokens.colorBrandForegroundLinkPressed },
    ":focus-visible": { textDecorationLine: "underline" },
    // The row's background darkens at once; a fading text colour would sit below 4.5:1 on it for
    // 100 ms, so the colour changes in the same frame.
    transitionProperty: "none",
  },
  row: { ":hover [data-model-link]": { color: tokens.colorBrandForegroundLinkHover } },
  userPrice: { color: tokens.colorBrandForeground2 },
  muted: { display: "block", color: tokens.colorNeutralForeground3, marginTop: tokens.spacingVerticalXS },
});

export type PriceTableStyles = ReturnType<typeof usePriceTableStyles>;
