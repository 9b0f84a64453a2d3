// A lossless tokenizer and a shallow parser for Excel formulas as Excel stores them (en-US
// separators, as in .xlsx files and Office.js `Range.formulas`). Lossless: printing the parse
// gives back the input text exactly, so everything around an AIECON call survives the rewrite.
// Shallow: only function calls and parentheses are structured; operators stay tokens, because
// the translator substitutes whole arguments and wraps them in parentheses where precedence
// could change.

import { columnLetters, columnNumber } from "./refs";

export type TokenType =
  | "string" // "text" with "" escapes
  | "number"
  | "bool"
  | "error" // #N/A, #VALUE! ...
  | "ref" // A1, $B$2:C9, Sheet1!A1, 'My sheet'!A1:B2, names, Table[Column], A1#
  | "func" // a function name; the "(" follows as its own token
  | "open"
  | "close"
  | "comma"
  | "op"
  | "space"
  | "array"; // {1,2;3,4}: literals only, kept whole

export interface Token {
  readonly type: TokenType;
  readonly text: string;
}

export class FormulaSyntaxError extends Error {}

const WORD_CHAR = /[A-Za-z0-9_.$!:\\?#@\u00C0-\uFFFF]/;
const NUMBER = /^(\d+\.?\d*|\.\d+)(E[+-]?\d+)?$/i;
const ERRORS = [
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#UNKNOWN!",
  "#CONNECT!",
  "#BUSY!",
];

/** Reads a bracketed segment ([...] with nesting and ' escapes, as structured references use). */
function bracketEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      i++; // escaped character inside a structured reference
      continue;
    }
    if (c === "[") depth++;
    else if (c === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new FormulaSyntaxError("unclosed [ in formula");
}

function quotedEnd(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  throw new FormulaSyntaxError(`unclosed ${quote} in formula`);
}

/** Tokens of a formula body (without the leading "="). Throws FormulaSyntaxError on unclosed quotes. */
export function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '"') {
      const end = quotedEnd(body, i, '"');
      tokens.push({ type: "string", text: body.slice(i, end) });
      i = end;
      continue;
    }
    if (/\s/.test(c)) {
      let end = i;
      while (end < body.length && /\s/.test(body[end])) end++;
      tokens.push({ type: "space", text: body.slice(i, end) });
      i = end;
      continue;
    }
    if (c === "{") {
      let end = i + 1;
      while (end < body.length && body[end] !== "}") end = body[end] === '"' ? quotedEnd(body, end, '"') : end + 1;
      if (end >= body.length) throw new FormulaSyntaxError("unclosed { in formula");
      tokens.push({ type: "array", text: body.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    if (c === "#") {
      const err = ERRORS.find((e) => body.slice(i, i + e.length).toUpperCase() === e);
      if (err) {
        tokens.push({ type: "error", text: body.slice(i, i + err.length) });
        i += err.length;
        continue;
      }
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ type: c === "(" ? "open" : c === ")" ? "close" : "comma", text: c });
      i++;
      continue;
    }
    if (WORD_CHAR.test(c) || c === "'" || c === "[") {
      let end = i;
      while (end < body.length) {
        const d = body[end];
        if (d === "'") end = quotedEnd(body, end, "'");
        else if (d === "[") end = bracketEnd(body, end);
        else if (WORD_CHAR.test(d)) end++;
        else if ((d === "+" || d === "-") && /^(\d+\.?\d*|\.\d+)E$/i.test(body.slice(i, end)))
          end++; // 1E+3
        else break;
      }
      const word = body.slice(i, end);
      i = end;
      if (body[i] === "(") {
        tokens.push({ type: "func", text: word });
      } else if (NUMBER.test(word)) tokens.push({ type: "number", text: word });
      else if (/^(TRUE|FALSE)$/i.test(word)) tokens.push({ type: "bool", text: word });
      else tokens.push({ type: "ref", text: word });
      continue;
    }
    const two = body.slice(i, i + 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      tokens.push({ type: "op", text: two });
      i += 2;
      continue;
    }
    tokens.push({ type: "op", text: c });
    i++;
  }
  return tokens;
}

/** A function call: `name(` args separated by top-level commas `)`. */
export interface Call {
  readonly kind: "call";
  readonly name: string;
  readonly args: Expr[];
}

