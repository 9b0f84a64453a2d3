// Contract: every function, called through the built bundle the way Excel calls it, gives the same
// result whichever Excel passes the arguments:
// - "web": an empty referenced cell is null, alone and inside ranges;
// - "desktop": an empty referenced cell is 0, alone and inside ranges (office-js #4702, #5262, #1951);
// - data types: a cell holding a data type arrives as {type, basicValue} (allowCustomDataForDataTypeAny).
// Where 0 is a real value (tokens, calls, prices) the two dialects may differ, as Excel's own
// arithmetic does; each such case states both outcomes. Needs `npm run build` first.
import { DEFAULT_PRICE_TABLE } from "../../src/data/defaultPrices";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, loadBuiltFunctions, type LoadedAddin } from "../support/customFunctionsHost.cjs";
import { seeded } from "../support/seeded";

let addin: LoadedAddin;
beforeAll(() => {
  addin = loadBuiltFunctions();
});

/** An empty referenced cell; each dialect passes it its own way. */
const B = Symbol("blank cell");
type Arg = unknown;
type Dialect = "web" | "desktop";

type Outcome = { value: unknown } | { error: string; message: RegExp };
const value = (v: unknown): Outcome => ({ value: v });
const error = (code: string, message: RegExp): Outcome => ({ error: code, message });

interface Case {
  readonly name: string;
  readonly fn: string;
  readonly args: readonly Arg[];
  /** One outcome for both dialects, or one per dialect where a blank is a real 0 on desktop. */
  readonly expect: Outcome | { web: Outcome; desktop: Outcome };
}

const price = (model: string) => DEFAULT_PRICE_TABLE.find(model)!;
const gpt4o = price("gpt-4o");
const mini = price("gpt-4o-mini");
const perCall = (m: { input: number; output: number }, input: number, output: number) =>
  (input / 1e6) * m.input + (output / 1e6) * m.output;

const pro = price("gemini-2.5-pro");
const opus = price("claude-opus-4-1");

const TREE = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls", "Cached input tokens"],
  ["safety", B, "gpt-4o-mini", 500, 10, 1, B],
  ["primary", B, "gpt-4o", 7000, 1000, 1, B],
  ["retry", "primary", "gpt-4o", 7000, 1000, 0.2, B],
  [B, B, B, B, B, B, B], // spare rows selected below the tree
  [B, B, B, B, B, B, B],
];
const TREE_TOTAL = perCall(mini, 500, 10) + 1.2 * perCall(gpt4o, 7000, 1000);
const DATED_TREE = [
  ["Step", "Parent", "Model", "Input tokens", "Output tokens", "Calls"],
  ["call", B, "gemini-3.6-flash", 7000, 1000, 1],
];

// domain.md §9: $300 forecast, $475.20 actual; L = 175.20 ÷ ln(475.2 ÷ 300).
const BRIDGE_L = (475.2 - 300) / Math.log(475.2 / 300);
const BRIDGE_EFFECTS = [Math.log(1.2), Math.log(1.5), Math.log(1.1), Math.log(0.8)].map((l) => BRIDGE_L * l);
const BRIDGE_TABLE = [
  ["Driver", "$ effect", "Share of change"],
  ...["Volume", "Calls per action", "Tokens per call", "Price and mix"].map((d, i) => [d, BRIDGE_EFFECTS[i], BRIDGE_EFFECTS[i] / 175.2]),
  ["Total", 475.2 - 300, 1],
];

