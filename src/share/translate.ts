// Rewrites a formula's AIECON calls into native Excel, innermost first, through the table of
// translations. The surrounding formula is kept token for token.
import type { CellValue } from "../calc/values";
import { messages } from "../calc/messages";
import {
  FormulaSyntaxError,
  isCall,
  isGroup,
  isToken,
  parseFormula,
  print,
  soleToken,
  stringValue,
  trimmed,
  type Call,
  type Expr,
  type Item,
} from "../sheetModel/formula";
import { TRANSLATIONS, ValuesOnly, type Arg, type ShareContext, type TranslationScope } from "./translations";

export type { ShareContext } from "./translations";

export type Translation =
  /** The formula calls no AIECON function: leave the cell alone. */
  | { readonly kind: "none" }
  /** A native formula computing the same result; `models` must be rows of AIECON_Prices. */
  | { readonly kind: "formula"; readonly formula: string; readonly models: readonly string[]; readonly notes: readonly string[] }
  /**
   * No portable equivalent: write values with an "as of" note. `values` when the translator could
   * compute them (a COSTTREE breakdown); otherwise the host writes the cell's current values.
   */
  | { readonly kind: "values"; readonly reason: string; readonly functionName: string; readonly values?: CellValue[][] };

const PREFIXES = /^(_xlfn\.|_xludf\.|_xlws\.|\[\d+\]!)/i;

/**
 * The AIECON function a call names, upper-case without namespace, or undefined. Accepts how files
 * and hosts spell it: AIECON.X, _xludf.AIECON.X, _xlfn. prefixes, and Excel's _xldudf_AIECON_X
 * (what a workbook saved while the add-in was not loaded carries, optionally after [n]!).
 */
export function aieconFunctionName(name: string): string | undefined {
  let n = name.trim();
  while (PREFIXES.test(n)) n = n.replace(PREFIXES, "");
  const m = /^(?:AIECON\.|_xldudf_AIECON_)([A-Za-z0-9_.]+)$/i.exec(n);
  return m ? m[1].toUpperCase() : undefined;
}

const body = (formula: string) => formula.replace(/^\s*=/, "");

function someCall(expr: Expr, test: (call: Call) => boolean): boolean {
  return expr.some((item) => {
    if (isCall(item)) return test(item) || item.args.some((a) => someCall(a, test));
    if (isGroup(item)) return someCall(item.inner, test);
    return false;
  });
}

/** True when the formula calls any AIECON function (a quick text test first, then a real parse). */
export function callsAiecon(formula: unknown): boolean {
  if (typeof formula !== "string" || !/AIECON/i.test(formula)) return false;
  try {
    return someCall(parseFormula(body(formula)), (c) => aieconFunctionName(c.name) !== undefined);
  } catch {
    return false;
  }
}

/**
 * The formula with every AIECON call spelled AIECON.NAME, as a user types it: re-entering this
 * text makes Excel bind the add-in's functions again (the #NAME? repair).
 */
export function canonicalAieconFormula(formula: string): string {
  const expr = parseFormula(body(formula));
  const rename = (e: Expr): Expr =>
    e.map((item): Item => {
      if (isCall(item)) {
        const fn = aieconFunctionName(item.name);
        return { kind: "call", name: fn ? `AIECON.${fn}` : item.name, args: item.args.map(rename) };
      }
      if (isGroup(item)) return { kind: "group", inner: rename(item.inner) };
      return item;
    });
  return `=${print(rename(expr))}`;
}

/** The Excel error a kept value would be ("#NAME?"), if it is one: a file's cell gives { error }, Office.js the text. */
export function errorShown(value: unknown): string | undefined {
  if (value && typeof value === "object" && "error" in value) return String((value as { error: unknown }).error);
  if (
    typeof value === "string" &&
    /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|BUSY!|GETTING_DATA|CONNECT!|BLOCKED!|UNKNOWN!|FIELD!)$/.test(value)
  )
    return value;
  return undefined;
}

/** A single operand needs no parentheses when substituted into a larger expression. */
function isOperand(text: string): boolean {
  try {
    const t = trimmed(parseFormula(text));
    if (t.length !== 1) return false;
    const only = t[0];
    return !isToken(only) || ["ref", "number", "string", "bool", "error"].includes(only.type);
  } catch {
    return false;
  }
}

