// The wizard's styles, shared by its view and the line cards (Fluent's styles hook beside the state hook).
import { makeStyles, tokens } from "@fluentui/react-components";

export const useClassificationWizardStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  row: {
    display: "flex",
    columnGap: tokens.spacingHorizontalS,
    alignItems: "flex-start",
    flexWrap: "wrap",
    rowGap: tokens.spacingVerticalS,
  },
  // Fields wrap onto their own line in a narrow pane and never grow past their card.
  field: { minWidth: 0, maxWidth: "100%", flexGrow: 1, flexBasis: "120px" },
  fill: { minWidth: 0, maxWidth: "100%", width: "100%" },
  buttonRow: { display: "flex", alignItems: "flex-end" },
  line: {
    display: "flex",
    flexDirection: "column",
    minWidth: 0,
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  lineHeader: { display: "flex", justifyContent: "space-between", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  result: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  rationale: { color: tokens.colorNeutralForeground2 },
});
