// One entry per AIECON function: how many arguments it takes and the native Excel formula that
// computes the same number from the same cells. Adding a function to the translator is adding
// an entry here; a function without an entry is written as values with an "as of" note.
//
// Only portable functions are used (arithmetic, IF, ISNUMBER, TRIM, INDEX/MATCH, CHOOSE, NA and
// structured references to AIECON_Prices), functions of Excel 2016 and later; the LibreOffice tests
// recalculate every translation. MATCH is case-insensitive like the add-in's lookup.
import { BRIDGE_DRIVERS, BRIDGE_OUTPUTS, bridgeTable, costBridge, parseBridgeDrivers } from "../calc/costBridge";
import { breakdownTable, evaluateCostTree, parseCostTree } from "../calc/costTree";
import { CalcError } from "../calc/errors";
import { messages } from "../calc/messages";
import { modelPriceOn } from "../calc/billing";
import {
  MODEL_PRICE_KINDS,
  PRICE_KINDS,
  priceOfKind,
  rateOfKind,
  type IsoDate,
  type ModelPrice,
  type ModelPriceKind,
  type PriceKind,
  type PriceSource,
  type PriceTier,
  type TokenRates,
} from "../calc/prices";
import { isBlankOrZero, optionalDate, type CellValue } from "../calc/values";
import { escapeWildcards, soleToken, stringLiteral, wildcardLiteralOf, type Expr } from "../sheetModel/formula";
import { PRICE_TABLE_NAME, REQUEST_FEE_COLUMN as REQUEST_COLUMN, type PriceColumn } from "./priceTable";
import { cellAddress, parseA1, sheetPrefix, type A1Range } from "../sheetModel/refs";

/** What the translator knows about the workbook: prices and the current values of cells. */
export interface ShareContext {
  readonly prices: PriceSource;
  /** Current values of a range (the formula's own sheet when range.sheet is undefined); undefined when unknown. */
  readRange(range: A1Range): readonly (readonly CellValue[])[] | undefined;
  /** False when the workbook's AIECON_Prices predates the "$ per 1K requests" column (and will keep
   * lacking it): formulas then carry no fee term, and a call on a model with a fee keeps its values. */
  readonly requestFeeColumn?: boolean;
}

/** One argument as the entry sees it: the native text (nested AIECON calls already translated). */
export interface Arg {
  /** Native formula text of the argument, wrapped in parentheses when it is not a single operand. */
  readonly text: string;
  /** True for an omitted argument (`f(a,,c)` or missing at the end). */
  readonly omitted: boolean;
  /** The literal the argument is, if it is one token. */
  readonly literal?: { readonly kind: "string"; readonly value: string } | { readonly kind: "number"; readonly value: number };
  /** The single reference token the argument is, if it is one (e.g. B4, Inputs!C3:H9). */
  readonly ref?: string;
  readonly original: Expr;
}

/** Thrown by an entry when the call has no portable equivalent: the cell is written as values. */
export class ValuesOnly {
  constructor(
    readonly reason: string,
    /** Values the translator computed itself (e.g. a breakdown), when the call is the whole formula. */
    readonly compute?: () => CellValue[][],
  ) {}
}

/** Collects what the translation needs from the host (price rows) and tells it (notes). */
export interface TranslationScope {
  readonly ctx: ShareContext;
  /** Model names the formula looks up: the host makes sure AIECON_Prices lists each. */
  readonly models: Set<string>;
  /** Notes for the cell (e.g. what stays fixed in a COSTTREE formula). */
  readonly notes: string[];
  /** A pricing date typed into the call (as_of): its rates are constants, written into the formula. */
  readonly pricingDate?: IsoDate;
}

export interface FunctionTranslation {
  readonly minArgs: number;
  readonly maxArgs: number;
  translate(args: readonly Arg[], scope: TranslationScope): string;
}

const MILLION = "1000000";

/**
 * A function whose argument `at` is a pricing date (as_of), which the shared table (one row per
 * model) cannot look up. Omitted or 0: no date. A date typed into the formula (text yyyy-mm-dd or a
 * date number) is a constant: with `typedDates`, the entry writes the rates in force on it as numbers
 * (scope.pricingDate). A reference to a cell that is blank now (the feature sheet's "Pricing date"):
 * the native formula computes while that cell stays blank and is #N/A once a date is typed, never the
 * price of another date. Any other date keeps the values.
 */
function undatedOnly(translation: FunctionTranslation, at: number, typedDates = false): FunctionTranslation {
  return {
    ...translation,
    translate(args, scope) {
      const asOf = args[at];
      const rest = args.map((arg, i) => (i === at ? { text: "", omitted: true, original: [] } : arg));
      if (!given(asOf) || isZero(asOf)) return translation.translate(rest, scope);
      if (typedDates && asOf.literal) {
        let date: IsoDate | undefined;
        try {
          date = optionalDate(asOf.literal.value, "as_of");
        } catch {
          return ERROR; // the add-in refuses a date it cannot read
        }
        return translation.translate(rest, { ...scope, pricingDate: date });
      }
      const range = asOf.ref ? parseA1(asOf.ref) : undefined;
      const single = range && range.top === range.bottom && range.left === range.right ? scope.ctx.readRange(range) : undefined;
      if (!single || !isBlankOrZero(single[0]?.[0] ?? null)) throw new ValuesOnly(messages.shareAsOfValues());
      const formula = translation.translate(rest, scope);
      return formula === ERROR ? ERROR : `IF(OR(ISBLANK(${asOf.text}),${asOf.text}=0),${formula},NA())`;
    },
  };
}

