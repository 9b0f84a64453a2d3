// One entry per AIECON function: how many arguments it takes and the native Excel formula that
// computes the same number from the same cells. Adding a function to the translator is adding
// an entry here; a function without an entry is written as values with an "as of" note.
//
// Only portable functions are used (arithmetic, IF, ISNUMBER, TRIM, INDEX/MATCH, CHOOSE, NA and
// structured references to AIECON_Prices), so the result computes the same in Excel 2016+, Excel
// on the web, LibreOffice and Google Sheets. MATCH is case-insensitive like the add-in's lookup.
import { BRIDGE_DRIVERS, BRIDGE_OUTPUTS, bridgeTable, costBridge, parseBridgeDrivers } from "../calc/costBridge";
import { breakdownTable, evaluateCostTree, parseCostTree } from "../calc/costTree";
import { CalcError } from "../calc/errors";
import { messages } from "../calc/messages";
import { MODEL_PRICE_KINDS, PRICE_KINDS, type ModelPriceKind, type PriceSource } from "../calc/prices";
import { isBlankOrZero, type CellValue } from "../calc/values";
import { soleToken, stringLiteral, type Expr } from "./formula";
import { PRICE_TABLE_NAME, REQUEST_FEE_COLUMN as REQUEST_COLUMN, type PriceColumn } from "./priceTable";
import { cellAddress, parseA1, sheetPrefix, type A1Range } from "./refs";

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
}

export interface FunctionTranslation {
  readonly minArgs: number;
  readonly maxArgs: number;
  translate(args: readonly Arg[], scope: TranslationScope): string;
}

const MILLION = "1000000";

/** `INDEX(AIECON_Prices[col],MATCH(name,AIECON_Prices[Model],0))`. */
function lookup(column: PriceColumn, name: string): string {
  return `INDEX(${PRICE_TABLE_NAME}[${column}],MATCH(${name},${PRICE_TABLE_NAME}[Model],0))`;
}

/** A price that may be blank in the table: blank gives #N/A, as the add-in does, instead of 0. */
function required(value: string): string {
  return `IF(ISNUMBER(${value}),${value},NA())`;
}

/** MATCH treats * ? ~ as wildcards; a literal name must match itself only. */
const escapeWildcards = (name: string) => name.replace(/[~*?]/g, (c) => `~${c}`);

/** The lookup key of a model argument, recording the names the price table must hold. */
function modelKey(arg: Arg, scope: TranslationScope): string {
  if (arg.literal?.kind === "string") {
    const name = arg.literal.value.trim();
    scope.models.add(name);
    return stringLiteral(escapeWildcards(name));
  }
  recordModelsIn(arg, scope);
  return `TRIM(${arg.text})`;
}

/** A model argument that is a reference: the names it holds now must be in the price table. */
function recordModelsIn(arg: Arg, scope: TranslationScope): void {
  const range = arg.ref ? parseA1(arg.ref) : undefined;
  const values = range ? scope.ctx.readRange(range) : undefined;
  for (const row of values ?? []) for (const v of row) if (typeof v === "string" && v.trim()) scope.models.add(v.trim());
}

const isZero = (arg: Pick<Arg, "omitted" | "literal">) => arg.omitted || (arg.literal?.kind === "number" && arg.literal.value === 0);
const given = (arg: Arg | undefined): arg is Arg => arg !== undefined && !arg.omitted;
const ERROR = "NA()";

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
function callCostFormula(
  input: string,
  output: string,
  cached: Pick<Arg, "text" | "literal" | "omitted"> | undefined,
  price: { input: string; output: string | null; cached: string | null; request?: string | null },
): string {
  const tokens = callTokensFormula(input, output, cached, price);
  return price.request ? `${tokens}+${price.request}/1000` : tokens;
}