const CASES: readonly Case[] = [
  // COSTPERINTERACTION
  { name: "model name", fn: "COSTPERINTERACTION", args: [7000, 1000, "gpt-4o"], expect: value(perCall(gpt4o, 7000, 1000)) },
  {
    name: "model name beside three empty cells",
    fn: "COSTPERINTERACTION",
    args: [2000, 500, "gpt-4o", B, B, B],
    expect: value(perCall(gpt4o, 2000, 500)),
  },
  { name: "two prices, empty cached cells", fn: "COSTPERINTERACTION", args: [7000, 1000, 3, 15, B, B], expect: value(0.036) },
  { name: "cached tokens at their price", fn: "COSTPERINTERACTION", args: [7000, 1000, 3, 15, 4000, 0.3], expect: value(0.0252) },
  { name: "one price, no output (2000 tokens at $10)", fn: "COSTPERINTERACTION", args: [2000, 0, 10], expect: value(0.02) },
  { name: "one price, no output (5000 tokens at $50)", fn: "COSTPERINTERACTION", args: [5000, 0, 50], expect: value(0.25) },
  { name: "one price, output_price an empty cell", fn: "COSTPERINTERACTION", args: [2000, 0, 10, B], expect: value(0.02) },
  {
    name: "output tokens without an output price",
    fn: "COSTPERINTERACTION",
    args: [2000, 500, 10, B],
    // On desktop the empty cell is a price of 0, as in Excel's own arithmetic.
    expect: { web: error("#VALUE!", /output_price .* is required/), desktop: value(0.02) },
  },
  {
    name: "a price beside a model name",
    fn: "COSTPERINTERACTION",
    args: [2000, 500, "gpt-4o", 15, B, B],
    expect: error("#VALUE!", /'gpt-4o' is a model name.*leave output_price empty/),
  },
  { name: "overflow-safe", fn: "COSTPERINTERACTION", args: [1e308, 1000, 3, 15], expect: value(3e302) },
  {
    name: "input tokens an empty cell",
    fn: "COSTPERINTERACTION",
    args: [B, 1000, "gpt-4o"],
    expect: { web: error("#VALUE!", /input_tokens is required/), desktop: value(perCall(gpt4o, 0, 1000)) },
  },
  // COSTPERINTERACTION: cache writes, as_of, tiers and the context window (issue 18)
  {
    name: "cache-write arguments and as_of empty cells beside a model name",
    fn: "COSTPERINTERACTION",
    args: [7000, 1000, "gpt-4o", B, B, B, B, B, B],
    expect: value(perCall(gpt4o, 7000, 1000)),
  },
  {
    name: "cache writes at the model's write price, cache_write_price an empty cell",
    fn: "COSTPERINTERACTION",
    args: [10_000, 1000, "claude-opus-4-1", B, 4000, B, 5000, B, B],
    expect: value((1000 * opus.input + 4000 * opus.cachedInput! + 5000 * opus.cacheWrite! + 1000 * opus.output) / 1e6),
  },
  {
    name: "cache writes with numeric prices",
    fn: "COSTPERINTERACTION",
    args: [10_000, 1000, 3, 15, 4000, 0.3, 5000, 3.75, B],
    expect: value((1000 * 3 + 4000 * 0.3 + 5000 * 3.75 + 1000 * 15) / 1e6),
  },
  {
    name: "cache writes with numeric prices, cache_write_price an empty cell",
    fn: "COSTPERINTERACTION",
    args: [10_000, 1000, 3, 15, 0, 0.3, 5000, B],
    // On desktop the empty cell is a price of 0, as for cached_input_price.
    expect: { web: error("#VALUE!", /cache_write_price .* is missing/), desktop: value((5000 * 3 + 1000 * 15) / 1e6) },
  },
  {
    name: "cached + cache-write tokens above input",
    fn: "COSTPERINTERACTION",
    args: [1000, 0, "gpt-4o", B, 600, B, 500, B, B],
    expect: error("#VALUE!", /cached_input_tokens \(600\) \+ cache_write_tokens \(500\) cannot exceed input_tokens \(1000\)/),
  },
  {
    name: "a cache-write price beside a model name",
    fn: "COSTPERINTERACTION",
    args: [7000, 1000, "gpt-4o", B, B, B, 500, 3.75, B],
    expect: error("#VALUE!", /'gpt-4o' is a model name.*leave cache_write_price empty/),
  },
  {
    name: "as_of as text, a later dated price",
    fn: "COSTPERINTERACTION",
    args: [7000, 1000, "gemini-3.6-flash", B, B, B, B, B, "2027-01-01"],
    expect: value((7000 * 1.5 + 1000 * 7.5) / 1e6),
  },
  {
    name: "as_of as a date serial (2027-01-01)",
    fn: "COSTPERINTERACTION",
    args: [7000, 1000, "gemini-3.6-flash", B, B, B, B, B, 46_388],
    expect: value((7000 * 1.5 + 1000 * 7.5) / 1e6),
  },
  {
    name: "as_of not a date",
    fn: "COSTPERINTERACTION",
    args: [7000, 1000, "gpt-4o", B, B, B, B, B, "next year"],
    expect: error("#VALUE!", /as_of must be a date/),
  },
  {
    name: "a call above the long-context threshold",
    fn: "COSTPERINTERACTION",
    args: [300_000, 1000, "gemini-2.5-pro", B, B, B, B, B, B],
    expect: value(0.765),
  },
  {
    name: "a call above the context window",
    fn: "COSTPERINTERACTION",
    args: [1_000_000, 2000, "gpt-4o", B, B, B, B, B, B],
    expect: error("#VALUE!", /'gpt-4o' takes at most 128,000 tokens per call/),
  },
  // COSTPERUSER, MARGINIMPACT
  { name: "cost per user", fn: "COSTPERUSER", args: [0.02, 50], expect: value(1) },
  { name: "result beyond a double", fn: "COSTPERUSER", args: [1e300, 1e10], expect: error("#NUM!", /too large to be a number/) },
  {
    name: "interactions an empty cell",
    fn: "COSTPERUSER",
    args: [0.02, B],
    expect: { web: error("#VALUE!", /interactions_per_month is required/), desktop: value(0) },
  },
  { name: "margin impact", fn: "MARGINIMPACT", args: [125, 100], expect: value(1.25) },
  {
    name: "revenue an empty cell",
    fn: "MARGINIMPACT",
    args: [1, B],
    expect: { web: error("#VALUE!", /revenue_per_user is required/), desktop: error("#VALUE!", /revenue_per_user must be greater than 0/) },
  },
  // COSTTREE
  { name: "tree with blank parents and spare rows", fn: "COSTTREE", args: [TREE, B], expect: value([[TREE_TOTAL]]) },
  // gemini-3.6-flash doubles on 2027-01-01: each named step is priced as in force on as_of, PRICESASOF's date when omitted.
  { name: "tree priced on as_of", fn: "COSTTREE", args: [DATED_TREE, B, "2027-01-01"], expect: value([[(7000 * 1.5 + 1000 * 7.5) / 1e6]]) },
  {
    name: "tree without as_of: the prices' as-of date",
    fn: "COSTTREE",
    args: [DATED_TREE, B, B],
    expect: value([[(7000 * 0.75 + 1000 * 3.75) / 1e6]]),
  },
  { name: "tree as_of not a date", fn: "COSTTREE", args: [DATED_TREE, B, "next year"], expect: error("#VALUE!", /as_of must be a date/) },
  {
    name: "breakdown",
    fn: "COSTTREE",
    args: [TREE, "breakdown"],
    expect: value([
      ["Step", "Expected calls", "Cost $", "Share of total"],
      ["safety", 1, perCall(mini, 500, 10), perCall(mini, 500, 10) / TREE_TOTAL],
      ["primary", 1, perCall(gpt4o, 7000, 1000), perCall(gpt4o, 7000, 1000) / TREE_TOTAL],
      ["retry", 0.2, 0.2 * perCall(gpt4o, 7000, 1000), (0.2 * perCall(gpt4o, 7000, 1000)) / TREE_TOTAL],
      ["Total", 2.2, TREE_TOTAL, 1],
    ]),
  },
  {
    name: "a step's Model an empty cell",
    fn: "COSTTREE",
    args: [[TREE[0], ["a", B, B, 100, 10, 1, B]], B],
    expect: error("#VALUE!", /Cost tree row 2 \('a'\): Model name is empty/),
  },
  {
    name: "spilled shares beyond a double",
    fn: "COSTTREE",
    args: [[TREE[0], ["a", B, 1e300, 1e300, 0, 1e300, B], ["b", B, 1e300, 1e300, 0, 1e300, B]], "breakdown"],
    expect: error("#NUM!", /too large to be a number/),
  },
  // MODELPRICE, PRICESASOF
  { name: "kind an empty cell", fn: "MODELPRICE", args: ["gpt-4o", B], expect: value(gpt4o.input) },
  { name: "output kind", fn: "MODELPRICE", args: ["gpt-4o", "output"], expect: value(gpt4o.output) },
  { name: "model an empty cell", fn: "MODELPRICE", args: [B, B], expect: error("#VALUE!", /model is required/) },
  { name: "as of", fn: "PRICESASOF", args: [], expect: value(DEFAULT_PRICE_TABLE.asOf) },
  { name: "as_of and input_tokens empty cells", fn: "MODELPRICE", args: ["gemini-2.5-pro", "output", B, B], expect: value(pro.output) },
  { name: "the tier a 300k-token call is billed at", fn: "MODELPRICE", args: ["gemini-2.5-pro", "output", B, 300_000], expect: value(15) },
  { name: "a later dated price", fn: "MODELPRICE", args: ["gemini-3.6-flash", B, "2027-01-01", B], expect: value(1.5) },
  { name: "the 1-hour cache write", fn: "MODELPRICE", args: ["claude-opus-4-1", "cache_write_1h"], expect: value(30) },
  {
    name: "no 1-hour cache write",
    fn: "MODELPRICE",
    args: ["gpt-4o", "cache_write_1h"],
    expect: error("#N/A", /'gpt-4o' has no cache-write-1h price/),
  },
  {
    name: "tree with an empty Cache write tokens column",
    fn: "COSTTREE",
    args: [TREE.map((row, i) => [...row, i === 0 ? "Cache write tokens" : B]), B],
    expect: value([[TREE_TOTAL]]),
  },
  {
    name: "tree step above the long-context threshold, with cache writes",
    fn: "COSTTREE",
    args: [
      [
        [...TREE[0], "Cache write tokens"],
        ["agent", B, "gemini-2.5-pro", 300_000, 1000, 1, B, B],
      ],
      B,
    ],
    expect: value([[0.765]]),
  },
  // CLASSIFY
  { name: "mixed infrastructure", fn: "CLASSIFY", args: ["Infrastructure", true, "partly", B, 0.7], expect: value("Mixed") },
  { name: "training, optionals empty", fn: "CLASSIFY", args: ["Training", false, false, B, B], expect: value("OpEx") },
  { name: "monitoring", fn: "CLASSIFY", args: ["Monitoring and evaluation", true, true, true, B], expect: value("COGS") },
  { name: "bucket an empty cell", fn: "CLASSIFY", args: [B, true, true, B, B], expect: error("#VALUE!", /bucket is required/) },
  // COSTCURVE
  { name: "flat curve, optionals empty", fn: "COSTCURVE", args: [3, 0.02, 50, 0, B, B], expect: value([[1], [1], [1]]) },
  { name: "capped curve", fn: "COSTCURVE", args: [4, 0.02, 50, 1000, 3000, 2000], expect: value([[1], [1.5], [1.5], [1.5]]) },
  { name: "growth without a cap", fn: "COSTCURVE", args: [2, 0.02, 50, 1000, B, 2000], expect: value([[1], [1.5]]) },
  {
    name: "spilled months beyond a double",
    fn: "COSTCURVE",
    args: [2, 1e300, 1e10, 0, B, B],
    expect: error("#NUM!", /too large to be a number/),
  },
  // BLENDEDPRICE, USERMIX: spare rows in the ranges
  {
    name: "portfolio with a spare row",
    fn: "BLENDEDPRICE",
    args: [[["gpt-4o-mini"], [3], [B]], [[0.8], [0.2], [B]], B],
    expect: value(0.8 * mini.input + 0.2 * 3),
  },
  {
    name: "user mix with a spare row",
    fn: "USERMIX",
    args: [
      [[1], [125], [B]],
      [[900], [100], [B]],
      [[100], [100], [B]],
    ],
    expect: value([
      ["Blended AI cost per active user ($ / user / month)", (900 * 1 + 100 * 125) / 1000],
      ["AI cost share of revenue (fraction, 0.01 = 1%)", (900 * 1 + 100 * 125) / (1000 * 100)],
      ["Users who are margin-negative (fraction of users)", 0.1],
    ]),
  },
  {
    name: "a cost share beyond a double",
    fn: "USERMIX",
    args: [
      [[1.7e308], [1]],
      [[1], [1]],
      [[0.01], [0.01]],
    ],
    expect: error("#NUM!", /too large to be a number/),
  },
  // GPUCOSTPERMTOK, VALUATIONIMPACT
  { name: "GPU cost", fn: "GPUCOSTPERMTOK", args: [3.43, 1000, 0.6], expect: value((3.43 / (1000 * 3600 * 0.6)) * 1e6) },
  {
    name: "utilisation an empty cell",
    fn: "GPUCOSTPERMTOK",
    args: [3.43, 1000, B],
    // A utilisation of 0 is refused rather than read as "always busy", which would flatter the cost.
    expect: { web: value((3.43 / (1000 * 3600)) * 1e6), desktop: error("#VALUE!", /utilisation must be a fraction above 0/) },
  },
  { name: "valuation impact", fn: "VALUATIONIMPACT", args: [0.2, 0.15], expect: value(-0.25) },
  // COSTBRIDGE (domain.md §9 example): a column, a row, an array constant; blanks, zeros, text, errors
  {
    name: "domain example, two columns",
    fn: "COSTBRIDGE",
    args: [[[10000], [2], [3000], [5]], [[12000], [3], [3300], [4]], B],
    expect: value(BRIDGE_TABLE),
  },
  {
    name: "domain example, a row and an array constant",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[12000, 3, 3300, 4]]],
    expect: value(BRIDGE_TABLE),
  },
  {
    name: "one driver alone",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[12000, 3, 3300, 4]], "calls"],
    expect: value([[BRIDGE_L * Math.log(1.5)]]),
  },
  {
    name: "the total alone",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[12000, 3, 3300, 4]], "total"],
    expect: value([[475.2 - 300]]),
  },
  {
    name: "identical months: zeros, shares blank",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[10000, 2, 3000, 5]], B],
    expect: value([
      BRIDGE_TABLE[0],
      ["Volume", 0, ""],
      ["Calls per action", 0, ""],
      ["Tokens per call", 0, ""],
      ["Price and mix", 0, ""],
      ["Total", 0, ""],
    ]),
  },
  {
    name: "an empty driver cell",
    fn: "COSTBRIDGE",
    args: [
      [[10000], [B], [3000], [5]],
      [[12000], [3], [3300], [4]],
    ],
    expect: {
      web: error(
        "#VALUE!",
        /^forecast calls per action is missing \(an empty cell\): a log bridge needs a positive value for every driver\.$/,
      ),
      desktop: error(
        "#VALUE!",
        /^forecast calls per action must be greater than 0; got 0: a log bridge takes the logarithm of each driver/,
      ),
    },
  },
  {
    name: "a zero driver",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[12000, 3, 0, 4]]],
    expect: error("#VALUE!", /^actual tokens per call must be greater than 0; got 0: a log bridge takes the logarithm/),
  },
  {
    name: "a negative price",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, -5]], [[12000, 3, 3300, 4]]],
    expect: error("#VALUE!", /forecast \$ per 1M tokens must be greater than 0; got -5/),
  },
  {
    name: "a text driver",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [["lots", 3, 3300, 4]]],
    expect: error("#VALUE!", /actual user actions must be a number; got text 'lots'/),
  },
  {
    name: "three drivers",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000]], [[12000, 3, 3300, 4]]],
    expect: error("#VALUE!", /forecast must be 4 numbers in a row or a column .*got 3 cells/),
  },
  {
    name: "an unknown output",
    fn: "COSTBRIDGE",
    args: [[[10000, 2, 3000, 5]], [[12000, 3, 3300, 4]], "mix"],
    expect: error("#VALUE!", /output must be one of "table", "volume"/),
  },
  // TOKENCOUNT
  { name: "an empty cell counts 0", fn: "TOKENCOUNT", args: [B], expect: value(0) },
  { name: "a prompt", fn: "TOKENCOUNT", args: ["You are a helpful assistant."], expect: value(6) },
  {
    name: "a whole range",
    fn: "TOKENCOUNT",
    args: [[["a"], ["b"]]],
    expect: error("#VALUE!", /text must be a single cell or text, not a range/),
  },
];