/** `INDEX(AIECON_Prices[col],MATCH(name,AIECON_Prices[Model],0))`. */
function lookup(column: PriceColumn, name: string): string {
  return `INDEX(${PRICE_TABLE_NAME}[${column}],MATCH(${name},${PRICE_TABLE_NAME}[Model],0))`;
}

/** A price that may be blank in the table: blank gives #N/A, as the add-in does, instead of 0. */
function required(value: string): string {
  return `IF(ISNUMBER(${value}),${value},NA())`;
}

/** The lookup key of a model argument, recording the names the price table must hold. */
function modelKey(arg: Arg, scope: TranslationScope): string {
  if (arg.literal?.kind === "string") {
    const name = arg.literal.value.trim();
    scope.models.add(name);
    return stringLiteral(escapeWildcards(name));
  }
  recordModelsIn(arg, scope);
  // MATCH(…,0) reads * ? ~ as wildcards: a cell naming "gpt-4*" must find that row only.
  return wildcardLiteralOf(`TRIM(${arg.text})`);
}

/** A model argument that is a reference: the names it holds now must be in the price table. */
function recordModelsIn(arg: Arg, scope: TranslationScope): void {
  for (const name of namesIn(arg, scope)) scope.models.add(name);
}

/** The text the cells an argument refers to hold, trimmed, blanks left out (a loop: a range may span a whole column). */
function namesIn(arg: Arg, scope: TranslationScope): string[] {
  const range = arg.ref ? parseA1(arg.ref) : undefined;
  const values = range ? scope.ctx.readRange(range) : undefined;
  const names: string[] = [];
  for (const row of values ?? [])
    for (const v of row)
      if (typeof v === "string") {
        const name = v.trim();
        if (name) names.push(name);
      }
  return names;
}

const isZero = (arg: Pick<Arg, "omitted" | "literal">) => arg.omitted || (arg.literal?.kind === "number" && arg.literal.value === 0);
const given = (arg: Arg | undefined): arg is Arg => arg !== undefined && !arg.omitted;
const ERROR = "NA()";

/** The price the add-in bills `name` at now (null when unknown): its dated price on PRICESASOF's date. */
function billedPrice(name: string, scope: TranslationScope): ModelPrice | null {
  try {
    return modelPriceOn(scope.ctx.prices, name);
  } catch {
    return null; // an unknown name: the lookup gives #N/A, as the add-in does
  }
}

/**
 * The tiers a call on `name` could reach: none when its input is a number at or below every
 * threshold, nor a tier at or above the model's context window (such a call is refused first).
 */
function reachableTiers(name: string, scope: TranslationScope, maxInput: number | undefined): readonly PriceTier[] {
  const price = billedPrice(name, scope);
  const window = price?.contextWindow ?? null;
  return (price?.tiers ?? []).filter(
    (t) => (maxInput === undefined || maxInput > t.aboveInputTokens) && (window === null || t.aboveInputTokens < window),
  );
}

/**
 * Why the add-in bills `names` in a way an AIECON_Prices lookup cannot repeat, or null. A time-of-day
 * model is billed at the day's average (the table holds one rate); a tiered one at the tier the
 * call's input reaches, which only a formula written for that model can follow (`tiersWritten`):
 * otherwise, unless the input is known to stay at or below every threshold, the call keeps its
 * values rather than compute a different number.
 */
function unlookupable(
  names: Iterable<string>,
  scope: TranslationScope,
  maxInput: number | undefined,
  tiersWritten = false,
  constantRates = false,
): string | null {
  for (const name of names) {
    let price: ModelPrice;
    try {
      price = modelPriceOn(scope.ctx.prices, name);
    } catch (e) {
      // A model the workbook holds back (a bad price or tier row) is #VALUE! in the add-in: no lookup
      // may bill it at other rates. An unknown name is #N/A through the lookup, as in the add-in.
      if (e instanceof CalcError && e.kind === "value") return e.message;
      continue;
    }
    if (price.windows?.length && !constantRates) return messages.shareTimeOfDayValues(name);
    const reachable = reachableTiers(name, scope, maxInput);
    if (reachable.length && !tiersWritten) return messages.shareTieredValues(name, Math.min(...reachable.map((t) => t.aboveInputTokens)));
  }
  return null;
}

/** A rate written into a formula: the tier rates AIECON_Prices has no column for. */
const rate = (value: number) => String(value);

/**
 * The price of a model named in the formula when its rates are constants the table's lookup cannot
 * give: those in force on a typed pricing date, or a time-of-day model's day average (traffic spread
 * evenly over the UTC hours). undefined when the lookup bills it as the add-in does.
 */
function constantPrice(name: string | undefined, scope: TranslationScope): ModelPrice | undefined {
  if (name === undefined) return undefined;
  let price: ModelPrice;
  try {
    price = modelPriceOn(scope.ctx.prices, name, scope.pricingDate);
  } catch {
    return undefined; // unknown or held back: unlookupable and the lookup say so
  }
  return scope.pricingDate !== undefined || price.windows?.length ? price : undefined;
}

/** The tiers of `price` a call could reach (see reachableTiers). */
const tiersReachable = (price: ModelPrice, maxInput: number | undefined): readonly PriceTier[] =>
  (price.tiers ?? []).filter(
    (t) =>
      (maxInput === undefined || maxInput > t.aboveInputTokens) &&
      (price.contextWindow === null || t.aboveInputTokens < price.contextWindow),
  );

