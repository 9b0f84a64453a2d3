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

  // --- Sharing (src/share, src/workbook/share*, the Sharing pane, the aiecon-share CLI) ---
  shareNoTranslation: (fn: string) => `${fn} has no native Excel equivalent yet, so its current values were kept.`,
  shareArity: (fn: string, min: number, max: number, got: number) =>
    `${fn} takes ${min === max ? min : `${min} to ${max}`} arguments; this formula gives ${got}.`,
  shareTreeNotARange: () =>
    `AIECON.COSTTREE reads a range such as A1:G8; this one is a name or a computed range, so its current value was kept.`,
  shareTreeOutputUnknown: () => `The output argument of AIECON.COSTTREE could not be read, so its current value was kept.`,
  shareTreeTooLong: (steps: number) =>
    `The cost tree has ${steps} steps: its native formula would exceed Excel's formula length, so its current value was kept.`,
  shareBreakdownValues: () => `A spilled breakdown has no formula that works in every spreadsheet, so its current values were kept.`,
  shareTreeStructureNote: (range: string) =>
    `Native formula for the cost tree in ${range}: token counts, calls and models stay live, but the steps and their parents are fixed as converted. After adding or re-parenting steps, use Restore live functions.`,
  shareValuesNote: (fn: string, when: string, pricesAsOf: string, original: string, reason: string) =>
    `Values as of ${when} (prices as of ${pricesAsOf}), not live: ${reason} Original formula (${fn}): ${original}. Restore live functions in the AI Unit Economics pane brings it back.`,
  shareNoValue: (address: string) => `${address}: no current value to keep (the file was saved without one); the formula was left as it is.`,
  shareErrorValue: (address: string, error: string) =>
    `${address}: it shows ${error} now, and an error is not worth keeping as a value; the formula was left as it is. Load the add-in (or use Repair #NAME? cells), then prepare again.`,
  shareSpillBlocked: (address: string, blocker: string) =>
    `${address}: its values would overwrite ${blocker}; the formula was left as it is.`,
  shareNotesFailed: () => `The "as of" notes could not be added to the converted cells; the conversion itself is done.`,
  shareUnreadable: (file: string, why: string) => `Cannot read ${file} as an .xlsx workbook: ${why}`,
} as const;

export type MessageKey = keyof typeof messages;
