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

  // --- COGS/OpEx classification (src/calc/classification.ts, AIECON.CLASSIFY, the wizard) ---
  classifyUnknownBucket: (got: string, valid: readonly string[]) =>
    `Unknown cost bucket '${got}'. Use one of: ${valid.map((v) => `"${v}"`).join(", ")}; or "Inference" with customer_facing TRUE or FALSE.`,
  classifyAnswer: (arg: string, got: unknown) =>
    `${arg} must be TRUE, FALSE or "partly" (a workload split between both); got ${quote(got)}.`,
  classifyAnswerRequired: (arg: string, bucket: string, question: string) =>
    `${arg} is required for ${bucket}: ${question}`,
  classifyContradiction: (bucket: string, problem: string) => `Contradictory answers for ${bucket}: ${problem}`,
  classifyShareRange: (got: number) => `cogs_share must be a fraction between 0 and 1 (0.6 = 60% COGS); got ${got}.`,
  classifyShareNeedsMixed: (bucket: string, arg: string) =>
    `cogs_share is only for a mixed workload: for ${bucket} answer ${arg} "partly" and give the COGS share, or leave cogs_share empty.`,
  classifyShareNotAllowed: (bucket: string, outcome: string) =>
    `cogs_share cannot be given for ${bucket}: it is always ${outcome}; leave cogs_share empty.`,
  classifyShareRequired: (bucket: string) =>
    `${bucket} is mixed: give cogs_share, the share that is COGS by a documented driver (e.g. share of requests or tokens), strictly between 0 and 1.`,
  classifyShareStrict: (got: number) =>
    `cogs_share ${got} makes a mixed workload all ${got === 1 ? "COGS" : "OpEx"}: answer TRUE or FALSE instead of "partly", or give a share strictly between 0 and 1.`,
  classifyTableChanged: (table: string) =>
    `The ${table} table changed while the wizard was open; reopen the wizard to reload it, then write again.`,
  classifyTableColumns: (table: string, expected: readonly string[]) =>
    `The ${table} table's columns were changed; it needs ${expected.join(" | ")}. Restore them, or rename that table so a new one is written.`,
  classifyRevenueCell: (got: string) =>
    `Revenue cell '${got}' is not a single cell address like B3 or 'Model'!B3.`,
  classifyNoLines: () => `Nothing to write: add at least one cost line.`,
  classifyLineName: (row: number) => `Cost line ${row}: the workload name is empty.`,
  classifyLineAmount: (workload: string, got: unknown) =>
    `Cost line '${workload}': Monthly $ must be a number of dollars per month, 0 or more; got ${quote(got)}.`,
} as const;

export type MessageKey = keyof typeof messages;