/** Rates of a price or tier as formula constants; null where it has none. */
function constantTexts(rates: TokenRates, price: ModelPrice): PriceTexts {
  return {
    input: rate(rates.input),
    output: rate(rates.output),
    cached: rates.cachedInput === null ? null : rate(rates.cachedInput),
    write: rate(rates.cacheWrite ?? rates.input),
    request: price.perThousandRequests ? rate(price.perThousandRequests) : null,
  };
}

/** COSTPERINTERACTION of a model at constant rates: its tiers as IFs, its context window as a constant. */
function constantCost(price: ModelPrice, input: Arg, output: Arg, cached: Arg | undefined, write: Arg | undefined): string {
  const maxInput = input.literal?.kind === "number" ? input.literal.value : undefined;
  const costAt = (rates: TokenRates) => callCostFormula(input.text, output.text, cached, constantTexts(rates, price), write);
  const cost = withTiers(input.text, tiersReachable(price, maxInput), costAt(price), costAt);
  const window = price.contextWindow;
  if (!window) return cost;
  if (input.literal?.kind === "number" && output.literal?.kind === "number") {
    return input.literal.value + output.literal.value > window ? ERROR : cost;
  }
  return `IF(${input.text}+${output.text}>${window},${ERROR},${cost})`;
}

/**
 * `cost(base)` wrapped in one plain IF per tier on the input tokens, highest threshold outermost:
 * IF(input>200000, <cost at the tier's rates>, <cost at the table's rates>). Spreadsheets without
 * the add-in (LibreOffice included) compute it.
 */
function withTiers(input: string, tiers: readonly PriceTier[], base: string, costAt: (tier: PriceTier) => string): string {
  let formula = base;
  for (const tier of [...tiers].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens)) {
    formula = `IF(${input}>${tier.aboveInputTokens},${costAt(tier)},${formula})`;
  }
  return formula;
}

/** Names a model argument holds now: the literal, or the text of the cells it refers to. */
function currentModels(arg: Arg, scope: TranslationScope): string[] {
  if (arg.literal?.kind === "string") return [arg.literal.value.trim()];
  return namesIn(arg, scope);
}

/** A call above the model's context window is refused by the add-in; the table's Context window says so live. */
function contextWindowGuard(input: string, output: string, key: string): string {
  const window = `N(${lookup("Context window", key)})`;
  return `AND(${window}>0,${input}+${output}>${window})`;
}

/** Tokens at a price per 1M (a spreadsheet's doubles agree with tokenCost's to well within 1e-9). */
const tokenCostFormula = (tokens: string, price: string) => `${tokens}*${price}/${MILLION}`;

/** The $ per 1K requests of a looked-up model: a blank cell is no fee (0), as in the add-in. */
function requestFee(key: string, scope: TranslationScope): string | null {
  if (scope.ctx.requestFeeColumn !== false) return `N(${lookup(REQUEST_COLUMN, key)})`;
  // Without the column a fee cannot be looked up: never write a formula that would leave it out.
  const withFee = [...scope.models].find((name) => (scope.ctx.prices.find(name)?.perThousandRequests ?? 0) > 0);
  if (withFee) throw new ValuesOnly(messages.shareNeedsRequestColumn(withFee, REQUEST_COLUMN));
  return null;
}

/** Cost of one call at the given prices; mirrors callCost's terms and their order (fee last). A null
 * output price is the one-price form (no output tokens): the output term is left out. */
type TokensArg = Pick<Arg, "text" | "literal" | "omitted">;

/** Prices of one call as formula text; null where the add-in has none (tokens there are an error). */
interface PriceTexts {
  input: string;
  output: string | null;
  cached: string | null;
  /** Cache-write price; omitted when the call has no cache-write tokens. */
  write?: string | null;
  request?: string | null;
}

function callCostFormula(input: string, output: string, cached: TokensArg | undefined, price: PriceTexts, write?: TokensArg): string {
  const tokens = callTokensFormula(input, output, cached, price, write);
  return price.request ? `${tokens}+${price.request}/1000` : tokens;
}

/** Tokens at a price that may be missing: a literal count is billed as is, a cell only when above 0. */
function partTerm(tokens: TokensArg, price: string | null | undefined): string {
  const t = tokens.text;
  if (price === null || price === undefined) return `IF(${t}>0,${ERROR},0)`;
  return tokens.literal?.kind === "number" ? tokenCostFormula(t, price) : `IF(${t}>0,${tokenCostFormula(t, price)},0)`;
}

function callTokensFormula(input: string, output: string, cached: TokensArg | undefined, price: PriceTexts, write?: TokensArg): string {
  const outputTerm = price.output === null ? "" : `+${tokenCostFormula(output, price.output)}`;
  const parts = [cached, write].filter((p): p is TokensArg => p !== undefined && !isZero(p));
  if (parts.length === 0) return `${tokenCostFormula(input, price.input)}${outputTerm}`;
  const cachedTerm = cached && !isZero(cached) ? `+${partTerm(cached, price.cached)}` : "";
  const writeTerm = write && !isZero(write) ? `+${partTerm(write, price.write)}` : "";
  return `(${[input, ...parts.map((p) => p.text)].join("-")})*${price.input}/${MILLION}${cachedTerm}${writeTerm}${outputTerm}`;
}

/** The cache-write price of a looked-up model: its own, else its input price (as the provider bills it). */
function writeLookup(key: string): string {
  const write = lookup("Cache write $/1M", key);
  return `IF(ISNUMBER(${write}),${write},${lookup("Input $/1M", key)})`;
}

