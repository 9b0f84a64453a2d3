// A worksheet row read from its text without an XML parser: where it ends, and its cells when the
// row is of the plain shape Excel and the usual libraries write (cells with a formula, a value or
// an inline string; no comments, CDATA, processing instructions, foreign elements or line breaks
// in attributes). Anything else is left to the XML parser (undefined): this is a shortcut, never
// a second reading of the format, so every row it declines reads exactly as before.
import { fits } from "./dependents";

/**
 * Where the row whose tag opens at `lt` ends (the index after its last ">"), and its opening tag,
 * or undefined when that is not in `buf` yet. The opening tag is read with quotes respected.
 */
export function rowEnd(buf: string, lt: number, prefix: string): { end: number; open: string } | undefined {
  const end = rowBounds(buf, lt, prefix);
  return end < 0 ? undefined : { end, open: buf.slice(lt, bounds.openEnd) };
}

/** Where rowBounds found the row's opening tag to end (the index after its ">"). */
export const bounds = { openEnd: 0 };
const closeRowTags = new Map<string, string>();

/** rowEnd without the opening tag's text (which the scanner never needs): the row's end, -1 when not in `buf` yet; its opening tag's end in `bounds`. */
export function rowBounds(buf: string, lt: number, prefix: string): number {
  let quote = 0;
  let i = lt + 1;
  for (; i < buf.length; i++) {
    const ch = buf.charCodeAt(i);
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === DQ || ch === SQ) quote = ch;
    else if (ch === GT) break;
  }
  if (i >= buf.length) return -1;
  bounds.openEnd = i + 1;
  if (buf.charCodeAt(i - 1) === SLASH) return i + 1;
  let close = closeRowTags.get(prefix);
  if (close === undefined) closeRowTags.set(prefix, (close = `</${prefix}row`));
  for (let at = indexOfTag(buf, close, i); at >= 0; at = indexOfTag(buf, close, at + 1)) {
    let j = at + close.length;
    while (j < buf.length && (buf[j] === " " || buf[j] === "\t" || buf[j] === "\n" || buf[j] === "\r")) j++;
    if (j >= buf.length) return -1;
    if (buf.charCodeAt(j) === GT) return j + 1;
  }
  return -1;
}

/**
 * `text.indexOf(tag, from)` for a tag such as "</row", "<f" or "<!", found by its last character:
 * V8 looks for a short text by its first one, and "<" stands at every tag of a row (twenty times in
 * a row of eight cells), where "w" stands at its end alone (and "!" nowhere in most sheets).
 */
export function indexOfTag(text: string, tag: string, from: number): number {
  const last = tag.length - 1;
  const ch = tag[last];
  for (let at = text.indexOf(ch, from + last); at >= 0; at = text.indexOf(ch, at + 1))
    if (text.startsWith(tag, at - last)) return at - last;
  return -1;
}

/**
 * The longest row read from its text: a longer one (thousands of cells, or a crafted file) goes to
 * the XML parser, which reads it in pieces, rather than being searched again for its end as each
 * piece arrives.
 */
export const MAX_ROW_TEXT = 1_000_000;

/** True when `buf` at `lt` opens a row element (`<row`, `<x:row` followed by a space, "/" or ">"). */
export function opensRow(buf: string, lt: number, prefix: string): boolean | "more" {
  // Called for every row the scanner and the patcher meet: no string made, no expression run for the usual ones.
  let open = openRowTags.get(prefix);
  if (open === undefined) openRowTags.set(prefix, (open = `<${prefix}row`));
  if (buf.length - lt <= open.length) return open.startsWith(buf.slice(lt)) ? "more" : false;
  if (!buf.startsWith(open, lt)) return false;
  const ch = buf.charCodeAt(lt + open.length);
  return ch === 32 || ch === 62 || ch === 47 || (ch >= 9 && ch <= 13) || (ch > 127 && /\s/.test(buf[lt + open.length]));
}
const openRowTags = new Map<string, string>();

