// Style pieces the pane's cards and forms share (plain Griffel objects spread into each component's
// makeStyles), so every card stacks, wraps and fits a 320 px pane the same way.
import { tokens, type GriffelStyle } from "@fluentui/react-components";

/** A card of stacked controls with a thin outline (the Actuals tab's mapping and import cards). */
export const outlinedCard: GriffelStyle = {
  display: "flex",
  flexDirection: "column",
  rowGap: tokens.spacingVerticalS,
  padding: tokens.spacingHorizontalM,
  border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  borderRadius: tokens.borderRadiusMedium,
  minWidth: 0,
  overflowWrap: "anywhere",
};

/** A filled panel of stacked controls; a form inside a panel takes the next background to stand apart. */
export const filledPanel = (backgroundColor: string, padding: string = tokens.spacingHorizontalM): GriffelStyle => ({
  display: "flex",
  flexDirection: "column",
  rowGap: tokens.spacingVerticalS,
  padding,
  backgroundColor,
  borderRadius: tokens.borderRadiusMedium,
});

/** Two fields side by side when the pane is wide enough, stacked when it is not. */
export const fieldPair: GriffelStyle = {
  display: "grid",
  gridTemplateColumns: "repeat(auto-fit, minmax(120px, 1fr))",
  columnGap: tokens.spacingHorizontalS,
  rowGap: tokens.spacingVerticalS,
};

/** An input that never pushes its field wider than the pane. */
export const fullWidthInput: GriffelStyle = { minWidth: 0, width: "100%" };

/** A row of buttons that wraps on a narrow pane. */
export const buttonRow: GriffelStyle = {
  display: "flex",
  flexWrap: "wrap",
  columnGap: tokens.spacingHorizontalS,
  rowGap: tokens.spacingVerticalS,
};