/**
 * The add-in refuses blank, text and negative numbers; Excel arithmetic would treat a blank cell
 * as 0 and give a plausible wrong number. Arguments held in a cell are checked live; literals
 * are checked now. Computed arguments (nested calls, expressions) are not repeated in the check,
 * which keeps formulas short: a nested AIECON call already checks its own inputs.
 */
function checked(
  needed: readonly (Arg | undefined)[],
  optional: readonly (Arg | undefined)[],
  body: string,
  extra: readonly string[] = [],
): string {
  const all = [...needed, ...optional].filter(given);
  if (all.some((a) => a.literal?.kind === "string" || (a.literal?.kind === "number" && a.literal.value < 0))) return ERROR;
  if (needed.some((a) => !given(a))) return ERROR;
  const cellsRequired = needed.filter((a): a is Arg => given(a) && isCellRef(a));
  const cellsAll = all.filter(isCellRef);
  const conditions = [
    ...(cellsRequired.length ? [`COUNT(${cellsRequired.map((a) => a.text).join(",")})<${cellsRequired.length}`] : []),
    ...(cellsAll.length ? [`MIN(${cellsAll.map((a) => a.text).join(",")})<0`] : []),
    ...extra,
  ];
  if (conditions.length === 0) return body;
  return `IF(${conditions.length === 1 ? conditions[0] : `OR(${conditions.join(",")})`},${ERROR},${body})`;
}

const isCellRef = (a: Arg) => a.ref !== undefined && parseA1(a.ref) !== undefined;

/** Cached and cache-write tokens are parts of the input: more than the input is an input error, not a discount. */
function cachedAboveInput(input: Arg, cached: Arg | undefined, write?: Arg): string[] | "error" {
  const parts = [cached, write].filter((p): p is Arg => given(p) && !isZero(p));
  if (parts.length === 0) return [];
  if (input.literal?.kind === "number" && parts.every((p) => p.literal?.kind === "number")) {
    const sum = parts.reduce((total, p) => total + (p.literal!.value as number), 0);
    return sum > input.literal.value ? "error" : [];
  }
  return [`${parts.map((p) => p.text).join("+")}>${input.text}`];
}

const costPerInteraction: FunctionTranslation = {
  minArgs: 3,
  maxArgs: 9,
  translate([input, output, model, outputPrice, cached, cachedPrice, cacheWrite, cacheWritePrice], scope) {
    const write = given(cacheWrite) && !isZero(cacheWrite) ? cacheWrite : undefined;
    const above = cachedAboveInput(input, cached, write);
    if (above === "error") return ERROR;
    const numeric = () => {
      // The add-in requires output_price with a numeric input price, unless there are no output tokens.
      const onePrice = !given(outputPrice);
      if (onePrice && output.literal?.kind === "number" && output.literal.value !== 0) return ERROR;
      const noOutput = onePrice && output.literal === undefined ? [`${output.text}<>0`] : [];
      // A cached price held in a cell must be a number whenever cached tokens are billed.
      const priceText = (arg: Arg | undefined) => (given(arg) && isCellRef(arg) ? required(arg.text) : given(arg) ? arg.text : null);
      const cost = callCostFormula(
        input.text,
        output.text,
        cached,
        {
          input: model.text,
          output: onePrice ? null : outputPrice.text,
          cached: priceText(cachedPrice),
          write: priceText(cacheWritePrice),
        },
        write,
      );
      return checked(onePrice ? [model] : [model, outputPrice], [cachedPrice, cacheWritePrice], cost, noOutput);
    };
    const byModel = () => {
      const maxInput = input.literal?.kind === "number" ? input.literal.value : undefined;
      // A literal name's tiers are known now and written as IFs; a name in a cell may change to any model.
      const literalName = model.literal?.kind === "string" ? model.literal.value.trim() : undefined;
      // A pricing date names no lookup: only a model named in the formula can be priced on it.
      if (scope.pricingDate !== undefined && literalName === undefined) throw new ValuesOnly(messages.shareAsOfValues());
      const fixed = constantPrice(literalName, scope);
      const reason = unlookupable(currentModels(model, scope), scope, maxInput, literalName !== undefined, fixed !== undefined);
      if (reason) throw new ValuesOnly(reason);
      if (fixed) return constantCost(fixed, input, output, cached, write);
      const key = modelKey(model, scope);
      const request = requestFee(key, scope);
      const base = callCostFormula(
        input.text,
        output.text,
        cached,
        {
          input: lookup("Input $/1M", key),
          output: lookup("Output $/1M", key),
          cached: required(lookup("Cached input $/1M", key)),
          write: write ? writeLookup(key) : undefined,
          request,
        },
        write,
      );
      const tiers = literalName ? reachableTiers(literalName, scope, maxInput) : [];
      const cost = withTiers(input.text, tiers, base, (tier) =>
        callCostFormula(
          input.text,
          output.text,
          cached,
          {
            input: rate(tier.input),
            output: rate(tier.output),
            cached: tier.cachedInput === null ? null : rate(tier.cachedInput),
            write: rate(tier.cacheWrite ?? tier.input),
            request,
          },
          write,
        ),
      );
      // Literal tokens on a literal name: the window is checked now, the formula stays short.
      if (literalName !== undefined && input.literal?.kind === "number" && output.literal?.kind === "number") {
        const window = billedPrice(literalName, scope)?.contextWindow;
        return window && input.literal.value + output.literal.value > window ? ERROR : cost;
      }
      return `IF(${contextWindowGuard(input.text, output.text, key)},${ERROR},${cost})`;
    };
    let body: string;
    if (model.omitted) return ERROR;
    if (model.literal?.kind === "number") body = numeric();
    else if (model.literal?.kind === "string") {
      // A model name takes its prices from the table; prices given as well are an input error
      // (a literal 0 counts as left out, as the add-in reads 0 from an empty cell in Excel desktop).
      const pricesGiven = [outputPrice, cachedPrice, cacheWritePrice].some((a) => a?.literal !== undefined && !isZero(a));
      if (pricesGiven || model.literal.value.trim() === "") return ERROR;
      body = byModel();
    } else if (!given(outputPrice) && !given(cachedPrice) && !given(cacheWritePrice) && numeric() === ERROR) body = byModel();
    // A reference may hold a name or a price (then, without output tokens, output_price may be left
    // out): decide per recalculation, as the add-in does.
    else body = `IF(ISNUMBER(${model.text}),${numeric()},${byModel()})`;
    return checked([input, output], [cached, cacheWrite], body, above);
  },
};