/** A parenthesised expression (commas inside are Excel's union operator, kept as tokens). */
export interface Group {
  readonly kind: "group";
  readonly inner: Expr;
}

export type Item = Token | Call | Group;
export type Expr = Item[];

export const isCall = (item: Item): item is Call => "kind" in item && item.kind === "call";
export const isGroup = (item: Item): item is Group => "kind" in item && item.kind === "group";
export const isToken = (item: Item): item is Token => !("kind" in item);

/** Parses a formula body into calls and groups. Throws FormulaSyntaxError on unbalanced parentheses. */
export function parseFormula(body: string): Expr {
  const tokens = tokenize(body);
  let at = 0;

  // Reads items until a ")" (or a "," when inside a call's arguments) at this level.
  function expr(inCall: boolean): Expr {
    const items: Expr = [];
    while (at < tokens.length) {
      const t = tokens[at];
      if (t.type === "close") return items;
      if (t.type === "comma" && inCall) return items;
      at++;
      if (t.type === "func") {
        if (tokens[at]?.type !== "open") throw new FormulaSyntaxError(`expected ( after ${t.text}`);
        at++;
        const args: Expr[] = [];
        if (tokens[at]?.type === "close") {
          at++;
          items.push({ kind: "call", name: t.text, args });
          continue;
        }
        for (;;) {
          args.push(expr(true));
          const sep = tokens[at];
          if (!sep) throw new FormulaSyntaxError(`unclosed ( after ${t.text}`);
          at++;
          if (sep.type === "close") break;
        }
        items.push({ kind: "call", name: t.text, args });
      } else if (t.type === "open") {
        const inner = expr(false);
        if (tokens[at]?.type !== "close") throw new FormulaSyntaxError("unclosed ( in formula");
        at++;
        items.push({ kind: "group", inner });
      } else {
        items.push(t);
      }
    }
    return items;
  }

  const result = expr(false);
  if (at < tokens.length) throw new FormulaSyntaxError("unexpected ) in formula");
  return result;
}

export function print(expr: Expr): string {
  return expr.map(printItem).join("");
}

function printItem(item: Item): string {
  if (isCall(item)) return `${item.name}(${item.args.map(print).join(",")})`;
  if (isGroup(item)) return `(${print(item.inner)})`;
  return item.text;
}

/** The expression without surrounding whitespace tokens. */
export function trimmed(expr: Expr): Expr {
  let start = 0;
  let end = expr.length;
  while (start < end && isSpace(expr[start])) start++;
  while (end > start && isSpace(expr[end - 1])) end--;
  return expr.slice(start, end);
}

const isSpace = (item: Item) => isToken(item) && item.type === "space";

/** The single token an argument consists of (ignoring whitespace), if it is one. */
export function soleToken(expr: Expr): Token | undefined {
  const t = trimmed(expr);
  return t.length === 1 && isToken(t[0]) ? t[0] : undefined;
}

/** Text value of a string literal token. */
export function stringValue(token: Token): string {
  return token.text.slice(1, -1).replace(/""/g, '"');
}

/** Text with `~`, `*` and `?` escaped by `~`, so SUMIFS/COUNTIF/MATCH(…,0) compare it literally (a name `*` matches only `*`). */
export const escapeWildcards = (text: string): string => text.replace(/[~*?]/g, (c) => `~${c}`);

/**
 * A formula expression escaping a cell's text for wildcard matching (MATCH(…,0), SUMIFS, COUNTIF),
 * so the label stays in its cell (renaming it re-points the formula) and `*` matches only `*`.
 */
export const wildcardLiteralOf = (cell: string): string => `SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(${cell},"~","~~"),"*","~*"),"?","~?")`;

/**
 * A SUMIFS/COUNTIF criterion that holds exactly when the range's cell equals the text in `cell`
 * (case-insensitive, as Excel compares): the leading "=" stops a label such as ">0" or "<>x" being
 * read as a comparison, and the wildcards are escaped.
 */
export const equalsCriterionOf = (cell: string): string => `"="&${wildcardLiteralOf(cell)}`;

