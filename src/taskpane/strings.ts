// Every string the task pane shows, in one place for review and later translation.
export const strings = {
  title: "AI Unit Economics",
  pricesAsOf: (date: string) => `Prices as of ${date}`,
  pricesSource: (dataset: string, version: string) => `Default prices: ${dataset} ${version}, $ per 1M tokens`,
  functionsHeading: "Functions",
  functionsHelp: "Type =AIECON. in a cell to see every function with help for each argument.",

  // "Insert example model" (issue 5)
  exampleModelHeading: "Example model",
  exampleModelHelp:
    "Adds two new sheets with a worked model: inputs, normal vs power user, a cost tree for one user action, a 24-month tenure curve with and without summarisation, the board numbers, and two charts. Existing sheets are never changed.",
  exampleModelButton: "Insert example model",
  exampleModelInserting: "Inserting the example model…",
  exampleModelDone: (inputs: string, model: string) => `Added the sheets '${inputs}' and '${model}'.`,
  exampleModelRenamed: (inputs: string, model: string) =>
    `Sheets with the usual names already exist, so the model was added as '${inputs}' and '${model}'. Nothing was overwritten.`,
  exampleModelFailed: (reason: string) => `The example model could not be inserted: ${reason}`,
} as const;