function inDialect(arg: Arg, dialect: Dialect): Arg {
  if (arg === B) return dialect === "web" ? null : 0;
  if (Array.isArray(arg)) return arg.map((a) => inDialect(a, dialect));
  return arg;
}

/** Every number, text and boolean as the data type a cell holding it would pass (blanks stay blank). */
function asDataTypes(arg: Arg, kind: "plain" | "formatted"): Arg {
  if (Array.isArray(arg)) return arg.map((a) => asDataTypes(a, kind));
  if (typeof arg === "number") {
    return kind === "plain" ? { type: "Double", basicValue: arg } : { type: "FormattedNumber", basicValue: arg, numberFormat: "$0.00" };
  }
  if (typeof arg === "string") {
    return kind === "plain"
      ? { type: "String", basicValue: arg }
      : { type: "Entity", text: arg, basicValue: arg, properties: { Name: { type: "String", basicValue: arg } } };
  }
  if (typeof arg === "boolean") return { type: "Boolean", basicValue: arg };
  return arg;
}

/** What a call gave: a value (awaited when the function returned a Promise) or an Excel error. */
type Got = { value: unknown } | { error: string; text: string };

async function outcomeOf(fn: string, args: readonly Arg[]): Promise<Got> {
  try {
    return { value: await addin.call(fn, ...args) };
  } catch (e) {
    if (e instanceof addin.CustomFunctions.Error) return { error: e.code, text: e.message };
    throw e;
  }
}