function callTokensFormula(
  input: string,
  output: string,
  cached: Pick<Arg, "text" | "literal" | "omitted"> | undefined,
  price: { input: string; output: string | null; cached: string | null },
): string {
  const outputTerm = price.output === null ? "" : `+${tokenCostFormula(output, price.output)}`;
  if (!cached || isZero(cached)) return `${tokenCostFormula(input, price.input)}${outputTerm}`;
  const c = cached.text;
  const cachedTerm =
    price.cached === null
      ? `IF(${c}>0,${ERROR},0)`
      : cached.literal?.kind === "number"
        ? tokenCostFormula(c, price.cached)
        : `IF(${c}>0,${tokenCostFormula(c, price.cached)},0)`;
  return `(${input}-${c})*${price.input}/${MILLION}+${cachedTerm}${outputTerm}`;
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

/** Cached tokens are part of the input: more cached than input is an input error, not a discount. */
function cachedAboveInput(input: Arg, cached: Arg | undefined): string[] | "error" {
  if (!given(cached) || isZero(cached)) return [];
  if (cached.literal?.kind === "number" && input.literal?.kind === "number") return cached.literal.value > input.literal.value ? "error" : [];
  return [`${cached.text}>${input.text}`];
}

const costPerInteraction: FunctionTranslation = {
  minArgs: 3,
  maxArgs: 6,
  translate([input, output, model, outputPrice, cached, cachedPrice], scope) {
    const above = cachedAboveInput(input, cached);
    if (above === "error") return ERROR;
    const numeric = () => {
      // The add-in requires output_price with a numeric input price, unless there are no output tokens.
      const onePrice = !given(outputPrice);
      if (onePrice && output.literal?.kind === "number" && output.literal.value !== 0) return ERROR;
      const noOutput = onePrice && output.literal === undefined ? [`${output.text}<>0`] : [];
      // A cached price held in a cell must be a number whenever cached tokens are billed.
      const cachedPriceText =
        given(cachedPrice) && isCellRef(cachedPrice) ? required(cachedPrice.text) : given(cachedPrice) ? cachedPrice.text : null;
      const cost = callCostFormula(input.text, output.text, cached, {
        input: model.text,
        output: onePrice ? null : outputPrice.text,
        cached: cachedPriceText,
      });
      return checked(onePrice ? [model] : [model, outputPrice], [cachedPrice], cost, noOutput);
    };
    const byModel = () => {
      const key = modelKey(model, scope);
      return callCostFormula(input.text, output.text, cached, {
        input: lookup("Input $/1M", key),
        output: lookup("Output $/1M", key),
        cached: required(lookup("Cached input $/1M", key)),
        request: requestFee(key, scope),
      });
    };
    let body: string;
    if (model.omitted) return ERROR;
    if (model.literal?.kind === "number") body = numeric();
    else if (model.literal?.kind === "string") {
      // A model name takes its prices from the table; prices given as well are an input error
      // (a literal 0 counts as left out, as the add-in reads 0 from an empty cell in Excel desktop).
      const pricesGiven = [outputPrice, cachedPrice].some((a) => a?.literal !== undefined && !isZero(a));
      if (pricesGiven || model.literal.value.trim() === "") return ERROR;
      body = byModel();
    } else if (!given(outputPrice) && !given(cachedPrice) && numeric() === ERROR) body = byModel();
    // A reference may hold a name or a price (then, without output tokens, output_price may be left
    // out): decide per recalculation, as the add-in does.
    else body = `IF(ISNUMBER(${model.text}),${numeric()},${byModel()})`;
    return checked([input, output], [cached], body, above);
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

const KIND_COLUMN: Record<ModelPriceKind, PriceColumn> = {
  input: "Input $/1M",
  output: "Output $/1M",
  cached_input: "Cached input $/1M",
  cache_write: "Cache write $/1M",
  request: REQUEST_COLUMN,
  provider: "Provider",
};

/** MODELPRICE of one kind, as the add-in answers it: a blank token price is #N/A, a blank fee 0. */
function kindLookup(kind: ModelPriceKind, key: string, scope: TranslationScope): string {
  if (kind === "provider") return lookup(KIND_COLUMN.provider, key);
  if (kind === "request") return requestFee(key, scope) ?? "0";
  return required(lookup(KIND_COLUMN[kind], key));
}

const modelPrice: FunctionTranslation = {
  minArgs: 1,
  maxArgs: 2,
  translate([model, kind], scope) {
    if (model.omitted || model.literal?.kind === "number") return ERROR;
    const key = modelKey(model, scope);
    if (!given(kind)) return kindLookup("input", key, scope);
    if (kind.literal?.kind === "string") {
      const word = kind.literal.value.trim().toLowerCase() || "input";
      const hit = MODEL_PRICE_KINDS.find((k) => k === word);
      return hit ? kindLookup(hit, key, scope) : ERROR;
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
  maxArgs: 2,
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
    const at = (row: number, col: number) => `${sheetPrefix(range.sheet)}${cellAddress(range.top + row - 1, range.left + col - 1)}`;
    const parsed = steps;
    const byName = new Map(parsed.names.map((name, i) => [name.toLowerCase(), i]));
    const terms = parsed.names.map((_, i) => {
      // Expected calls: the product of Calls along the path from the root, as evaluateCostTree multiplies.
      const path: number[] = [];
      for (let s: number | undefined = i; s !== undefined; ) {
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
      const prices = blended
        ? { input: modelCell, output: modelCell, cached: modelCell }
        : {
            input: lookup("Input $/1M", key),
            output: lookup("Output $/1M", key),
            cached: required(lookup("Cached input $/1M", key)),
            request: requestFee(key, scope),
          };
      const cachedArg = cells[0].length === 7 ? { text: at(step.row, 7), omitted: false } : undefined;
      const cost = callCostFormula(at(step.row, 4), at(step.row, 5), cachedArg, prices);
      const guarded = cachedArg ? `IF(${cachedArg.text}>${at(step.row, 4)},${ERROR},${cost})` : cost;
      return `${calls}*(${guarded})`;
    });
    const formula = terms.join("+");
    if (formula.length > MAX_TREE_FORMULA) throw new ValuesOnly(messages.shareTreeTooLong(steps.count));
    scope.notes.push(messages.shareTreeStructureNote(`${sheetPrefix(range.sheet)}${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`));
    return terms.length > 1 ? `(${formula})` : formula;
  },
};

/**
 * An `output` argument decides the shape of the result, so it is read at conversion time: a literal,
 * or the current value of the one cell it refers to (`unreadable` when it is neither).
 */
function modeAtConversion<T extends string>(output: Arg | undefined, scope: TranslationScope, allowed: readonly T[], fallback: T, unreadable: string): T {
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
  const rows = token.text.slice(1, -1).split(";").map((row) => row.split(","));
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
    const ranges = ([[f, forecast], [a, actual]] as const).filter(([d]) => d.kind === "cells").map(([, arg]) => arg.text).join(",");
    if (ranges === "") return body;
    const count = ranges.split(",").length * BRIDGE_DRIVERS.length;
    return `IF(OR(COUNT(${ranges})<${count},MIN(${ranges})<=0),${ERROR},${body})`;
  },
};

/** The translation table, keyed by the function name after "AIECON.". */
export const TRANSLATIONS: Readonly<Record<string, FunctionTranslation>> = {
  COSTPERINTERACTION: costPerInteraction,
  COSTPERUSER: costPerUser,
  MARGINIMPACT: marginImpact,
  COSTTREE: costTree,
  MODELPRICE: modelPrice,
  PRICESASOF: pricesAsOf,
  GPUCOSTPERMTOK: gpuCostPerMTok,
  VALUATIONIMPACT: valuationImpact,
  BLENDEDPRICE: blendedPriceT,
  COSTBRIDGE: costBridgeT,
};