const costPerUser: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 2,
  translate: ([cost, interactions]) => checked([cost, interactions], [], `${cost.text}*${interactions.text}`),
};

const marginImpact: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 2,
  // Revenue must be above 0 (the add-in says so on #VALUE!); the native formula shows #N/A.
  translate: ([cost, revenue]) =>
    revenue.literal?.kind === "number" && revenue.literal.value <= 0
      ? ERROR
      : checked([cost, revenue], [], `${cost.text}/${revenue.text}`, revenue.literal ? [] : [`NOT(${revenue.text}>0)`]),
};

const KIND_COLUMN: Record<Exclude<ModelPriceKind, "cache_write_1h">, PriceColumn> = {
  input: "Input $/1M",
  output: "Output $/1M",
  cached_input: "Cached input $/1M",
  cache_write: "Cache write $/1M",
  request: REQUEST_COLUMN,
  provider: "Provider",
};

/** MODELPRICE of one kind, as the add-in answers it: a blank token price is #N/A, a blank fee 0. */
function kindLookup(kind: ModelPriceKind, key: string, scope: TranslationScope): string {
  // AIECON_Prices has no 1-hour cache-write column: #N/A rather than another price.
  if (kind === "cache_write_1h") return ERROR;
  if (kind === "provider") return lookup(KIND_COLUMN.provider, key);
  if (kind === "request") return requestFee(key, scope) ?? "0";
  return required(lookup(KIND_COLUMN[kind], key));
}

/** The price a model named in the formula is billed at on the call's date (typed, else PRICESASOF's), or undefined. */
function billedOn(name: string | undefined, scope: TranslationScope): ModelPrice | undefined {
  if (name === undefined) return undefined;
  try {
    return modelPriceOn(scope.ctx.prices, name, scope.pricingDate);
  } catch {
    return undefined;
  }
}

/** MODELPRICE of one kind at constant rates (a typed date, a day average, the 1-hour write): tiers as IFs on input_tokens. */
function constantModelPrice(price: ModelPrice, word: string, inputTokens: Arg | undefined, maxInput: number | undefined): string {
  const hit = MODEL_PRICE_KINDS.find((k) => k === word);
  if (!hit) return ERROR;
  if (hit === "provider") return stringLiteral(price.provider);
  const checkedTokens = (body: string) => (given(inputTokens) ? checked([], [inputTokens], body) : body);
  if (hit === "request") return checkedTokens(rate(priceOfKind(price, "request")));
  const valueOf = (r: TokenRates) => {
    const value = rateOfKind(r, hit);
    return value === null ? ERROR : rate(value);
  };
  const tiers = tiersReachable(price, maxInput);
  const tokens = tiers.length ? (isCellRef(inputTokens!) ? `N(${inputTokens!.text})` : inputTokens!.text) : "";
  return checkedTokens(withTiers(tokens, tiers, valueOf(price), valueOf));
}

const modelPrice: FunctionTranslation = {
  minArgs: 1,
  maxArgs: 4,
  translate([model, kind, , inputTokens], scope) {
    if (model.omitted || model.literal?.kind === "number") return ERROR;
    if (
      given(inputTokens) &&
      (inputTokens.literal?.kind === "string" || (inputTokens.literal?.kind === "number" && inputTokens.literal.value < 0))
    ) {
      return ERROR;
    }
    const maxInput = !given(inputTokens) ? 0 : inputTokens.literal?.kind === "number" ? inputTokens.literal.value : undefined;
    const word = !given(kind) ? "input" : kind.literal?.kind === "string" ? kind.literal.value.trim().toLowerCase() || "input" : undefined;
    const literalName = model.literal?.kind === "string" ? model.literal.value.trim() : undefined;
    // A token price of a literal name and kind can carry its tiers as IFs on input_tokens.
    const tiersWritten = literalName !== undefined && word !== undefined && PRICE_KINDS.some((k) => k === word);
    if (scope.pricingDate !== undefined && (literalName === undefined || word === undefined))
      throw new ValuesOnly(messages.shareAsOfValues());
    const fixed =
      word === undefined ? undefined : word === "cache_write_1h" ? billedOn(literalName, scope) : constantPrice(literalName, scope);
    const reason = unlookupable(currentModels(model, scope), scope, maxInput, tiersWritten || fixed !== undefined, fixed !== undefined);
    if (reason) throw new ValuesOnly(reason);
    if (word === "cache_write_1h" && !fixed) throw new ValuesOnly(messages.shareCacheWrite1hValues());
    if (fixed) return constantModelPrice(fixed, word!, inputTokens, maxInput);
    const key = modelKey(model, scope);
    if (word !== undefined) {
      const hit = MODEL_PRICE_KINDS.find((k) => k === word);
      if (!hit) return ERROR;
      const tiers = tiersWritten ? reachableTiers(literalName!, scope, maxInput) : [];
      const tokens = tiers.length ? (isCellRef(inputTokens!) ? `N(${inputTokens!.text})` : inputTokens!.text) : "";
      const tierRate = (tier: PriceTier) => {
        const value = { input: tier.input, output: tier.output, cached_input: tier.cachedInput, cache_write: tier.cacheWrite }[
          hit as PriceKind
        ];
        return value === null ? ERROR : rate(value);
      };
      const price = withTiers(tokens, tiers, kindLookup(hit, key, scope), tierRate);
      // input_tokens is read by the add-in even where no tier depends on it: refuse what it refuses.
      return given(inputTokens) ? checked([], [inputTokens], price) : price;
    }
    if (kind.literal) return ERROR;
    const k = `TRIM(${kind.text})`;
    const which = `IF(${k}="",1,MATCH(${k},{${MODEL_PRICE_KINDS.map((p) => stringLiteral(p)).join(",")}},0))`;
    return `CHOOSE(${which},${MODEL_PRICE_KINDS.map((p) => kindLookup(p, key, scope)).join(",")})`;
  },
};

