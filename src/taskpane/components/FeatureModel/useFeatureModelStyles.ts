// The styles of "New feature cost model": one makeStyles shared by the form and its parts, so every
// part draws with the same classes.
import { makeStyles, tokens } from "@fluentui/react-components";

export const useFeatureModelStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, minWidth: 0 },
  form: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM, minWidth: 0 },
  group: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  // Two fields side by side when the pane is wide enough, stacked at 320 px.
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalS,
  },
  fill: { minWidth: 0, maxWidth: "100%", width: "100%" },
  // A model picker takes a grid row of its own: squeezed into a column, its open button's target
  // would crowd the text field (axe target-size).
  wide: { gridColumn: "1 / -1" },
  option: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalS, alignItems: "center" },
  chosen: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS, margin: 0, paddingLeft: 0, listStyleType: "none" },
  chosenItem: {
    display: "flex",
    justifyContent: "space-between",
    alignItems: "center",
    columnGap: tokens.spacingHorizontalS,
    overflowWrap: "anywhere",
  },
});

export type FeatureModelStyles = ReturnType<typeof useFeatureModelStyles>;

/** A Field's validation props for a field's problem (none: no message, no error state). */
export const fieldProblem = (message: string | undefined) => ({
  validationMessage: message,
  validationState: message ? ("error" as const) : ("none" as const),
});