/** A string literal for a formula. */
export function stringLiteral(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/**
 * A shared formula as one of its other cells holds it: every relative reference moved by `rows`
 * and `cols` (Excel stores the text once, in the group's first cell). References that would leave
 * the sheet become #REF!, as Excel shows them.
 */
export function shiftFormula(body: string, rows: number, cols: number): string {
  return rows === 0 && cols === 0 ? body : new FormulaShift(body).at(rows, cols);
}

/**
 * A part of a reference token: text that stays, a cell, or a whole column's or row's number, whose
 * column and row move unless a "$" anchors them.
 */
interface RefPart {
  readonly kind: "text" | "cell" | "col" | "row";
  readonly text: string;
  readonly col: number;
  readonly colFixed: boolean;
  /** A cell's column as shiftFormula writes it when it stays: in capitals. */
  readonly letters: string;
  readonly row: number;
  readonly rowFixed: boolean;
}

/** A reference token that moves: its sheet prefix ("Sheet2!") and its parts. */
interface MovingRef {
  readonly sheet: string;
  readonly parts: readonly RefPart[];
}

const CELL_PART = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;

/**
 * A shared formula tokenized once and moved to each of its cells (shiftFormula's text for every
 * one): a column filled down 100,000 rows is read as its first cell and 99,999 moves, and
 * tokenizing a long formula for each cell cost more than reading the whole sheet.
 */
export class FormulaShift {
  /** Text that never moves, and the reference tokens that do, in order. */
  private readonly items: (string | MovingRef)[] = [];
  /** The reference tokens that move, in order, and where each lies in the body (start, end at 2n, 2n + 1). */
  private readonly refs: MovingRef[] = [];
  private readonly spans: number[] = [];

  /** The shift of `body`, or undefined when it does not tokenize (a text that is no formula cannot be moved). */
  static of(body: string): FormulaShift | undefined {
    try {
      return new FormulaShift(body);
    } catch {
      return undefined;
    }
  }

  constructor(private readonly body: string) {
    let text = "";
    let at = 0;
    for (const t of tokenize(body)) {
      const start = at;
      at += t.text.length;
      const moving = t.type === "ref" ? movingRef(t.text) : undefined;
      if (!moving) {
        text += t.text;
        continue;
      }
      if (text) this.items.push(text);
      text = "";
      this.items.push(moving);
      this.refs.push(moving);
      this.spans.push(start, at);
    }
    if (text) this.items.push(text);
  }

  /** Where the moving references lie in the body: the n-th from spans[2n] to spans[2n + 1]. */
  get refSpans(): readonly number[] {
    return this.spans;
  }

  at(rows: number, cols: number): string {
    if (rows === 0 && cols === 0) return this.body;
    let out = "";
    for (const item of this.items) {
      if (typeof item === "string") out += item;
      else if (!inSheet(item, rows, cols)) out += "#REF!";
      else {
        out += item.sheet;
        for (const part of item.parts) out += movedPart(part, rows, cols);
      }
    }
    return out;
  }

  /** at(rows, cols) === text, without making at()'s text (a converted column compares every cell with its first). */
  is(text: string, rows: number, cols: number): boolean {
    if (rows === 0 && cols === 0) return text === this.body;
    let p = 0;
    for (const item of this.items) {
      p = typeof item === "string" ? pieceAt(text, p, item) : movedRefAt(text, p, item, rows, cols);
      if (p < 0) return false;
    }
    return p === text.length;
  }

  /** True when `text` is the n-th moving reference (refSpans) as at(rows, cols) writes it. */
  refIs(n: number, text: string, rows: number, cols: number): boolean {
    return movedRefAt(text, 0, this.refs[n], rows, cols) === text.length;
  }
}

/** Where `piece` ends when it stands at `p` in `text`; else -1. */
function pieceAt(text: string, p: number, piece: string): number {
  // (A slice compared whole: V8's startsWith at an offset compares character by character, ten times slower here.)
  return text.slice(p, p + piece.length) === piece ? p + piece.length : -1;
}

/** Where the reference `ref`, moved as at() moves it, ends when it stands at `p` in `text`; else -1. */
function movedRefAt(text: string, p: number, ref: MovingRef, rows: number, cols: number): number {
  if (!inSheet(ref, rows, cols)) return pieceAt(text, p, "#REF!");
  p = pieceAt(text, p, ref.sheet);
  for (const part of ref.parts) {
    if (p < 0) return -1;
    if (part.kind !== "cell") {
      p = pieceAt(text, p, movedPart(part, rows, cols));
      continue;
    }
    // A cell, the commonest by far: its row compared as a number, not written.
    if (part.colFixed) p = pieceAt(text, p, "$");
    if (p >= 0) p = pieceAt(text, p, cellLetters(part, cols));
    if (p >= 0 && part.rowFixed) p = pieceAt(text, p, "$");
    if (p >= 0) p = digitsAre(text, p, cellRow(part, rows));
  }
  return p;
}

const cellLetters = (part: RefPart, cols: number) => (part.colFixed || cols === 0 ? part.letters : columnLetters(part.col + cols));
const cellRow = (part: RefPart, rows: number) => (part.rowFixed ? part.row : part.row + rows);

/** A part's text once moved (shiftFormula's: a cell in capitals without leading zeros, an anchored column or row as written). */
function movedPart(part: RefPart, rows: number, cols: number): string {
  switch (part.kind) {
    case "text":
      return part.text;
    case "cell":
      return `${part.colFixed ? "$" : ""}${cellLetters(part, cols)}${part.rowFixed ? "$" : ""}${cellRow(part, rows)}`;
    case "col":
      return part.colFixed ? part.text : columnLetters(part.col + cols);
    case "row":
      return part.rowFixed ? part.text : String(part.row + rows);
  }
}

/** Where the digits of `n` (as String(n) writes it) end when they stand at `p` in `text` and no digit follows; else -1. */
function digitsAre(text: string, p: number, n: number): number {
  if (p < text.length && text.charCodeAt(p) === 48) return n === 0 && !digitAt(text, p + 1) ? p + 1 : -1;
  let v = 0;
  const start = p;
  for (; p - start < 16 && digitAt(text, p); p++) v = v * 10 + text.charCodeAt(p) - 48;
  return p > start && v === n && !digitAt(text, p) ? p : -1;
}

/** True when a digit stands at `i` (never reading past the end: a read past a string's end makes V8 drop the optimised code). */
function digitAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const ch = text.charCodeAt(i);
  return ch >= 48 && ch <= 57;
}

