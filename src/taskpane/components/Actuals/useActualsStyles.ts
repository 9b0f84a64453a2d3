// The Actuals tab's styles, shared by its view, the usage import and the feature-assignment card.
import { makeStyles, tokens } from "@fluentui/react-components";
import { outlinedCard } from "../formStyles";

export const useActualsStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS, minWidth: 0 },
  help: { color: tokens.colorNeutralForeground2 },
  row: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS },
  // A file input sizes itself to its button and label text: hold it to the pane's width (320 px panes).
  file: { width: "100%", maxWidth: "100%", minWidth: 0, boxSizing: "border-box", color: tokens.colorNeutralForeground1 },
  card: outlinedCard,
});