const messageOf = (got: Got): string => ("text" in got ? got.text : `a value, ${JSON.stringify(got.value)}`);

function expectOutcome(got: Got, want: Outcome): void {
  if ("error" in want) {
    expect(got).toMatchObject({ error: want.error });
    expect(messageOf(got)).toMatch(want.message);
    expect(messageOf(got).length).toBeLessThan(300);
  } else {
    expect("value" in got ? { value: rounded(got.value) } : got).toEqual({ value: rounded(want.value) });
  }
}

/** Numbers to 12 significant digits, whatever the nesting: results are compared relatively. */
function rounded(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(rounded);
  if (typeof v === "number") return Number(v.toPrecision(12));
  return v;
}

const wanted = (c: Case, dialect: Dialect): Outcome => ("web" in c.expect ? c.expect[dialect] : c.expect);
const hasBlank = (args: readonly Arg[]): boolean => args.some((a) => a === B || (Array.isArray(a) && hasBlank(a)));

describe.each(["web", "desktop"] as const)("the %s dialect", (dialect) => {
  it.each(CASES.map((c) => [`${c.fn}: ${c.name}`, c] as const))("%s", async (_, c) => {
    expectOutcome(await outcomeOf(c.fn, inDialect(c.args, dialect) as Arg[]), wanted(c, dialect));
  });
});

