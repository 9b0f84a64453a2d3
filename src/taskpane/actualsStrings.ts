// Every string the Actuals tab shows (import, feature assignment, forecast and board sheets). Kept
// beside strings.ts rather than in it so they load with the tab's lazy chunk: the pane's first
// script is at its 200 KB gzip budget.
export const actualsStrings = {
  heading: "Import what the providers billed",
  intro:
    "Choose a usage or cost export you downloaded: OpenAI usage or costs (JSON), Anthropic usage (JSON), a FOCUS cost and usage CSV (AWS, Azure, Google Cloud), or any other CSV. The file is read on this computer and never leaves it.",
  fileLabel: "Billing export file",
  currencyLabel: "Currency of a non-USD file (e.g. EUR)",
  rateCellLabel: "Cell holding USD per 1 unit of that currency (e.g. Assumptions!B2)",
  importButton: "Import",
  cancelButton: "Cancel",
  reading: (percent: number, rows: number) => `Reading the file: ${percent}% (${rows.toLocaleString("en-US")} rows)…`,
  writing: "Writing AIECON_Actuals…",
  cancelled: "Import cancelled; nothing was written.",
  failed: (reason: string) => `Nothing was imported: ${reason}`,
  imported: (format: string, added: number, removed: number, sheet: string) =>
    `Imported ${format}: ${added} rows written to AIECON_Actuals on '${sheet}'${removed ? `, replacing ${removed} rows of the same source and months` : ""}.`,
  converted: (currencies: string) => `Converted ${currencies} to USD with the rate from the cell you named.`,
  modelMissing: (services: string) =>
    `The file does not name the model of some token rows (not in SkuMeter, SkuPriceDetails, an x_ model column or ResourceId): they are under the service name ${services}.`,
  unpriced: (models: string) =>
    `Priced $ is empty for models not in the price table: ${models}. Add them on the Prices tab to compare billed with list price.`,
  mappingHeading: "Map the CSV's columns",
  mappingHelp: "This CSV is not a FOCUS export. Say which column holds what; the mapping is remembered in this workbook.",
  mappingFields: {
    date: "Date (required)",
    model: "Model",
    provider: "Provider",
    inputTokens: "Input tokens",
    cachedInputTokens: "Cached input tokens",
    outputTokens: "Output tokens",
    requests: "Requests",
    cost: "Cost ($)",
    currency: "Currency",
    featureKey: "Feature key (project, workspace, API key or tag)",
  } as Record<string, string>,
  mappingNone: "(not in this file)",
  providerLabel: "Provider name when the file has no provider column",
  featuresHeading: "Assign features",
  featuresHelp:
    "These keys are not in AIECON_FeatureMap, so their rows went to Unassigned (shown, never dropped). Name a feature for each, save, then import again.",
  featureFor: (key: string) => `Feature for ${key}`,
  keyCarried: (usd: string, tokens: string) => `${usd} billed, ${tokens} tokens`,
  saveFeatures: "Save features",
  featuresSaved: (count: number) =>
    `Saved ${count} feature${count === 1 ? "" : "s"} to AIECON_FeatureMap. Import the file again to apply them.`,
  usageHeading: "Import what product analytics counted",
  usageHelp:
    "A CSV of active users and user actions per month and feature (from your product analytics, or exported from a sheet). It goes to AIECON_Usage, which the board metrics and the launch review divide by; you can also type rows into that table.",
  usageFileLabel: "Usage CSV file",
  usageImportButton: "Load usage",
  usageMappingHeading: "Map the usage CSV's columns",
  usageMappingHelp:
    "Say which column holds what: month and feature, and active users, user actions or both. The mapping is remembered in this workbook.",
  usageMappingFields: {
    month: "Month or date (required)",
    feature: "Feature (required)",
    activeUsers: "Active users (users / month)",
    userActions: "User actions (actions / month)",
  } as Record<string, string>,
  usageMappingIncomplete: "Map the month, the feature, and active users or user actions.",
  usageImported: (added: number, removed: number, sheet: string) =>
    `Imported ${added} month × feature rows to AIECON_Usage on '${sheet}'${removed ? `, replacing ${removed} rows of the same months and features` : ""}.`,
  sheetsHeading: "Forecast vs actual and the board's numbers",
  sheetsHelp:
    "Insert live sheets: forecast vs actual by feature and model with a variance threshold, and the board's three numbers (tokens per active user, cost per active user, margin per workflow). Plain Excel formulas over AIECON_Actuals; existing sheets are never overwritten.",
  insertForecast: "Insert Forecast vs Actual",
  insertBoard: "Insert board metrics",
  inserted: (sheet: string, features: number, months: number) =>
    `Added the sheet '${sheet}' (${features} features × ${months} months). Fill the tinted input cells.`,
};