const pricesAsOf: FunctionTranslation = {
  minArgs: 0,
  maxArgs: 0,
  // The date of the prices the add-in uses now; a converted workbook's prices stop at this date too.
  translate: (_args, scope) => stringLiteral(scope.ctx.prices.asOf),
};

/** A literal number outside what the add-in accepts makes the whole call an error now. */
const literalOutside = (arg: Arg | undefined, ok: (n: number) => boolean) => arg?.literal?.kind === "number" && !ok(arg.literal.value);
/** The same bound checked live when the argument is not a literal. */
const liveBound = (arg: Arg | undefined, condition: (text: string) => string) => (given(arg) && !arg.literal ? [condition(arg.text)] : []);

const gpuCostPerMTok: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 3,
  // hourly ÷ (tokens/s × 3,600 × utilisation) × 1,000,000, in the add-in's order of operations.
  translate([hourly, tps, utilisation]) {
    const util = given(utilisation) ? utilisation : undefined;
    if (literalOutside(tps, (n) => n > 0) || literalOutside(util, (n) => n > 0 && n <= 1)) return ERROR;
    const body = `${hourly.text}/(${tps.text}*3600*${util ? util.text : "1"})*${MILLION}`;
    const extra = [...liveBound(tps, (t) => `NOT(${t}>0)`), ...liveBound(util, (u) => `NOT(AND(${u}>0,${u}<=1))`)];
    return checked([hourly, tps], [util], body, extra);
  },
};

const valuationImpact: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 2,
  // after ÷ before − 1; margins are fractions of revenue: before in (0, 1], after in [0, 1].
  translate([before, after]) {
    if (literalOutside(before, (n) => n > 0 && n <= 1) || literalOutside(after, (n) => n >= 0 && n <= 1)) return ERROR;
    const extra = [...liveBound(before, (b) => `NOT(AND(${b}>0,${b}<=1))`), ...liveBound(after, (a) => `${a}>1`)];
    return checked([before, after], [], `${after.text}/${before.text}-1`, extra);
  },
};

/** Cells of a range, row by row (the order BLENDEDPRICE pairs them in), as sheet-qualified addresses. */
function cellsOf(range: A1Range): string[] {
  const out: string[] = [];
  for (let r = range.top; r <= range.bottom; r++) {
    for (let c = range.left; c <= range.right; c++) out.push(`${sheetPrefix(range.sheet)}${cellAddress(r, c)}`);
  }
  return out;
}

/** Beyond this many routes the per-route terms would outgrow Excel's formula length (and OR's 255 arguments). */
const MAX_ROUTES = 40;

const blendedPriceT: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 3,
  // Σ share × price, route by route: each model cell is priced live (a number as given, a name
  // looked up in AIECON_Prices); shares must add up to 1 within ±0.001, as the add-in checks.
  translate([models, shares, kind], scope) {
    const modelRange = models.ref ? parseA1(models.ref) : undefined;
    const shareRange = shares.ref ? parseA1(shares.ref) : undefined;
    if (!modelRange || !shareRange) throw new ValuesOnly(messages.shareBlendNeedsRanges());
    let column: PriceColumn = KIND_COLUMN.input;
    if (given(kind)) {
      if (kind.literal?.kind !== "string") throw new ValuesOnly(messages.shareBlendKindFromCell());
      const word = kind.literal.value.trim().toLowerCase() || "input";
      const hit = PRICE_KINDS.find((k) => k === word);
      if (!hit) return ERROR;
      column = KIND_COLUMN[hit];
    }
    const m = cellsOf(modelRange);
    const s = cellsOf(shareRange);
    if (m.length !== s.length) return ERROR; // the add-in: both ranges need the same number of cells
    if (m.length > MAX_ROUTES) throw new ValuesOnly(messages.shareBlendTooManyRoutes(m.length));
    recordModelsIn(models, scope);
    const terms = m.map((model, k) => {
      const price = `IF(ISNUMBER(${model}),${model},${required(lookup(column, `TRIM(${model})`))})`;
      return `IF(AND(${model}="",${s[k]}=""),0,${price}*${s[k]})`;
    });
    const problems = m.flatMap((model, k) => [
      `(${model}="")<>(${s[k]}="")`, // one half of a route left blank
      `AND(${s[k]}<>"",NOT(ISNUMBER(${s[k]})))`,
      `AND(ISNUMBER(${s[k]}),${s[k]}<0)`,
      `AND(ISNUMBER(${model}),${model}<0)`,
    ]);
    const sum = `SUM(${shares.text})`;
    problems.push(`ABS(${sum}-1)>0.001000000001`);
    return `IF(OR(${problems.join(",")}),${ERROR},${terms.join("+")})`;
  },
};