/** The row number its opening tag states (NaN when none). */
export const rowNumber = (open: string) => Number(/\sr\s*=\s*["'](\d+)["']/.exec(open)?.[1]);

/** A cell as its text states it: attributes, and the text of its formula, value and inline string. */
export interface RowCell {
  readonly attrs: Record<string, string>;
  readonly f?: Record<string, string>;
  readonly formula: string;
  readonly value?: string;
  readonly inline?: string;
}

// No prototype: "&constructor;" is no entity.
const ENTITIES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
});
/** A character XML allows (a reference to any other, such as &#1; or &#xFFFE;, stops the XML parser). */
const isXmlChar = (c: number) =>
  c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** Text with XML's five entities and character references decoded; undefined for anything the XML parser refuses. */
export function decode(text: string): string | undefined {
  let amp = text.indexOf("&");
  if (amp < 0) return text;
  // By character codes: a converted workbook's formulas hold &quot; around every model name, and
  // a replace with a function per entity cost more than reading the rest of the row.
  let out = "";
  let last = 0;
  while (amp >= 0) {
    let j = amp + 1;
    let ch = text.charCodeAt(j);
    let decoded: string | undefined;
    if (ch === 35) {
      // &#x…; (hex digits) or &#…; (decimal digits).
      const hex = text.charCodeAt(j + 1) === 120;
      j += hex ? 2 : 1;
      const digits = j;
      for (ch = text.charCodeAt(j); hex ? isHexDigit(ch) : ch >= 48 && ch <= 57; ch = text.charCodeAt(++j));
      if (j === digits || ch !== 59) return undefined;
      const code = hex ? parseInt(text.slice(digits, j), 16) : Number(text.slice(digits, j));
      if (!isXmlChar(code)) return undefined;
      decoded = String.fromCodePoint(code);
    } else {
      const name = j;
      for (; ch >= 97 && ch <= 122; ch = text.charCodeAt(++j));
      if (j === name || ch !== 59) return undefined;
      decoded = ENTITIES[text.slice(name, j)];
      if (decoded === undefined) return undefined;
    }
    out += text.slice(last, amp) + decoded;
    last = j + 1;
    amp = text.indexOf("&", last);
  }
  return out + text.slice(last);
}
const isHexDigit = (ch: number) => (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 70) || (ch >= 97 && ch <= 102);