describe("functions.json", () => {
  it("asks Excel for data types and error values as objects, which every function reads (see below)", () => {
    const json = JSON.parse(readFileSync(join(DIST, "functions.json"), "utf8")) as Record<string, unknown>;
    expect(json).toMatchObject({ allowCustomDataForDataTypeAny: true, allowErrorForDataTypeAny: true });
    // Every parameter is `any`, so both options apply to all of them.
    for (const fn of addin.metadata) for (const p of fn.parameters) expect([fn.id, p.name, p.type]).toEqual([fn.id, p.name, "any"]);
  });
});

describe("data types in every numeric and text position", () => {
  const plainCases = CASES.filter((c) => !("web" in c.expect));
  it.each(["plain", "formatted"] as const)("Double/String/Boolean (plain) or FormattedNumber/Entity (formatted): %s", async (kind) => {
    for (const c of plainCases) {
      for (const dialect of ["web", "desktop"] as const) {
        const args = inDialect(asDataTypes(c.args, kind), dialect) as Arg[];
        try {
          expectOutcome(await outcomeOf(c.fn, args), wanted(c, dialect));
        } catch (e) {
          throw new Error(`${c.fn}: ${c.name} (${dialect}, ${kind} data types): ${(e as Error).message}`, { cause: e });
        }
      }
    }
  });

  it("an error, as a data type or as an error object, is that function's 'fix that cell' error in every position", async () => {
    const errors = [{ type: "Error", errorType: "Div0", basicValue: "#DIV/0!" }, new addin.CustomFunctions.Error("#N/A", "")];
    for (const c of CASES.filter((k) => k.args.length > 0 && !hasBlank(k.args))) {
      for (let i = 0; i < c.args.length; i++) {
        if (Array.isArray(c.args[i])) continue; // ranges: below
        for (const bad of errors) {
          const args = c.args.map((a, k) => (k === i ? bad : a));
          const got = await outcomeOf(c.fn, args);
          expect([c.fn, i, got]).toMatchObject([c.fn, i, { error: "#VALUE!" }]);
          expect(messageOf(got)).toMatch(/contains an Excel error value; fix that cell first/);
        }
      }
    }
  });

  it("an error inside a COSTBRIDGE range names the argument and the driver", async () => {
    for (const bad of [{ type: "Error", errorType: "Div0", basicValue: "#DIV/0!" }, new addin.CustomFunctions.Error("#N/A", "")]) {
      const got = await outcomeOf("COSTBRIDGE", [[[10000], [2], [bad], [5]], [[12000], [3], [3300], [4]], null]);
      expect(got).toMatchObject({ error: "#VALUE!" });
      expect(messageOf(got)).toBe("forecast tokens per call contains an Excel error value; fix that cell first.");
    }
  });

  it("an error inside a COSTTREE range names its row and column", async () => {
    const tree = TREE.map((row) => row.map((v) => inDialect(v, "desktop")));
    tree[2][4] = { type: "Error", errorType: "Value", basicValue: "#VALUE!" };
    const got = await outcomeOf("COSTTREE", [tree, null]);
    expect(messageOf(got)).toBe("Cost tree row 3 ('primary'): Output tokens contains an Excel error value; fix that cell first.");
  });
});