/** Formulas longer than this fail in Excel (8,192 characters); keep room for the surrounding formula. */
const MAX_TREE_FORMULA = 7000;

const costTree: FunctionTranslation = {
  minArgs: 1,
  maxArgs: 3,
  translate([tree, output], scope) {
    const mode = treeMode(output, scope);
    const range = tree.ref ? parseA1(tree.ref) : undefined;
    const cells = range ? scope.ctx.readRange(range) : undefined;
    if (!range || !cells) throw new ValuesOnly(messages.shareTreeNotARange());
    let result;
    let steps;
    try {
      steps = parseCostTree(cells, scope.ctx.prices);
      result = evaluateCostTree(steps);
    } catch (e) {
      if (e instanceof CalcError) throw new ValuesOnly(e.message);
      throw e;
    }
    if (mode === "breakdown") {
      const table = breakdownTable(result);
      throw new ValuesOnly(messages.shareBreakdownValues(), () => table);
    }
    for (let i = 0; i < steps.count; i++) {
      const row = cells[steps.rows[i] - 1];
      if (typeof row[2] === "number") continue;
      // Its input cell may be edited above a threshold later: the formula would need the tier.
      const reason = unlookupable([String(row[2]).trim()], scope, undefined);
      if (reason) throw new ValuesOnly(reason);
    }
    const at = (row: number, col: number) => `${sheetPrefix(range.sheet)}${cellAddress(range.top + row - 1, range.left + col - 1)}`;
    const parsed = steps;
    const byName = new Map(parsed.names.map((name, i) => [name.toLowerCase(), i]));
    const terms = parsed.names.map((_, i) => {
      // Expected calls: the product of Calls along the path from the root, as evaluateCostTree multiplies.
      const path: number[] = [];
      for (let s: number | undefined = i; s !== undefined;) {
        path.unshift(s);
        const parent: string | null = parsed.parents[s];
        s = parent === null ? undefined : byName.get(parent.toLowerCase());
      }
      const calls = path.map((s) => at(parsed.rows[s], 6)).join("*");
      const step = { row: parsed.rows[i] };
      const modelCell = at(step.row, 3);
      const blended = typeof cells[step.row - 1][2] === "number";
      const key = `TRIM(${modelCell})`;
      if (!blended) scope.models.add(String(cells[step.row - 1][2]).trim());
      const writeArg = cells[0].length === 8 ? { text: at(step.row, 8), omitted: false } : undefined;
      const prices: PriceTexts = blended
        ? { input: modelCell, output: modelCell, cached: modelCell, write: modelCell }
        : {
            input: lookup("Input $/1M", key),
            output: lookup("Output $/1M", key),
            cached: required(lookup("Cached input $/1M", key)),
            write: writeArg ? writeLookup(key) : undefined,
            request: requestFee(key, scope),
          };
      const cachedArg = cells[0].length >= 7 ? { text: at(step.row, 7), omitted: false } : undefined;
      const cost = callCostFormula(at(step.row, 4), at(step.row, 5), cachedArg, prices, writeArg);
      const parts = [cachedArg, writeArg].filter((a) => a !== undefined).map((a) => a.text);
      const problems = [
        ...(parts.length ? [`${parts.join("+")}>${at(step.row, 4)}`] : []),
        ...(blended ? [] : [contextWindowGuard(at(step.row, 4), at(step.row, 5), key)]),
      ];
      const guarded = problems.length ? `IF(${problems.length > 1 ? `OR(${problems.join(",")})` : problems[0]},${ERROR},${cost})` : cost;
      return `${calls}*(${guarded})`;
    });
    const formula = terms.join("+");
    if (formula.length > MAX_TREE_FORMULA) throw new ValuesOnly(messages.shareTreeTooLong(steps.count));
    scope.notes.push(
      messages.shareTreeStructureNote(
        `${sheetPrefix(range.sheet)}${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`,
      ),
    );
    return terms.length > 1 ? `(${formula})` : formula;
  },
};

/**
 * An `output` argument decides the shape of the result, so it is read at conversion time: a literal,
 * or the current value of the one cell it refers to (`unreadable` when it is neither).
 */
function modeAtConversion<T extends string>(
  output: Arg | undefined,
  scope: TranslationScope,
  allowed: readonly T[],
  fallback: T,
  unreadable: string,
): T {
  if (!given(output)) return fallback;
  let value: CellValue = output.literal?.value;
  if (!output.literal) {
    const range = output.ref ? parseA1(output.ref) : undefined;
    const cells = range && range.top === range.bottom && range.left === range.right ? scope.ctx.readRange(range) : undefined;
    if (!cells) throw new ValuesOnly(unreadable);
    value = cells[0]?.[0];
  }
  if (isBlankOrZero(value)) return fallback; // as the add-in reads `output` (0 from an empty cell is blank)
  const word = typeof value === "string" ? value.trim().toLowerCase() : "";
  const hit = allowed.find((a) => a === word);
  if (hit) return hit;
  throw new ValuesOnly(messages.oneOf("output", value, allowed));
}

