// Every string the task pane shows, in one place for review and later translation.
export const strings = {
  title: "AI Unit Economics",
  pricesAsOf: (date: string) => `Prices as of ${date}`,
  pricesSource: (dataset: string, version: string) => `Default prices: ${dataset} ${version}, $ per 1M tokens`,
  functionsHeading: "Functions",
  functionsHelp: "Type =AIECON. in a cell to see every function with help for each argument.",
} as const;