/** False when a part of the reference would leave the sheet (a row or column below 1): the reference then reads #REF!. */
function inSheet(ref: MovingRef, rows: number, cols: number): boolean {
  for (const part of ref.parts) {
    if (part.kind === "cell" && ((part.colFixed ? part.col : part.col + cols) < 1 || cellRow(part, rows) < 1)) return false;
    if (part.kind === "col" && !part.colFixed && part.col + cols < 1) return false;
    if (part.kind === "row" && !part.rowFixed && part.row + rows < 1) return false;
  }
  return true;
}

/** A reference token's moving parts (a cell or range, whole columns, whole rows), or undefined for one that never moves (a name, a table, another workbook's cell... left as text). */
function movingRef(text: string): MovingRef | undefined {
  const bang = text.lastIndexOf("!");
  const sheet = text.slice(0, bang + 1);
  const addr = text.slice(bang + 1);
  const part = (kind: RefPart["kind"], t: string, fields: Partial<RefPart> = {}): RefPart => ({
    kind,
    text: t,
    col: 0,
    colFixed: false,
    letters: "",
    row: 0,
    rowFixed: false,
    ...fields,
  });
  let parts: RefPart[];
  if (/^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?#?$/.test(addr))
    parts = addr.split(/(\$?[A-Za-z]{1,3}\$?\d+)/).map((t, i) => {
      if (i % 2 === 0) return part("text", t);
      const [, dc, c, dr, r] = CELL_PART.exec(t)!;
      const col = columnNumber(c);
      return part("cell", t, { col, colFixed: !!dc, letters: columnLetters(col), row: Number(r), rowFixed: !!dr });
    });
  else if (/^\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}$/.test(addr))
    parts = addr
      .split(/(\$?[A-Za-z]{1,3})/)
      .map((t, i) =>
        i % 2 === 0 ? part("text", t) : part("col", t, { col: columnNumber(t.replace("$", "")), colFixed: t.startsWith("$") }),
      );
  else if (/^\$?\d+:\$?\d+$/.test(addr))
    parts = addr
      .split(/(\$?\d+)/)
      .map((t, i) => (i % 2 === 0 ? part("text", t) : part("row", t, { row: Number(t.replace("$", "")), rowFixed: t.startsWith("$") })));
  else return undefined;
  return { sheet, parts };
}
