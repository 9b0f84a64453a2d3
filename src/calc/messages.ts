// Every message a user can read in Excel lives here, so wording is reviewed and changed in one place.
// Messages say what is wrong and what to do; Excel shows them on #VALUE! and #N/A.

const quote = (value: unknown): string => {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
};

export const messages = {
  required: (arg: string) => `${arg} is required.`,
  notANumber: (arg: string, got: unknown) =>
    `${arg} must be a number; got ${typeof got === "string" ? `text ${quote(got)}` : quote(got)}.`,
  notFinite: (arg: string) => `${arg} must be a finite number.`,
  negative: (arg: string, got: number) => `${arg} cannot be negative; got ${got}.`,
  notPositive: (arg: string, got: number) => `${arg} must be greater than 0; got ${got}.`,
  notText: (arg: string, got: unknown) => `${arg} must be text; got ${quote(got)}.`,
  errorValue: (arg: string) => `${arg} contains an Excel error value; fix that cell first.`,
  oneOf: (arg: string, got: unknown, allowed: readonly string[]) =>
    `${arg} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${quote(got)}.`,
  notARange: (arg: string) => `${arg} must be a range of cells.`,

  cachedAboveInput: (cached: number, input: number) =>
    `cached_input_tokens (${cached}) cannot exceed input_tokens (${input}): cached tokens are part of the input.`,
  unknownModel: (model: string) => `Unknown model '${model}' — add it to the price table.`,
  emptyModel: () => `Model name is empty — give a model name from the price table or a price in $ per 1M tokens.`,
  modelWithPrices: (model: string, args: string) =>
    `'${model}' is a model name, so its prices come from the price table; leave ${args} empty, or give a number instead of the model name.`,
  outputPriceRequired: () =>
    `output_price ($ per 1M output tokens) is required when model_or_input_price is a price.`,
  cachedPriceRequired: () =>
    `cached_input_price ($ per 1M cached input tokens) is required when cached_input_tokens is given with a numeric input price.`,
  noCachedPrice: (model: string) =>
    `Model '${model}' has no cached-input price in the price table — add one, or set cached_input_tokens to 0.`,
  noPriceOfKind: (model: string, kind: string) =>
    `Model '${model}' has no ${kind} price in the price table — add one in the AI Prices sheet.`,

  treeTooFewRows: () =>
    `The cost tree needs a header row and at least one step: Step | Parent | Model | Input tokens | Output tokens | Calls [| Cached input tokens].`,
  treeColumns: (got: number) =>
    `The cost tree must have 6 columns (Step | Parent | Model | Input tokens | Output tokens | Calls) or 7 with Cached input tokens; got ${got}.`,
  treeRow: (row: number, step: string, problem: string) =>
    `Cost tree row ${row}${step ? ` ('${step}')` : ""}: ${problem}`,
  treeEmptyStep: () => `Step name is empty.`,
  treeDuplicateStep: (firstRow: number) => `duplicate step name (first used in row ${firstRow}).`,
  treeUnknownParent: (parent: string) => `parent '${parent}' is not a step in this tree.`,
  treeSelfParent: () => `a step cannot be its own parent.`,
  treeCycle: (path: readonly string[]) => `the parent chain loops back on itself (${path.join(" → ")}).`,

  revenueZero: () => `revenue_per_user must be greater than 0 to express cost as a share of revenue.`,

  // ---- Workbook price table (AIECON_Prices) and the pane's price editor ----
  priceNotANumber: (column: string, got: unknown) =>
    `${column} must be a number in $ per 1M tokens; got ${typeof got === "string" ? `text ${quote(got)}` : quote(got)}.`,
  priceNegative: (column: string, got: number) => `${column} cannot be negative; got ${got}.`,
  priceRequired: (column: string) => `${column} is required.`,
  contextWindowInvalid: (got: unknown) => `Context window must be a whole number of tokens above 0; got ${quote(got)}.`,
  modelNameEmpty: () => `Model name cannot be empty.`,
  modelNameDuplicate: (model: string, provider: string) =>
    `'${model}' is already in the price table for provider '${provider}'; edit that row instead.`,
  modelNameDuplicateUser: (model: string) =>
    `You already have a model named '${model}'; give this one another name.`,
  sourceInvalid: (got: unknown) => `Source must be "default" or "user"; got ${quote(got)}.`,
  tableRowInvalid: (row: number, model: string, problem: string) =>
    `AIECON_Prices row ${row}${model ? ` ('${model}')` : ""}: ${problem} Fix it in the AI Prices sheet.`,
  priceTableColumnMissing: (columns: readonly string[]) =>
    `The AIECON_Prices table is missing the column(s) ${columns.map((c) => `'${c}'`).join(", ")}; its prices are not used until they are restored.`,
  priceRowGone: (model: string) =>
    `'${model}' is no longer in the AIECON_Prices table (it was changed in the sheet); nothing was written. Reload and try again.`,
} as const;

export type MessageKey = keyof typeof messages;