const treeMode = (output: Arg | undefined, scope: TranslationScope) =>
  modeAtConversion(output, scope, ["total", "breakdown"] as const, "total", messages.shareTreeOutputUnknown());

/** The four drivers of a COSTBRIDGE argument: cells of a 4-cell row or column, or an array constant of 4 numbers. */
type BridgeOperands =
  | { readonly kind: "cells"; readonly range: A1Range; readonly operands: readonly string[] }
  | { readonly kind: "numbers"; readonly operands: readonly string[]; readonly values: readonly number[] };

/** undefined: no portable formula (a name, a computed range); "error": the add-in refuses it (#VALUE!). */
function bridgeOperands(arg: Arg): BridgeOperands | "error" | undefined {
  const range = arg.ref ? parseA1(arg.ref) : undefined;
  if (range) {
    const cells = cellsOf(range);
    const line = range.top === range.bottom || range.left === range.right;
    return line && cells.length === BRIDGE_DRIVERS.length ? { kind: "cells", range, operands: cells } : "error";
  }
  const token = soleToken(arg.original);
  if (token?.type !== "array") return undefined;
  const rows = token.text
    .slice(1, -1)
    .split(";")
    .map((row) => row.split(","));
  const entries = rows.flat().map((e) => e.trim());
  // The add-in takes a row or a column of 4 numbers above 0: anything else is its #VALUE!.
  if (rows.length > 1 && rows.some((row) => row.length > 1)) return "error";
  const values = entries.map((e) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(e) ? Number(e) : NaN));
  if (values.length !== BRIDGE_DRIVERS.length || values.some((v) => !(v > 0) || !Number.isFinite(v))) return "error";
  return { kind: "numbers", operands: values.map(String), values };
}

/** A month's cost from its four driver operands: actions × calls × (tokens ÷ 1M) × $ per 1M, as bridgeCost multiplies. */
const bridgeCostFormula = (d: readonly string[]) => `${d[0]}*${d[1]}*(${d[2]}/${MILLION})*${d[3]}`;

const costBridgeT: FunctionTranslation = {
  minArgs: 2,
  maxArgs: 3,
  // One driver's $ effect (or the total) becomes LN arithmetic over the same cells; the spilled table
  // has no formula that fills its cells in every spreadsheet, so it keeps values, as COSTTREE's breakdown.
  translate([forecast, actual, output], scope) {
    const mode = modeAtConversion(output, scope, BRIDGE_OUTPUTS, "table", messages.shareBridgeOutputUnknown());
    const f = bridgeOperands(forecast);
    const a = bridgeOperands(actual);
    if (f === "error" || a === "error") return ERROR;
    if (!f || !a) throw new ValuesOnly(messages.shareBridgeNeedsRanges());
    if (mode === "table") {
      const read = (d: BridgeOperands) => (d.kind === "numbers" ? [d.values] : scope.ctx.readRange(d.range));
      const [fv, av] = [read(f), read(a)];
      if (!fv || !av) throw new ValuesOnly(messages.shareBridgeTableValues());
      let table: (string | number)[][];
      try {
        table = bridgeTable(costBridge(parseBridgeDrivers(fv, "forecast"), parseBridgeDrivers(av, "actual")));
      } catch (e) {
        if (e instanceof CalcError) throw new ValuesOnly(e.message);
        throw e;
      }
      throw new ValuesOnly(messages.shareBridgeTableValues(), () => table);
    }
    const c0 = bridgeCostFormula(f.operands);
    const c1 = bridgeCostFormula(a.operands);
    let body: string;
    if (mode === "total") body = `${c1}-${c0}`;
    else {
      const i = BRIDGE_DRIVERS.findIndex((d) => d.key === mode);
      const [x0, x1] = [f.operands[i], a.operands[i]];
      // L(C1, C0) = (C1 − C0) ÷ ln(C1 ÷ C0), and C0 when the costs are equal; an unmoved driver is exactly 0.
      const logMean = `IF(${c1}=${c0},${c0},(${c1}-${c0})/LN((${c1})/(${c0})))`;
      body = `IF(${x1}=${x0},0,${logMean}*LN(${x1}/${x0}))`;
    }
    // A blank, text, 0 or negative driver cell: the add-in's #VALUE!, here #N/A (never a plausible number).
    const ranges = (
      [
        [f, forecast],
        [a, actual],
      ] as const
    )
      .filter(([d]) => d.kind === "cells")
      .map(([, arg]) => arg.text)
      .join(",");
    if (ranges === "") return body;
    const count = ranges.split(",").length * BRIDGE_DRIVERS.length;
    return `IF(OR(COUNT(${ranges})<${count},MIN(${ranges})<=0),${ERROR},${body})`;
  },
};

/** The translation table, keyed by the function name after "AIECON.". */
export const TRANSLATIONS: Readonly<Record<string, FunctionTranslation>> = {
  COSTPERINTERACTION: undatedOnly(costPerInteraction, 8, true),
  COSTPERUSER: costPerUser,
  MARGINIMPACT: marginImpact,
  COSTTREE: undatedOnly(costTree, 2),
  MODELPRICE: undatedOnly(modelPrice, 2, true),
  PRICESASOF: pricesAsOf,
  GPUCOSTPERMTOK: gpuCostPerMTok,
  VALUATIONIMPACT: valuationImpact,
  BLENDEDPRICE: blendedPriceT,
  COSTBRIDGE: costBridgeT,
};
