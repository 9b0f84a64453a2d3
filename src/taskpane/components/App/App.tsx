import { Suspense, lazy, useState } from "react";
import { FluentProvider, Spinner, Tab, TabList, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { strings } from "../../strings";
import { DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION } from "../../../data/defaultPrices";
import { PriceTable } from "../PriceTable/PriceTable";
import { useOfficeTheme } from "../../theme";

// Loaded when first shown, so the pane's first script stays small (under 200 KB gzipped).
const ExampleModel = lazy(() => import(/* webpackChunkName: "example-model" */ "../ExampleModel/ExampleModel").then((m) => ({ default: m.ExampleModel })));
const Sharing = lazy(() => import(/* webpackChunkName: "sharing" */ "../Sharing/Sharing").then((m) => ({ default: m.Sharing })));
const ClassificationWizard = lazy(() =>
  import(/* webpackChunkName: "classification" */ "../ClassificationWizard/ClassificationWizard").then((m) => ({ default: m.ClassificationWizard })),
);

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
          <Tab value="overview">{strings.overviewTab}</Tab>
          <Tab value="classification">{strings.classification.tab}</Tab>
        </TabList>
        {tab === "overview" && (
          <>
            <PriceTable today={new Date()} />
            <Text size={200}>{strings.pricesSource(DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION)}</Text>
            <Text as="h2" size={400} weight="semibold">
              {strings.functionsHeading}
            </Text>
            <Text>{strings.functionsHelp}</Text>
            <Suspense fallback={<Spinner size="tiny" />}>
              <ExampleModel />
              <Sharing />
            </Suspense>
          </>
        )}
        {tab === "classification" && (
          <Suspense fallback={<Spinner size="tiny" />}>
            <ClassificationWizard />
          </Suspense>
        )}
      </main>
    </FluentProvider>
  );
}