const wrap = (text: string) => (isOperand(text) ? text : `(${text})`);

/**
 * The text as one flat string. A translation is joined from many pieces, which V8 keeps as a tree of
 * them (a rope of ~1.5 KB for a 250-character formula) until the text is read; a conversion keeps
 * one per converted cell until it is written, so it is flattened once, here.
 */
function flat(text: string): string {
  // Reading a character makes V8 flatten the rope in place; the pieces become garbage.
  text.charCodeAt(0);
  return text;
}

/** Translates one formula (with or without its leading "="). Never throws. */
export function translateFormula(formula: string, ctx: ShareContext): Translation {
  if (!/AIECON/i.test(formula)) return { kind: "none" };
  let expr: Expr;
  try {
    // Parsed once: the test for an AIECON call and the translation read the same tree.
    expr = parseFormula(body(formula));
  } catch {
    return { kind: "none" };
  }
  if (!someCall(expr, (c) => aieconFunctionName(c.name) !== undefined)) return { kind: "none" };
  const scope: TranslationScope = { ctx, models: new Set(), notes: [] };
  let current = "";
  try {
    const out = translateExpr(expr, scope, (name) => (current = name));
    return { kind: "formula", formula: flat(`=${out}`), models: [...scope.models], notes: scope.notes };
  } catch (e) {
    if (e instanceof ValuesOnly) {
      const whole = trimmed(expr);
      // Computed values fill the cell only when the failing call is the whole formula.
      const alone = whole.length === 1 && isCall(whole[0]) && `AIECON.${aieconFunctionName(whole[0].name)}` === current;
      const values = alone && e.compute ? e.compute() : undefined;
      return { kind: "values", reason: e.reason, functionName: current, values };
    }
    if (e instanceof FormulaSyntaxError) return { kind: "values", reason: e.message, functionName: current };
    throw e;
  }
}

function translateExpr(expr: Expr, scope: TranslationScope, visiting: (name: string) => void): string {
  const many = trimmed(expr).length > 1;
  return expr
    .map((item) => {
      if (isGroup(item)) return `(${translateExpr(item.inner, scope, visiting)})`;
      if (!isCall(item)) return item.text;
      const fn = aieconFunctionName(item.name);
      if (fn === undefined) return `${item.name}(${item.args.map((a) => translateExpr(a, scope, visiting)).join(",")})`;
      const args = item.args.map((a): Arg => toArg(a, translateExpr(a, scope, visiting)));
      visiting(`AIECON.${fn}`);
      const entry = TRANSLATIONS[fn];
      if (!entry) throw new ValuesOnly(messages.shareNoTranslation(`AIECON.${fn}`));
      // Excel refuses such a formula on entry, so it can only come from a file written elsewhere.
      if (args.length > entry.maxArgs || args.length < entry.minArgs) {
        throw new ValuesOnly(messages.shareArity(`AIECON.${fn}`, entry.minArgs, entry.maxArgs, args.length));
      }
      while (args.length < entry.maxArgs) args.push({ text: "", omitted: true, original: [] });
      const native = entry.translate(args, scope);
      return many ? wrap(native) : native;
    })
    .join("");
}

function toArg(original: Expr, text: string): Arg {
  const t = trimmed(original);
  const omitted = t.length === 0;
  const token = soleToken(original);
  // -5 is an operator and a number; as an argument it is the literal -5.
  const negative =
    t.length === 2 && isToken(t[0]) && t[0].text === "-" && isToken(t[1]) && t[1].type === "number" ? -Number(t[1].text) : undefined;
  const literal =
    token?.type === "string"
      ? ({ kind: "string", value: stringValue(token) } as const)
      : token?.type === "number"
        ? ({ kind: "number", value: Number(token.text) } as const)
        : negative !== undefined
          ? ({ kind: "number", value: negative } as const)
          : undefined;
  return {
    text: omitted ? "" : wrap(text.trim()),
    omitted,
    literal,
    ref: token?.type === "ref" ? token.text : undefined,
    original,
  };
}