describe("blank rows and loops in COSTTREE, both dialects", () => {
  it.each(["web", "desktop"] as const)("a loop of 10,000 steps gives a message under 300 characters (%s)", async (dialect) => {
    const rows: Arg[][] = [TREE[0]];
    for (let i = 0; i < 10_000; i++) rows.push([`step ${i}`, `step ${(i + 1) % 10_000}`, "gpt-4o", 100, 10, 1, B]);
    rows.push([B, B, B, B, B, B, B]);
    const got = await outcomeOf("COSTTREE", [inDialect(rows, dialect), inDialect(B, dialect)]);
    const message = messageOf(got);
    expect(got).toMatchObject({ error: "#VALUE!" });
    expect(message).toMatch(/loops back on itself \(step \d+ → step \d+ → step \d+ → … → step \d+, 10,000 steps\)/);
    expect(message.length).toBeLessThan(300);
  });
});

describe("COSTBRIDGE through the built bundle: 1,000 seeded random months in both dialects", () => {
  it.each(["web", "desktop"] as const)("the effects add up to actual − forecast, unmoved drivers give 0 (%s)", async (dialect) => {
    const random = seeded(dialect === "web" ? 2026 : 19);
    const draw = () => 10 ** (random() * 10 - 3);
    for (let k = 0; k < 1000; k++) {
      const f = [draw(), draw(), draw(), draw()];
      const a = f.map((x) => (random() < 0.25 ? x : draw()));
      // Columns, rows and a spare output cell (blank in this dialect) alternate.
      const shape = (v: number[]) => (k % 2 ? [v] : v.map((x) => [x]));
      const got = await outcomeOf("COSTBRIDGE", [shape(f), shape(a), inDialect(B, dialect)]);
      if (!("value" in got)) throw new Error(`month ${k}: ${messageOf(got)}`);
      const table = got.value as [string, number, number | ""][];
      const cost = (v: number[]) => v[0] * v[1] * (v[2] / 1e6) * v[3];
      const total = cost(a) - cost(f);
      const effects = table.slice(1, 5).map((r) => r[1]);
      expect([k, table[5][1]]).toEqual([k, total]);
      const sum = effects.reduce((s, e) => s + e, 0);
      expect([k, Math.abs(sum - total) <= 1e-12 * Math.max(cost(f), cost(a))]).toEqual([k, true]);
      f.forEach((x, i) => {
        if (a[i] === x) expect([k, i, effects[i]]).toEqual([k, i, 0]);
      });
    }
  });
});
