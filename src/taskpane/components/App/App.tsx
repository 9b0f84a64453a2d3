import { FluentProvider, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { strings } from "../../strings";
import { DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION } from "../../../data/defaultPrices";
import { useOfficeTheme } from "../../theme";
import { Sharing } from "../Sharing/Sharing";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    minHeight: "100vh",
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
});

export function App() {
  const styles = useStyles();
  const dark = useOfficeTheme();
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.root}>
        <Text as="h1" size={500} weight="semibold">
          {strings.title}
        </Text>
        <Text>{strings.pricesAsOf(DEFAULT_PRICES_AS_OF)}</Text>
        <Text size={200}>{strings.pricesSource(DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION)}</Text>
        <Text as="h2" size={400} weight="semibold">
          {strings.functionsHeading}
        </Text>
        <Text>{strings.functionsHelp}</Text>
        <Sharing />
      </main>
    </FluentProvider>
  );
}
