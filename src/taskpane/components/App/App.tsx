import { Suspense, lazy, useState, type ReactNode } from "react";
import { FluentProvider, Spinner, Tab, TabList, Text, makeStyles, tokens, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { strings } from "../../strings";
import { DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION } from "../../../data/defaultPrices";
import { PriceTable } from "../PriceTable/PriceTable";
import { useColorScheme, useOfficeTheme } from "../../theme";

// Loaded when first shown, so the pane's first script stays small (under 200 KB gzipped).
const ExampleModel = lazy(() =>
  import(/* webpackChunkName: "example-model" */ "../ExampleModel/ExampleModel").then((m) => ({ default: m.ExampleModel })),
);
const FeatureModel = lazy(() =>
  import(/* webpackChunkName: "feature-model" */ "../FeatureModel/FeatureModel").then((m) => ({ default: m.FeatureModel })),
);
const Sharing = lazy(() => import(/* webpackChunkName: "sharing" */ "../Sharing/Sharing").then((m) => ({ default: m.Sharing })));
const ClassificationWizard = lazy(() =>
  import(/* webpackChunkName: "classification" */ "../ClassificationWizard/ClassificationWizard").then((m) => ({
    default: m.ClassificationWizard,
  })),
);
const Actuals = lazy(() => import(/* webpackChunkName: "actuals" */ "../Actuals/Actuals").then((m) => ({ default: m.Actuals })));

type TabKey = "prices" | "model" | "classify" | "share" | "actuals";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
  },
  hidden: { display: "none" },
  // Five tabs do not fit in a 320 px pane on one line: wrap rather than run off the side.
  tabs: { flexWrap: "wrap" },
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
  useColorScheme(dark);
  const [tab, setTab] = useState<TabKey>("prices");
  // A tab is mounted the first time it is shown and then kept (hidden when not selected): the
  // price table's watcher must keep the functions' prices live whichever tab is open.
  const [visited, setVisited] = useState<ReadonlySet<TabKey>>(() => new Set<TabKey>(["prices"]));
  const show = (key: TabKey) => {
    setTab(key);
    setVisited((before) => (before.has(key) ? before : new Set([...before, key])));
  };
  const panel = (key: TabKey, content: ReactNode) =>
    visited.has(key) && (
      <div role="tabpanel" hidden={tab !== key} className={tab === key ? styles.panel : styles.hidden}>
        <Suspense fallback={<Spinner size="tiny" />}>{content}</Suspense>
      </div>
    );
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme}>
      <main className={styles.root}>
        <Text as="h1" size={500} weight="semibold">
          {strings.title}
        </Text>
        <TabList size="small" className={styles.tabs} selectedValue={tab} onTabSelect={(_, d) => show(d.value as TabKey)}>
          <Tab value="prices">{strings.tabs.prices}</Tab>
          <Tab value="model">{strings.tabs.model}</Tab>
          <Tab value="classify">{strings.classification.tab}</Tab>
          <Tab value="share">{strings.tabs.share}</Tab>
          <Tab value="actuals">{strings.actualsTab}</Tab>
        </TabList>
        {panel(
          "prices",
          <>
            <PriceTable today={new Date()} />
            <Text size={200}>{strings.pricesSource(DEFAULT_PRICES_DATASET, DEFAULT_PRICES_VERSION)}</Text>
          </>,
        )}
        {panel(
          "model",
          <>
            <Text as="h2" size={400} weight="semibold">
              {strings.functionsHeading}
            </Text>
            <Text>{strings.functionsHelp}</Text>
            <FeatureModel />
            <ExampleModel />
          </>,
        )}
        {panel("classify", <ClassificationWizard />)}
        {panel("share", <Sharing />)}
        {panel("actuals", <Actuals />)}
      </main>
    </FluentProvider>
  );
}
