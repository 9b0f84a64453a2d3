// Every message a user can read in Excel lives here, so wording is reviewed and changed in one place.
// Messages say what is wrong and what to do; Excel shows them on #VALUE! and #N/A.

/** The most characters of a name or a value a message repeats; longer ones end in "…". */
export const ECHO_MAX = 80;

// C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates: a name holding
// them could hide or reorder the rest of the message.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSEEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Text from a cell or a file as a message repeats it: controls and bidi characters shown as
 * \u escapes, cut to `max` characters with "…" (a 32,767-character model name is not echoed whole).
 */
export function echoed(text: string, max = ECHO_MAX): string {
  let out = "";
  /** `out` as long as it may be when more follows (room left for the "…"). */
  let cut = "";
  for (const ch of text) {
    const piece = UNSEEN.test(ch) ? `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : ch;
    if (out.length + piece.length > max) return `${cut}…`;
    out += piece;
    if (out.length <= max - 1) cut = out;
  }
  return out;
}

const quote = (value: unknown): string => {
  if (typeof value === "string") return `'${echoed(value)}'`;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
};

/** A name quoted in a message, cut short so the message stays readable in Excel's error tip. */
const clip = (name: string, max = 40): string => echoed(name, max);

export const messages = {
  required: (arg: string) => `${arg} is required.`,
  notANumber: (arg: string, got: unknown) => `${arg} must be a number; got ${typeof got === "string" ? `text ${quote(got)}` : quote(got)}.`,
  notFinite: (arg: string) => `${arg} must be a finite number.`,
  negative: (arg: string, got: number) => `${arg} cannot be negative; got ${got}.`,
  notPositive: (arg: string, got: number) => `${arg} must be greater than 0; got ${got}.`,
  notText: (arg: string, got: unknown) => `${arg} must be text; got ${quote(got)}.`,
  errorValue: (arg: string) => `${arg} contains an Excel error value; fix that cell first.`,
  resultNotFinite: () =>
    `The result is too large to be a number (beyond ±1.8e308): check the inputs' units and sizes (tokens, prices in $ per 1M tokens).`,
  textNotARange: (arg: string) =>
    `${arg} must be a single cell or text, not a range; to count each cell, give one cell per formula (or fill the formula down).`,
  notInExcel: () => `The workbook's price table is available when the add-in runs in Excel.`,
  pricesUnavailable: (reason: string) =>
    `The workbook's price table (AIECON_Prices) could not be read (${reason}); recalculate (Ctrl+Alt+F9) to try again.`,
  oneOf: (arg: string, got: unknown, allowed: readonly string[]) =>
    `${arg} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${quote(got)}.`,

  cachedAboveInput: (cached: number, input: number) =>
    `cached_input_tokens (${cached}) cannot exceed input_tokens (${input}): cached tokens are part of the input.`,
  cachedAndWriteAboveInput: (cached: number, write: number, input: number) =>
    `cached_input_tokens (${cached}) + cache_write_tokens (${write}) cannot exceed input_tokens (${input}): both are parts of the input.`,
  aboveContextWindow: (model: string, window: number, tokens: number) =>
    `'${clip(model)}' takes at most ${window.toLocaleString("en-US")} tokens per call (input + output); this call has ${tokens.toLocaleString("en-US")}, which the provider refuses. Use fewer tokens or a model with a larger context window.`,
  cacheWritePriceRequired: () =>
    `cache_write_price ($ per 1M cache-write tokens) is missing: give it, or leave cache_write_tokens empty to bill no cache writes.`,
  dateInvalid: (arg: string, got: unknown) => `${arg} must be a date (a date cell, or text yyyy-mm-dd); got ${quote(got)}.`,
  unknownModel: (model: string) => `Unknown model '${echoed(model)}' — add it to the price table.`,
  emptyModel: () => `Model name is empty — give a model name from the price table or a price in $ per 1M tokens.`,
  modelWithPrices: (model: string, args: string) =>
    `'${echoed(model)}' is a model name, so its prices come from the price table; leave ${args} empty, or give a number instead of the model name.`,
  outputPriceRequired: () => `output_price ($ per 1M output tokens) is required when model_or_input_price is a price.`,
  cachedPriceRequired: () =>
    `cached_input_price ($ per 1M cached input tokens) is required when cached_input_tokens is given with a numeric input price.`,
  noCachedPrice: (model: string) =>
    `Model '${echoed(model)}' has no cached-input price in the price table — add one, or set cached_input_tokens to 0.`,
  priceFileNotJson: () => "This file is not a genai-prices data file (it is not JSON). Nothing was changed.",
  priceFileNotDataset: (problem: string) =>
    `This file is not a genai-prices data file (${problem}). Pick the dataset's data.json. Nothing was changed.`,
  shareNeedsRequestColumn: (model: string, column: string) =>
    `'${echoed(model)}' has a per-request fee, but AIECON_Prices has no '${column}' column: add the column (the add-in's pane adds it when it saves a fee) and convert again.`,
  noPriceOfKind: (model: string, kind: string) =>
    `Model '${echoed(model)}' has no ${kind} price in the price table — add one in the AI Prices sheet.`,

  treeTooFewRows: () =>
    `The cost tree needs a header row and at least one step: Step | Parent | Model | Input tokens | Output tokens | Calls [| Cached input tokens [| Cache write tokens]].`,
  treeColumns: (got: number) =>
    `The cost tree must have 6 columns (Step | Parent | Model | Input tokens | Output tokens | Calls), 7 with Cached input tokens, or 8 with Cache write tokens; got ${got}.`,
  treeRow: (row: number, step: string, problem: string) => `Cost tree row ${row}${step ? ` ('${clip(step)}')` : ""}: ${problem}`,
  treeEmptyStep: () => `Step name is empty.`,
  treeDuplicateStep: (firstRow: number) => `duplicate step name (first used in row ${firstRow}).`,
  treeUnknownParent: (parent: string) => `parent '${echoed(parent)}' is not a step in this tree.`,
  treeSelfParent: () => `a step cannot be its own parent.`,
  /** `loop` lists each step of the loop once; a long loop is named by its first steps only. */
  treeCycle: (loop: readonly string[]) => {
    const shown = loop.length <= 4 ? [...loop, loop[0]] : [...loop.slice(0, 3), "…", loop[0]];
    const size = loop.length <= 4 ? "" : `, ${loop.length.toLocaleString("en-US")} steps`;
    return `the parent chain loops back on itself (${shown.map((s) => clip(s)).join(" → ")}${size}).`;
  },

  revenueZero: () => `revenue_per_user must be greater than 0 to express cost as a share of revenue.`,

  // ---- Actuals import (src/calc/actuals, AIECON_Actuals, the Actuals pane tab): nothing is written on any of these ----
  actualsBadJson: (where: string, problem: string) =>
    `The file is not valid JSON at ${where}: ${problem}. Download the export again; nothing was imported.`,
  actualsUnknownJson: () =>
    `This JSON is not an OpenAI usage, OpenAI costs or Anthropic usage export (no data[] buckets with results[]); nothing was imported.`,
  actualsNoBuckets: (format: string) => `This ${format} export has no data[] buckets; nothing was imported.`,
  actualsField: (where: string, field: string, problem: string) => `${where}: ${field} ${problem}; nothing was imported.`,
  actualsCsvColumns: (kind: string, missing: readonly string[]) =>
    `Line 1 (the header): this ${kind} has no column ${missing.map((m) => `'${m}'`).join(", ")}; nothing was imported.`,
  actualsCsvNeedsMapping: () =>
    `This CSV is not a FOCUS export: map its columns (date, model, tokens, requests, cost, feature key) to import it.`,
  actualsCsvMappingEmpty: () => `Map at least one of input tokens, output tokens, requests or cost.`,
  actualsCsvShortRow: (line: number, got: number, expected: number) =>
    `Line ${line}: ${got} fields where the header has ${expected}: ${
      got < expected ? "the file looks truncated or a quote is not closed" : "a value holds an unquoted comma"
    }; nothing was imported.`,
  actualsCsvParse: (line: number, problem: string) => `Line ${line}: ${problem}; nothing was imported.`,
  actualsEmpty: () => `The file holds no rows to import.`,
  actualsCurrency: (where: string, currency: string) =>
    `${where}: costs are in ${currency}, not USD. Give the rate (USD per 1 ${currency}) in a cell and name that cell, or export in USD; nothing was imported.`,
  actualsRate: (currency: string, got: unknown) =>
    `The USD rate for ${currency} must be a number above 0 (USD per 1 ${currency}); got ${quote(got)}.`,
  usageMappingEmpty: () => `Map at least one of active users or user actions.`,
  usageDuplicateUsers: (line: number, column: string, month: string, feature: string, first: number) =>
    `Line ${line}: ${column} for ${month} and '${clip(feature)}' is already on line ${first}; active users cannot be added up (one user is active on many days), so give one row per month and feature; nothing was imported.`,
  usageTableColumns: (expected: readonly string[]) =>
    `The AIECON_Usage table's columns were changed; it needs ${expected.join(" | ")}. Restore them, or rename that table so a new one is written.`,
  actualsCancelled: () => `Import cancelled; nothing was written.`,
  actualsTableColumns: (expected: readonly string[]) =>
    `The AIECON_Actuals table's columns were changed; it needs ${expected.join(" | ")}. Restore them, or rename that table so a new one is written.`,
  actualsSheetExists: (sheet: string) =>
    `A sheet named '${echoed(sheet)}' already exists; nothing was overwritten. Rename or delete it to insert a new one.`,

  // ---- Scenario functions (issue 5): COSTCURVE, BLENDEDPRICE, GPUCOSTPERMTOK, VALUATIONIMPACT,
  // USERMIX, TOKENCOUNT, and the example model. ----
  monthsRange: (got: number, max: number) => `months must be a whole number of months from 1 to ${max}; got ${got}.`,
  curveBaseTokensRequired: (because: string) =>
    `tokens_per_interaction (month-1 tokens per interaction) is required when ${because}: cost grows in proportion to tokens, so the curve needs the month-1 token count to scale from.`,
  curveCapBelowBase: (cap: number, base: number) =>
    `context_cap_tokens (${cap}) cannot be below tokens_per_interaction (${base}): the cap limits growth, it cannot make month 1 cheaper than cost_per_interaction_month1.`,
  sameLength: (a: string, aCount: number, b: string, bCount: number) =>
    `${a} and ${b} must have the same number of cells; got ${aCount} and ${bCount}.`,
  rowMissing: (row: number, arg: string, others: string) =>
    `Entry ${row}: ${arg} is blank while ${others} is filled; fill both or clear both.`,
  entryProblem: (row: number, problem: string) => `Entry ${row}: ${problem}`,
  noEntries: (args: string) => `${args} contain no values; give at least one.`,
  sharesDontSumToOne: (sum: number, tolerance: number) => {
    const diff = sum - 1;
    const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;
    const looksLikePercent = sum > 50 && sum < 150;
    return (
      `traffic_shares must add up to 1 (100%) within ±${tolerance}; they add up to ${+sum.toFixed(6)} (${pct(sum)}), ` +
      `${diff < 0 ? "short by" : "over by"} ${+Math.abs(diff).toFixed(6)} (${pct(Math.abs(diff))}).` +
      (looksLikePercent ? ` Enter shares as fractions (0.6) or as cells formatted as % (60%), not as 60.` : "")
    );
  },
  utilisationRange: (got: number) =>
    `utilisation must be a fraction above 0 and at most 1 (0.6 = 60% of the hour serving tokens); got ${got}.` +
    (got > 1 && got <= 100 ? ` Did you mean ${got / 100}?` : ""),
  marginAboveOne: (arg: string, got: number) =>
    `${arg} is a fraction of revenue and cannot exceed 1 (100%); got ${got}.` +
    (got > 1 && got <= 100 ? ` Did you mean ${got / 100} (${got}%)?` : ""),
  marginBeforeNotPositive: (got: number) =>
    `gross_margin_before must be above 0: at a constant gross-profit multiple a company with no gross profit has no valuation to change; got ${got}.`,
  marginAfterNegative: (got: number) =>
    `gross_margin_after is negative (${got}): gross profit below zero has no valuation at a gross-profit multiple, so the relative change is not defined.`,
  mixNoUsers: () => `users_by_segment adds up to 0; give at least one segment with users.`,
  mixNoRevenue: () =>
    `Total revenue (revenue_per_user_by_segment × users_by_segment) is 0, so AI cost cannot be expressed as a share of revenue.`,
  tokenizerUnavailable: (reason: string) => `The tokenizer could not be loaded (${reason}); recalculate (Ctrl+Alt+F9) to try again.`,
  // ---- Variance bridge (src/calc/costBridge.ts, AIECON.COSTBRIDGE) ----
  bridgeShape: (arg: string, got: string) =>
    `${arg} must be 4 numbers in a row or a column (user actions, calls per action, tokens per call, $ per 1M tokens); got ${got}.`,
  bridgeMissing: (driver: string) => `${driver} is missing (an empty cell): a log bridge needs a positive value for every driver.`,
  bridgeNotPositive: (driver: string, got: number) =>
    `${driver} must be greater than 0; got ${got}: a log bridge takes the logarithm of each driver, so every driver needs a positive value.`,
  // --- COGS/OpEx classification (src/calc/classification.ts, AIECON.CLASSIFY, the wizard) ---
  classifyUnknownBucket: (got: string, valid: readonly string[]) =>
    `Unknown cost bucket '${echoed(got)}'. Use one of: ${valid.map((v) => `"${v}"`).join(", ")}; or "Inference" with customer_facing TRUE or FALSE.`,
  classifyAnswer: (arg: string, got: unknown) =>
    `${arg} must be TRUE, FALSE or "partly" (a workload split between both); got ${quote(got)}.`,
  classifyAnswerRequired: (arg: string, bucket: string, question: string) => `${arg} is required for ${bucket}: ${question}`,
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
  classifyRevenueCell: (got: string) => `Revenue cell '${echoed(got)}' is not a single cell address like B3 or 'Model'!B3.`,
  classifyNoLines: () => `Nothing to write: add at least one cost line.`,
  classifyLineName: (row: number) => `Cost line ${row}: the workload name is empty.`,
  classifyLineAmount: (workload: string, got: unknown) =>
    `Cost line '${echoed(workload)}': Monthly $ must be a number of dollars per month, 0 or more; got ${quote(got)}.`,
  // ---- Feature cost model (src/workbook/featureModel.ts) ----
  featureSheetChanged: (sheet: string) =>
    `The sheet '${echoed(sheet)}' no longer has the feature cost model's layout, so nothing was changed. Write a new model instead.`,
  reviewNotFeatureSheet: () =>
    `Select a sheet the feature form wrote (Model → New feature cost model), then choose Review against actuals.`,
  reviewNoActuals: (feature: string) =>
    `AIECON_Actuals has no rows for '${clip(feature)}' yet: import the provider's export on the Actuals tab (and name the feature in AIECON_FeatureMap), then review again.`,
  // ---- Workbook price table (AIECON_Prices) and the pane's price editor ----
  priceNotANumber: (column: string, got: unknown, unit = "$ per 1M tokens") =>
    `${column} must be a number in ${unit}; got ${typeof got === "string" ? `text ${quote(got)}` : quote(got)}.`,
  priceNegative: (column: string, got: number) => `${column} cannot be negative; got ${got}.`,
  priceRequired: (column: string) => `${column} is required.`,
  contextWindowInvalid: (got: unknown) => `Context window must be a whole number of tokens above 0; got ${quote(got)}.`,
  modelNameEmpty: () => `Model name cannot be empty.`,
  modelNameDuplicate: (model: string, provider: string) =>
    `'${echoed(model)}' is already in the price table for provider '${echoed(provider)}'; edit that row instead, or give an As of date to add its price from that date.`,
  modelNameDuplicateUser: (model: string) => `You already have a model named '${echoed(model)}'; give this one another name.`,
  sourceInvalid: (got: unknown) => `Source must be "default" or "user"; got ${quote(got)}.`,
  tableRowInvalid: (row: number, model: string, problem: string) =>
    `AIECON_Prices row ${row}${model ? ` ('${echoed(model)}')` : ""}: ${problem} Fix it in the AI Prices sheet.`,
  priceTableColumnMissing: (columns: readonly string[]) =>
    `The AIECON_Prices table is missing the column(s) ${columns.map((c) => `'${c}'`).join(", ")}; its prices are not used until they are restored.`,
  priceRowGone: (model: string) =>
    `'${echoed(model)}' is no longer in the AIECON_Prices table (it was changed in the sheet); nothing was written. Reload and try again.`,
  modelDateDuplicate: (model: string, provider: string, asOf: string) =>
    `'${echoed(model)}' (provider '${echoed(provider)}') already has a row ${asOf ? `dated ${asOf}` : "without an As of date"}; edit that row, or give this one another As of date.`,
  // ---- Long-context tiers (AIECON_PriceTiers) and the pane's tier editor ----
  tierThresholdInvalid: (got: unknown) =>
    `Above input tokens must be a whole number of input tokens above 0 (the tier applies to calls with more); got ${quote(got)}.`,
  tierDuplicate: (model: string, above: number, asOf = "") =>
    `'${echoed(model)}' already has a tier above ${above.toLocaleString("en-US")} input tokens${asOf ? ` from ${asOf}` : ""}; edit that row instead.`,
  tierAsOfInvalid: (got: unknown) => `As of must be a date (yyyy-mm-dd) or blank (from the start); got ${quote(got)}.`,
  tierNoTiersMixed: (model: string, asOf: string) =>
    `'${echoed(model)}' has tiers ${asOf ? `from ${asOf}` : "from the start"} and a row saying it has none then; keep one of them.`,
  tierModelNotListed: (model: string) =>
    `No AIECON_Prices row lists '${echoed(model)}', so this tier is not used (tier rows apply to the models the AI Prices sheet lists); add the model there or delete this row.`,
  tierRowInvalid: (row: number, model: string, problem: string) =>
    `AIECON_PriceTiers row ${row}${model ? ` ('${echoed(model)}')` : ""}: ${problem} Fix it in the AI Price Tiers sheet.`,
  tierTableColumnMissing: (columns: readonly string[]) =>
    `The AIECON_PriceTiers table is missing the column(s) ${columns.map((c) => `'${c}'`).join(", ")}; its tiers are not used until they are restored.`,
  tierRowsChanged: (model: string) =>
    `The tiers of '${echoed(model)}' in AIECON_PriceTiers were changed in the sheet since the pane read them; nothing was written. Check them and try again.`,
  // --- Sharing (src/share, src/workbook/share*, the Sharing pane, the aiecon-share CLI) ---
  shareTieredValues: (model: string, threshold: number) =>
    `'${clip(model)}' bills every token of a call at a higher rate above ${threshold.toLocaleString("en-US")} input tokens, which the price table's lookup cannot follow, so the current values were kept.`,
  shareTimeOfDayValues: (model: string) =>
    `'${clip(model)}' is billed at its day's average over UTC time-of-day rates, which the price table's one rate cannot give, so the current values were kept.`,
  shareCacheWrite1hValues: () => `The 1-hour cache-write price has no column in the shared price table, so the current values were kept.`,
  shareAsOfValues: () => `A pricing date (as_of) has no lookup in the shared price table, so the current values were kept.`,
  shareNoTranslation: (fn: string) => `${fn} has no native Excel equivalent yet, so its current values were kept.`,
  shareArity: (fn: string, min: number, max: number, got: number) =>
    `${fn} takes ${min === max ? min : `${min} to ${max}`} arguments; this formula gives ${got}.`,
  shareBlendNeedsRanges: () =>
    "BLENDEDPRICE converts to a native formula only when models_or_prices and traffic_shares are cell ranges; kept as values.",
  shareBlendTooManyRoutes: (routes: number) =>
    `BLENDEDPRICE over ${routes} routes would make a native formula too long for Excel; kept as values.`,
  shareBlendKindFromCell: () => "BLENDEDPRICE with kind taken from a cell is kept as values; type the kind in the formula.",
  shareTreeNotARange: () =>
    `AIECON.COSTTREE reads a range such as A1:G8; this one is a name or a computed range, so its current value was kept.`,
  shareTreeOutputUnknown: () => `The output argument of AIECON.COSTTREE could not be read, so its current value was kept.`,
  shareTreeTooLong: (steps: number) =>
    `The cost tree has ${steps} steps: its native formula would exceed Excel's formula length, so its current value was kept.`,
  shareBreakdownValues: () => `A spilled breakdown has no formula that works in every spreadsheet, so its current values were kept.`,
  shareBridgeNeedsRanges: () =>
    "AIECON.COSTBRIDGE converts to a native formula only when forecast and actual are cell ranges or array constants; kept as values.",
  shareBridgeOutputUnknown: () => `The output argument of AIECON.COSTBRIDGE could not be read, so its current value was kept.`,
  shareBridgeTableValues: () =>
    `A spilled COSTBRIDGE table has no formula that works in every spreadsheet, so its values were kept; for live formulas give output "volume", "calls", "tokens", "price" or "total" in one cell each.`,
  shareTreeStructureNote: (range: string) =>
    `Native formula for the cost tree in ${range}: token counts, calls and models stay live, but the steps and their parents are fixed as converted. After adding or re-parenting steps, use Restore live functions.`,
  shareValuesNote: (fn: string, when: string, pricesAsOf: string, original: string, reason: string) =>
    `Values as of ${when} (prices as of ${pricesAsOf}), not live: ${reason} Original formula (${fn}): ${original}. Restore live functions in the AI Unit Economics pane brings it back.`,
  shareNoValue: (address: string) =>
    `${address}: no current value to keep (the file was saved without one); the formula was left as it is.`,
  shareNoValueShown: (address: string) => `${address}: it shows no value now, so there is none to keep; the formula was left as it is.`,
  shareErrorValue: (address: string, error: string) =>
    `${address}: it shows ${error} now, and an error is not worth keeping as a value; the formula was left as it is. Load the add-in (or use Repair #NAME? cells), then prepare again.`,
  shareSpillBlocked: (address: string, blocker: string) =>
    `${address}: its values would overwrite ${blocker}; the formula was left as it is.`,
  shareNotesFailed: () => `The "as of" notes could not be added to the converted cells; the conversion itself is done.`,
  shareUnreadable: (file: string, why: string) => `Cannot read ${file} as an .xlsx workbook: ${why}`,
  sharePasswordProtected: (file: string) =>
    `${file} is password-protected (encrypted), so it cannot be read without Excel. Open it in Excel, remove the password (File > Info > Protect Workbook), save a copy and convert that.`,
  shareNotAWorkbook: (file: string, what: string) => `${file} is not an Excel workbook (.xlsx or .xlsm): ${what}`,
  shareTooLarge: (file: string, mb: number, limitMb: number) =>
    `${file} holds ${mb} MB of sheet data once unpacked, more than the ${limitMb} MB aiecon-share converts; nothing was done. Split the workbook or remove unused sheets.`,
  shareReadTooLarge: (range: string, cells: number, limit: number) =>
    `a formula or table of this workbook reads ${range}, ${cells.toLocaleString("en-US")} cells, more than the ${limit.toLocaleString("en-US")} aiecon-share reads at once; nothing was done. Make the range as small as its data.`,
  shareReadsTooMuch: (limit: number) =>
    `its AIECON formulas read more than ${limit.toLocaleString("en-US")} cells in all; nothing was done. Make the ranges they read as small as their data.`,
  shareSameFile: (output: string) =>
    `${output} is the input workbook under another name; the input is never overwritten. Choose a new file.`,
  shareMacroType: (output: string, macros: boolean) =>
    macros
      ? `The workbook has macros, so the shared copy must be macro-enabled: name ${output} with .xlsm (Excel refuses to open a macro workbook named .xlsx).`
      : `The workbook has no macros: name ${output} with .xlsx (Excel refuses to open a workbook without macros named .xlsm).`,
} as const;

export type MessageKey = keyof typeof messages;
