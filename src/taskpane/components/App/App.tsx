import { useState } from "react";
import { FluentProvider, Tab, TabList, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { strings } from "../../strings";
import { DEFAULT_PRICES_AS_OF, DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION } from "../../../data/defaultPrices";
import { useOfficeTheme } from "../../theme";
import { ExampleModel } from "../ExampleModel/ExampleModel";
import { ClassificationWizard } from "../ClassificationWizard/ClassificationWizard";

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
  const [tab, setTab] = useState("overview");
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.root}>
        <Text as="h1" size={500} weight="semibold">
          {strings.title}
        </Text>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(String(d.value))}>
          <Tab value="overview">{strings.functionsHeading}</Tab>
          <Tab value="classification">{strings.classification.tab}</Tab>
        </TabList>
        {tab === "overview" && (
          <>
            <Text>{strings.pricesAsOf(DEFAULT_PRICES_AS_OF)}</Text>
            <Text size={200}>{strings.pricesSource(DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION)}</Text>
            <Text as="h2" size={400} weight="semibold">
              {strings.functionsHeading}
            </Text>
            <Text>{strings.functionsHelp}</Text>
            <ExampleModel />
          </>
        )}
        {tab === "classification" && <ClassificationWizard />}
      </main>
    </FluentProvider>
  );
}