const ATTR = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/** An opening tag's attributes (`body` is what follows its name), or undefined when they are not plain. */
function attributes(body: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let at = 0;
  for (;;) {
    ATTR.lastIndex = at;
    const m = ATTR.exec(body);
    if (!m) break;
    const raw = m[2] ?? m[3];
    // The XML parser turns tabs and line breaks in a value into spaces: such a value goes its way.
    if (/[\t\n\r]/.test(raw)) return undefined;
    const value = decode(raw);
    if (value === undefined) return undefined;
    out[m[1]] = value;
    at = ATTR.lastIndex;
  }
  return /^\s*\/?$/.test(body.slice(at)) ? out : undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const patterns = new Map<string, { foreign: RegExp; cell: RegExp; phonetic: RegExp; run: RegExp }>();

function patternsFor(prefix: string) {
  let p = patterns.get(prefix);
  if (!p) {
    const x = escapeRe(prefix);
    p = {
      // A tag of another prefix than the row's (or with one, when the row has none).
      foreign: prefix ? new RegExp(`<(?!/?${x})`) : /<\/?[^\s/>:]*:/,
      // A child of the cell: f, v or is, self-closing or with its content.
      cell: new RegExp(`<${x}(f|v|is)((?:\\s[^>]*?)?)(?:/>|>([\\s\\S]*?)</${x}\\1\\s*>)`, "g"),
      // An inline string's phonetic runs, and its text runs.
      phonetic: new RegExp(`<${x}rPh\\b[\\s\\S]*?</${x}rPh\\s*>`, "g"),
      run: new RegExp(`<${x}t(?:\\s[^>]*?)?(?:/>|>([^<]*)</${x}t\\s*>)`, "g"),
    };
    patterns.set(prefix, p);
  }
  return p;
}

/**
 * The cells of a row's text (from its opening tag to its end), or undefined when the row is not of
 * the plain shape this reads (the XML parser reads it then).
 */
export function readRowCells(row: string, prefix: string): RowCell[] | undefined {
  if (row.includes("<!") || row.includes("<?") || row.includes("\r")) return undefined;
  const { foreign, cell: child } = patternsFor(prefix);
  // Every element has the row's own prefix (a foreign one, such as an extension's, goes to the parser).
  if (foreign.test(row)) return undefined;
  const cells: RowCell[] = [];
  const openC = `<${prefix}c`;
  const closeC = `</${prefix}c>`;
  const open = rowEnd(row, 0, prefix);
  if (!open) return undefined;
  let at = open.open.length;
  for (;;) {
    const start = row.indexOf(openC, at);
    if (start < 0) break;
    const after = row[start + openC.length];
    if (!/[\s/>]/.test(after ?? "")) return undefined;
    const gt = row.indexOf(">", start);
    if (gt < 0) return undefined;
    const selfClosing = row[gt - 1] === "/";
    const attrs = attributes(row.slice(start + openC.length, selfClosing ? gt - 1 : gt));
    if (!attrs) return undefined;
    if (selfClosing) {
      cells.push({ attrs, formula: "" });
      at = gt + 1;
      continue;
    }
    const end = row.indexOf(closeC, gt);
    if (end < 0) return undefined;
    const body = row.slice(gt + 1, end);
    let f: Record<string, string> | undefined;
    let formula = "";
    let value: string | undefined;
    let inline: string | undefined;
    child.lastIndex = 0;
    for (let m = child.exec(body); m; m = child.exec(body)) {
      if (m[1] !== "is" && m[3]?.includes("<")) return undefined;
      const text = m[3] === undefined ? "" : decode(m[3]);
      if (text === undefined) return undefined;
      if (m[1] === "f") {
        f = attributes(m[2]);
        if (!f) return undefined;
        formula = text;
      } else if (m[1] === "v") value = text;
      else {
        const runs = inlineText(m[3] ?? "", prefix);
        if (runs === undefined) return undefined;
        inline = runs;
      }
    }
    cells.push({ attrs, f, formula, value, inline });
    at = end + closeC.length;
  }
  return cells;
}

/** An inline string's text: its <t> runs joined, phonetic runs (<rPh>) left out. */
function inlineText(body: string, prefix: string): string | undefined {
  const { phonetic, run } = patternsFor(prefix);
  const withoutPhonetic = body.replace(phonetic, "");
  let text = "";
  for (const m of withoutPhonetic.matchAll(run)) {
    const t = decode(m[1] ?? "");
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}

// Where each part of a cell of a plain row lies in the row's text (start and end offsets, -1 when
// the part is absent), so that a row whose cells the caller does not need costs no string at all.
const REF = 0;
const STYLE = 2;
const TYPE = 4;
const F_T = 6;
const F_REF = 8;
const F_SI = 10;
/** Where PlainRow's attributes note the values planning reads, in a cell's spans. */
const PLAIN_ROW_SLOTS: AttributeSlots = { cR: REF, cS: STYLE, cT: TYPE, fT: F_T, fRef: F_REF, fSi: F_SI };
const FORMULA = 12;
const VALUE = 14;
const ROW = 16;
const COL = 17;
/** Bit 1: the formula's text holds an entity; bit 2: the value's does. */
const FLAGS = 18;
const STRIDE = 19;

const SPACE = 32;
const LT = 60;
const GT = 62;
const SLASH = 47;
const EQ = 61;
const AMP = 38;
const DQ = 34;
const SQ = 39;
const DOLLAR = 36;
// The names of the elements a plain row holds: c, f, v.
const C = 99;
const F = 102;
const V = 118;
const isSpace = (ch: number) => ch === SPACE || ch === 10 || ch === 9;
/** True when `text` holds `word` at `i` (startsWith, quicker for the short tags of a row). */
function at(text: string, i: number, word: string): boolean {
  for (let j = 0; j < word.length; j++) if (text.charCodeAt(i + j) !== word.charCodeAt(j)) return false;
  return true;
}

/** The row and column readAddress read last. */
export const addressRead = { row: 0, col: 0 };

/** Reads the cell address ($?LETTERS$?DIGITS) in `text` from `i` to `end` into addressRead; false when it is not one. */
export function readAddress(text: string, i: number, end: number): boolean {
  if (text.charCodeAt(i) === DOLLAR) i++;
  let col = 0;
  const letters = i;
  for (let ch = text.charCodeAt(i); ch >= 65 && ch <= 90 && i < end; ch = text.charCodeAt(++i)) col = col * 26 + (ch - 64);
  if (i === letters || i - letters > 7) return false;
  if (text.charCodeAt(i) === DOLLAR) i++;
  let row = 0;
  const digits = i;
  for (let ch = text.charCodeAt(i); ch >= 48 && ch <= 57 && i < end; ch = text.charCodeAt(++i)) row = row * 10 + (ch - 48);
  if (i === digits || i !== end || i - digits > 15) return false;
  addressRead.row = row;
  addressRead.col = col;
  return true;
}

/**
 * readAddress for a row read into typed arrays: false for a row or column beyond an Int32 (not
 * Excel's, but a file may state one), which would be read back as another cell; the XML parser
 * reads such a row (sheetScan.ts).
 */
function readInt32Address(text: string, i: number, end: number): boolean {
  return readAddress(text, i, end) && fits(addressRead.row) && fits(addressRead.col);
}

/** Where plainAttributes notes the values it keeps (an offset, -1: not kept): a cell's r, s and t; a formula's t, ref and si. */
interface AttributeSlots {
  readonly cR: number;
  readonly cS: number;
  readonly cT: number;
  readonly fT: number;
  readonly fRef: number;
  readonly fSi: number;
}

/**
 * Reads an opening tag's attributes in `text` from `i` (just after its name), as a plain row holds
 * them (a name as readRowCells reads one, a quoted value without a reference, tab or line end); notes
 * where the values `slots` keeps lie into `out` from `base` (each value's start, then its end; of
 * a name given twice, the last); returns where "/>" or ">" stands, or -1 when the tag is not plain.
 * PlainRow reads every tag so, RowFormulas its formulas' (its cells' by the same reading, inline).
 */
function plainAttributes(
  text: string,
  i: number,
  end: number,
  element: number,
  out: Int32Array,
  base: number,
  slots: AttributeSlots,
): number {
  let ch = text.charCodeAt(i);
  if (ch === GT || (ch === SLASH && text.charCodeAt(i + 1) === GT)) return i;
  if (ch !== SPACE) return -1;
  for (;;) {
    while (text.charCodeAt(i) === SPACE) i++;
    ch = text.charCodeAt(i);
    if (ch === GT || (ch === SLASH && text.charCodeAt(i + 1) === GT)) return i;
    const name = i;
    // A name as readRowCells reads one: [A-Za-z_][\w.:-]*.
    if (!((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95)) return -1;
    for (i++; ; i++) {
      ch = text.charCodeAt(i);
      if (!((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 58) || ch === 95 || ch === 46 || ch === 45)) break;
    }
    const length = i - name;
    if (ch !== EQ) return -1;
    const quote = text.charCodeAt(++i);
    if (quote !== DQ && quote !== SQ) return -1;
    const from = i + 1;
    for (i = from; ; i++) {
      ch = text.charCodeAt(i);
      if (ch === quote) break;
      // Entities, line breaks and tabs in a value (which the parser turns into spaces) are readRowCells' to read.
      if (ch === LT || ch === AMP || ch === 10 || ch === 9 || ch === 13 || i >= end) return -1;
    }
    const to = i++;
    let slot = -1;
    if (length === 1) {
      const n = text.charCodeAt(name);
      if (element === C)
        slot = n === 114 ? slots.cR : n === 115 ? slots.cS : n === 116 ? slots.cT : -1; // r, s, t
      else if (element === F) slot = n === 116 ? slots.fT : -1;
    } else if (element === F && length === 3 && at(text, name, "ref")) slot = slots.fRef;
    else if (element === F && length === 2 && at(text, name, "si")) slot = slots.fSi;
    if (slot >= 0) {
      out[base + slot] = from;
      out[base + slot + 1] = to;
    }
    ch = text.charCodeAt(i);
    if (ch !== SPACE && ch !== GT && ch !== SLASH) return -1;
  }
}

/**
 * A reader of the rows Excel writes (`<c r="B2" s="3" t="s"><f>…</f><v>…</v></c>`, nothing else),
 * by character codes and without a string per part until one is asked for. Any other row
 * (an inline string, an entity in an attribute, a foreign element, a comment, odd spacing) is
 * declined and read by readRowCells or the XML parser, so this only ever reads what they read.
 */
export class PlainRow {
  /** Cells of the last row read. */
  count = 0;
  private spans = new Int32Array(STRIDE * 64);
  private text = "";
  /** Per cell, its formula's and its value's text decoded, when it held an entity (FLAGS): decoded once, as read. */
  private readonly decoded: (string | undefined)[] = [];
  /**
   * Where the name of the tag at `i` starts (after "<" or "</" and the prefix), negated when the
   * tag is a closing one; 0 when no tag of the row's prefix stands at `i`.
   */
  private tagName(i: number, prefix: string): number {
    const text = this.text;
    if (text.charCodeAt(i) !== LT) return 0;
    const closing = text.charCodeAt(i + 1) === SLASH;
    const j = closing ? i + 2 : i + 1;
    if (prefix && !at(text, j, prefix)) return 0;
    return closing ? -(j + prefix.length) : j + prefix.length;
  }

  /**
   * Reads the row in `text` from `start` (its "<") to `end`, whose opening tag is `openLength` long;
   * false when it is not of the plain shape (nothing of it is read then).
   */
  read(text: string, start: number, end: number, openLength: number, prefix: string): boolean {
    this.count = 0;
    this.text = text;
    if (text.charCodeAt(start + openLength - 2) === SLASH) return true; // <row …/>
    let i = start + openLength;
    for (;;) {
      while (isSpace(text.charCodeAt(i))) i++;
      if (i >= end) return false;
      let name = this.tagName(i, prefix);
      // The row's own end (rowEnd found it): nothing but spaces between its name and ">".
      if (name < 0 && at(text, -name, "row")) return text.slice(-name + 3, end - 1).trim() === "" && text.charCodeAt(end - 1) === GT;
      if (name <= 0 || text.charCodeAt(name) !== C) return false;
      const k = this.count * STRIDE;
      if (k + STRIDE > this.spans.length) {
        const more = new Int32Array(this.spans.length * 2);
        more.set(this.spans);
        this.spans = more;
      }
      const sp = this.spans;
      // Every part's start (its end is set with it): -1 until read.
      for (let j = k; j < k + ROW; j += 2) sp[j] = -1;
      sp[k + FLAGS] = 0;
      i = this.attributes(name + 1, end, k, C);
      if (i < 0) return false;
      this.count++;
      if (text.charCodeAt(i) === SLASH) {
        i += 2;
      } else {
        i++;
        for (;;) {
          while (isSpace(text.charCodeAt(i))) i++;
          name = this.tagName(i, prefix);
          if (name < 0 && text.charCodeAt(-name) === C && text.charCodeAt(1 - name) === GT) {
            i = 2 - name;
            break;
          }
          const element = name > 0 ? text.charCodeAt(name) : 0;
          if (element !== F && element !== V) return false;
          const part = element === F ? FORMULA : VALUE;
          if (sp[k + part] >= 0) return false;
          i = this.attributes(name + 1, end, k, element);
          if (i < 0) return false;
          if (text.charCodeAt(i) === SLASH) {
            sp[k + part] = sp[k + part + 1] = i;
            i += 2;
            continue;
          }
          const from = i + 1;
          // The text up to the next tag, by hand: indexOf would search the rest of the input each row.
          let to = from;
          let amp = false;
          for (let ch = text.charCodeAt(to); ch !== LT; ch = text.charCodeAt(++to)) {
            // A carriage return, which the parser turns into a line break, is readRowCells' to read.
            if (to >= end || ch === 13) return false;
            if (ch === AMP) amp = true;
          }
          // Its closing tag, </f> or </v>, straight after.
          name = this.tagName(to, prefix);
          if (!(name < 0 && text.charCodeAt(-name) === element && text.charCodeAt(1 - name) === GT)) return false;
          if (amp) {
            const decoded = decode(text.slice(from, to));
            if (decoded === undefined) return false;
            sp[k + FLAGS] |= element === F ? 1 : 2;
            this.decoded[(k / STRIDE) * 2 + (element === F ? 0 : 1)] = decoded;
          }
          sp[k + part] = from;
          sp[k + part + 1] = to;
          i = 2 - name;
        }
      }
      if (sp[k + REF] < 0 || !this.address(k)) return false;
    }
  }

  /** Reads an opening tag's attributes from `i` (just after its name), noting the ones planning reads into cell k's spans (plainAttributes). */
  private attributes(i: number, end: number, k: number, element: number): number {
    return plainAttributes(this.text, i, end, element, this.spans, k, PLAIN_ROW_SLOTS);
  }

  /** Reads the cell's address into its row and column; false when it is not one. */
  private address(k: number): boolean {
    const sp = this.spans;
    if (!readInt32Address(this.text, sp[k + REF], sp[k + REF + 1])) return false;
    sp[k + ROW] = addressRead.row;
    sp[k + COL] = addressRead.col;
    return true;
  }

  private part(k: number, slot: number): string | undefined {
    const from = this.spans[k * STRIDE + slot];
    return from < 0 ? undefined : this.text.slice(from, this.spans[k * STRIDE + slot + 1]);
  }
  row(k: number): number {
    return this.spans[k * STRIDE + ROW];
  }
  col(k: number): number {
    return this.spans[k * STRIDE + COL];
  }
  hasFormula(k: number): boolean {
    return this.spans[k * STRIDE + FORMULA] >= 0;
  }
  /** True when the cell's <f> has t="shared". */
  isShared(k: number): boolean {
    const from = this.spans[k * STRIDE + F_T];
    return from >= 0 && this.spans[k * STRIDE + F_T + 1] - from === 6 && this.text.startsWith("shared", from);
  }
  ref(k: number): string {
    return this.part(k, REF)!;
  }
  style(k: number): string | undefined {
    return this.part(k, STYLE);
  }
  type(k: number): string | undefined {
    return this.part(k, TYPE);
  }
  formulaType(k: number): string | undefined {
    return this.part(k, F_T);
  }
  formulaRef(k: number): string | undefined {
    return this.part(k, F_REF);
  }
  sharedIndex(k: number): string | undefined {
    return this.part(k, F_SI);
  }
  /** The formula element's text, decoded ("" when the cell has none). */
  formula(k: number): string {
    return this.spans[k * STRIDE + FLAGS] & 1 ? this.decoded[k * 2]! : (this.part(k, FORMULA) ?? "");
  }
  value(k: number): string | undefined {
    return this.spans[k * STRIDE + FLAGS] & 2 ? this.decoded[k * 2 + 1] : this.part(k, VALUE);
  }
}

/** Where the `</row>` closing at or after `from` ends (the index after its ">"), or -1 when it is not in `buf` yet. */
export function rowCloseEnd(buf: string, from: number, prefix: string): number {
  const close = buf.indexOf(`</${prefix}row`, from);
  const gt = close < 0 ? -1 : buf.indexOf(">", close);
  return gt < 0 ? -1 : gt + 1;
}

/** Where <sheetData>'s opening tag, at or after `from`, ends (the index after its ">"), or -1 when it is not in `buf` yet. */
export function sheetDataOpenEnd(buf: string, from: number): number {
  const name = buf.indexOf("sheetData", from);
  const gt = name < 0 ? -1 : buf.indexOf(">", name);
  return gt < 0 ? -1 : gt + 1;
}

/** Where RowFormulas notes the values it keeps of a formula: its t, ref and si (a cell's r it reads itself). */
const FORMULA_SLOTS: AttributeSlots = { cR: -1, cS: -1, cT: -1, fT: 0, fRef: 2, fSi: 4 };

/**
 * A quicker reading of a plain row for when only its cells' addresses and formulas matter (a row
 * nobody keeps): it accepts only what PlainRow accepts and reads the same rows, cells and formulas
 * (with a formula's t, ref and si, which a shared formula's cells need: Excel saves every formula
 * filled down a column so), but finds each text by indexOf and keeps no other part, nor any span of
 * one. It declines more (attributes on <v>, a carriage return, odd spacing): PlainRow reads those.
 */
export class RowFormulas {
  /** Cells of the last row read, and their rows and columns. */
  count = 0;
  rows: Int32Array = new Int32Array(64);
  cols: Int32Array = new Int32Array(64);
  /** Formulas of the last row read (as the file holds them, decoded): their cells, and texts. */
  formulaCount = 0;
  formulaCells: Int32Array = new Int32Array(16);
  readonly formulas: string[] = [];
  /** Each formula's t, ref and si attributes (undefined: not given), as PlainRow's formulaType, formulaRef and sharedIndex. */
  readonly formulaTypes: (string | undefined)[] = [];
  readonly formulaRefs: (string | undefined)[] = [];
  readonly sharedIndexes: (string | undefined)[] = [];
  private text = "";
  /** Where the values of the formula's attributes read last lie (-1: not given): its t, ref and si (FORMULA_SLOTS). */
  private readonly noted = new Int32Array(6);
  /** The next "&" and carriage return at or after the last place asked (-1: none), in `text`. */
  private nextAmp = -1;
  private nextCr = -1;
  private ampFrom = 0;
  private crFrom = 0;

  /** True when `text` at `i` is "<" (or "</" when `closing`), the prefix and `name`: the index after it, else -1. */
  private static tag(text: string, i: number, prefix: string, name: number, closing: boolean): number {
    if (text.charCodeAt(i) !== LT) return -1;
    i++;
    if (closing) {
      if (text.charCodeAt(i) !== SLASH) return -1;
      i++;
    }
    if (prefix) {
      if (!at(text, i, prefix)) return -1;
      i += prefix.length;
    }
    return text.charCodeAt(i) === name ? i + 1 : -1;
  }

  /** True when an "&" stands in `text` from `from` to `to`: searched once per input, however many rows it holds. */
  private hasAmp(from: number, to: number): boolean {
    if (this.ampFrom > from || (this.nextAmp >= 0 && this.nextAmp < from)) {
      this.nextAmp = this.text.indexOf("&", from);
      this.ampFrom = from;
    }
    return this.nextAmp >= 0 && this.nextAmp < to;
  }
  private hasCr(from: number, to: number): boolean {
    if (this.crFrom > from || (this.nextCr >= 0 && this.nextCr < from)) {
      this.nextCr = this.text.indexOf("\r", from);
      this.crFrom = from;
    }
    return this.nextCr >= 0 && this.nextCr < to;
  }

  /**
   * Reads the row in `text` from `start` (its "<") to `end`, whose opening tag is `openLength` long;
   * false when it is not of the shape read here (nothing of it is read then).
   */
  read(text: string, start: number, end: number, openLength: number, prefix: string): boolean {
    this.count = 0;
    this.formulaCount = 0;
    if (text !== this.text) {
      this.text = text;
      this.ampFrom = this.crFrom = Number.MAX_SAFE_INTEGER;
    }
    if (text.charCodeAt(start + openLength - 2) === SLASH) return true; // <row …/>
    // Nothing PlainRow would hand on: a carriage return anywhere in the row.
    if (this.hasCr(start, end)) return false;
    let i = start + openLength;
    for (;;) {
      while (isSpace(text.charCodeAt(i))) i++;
      if (i >= end) return false;
      let j = RowFormulas.tag(text, i, prefix, C, false);
      if (j < 0) {
        // The row's own end, as its only form here: </row> closing at `end`.
        j = RowFormulas.tag(text, i, prefix, 114, true);
        return j >= 0 && j + 3 === end && at(text, j - 1, "row>");
      }
      // The cell's attributes, as PlainRow reads them (plainAttributes); only r is kept. Read here, not
      // by a call per cell: a sheet's every cell comes through this loop, and the call cost a fifth more.
      let refFrom = -1;
      let refTo = -1;
      let ch = text.charCodeAt(j);
      if (ch !== GT && ch !== SLASH && ch !== SPACE) return false;
      for (;;) {
        while (text.charCodeAt(j) === SPACE) j++;
        ch = text.charCodeAt(j);
        if (ch === GT || (ch === SLASH && text.charCodeAt(j + 1) === GT)) break;
        const name = j;
        if (!((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95)) return false;
        for (j++; ; j++) {
          ch = text.charCodeAt(j);
          if (!((ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 58) || ch === 95 || ch === 46 || ch === 45)) break;
        }
        if (ch !== EQ) return false;
        const isRef = j - name === 1 && text.charCodeAt(name) === 114;
        const quote = text.charCodeAt(++j);
        if (quote !== DQ && quote !== SQ) return false;
        const from = j + 1;
        for (j = from; ; j++) {
          ch = text.charCodeAt(j);
          if (ch === quote) break;
          if (ch === LT || ch === AMP || ch === 10 || ch === 9 || ch === 13 || j >= end) return false;
        }
        if (isRef) {
          refFrom = from;
          refTo = j;
        }
        ch = text.charCodeAt(++j);
        if (ch !== SPACE && ch !== GT && ch !== SLASH) return false;
      }
      if (refFrom < 0 || !this.address(refFrom, refTo)) return false;
      this.count++;
      if (ch === SLASH) {
        i = j + 2;
        continue;
      }
      // The cell's children: <f>…</f> and <v>…</v> (or <v/>), each once, in any order, then </c>.
      i = j + 1;
      let seenF = false;
      let seenV = false;
      for (;;) {
        while (isSpace(text.charCodeAt(i))) i++;
        j = RowFormulas.tag(text, i, prefix, C, true);
        if (j >= 0) {
          if (text.charCodeAt(j) !== GT) return false;
          i = j + 1;
          break;
        }
        let element = F;
        j = RowFormulas.tag(text, i, prefix, F, false);
        if (j < 0) {
          element = V;
          j = RowFormulas.tag(text, i, prefix, V, false);
          if (j < 0) return false;
        }
        if (element === F ? seenF : seenV) return false;
        if (element === F) seenF = true;
        else seenV = true;
        ch = text.charCodeAt(j);
        if (element === V && ch === SLASH && text.charCodeAt(j + 1) === GT) {
          i = j + 2;
          continue;
        }
        if (element === F) {
          this.noted.fill(-1);
          // Its attributes (t, ref and si kept, plainAttributes), and no text of its own when it closes itself (a shared formula's other cells).
          if (ch !== GT) {
            j = plainAttributes(text, j, end, F, this.noted, 0, FORMULA_SLOTS);
            if (j < 0) return false;
            ch = text.charCodeAt(j);
            if (ch === SLASH) {
              this.addFormula("");
              i = j + 2;
              continue;
            }
          }
        }
        if (ch !== GT) return false;
        const from = j + 1;
        const to = text.indexOf("<", from);
        if (to < 0 || to >= end) return false;
        j = RowFormulas.tag(text, to, prefix, element, true);
        if (j < 0 || text.charCodeAt(j) !== GT) return false;
        const amp = this.hasAmp(from, to);
        if (element === F) {
          let formula: string | undefined = text.slice(from, to);
          if (amp) formula = decode(formula);
          if (formula === undefined) return false;
          this.addFormula(formula);
        } else if (amp && decode(text.slice(from, to)) === undefined) return false;
        i = j + 1;
      }
    }
  }

  /** The value of a formula's attribute noted in `slot` (FORMULA_SLOTS), or undefined. */
  private notedValue(slot: number): string | undefined {
    const from = this.noted[slot];
    return from < 0 ? undefined : this.text.slice(from, this.noted[slot + 1]);
  }

  /** A formula of the cell read last: its text (decoded), with its t, ref and si as noted. */
  private addFormula(formula: string): void {
    const j = this.formulaCount++;
    if (j === this.formulaCells.length) this.formulaCells = grow(this.formulaCells);
    this.formulaCells[j] = this.count - 1;
    this.formulas[j] = formula;
    this.formulaTypes[j] = this.notedValue(FORMULA_SLOTS.fT);
    this.formulaRefs[j] = this.notedValue(FORMULA_SLOTS.fRef);
    this.sharedIndexes[j] = this.notedValue(FORMULA_SLOTS.fSi);
  }

  /** Reads the cell's address into its row and column; false when it is not one. */
  private address(i: number, end: number): boolean {
    if (!readInt32Address(this.text, i, end)) return false;
    const k = this.count;
    if (k === this.rows.length) {
      this.rows = grow(this.rows);
      this.cols = grow(this.cols);
    }
    this.rows[k] = addressRead.row;
    this.cols[k] = addressRead.col;
    return true;
  }
}

function grow(a: Int32Array): Int32Array {
  const more = new Int32Array(a.length * 2);
  more.set(a);
  return more;
}
