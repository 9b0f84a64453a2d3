// What a row the conversion changes becomes, and a reading of such a row from its text without the
// XML parser. A sheet with an AIECON formula in every row changes every row: parsing each with
// saxes cost more than the rest of the rewrite together. The rules (a converted cell rewritten, a
// stale formula's cached result and type dropped, missing cells added in column order, a shared
// formula's group kept whole) live here once, and SheetPatcher applies them to the rows it parses
// and to the rows read here. The reading accepts only well-formed rows of the plain shape Excel and
// the usual libraries write (a variant of rowText.ts's readRowCells that also says where each cell,
// formula and cached value lies); anything else is left to the XML parser (undefined), so a row it
// declines is patched exactly as before, and a row it reads gives the very bytes the parser path gives.

import { addressRead, decode, readAddress } from "./rowText";
import type { SharedPart } from "./sharedWrites";

/**
 * What a changed cell becomes. A formula's text is written as the file holds formulas, without a
 * leading "=": a converted formula's edit is its translation itself, whose text has one (a dense
 * workbook holds one such edit per row until it is written, and a wrapper to drop the "=" cost
 * 34 MB on 860,000 rows), so the writers read it through storedFormula.
 */
export type CellEdit =
  /** `shared`: written as a cell of a shared formula group (sharedWrites.ts); its other cells hold no text. */
  | { readonly kind: "formula"; readonly formula: string; readonly shared?: SharedPart }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "blank" };

/**
 * Text as an attribute value (the text of most values needs nothing). Native replaceAll passes, not
 * one replace with a callback per character.
 */
export const esc = (s: string) =>
  /[&<>"]/.test(s) ? s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;") : s;

/**
 * Text as element content: "&", "<" and ">" escaped, quotes left as they are (as Excel writes a
 * formula: a translated one holds a dozen quotes, each six characters more to write, deflate, and
 * read back on a restore when escaped).
 */
export const escText = (s: string) => (/[&<>]/.test(s) ? s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;") : s);

/** A formula edit's text as a file holds it: without the leading "=" a translation's text has (no formula a file holds begins with one). */
export const storedFormula = (e: { readonly formula: string }): string => (e.formula.charCodeAt(0) === 61 ? e.formula.slice(1) : e.formula);

/** A cell as the file stores it; `p` is the SpreadsheetML prefix of the sheet ("" or "x:"). */
export function cellXml(ref: string, style: string | undefined, e: CellEdit, p = ""): string {
  const s = style !== undefined ? ` s="${esc(style)}"` : "";
  switch (e.kind) {
    case "formula": {
      const shared = e.shared;
      if (!shared) return `<${p}c r="${ref}"${s}><${p}f>${escText(storedFormula(e))}</${p}f></${p}c>`;
      if (shared.ref === undefined) return `<${p}c r="${ref}"${s}><${p}f t="shared" si="${shared.si}"/></${p}c>`;
      return `<${p}c r="${ref}"${s}><${p}f t="shared" ref="${shared.ref}" si="${shared.si}">${escText(storedFormula(e))}</${p}f></${p}c>`;
    }
    case "number":
      return `<${p}c r="${ref}"${s}><${p}v>${e.value}</${p}v></${p}c>`;
    case "string":
      // Inline strings keep the shared-strings table untouched; xml:space keeps spaces and line breaks.
      return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t xml:space="preserve">${escText(e.value)}</${p}t></${p}is></${p}c>`;
    case "boolean":
      return `<${p}c r="${ref}"${s} t="b"><${p}v>${e.value ? 1 : 0}</${p}v></${p}c>`;
    case "blank":
      return `<${p}c r="${ref}"${s}/>`;
  }
}

/** An opening tag written from its (decoded) attributes, but the one named `except` (none by default). */
export const openTag = (name: string, attrs: Readonly<Record<string, string>>, selfClosing = false, except?: string) => {
  let text = `<${name}`;
  for (const k in attrs) if (k !== except) text += ` ${k}="${esc(attrs[k])}"`;
  return text + (selfClosing ? "/>" : ">");
};

/**
 * A cell address's row and column, or undefined when it is not a plain one ("B7", "$B$7"): what
 * splitRef in sheetXml.ts reads (columnNumber's arithmetic), without a regular expression per cell.
 */
export function cellPosition(ref: string): { row: number; col: number } | undefined {
  return readAddress(ref, 0, ref.length) ? { row: addressRead.row, col: addressRead.col } : undefined;
}

/** An edit of the row, with the address it was planned for. */
export interface PlannedEdit {
  readonly ref: string;
  readonly edit: CellEdit;
}

/** What the shared-group rule reads of a formula element: its t, si and ref attributes. */
export interface SharedAttributes {
  readonly t?: string;
  readonly si?: string;
  readonly ref?: string;
}

/**
 * A shared formula's other cells only point (si) at its first cell: rewriting the first while
 * another stays would leave that one without a formula, so refuse rather than corrupt the sheet.
 * `f`: the cell's formula attributes; `cutGroups`: the groups whose first cell was rewritten so far.
 */
export function checkSharedGroup(f: SharedAttributes | undefined, edited: boolean, cutGroups: Set<string>): void {
  if (f?.t !== "shared" || f.si === undefined) return;
  if (edited && f.ref !== undefined) cutGroups.add(f.si);
  if (!edited && f.ref === undefined && cutGroups.has(f.si))
    throw new Error("aiecon-share cannot patch a shared formula whose first cell was converted but whose other cells were not.");
}

/**
 * A stale formula cell without its cached result, and its type with it (a formula cell without
 * <v> is computed on open): `open` is its opening tag as written, `body` what follows it with every
 * <v> taken out. The tag is written anew only when it loses its type.
 */
export function withoutCache(open: string, name: string, attrs: Readonly<Record<string, string>>, body: string): string {
  if (attrs.t === undefined) return open + body;
  return openTag(name, attrs, false, "t") + body;
}

/** A cell of a changed row: its column and its text. */
export interface RowCellText {
  readonly col: number;
  readonly xml: string;
}

/**
 * A changed row's text: its attributes (spans, only a hint for readers, may no longer hold and
 * goes), its cells, and the edits of cells it did not have, each before the first cell of a
 * greater column (the order a row's cells must keep). `missing` is sorted by column.
 */
export function rowXml(
  prefix: string,
  attrs: Readonly<Record<string, string>>,
  cells: readonly RowCellText[],
  missing: readonly RowCellText[],
) {
  // (spans left out as openTag writes the rest, not from a copy of the attributes without it: one object a row.)
  let text = openTag(`${prefix}row`, attrs, false, "spans");
  let m = 0;
  for (const c of cells) {
    while (m < missing.length && missing[m].col < c.col) text += missing[m++].xml;
    text += c.xml;
  }
  while (m < missing.length) text += missing[m++].xml;
  return `${text}</${prefix}row>`;
}

/** The edits a row did not use, as new cells in column order. */
export function missingCells(edits: ReadonlyMap<number, PlannedEdit>, used: (col: number) => boolean, prefix: string): RowCellText[] {
  const out: RowCellText[] = [];
  for (const [col, e] of edits) if (!used(col)) out.push({ col, xml: cellXml(e.ref, undefined, e.edit, prefix) });
  return out.sort((a, b) => a.col - b.col);
}

// ---- Reading a row from its text ----

/** A cell of a row read from its text: where its parts lie; its attributes are read whole only when asked for (cellAttrs). */
interface TextCell {
  /** Where the cell's text starts, where its opening tag ends, where the cell ends. */
  start: number;
  openEnd: number;
  end: number;
  /** Where its attributes start (right after its name). */
  attrsAt: number;
  /** Where the values of its r and s attributes lie (−1: none). */
  rFrom: number;
  rTo: number;
  sFrom: number;
  sTo: number;
  /** True when it has a t attribute. */
  typed: boolean;
  row: number;
  col: number;
  /** Its formula element's attributes as the shared-group rule reads them (undefined: no formula); `formula` holds them. */
  f?: SharedAttributes;
  /** Where `f` is read into: one object a cell of the pool keeps, not one a formula (Excel writes t and si on every filled-down cell). */
  formula: { t?: string; si?: string; ref?: string };
  /** Where its <v> element starts and ends (−1: it has none). */
  vStart: number;
  vEnd: number;
}

interface TextRow {
  r: number;
  attrs: Record<string, string>;
  cells: TextCell[];
}

// Characters XML forbids: the parser refuses them. A row with a carriage return goes to the parser
// too (it normalises line ends). Comments, CDATA sections and processing instructions are declined
// where they stand: no element name follows their "<".
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

// The reading below goes character by character, not by regular expression: it runs on every
// cell of every changed row, and builds nothing but the attributes it reads.
const isSpace = (c: number) => c === 32 || c === 9 || c === 10;
const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 58) || c === 45 || c === 46; // digits, ":", "-", "."
const skipSpace = (s: string, i: number) => {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
};

/** Whether the tag nextAttribute finished last closed itself ("/>"). */
let selfClosing = false;

/** Where the attribute nextAttribute read last lies: its name, its value (without quotes), and whether the value holds a reference. */
const attr = { name: 0, nameEnd: 0, value: 0, valueEnd: 0, amp: false };

/**
 * Reads an opening tag from `i` (right after its name, or after an attribute): 0 when it read an
 * attribute (where it lies is in `attr`; the next one starts after attr.valueEnd), the index after
 * the tag when the tag ends there, or -1 when the tag is not a plain, well-formed one (a value with
 * a tab or line end, which the parser turns into a space, or a reference it does not know included).
 */
function nextAttribute(s: string, i: number): number {
  const j = skipSpace(s, i);
  const c = s.charCodeAt(j);
  if (c === 62) {
    selfClosing = false;
    return j + 1;
  }
  if (c === 47) {
    selfClosing = true;
    return s.charCodeAt(j + 1) === 62 ? j + 2 : -1;
  }
  if (j === i || !isNameStart(c)) return -1;
  let k = j + 1;
  while (isNameChar(s.charCodeAt(k))) k++;
  attr.name = j;
  attr.nameEnd = k;
  k = skipSpace(s, k);
  if (s.charCodeAt(k) !== 61) return -1; // "="
  k = skipSpace(s, k + 1);
  const q = s.charCodeAt(k);
  if (q !== 34 && q !== 39) return -1;
  const close = s.indexOf(q === 34 ? '"' : "'", k + 1);
  if (close < 0) return -1;
  attr.amp = false;
  for (let m = k + 1; m < close; m++) {
    const ch = s.charCodeAt(m);
    if (ch === 60 || ch === 9 || ch === 10 || ch === 13) return -1;
    if (ch === 38) {
      const end = referenceEnd(s, m, close);
      if (end < 0) return -1;
      attr.amp = true;
      m = end - 1;
    }
  }
  attr.value = k + 1;
  attr.valueEnd = close;
  return 0;
}

/** Reads an opening tag's attributes, from `i` (right after its name), into `attrs`: as nextAttribute, the index after the tag or -1. */
function readAttributes(s: string, i: number, attrs: Record<string, string>): number {
  for (;;) {
    const at = nextAttribute(s, i);
    if (at !== 0) return at;
    const name = s.slice(attr.name, attr.nameEnd);
    const raw = s.slice(attr.value, attr.valueEnd);
    const value = attr.amp ? decode(raw) : raw;
    if (value === undefined || name in attrs || name === "__proto__") return -1;
    attrs[name] = value;
    i = attr.valueEnd + 1;
  }
}

/** The names of the attributes of the cell tag cellAttributes reads: where each starts and ends. */
let seenNames = new Int32Array(16);

/**
 * Notes the name of the attribute read last (from `j` to `nameEnd`) as one more of its tag's, whose
 * `count / 2` names are in seenNames: the new count, or -1 for a name the tag gave already (the parser
 * refuses that) or one readAttributes declines.
 */
function noteName(s: string, j: number, nameEnd: number, count: number): number {
  const length = nameEnd - j;
  for (let n = 0; n < count; n += 2)
    if (seenNames[n + 1] - seenNames[n] === length && s.startsWith(s.slice(j, nameEnd), seenNames[n])) return -1;
  if (length === 9 && s.startsWith("__proto__", j)) return -1;
  if (count + 2 > seenNames.length) {
    const more = new Int32Array(seenNames.length * 2);
    more.set(seenNames);
    seenNames = more;
  }
  seenNames[count] = j;
  seenNames[count + 1] = nameEnd;
  return count + 2;
}

/**
 * readAttributes for a cell's opening tag, without building its attributes: checks the same and
 * notes where the r and s values lie and whether it has a t (into `cell`). A dense sheet's every
 * row changes, and a changed row's cells but the edited and stale ones are copied as they are.
 */
function cellAttributes(s: string, i: number, cell: TextCell): number {
  let count = 0;
  for (;;) {
    const at = nextAttribute(s, i);
    if (at !== 0) return at;
    const { name: j, nameEnd } = attr;
    const length = nameEnd - j;
    count = noteName(s, j, nameEnd, count);
    if (count < 0) return -1;
    if (length === 1) {
      const n = s.charCodeAt(j);
      if (n === 114) [cell.rFrom, cell.rTo] = [attr.value, attr.valueEnd];
      else if (n === 115) [cell.sFrom, cell.sTo] = [attr.value, attr.valueEnd];
      else if (n === 116) cell.typed = true;
    }
    i = attr.valueEnd + 1;
  }
}

const SHARED = "shared";

/**
 * readAttributes for a formula element's opening tag, from `i` (right after its name), without
 * building its attributes: checks the same and reads the t, si and ref values into `into` (the other
 * attributes, such as aca or ca, only checked); as readAttributes, the index after the tag or -1.
 */
function formulaAttributes(s: string, i: number, into: TextCell["formula"]): number {
  into.t = into.si = into.ref = undefined;
  let count = 0;
  for (;;) {
    const at = nextAttribute(s, i);
    if (at !== 0) return at;
    const { name: j, nameEnd, value, valueEnd } = attr;
    const length = nameEnd - j;
    count = noteName(s, j, nameEnd, count);
    if (count < 0) return -1;
    const c = s.charCodeAt(j);
    const which =
      length === 1 && c === 116
        ? 1
        : length === 2 && c === 115 && s.charCodeAt(j + 1) === 105
          ? 2
          : length === 3 && s.startsWith("ref", j)
            ? 3
            : 0;
    if (which) {
      // (t="shared", as Excel writes it on every filled-down cell, is the constant, not a string made
      // for the cell; a value with a reference is decoded, as readAttributes does.)
      const text = attr.amp
        ? decode(s.slice(value, valueEnd))
        : which === 1 && valueEnd - value === 6 && s.startsWith(SHARED, value)
          ? SHARED
          : s.slice(value, valueEnd);
      if (text === undefined) return -1;
      if (which === 1) into.t = text;
      else if (which === 2) into.si = text;
      else into.ref = text;
    } else if (attr.amp && decode(s.slice(value, valueEnd)) === undefined) return -1;
    i = valueEnd + 1;
  }
}

/** The cell's attributes, decoded (read again: only an edited or stale cell needs them). */
function cellAttrs(s: string, cell: TextCell): Record<string, string> {
  const attrs: Record<string, string> = {};
  readAttributes(s, cell.attrsAt, attrs);
  return attrs;
}

/** Reads the cell address between `from` and `to` into the cell's row and column (rowText.ts readAddress); false when it is not a plain one. */
function readPosition(s: string, from: number, to: number, cell: TextCell): boolean {
  if (!readAddress(s, from, to)) return false;
  cell.row = addressRead.row;
  cell.col = addressRead.col;
  return true;
}

/** The length of the element name at `at` (right after "<"); 0 when there is none. */
function nameLength(s: string, at: number): number {
  if (!isNameStart(s.charCodeAt(at))) return 0;
  let k = at + 1;
  while (isNameChar(s.charCodeAt(k))) k++;
  return k - at;
}

/** True when `name` opens at `at` (where "<" is): the name, then a space, "/" or ">". */
function opensAt(s: string, at: number, name: string): boolean {
  if (s.charCodeAt(at) !== 60 || !s.startsWith(name, at + 1)) return false;
  const c = s.charCodeAt(at + 1 + name.length);
  return c === 62 || c === 47 || isSpace(c);
}

/** The index after the closing tag `</name>` at `at`, or -1 when there is none there. */
function closeAt(s: string, at: number, name: string): number {
  if (s.charCodeAt(at) !== 60 || s.charCodeAt(at + 1) !== 47 || !s.startsWith(name, at + 2)) return -1;
  const gt = skipSpace(s, at + 2 + name.length);
  return s.charCodeAt(gt) === 62 ? gt + 1 : -1;
}

const ENTITY_NAMES = new Set(["lt", "gt", "amp", "quot", "apos"]);
/** A character XML allows (a reference to any other, such as &#1; or &#xFFFE;, stops the XML parser). */
const isXmlChar = (c: number) =>
  c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/**
 * Where the reference that opens with "&" at `at` ends (the index after its ";"), or -1 when it is
 * not one the parser accepts: what rowText.ts's decode accepts, checked without building the text.
 */
function referenceEnd(s: string, at: number, to: number): number {
  let i = at + 1;
  if (s.charCodeAt(i) === 35) {
    // "#": a character reference, decimal or (after "x") hexadecimal.
    const hex = s.charCodeAt(++i) === 120;
    if (hex) i++;
    const digits = i;
    let code = 0;
    for (let c = s.charCodeAt(i); i < to && (hex ? isHex(c) : c >= 48 && c <= 57); c = s.charCodeAt(++i))
      code = Math.min(code * (hex ? 16 : 10) + (c <= 57 ? c - 48 : (c | 32) - 87), 0x110000);
    return i > digits && i < to && s.charCodeAt(i) === 59 && isXmlChar(code) ? i + 1 : -1;
  }
  const name = i;
  for (let c = s.charCodeAt(i); i < to && c >= 97 && c <= 122; c = s.charCodeAt(++i));
  return i > name && i < to && s.charCodeAt(i) === 59 && ENTITY_NAMES.has(s.slice(name, i)) ? i + 1 : -1;
}

/**
 * Where the next "&" and "]]>" of the row being read stand (-1: none after the last search): the
 * row's text is searched for them natively and once, not character by character per element (the
 * translated formulas a restore reads are hundreds of characters each).
 */
const found = { amp: -1, cdataEnd: -1 };
function nextAt(s: string, what: "&" | "]]>", from: number): number {
  if (what === "&") {
    if (found.amp >= 0 && found.amp < from) found.amp = s.indexOf("&", from);
    return found.amp;
  }
  if (found.cdataEnd >= 0 && found.cdataEnd < from) found.cdataEnd = s.indexOf("]]>", from);
  return found.cdataEnd;
}

/**
 * True when `text` (character data, copied as it is) is what the parser accepts: only entities it
 * knows, and no "]]>".
 */
function plainText(s: string, from: number, to: number): boolean {
  const cdataEnd = nextAt(s, "]]>", from);
  if (cdataEnd >= 0 && cdataEnd + 3 <= to) return false;
  for (let a = nextAt(s, "&", from); a >= 0 && a < to; a = nextAt(s, "&", a + 1)) {
    const end = referenceEnd(s, a, to);
    if (end < 0) return false;
  }
  return true;
}

/**
 * The element whose opening tag (not self-closing) ends at `at`: the index after its end, when its
 * content is well formed (elements of the sheet's prefix, text with known entities); else -1.
 */
function elementEnd(s: string, at: number, name: string, prefix: string): number {
  const open: string[] = [name];
  let i = at;
  while (open.length) {
    const lt = s.indexOf("<", i);
    if (lt < 0 || !plainText(s, i, lt)) return -1;
    if (s.charCodeAt(lt + 1) === 47) {
      i = closeAt(s, lt, open[open.length - 1]);
      if (i < 0) return -1;
      open.pop();
      continue;
    }
    const n = nameLength(s, lt + 1);
    const child = s.slice(lt + 1, lt + 1 + n);
    // Elements of the sheet's own prefix only (a foreign one, such as an extension's, goes to the parser).
    if (!n || !child.startsWith(prefix) || child.includes(":", prefix.length)) return -1;
    i = readAttributes(s, lt + 1 + n, {});
    if (i < 0) return -1;
    if (!selfClosing) open.push(child);
  }
  return i;
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;
interface Names {
  readonly c: string;
  readonly f: string;
  readonly v: string;
  readonly is: string;
  /** A row's name and closing tag; a cell's opening tag with its address first (what patchCells looks for). */
  readonly row: string;
  readonly rowClose: string;
  readonly cAddress: string;
}
const names = new Map<string, Names>();
const namesOf = (prefix: string): Names => {
  let n = names.get(prefix);
  if (!n) {
    const [c, f, row] = [`${prefix}c`, `${prefix}f`, `${prefix}row`];
    n = {
      c,
      f,
      v: `${prefix}v`,
      is: `${prefix}is`,
      row,
      rowClose: `</${row}>`,
      cAddress: `<${c} r="`,
    };
    names.set(prefix, n);
  }
  return n;
};

// The cells of the row read last: readRow reuses them (a row is rewritten before the next is read),
// so a sheet whose every row changes makes no garbage of them.
const newCell = (): TextCell => ({
  start: 0,
  openEnd: 0,
  end: 0,
  attrsAt: 0,
  rFrom: -1,
  rTo: -1,
  sFrom: -1,
  sTo: -1,
  typed: false,
  row: 0,
  col: 0,
  f: undefined,
  formula: {},
  vStart: -1,
  vEnd: -1,
});
const cellPool: TextCell[] = [];
const rowCells: TextCell[] = [];

/**
 * Reads the row's opening tag (at the start of `s`) into `attrs`: the index after it, or -1 when it
 * is not a plain one or states no row number (the parser refuses that, with its message).
 */
function readRowTag(s: string, rowName: string, attrs: Record<string, string>): number {
  if (!opensAt(s, 0, rowName)) return -1;
  const i = readAttributes(s, 1 + rowName.length, attrs);
  return i >= 0 && Number(attrs.r) ? i : -1;
}

/** The row's text read as the parser path reads it, or undefined when it is not of the plain shape. */
function readRow(s: string, prefix: string): TextRow | undefined {
  if (s.includes("\r") || NOT_XML.test(s)) return undefined;
  found.amp = s.indexOf("&");
  found.cdataEnd = s.indexOf("]]>");
  const { row: rowName, c: cName } = namesOf(prefix);
  const rowAttrs: Record<string, string> = {};
  let i = readRowTag(s, rowName, rowAttrs);
  if (i < 0) return undefined;
  const r = Number(rowAttrs.r);
  // Written in place and cut to the row's length at its end: an array emptied lets go of its room,
  // and a sheet whose every row changes took it again for each row.
  const cells = rowCells;
  let n = 0;
  if (selfClosing) {
    cells.length = 0;
    return i === s.length ? { r, attrs: rowAttrs, cells } : undefined;
  }
  for (;;) {
    i = skipSpace(s, i);
    const rowEnd = closeAt(s, i, rowName);
    if (rowEnd >= 0) {
      cells.length = n;
      return rowEnd === s.length ? { r, attrs: rowAttrs, cells } : undefined;
    }
    if (!opensAt(s, i, cName)) return undefined;
    let cell = cellPool[n];
    if (cell === undefined) cellPool.push((cell = newCell()));
    i = readCell(s, i, cell, prefix);
    if (i < 0) return undefined;
    cells[n++] = cell;
  }
}

/**
 * Reads the cell whose opening tag starts at `i` (its "<") into `cell`, as the parser path reads it:
 * the index after the cell, or -1 when it is not of the plain shape.
 */
function readCell(s: string, i: number, cell: TextCell, prefix: string): number {
  const { c: cName, f: fName, v: vName, is: isName } = namesOf(prefix);
  const attrsAt = i + 1 + cName.length;
  cell.start = i;
  cell.attrsAt = attrsAt;
  cell.rFrom = cell.rTo = cell.sFrom = cell.sTo = cell.vStart = cell.vEnd = -1;
  cell.typed = false;
  cell.f = undefined;
  i = cellAttributes(s, attrsAt, cell);
  // (An address written with a reference, such as &#65;1, is the parser's to read.)
  if (i < 0 || cell.rFrom < 0 || !readPosition(s, cell.rFrom, cell.rTo, cell)) return -1;
  cell.openEnd = cell.end = i;
  if (!selfClosing) {
    let seen = 0; // f, v, is: one of each at most (more goes to the parser)
    for (;;) {
      i = skipSpace(s, i);
      const end = closeAt(s, i, cName);
      if (end >= 0) {
        i = end;
        break;
      }
      const kind = opensAt(s, i, fName) ? 1 : opensAt(s, i, vName) ? 2 : opensAt(s, i, isName) ? 4 : 0;
      if (!kind || seen & kind) return -1;
      seen |= kind;
      const name = kind === 1 ? fName : kind === 2 ? vName : isName;
      const childStart = i;
      const nameEnd = i + 1 + name.length;
      const plainTag = s.charCodeAt(nameEnd) === 62;
      if (plainTag) i = nameEnd + 1;
      else if (kind === 1) i = formulaAttributes(s, nameEnd, cell.formula);
      else i = readAttributes(s, nameEnd, {});
      if (i < 0) return -1;
      const closed = s.charCodeAt(i - 2) === 47; // "/>"
      if (kind === 4) {
        if (!closed) i = elementEnd(s, i, isName, prefix);
        if (i < 0) return -1;
        continue;
      }
      if (!closed) {
        const lt = s.indexOf("<", i);
        if (lt < 0 || !plainText(s, i, lt)) return -1;
        i = closeAt(s, lt, name);
        if (i < 0) return -1;
      }
      if (kind === 1) cell.f = plainTag ? NO_ATTRIBUTES : cell.formula;
      else [cell.vStart, cell.vEnd] = [childStart, i];
    }
  }
  cell.end = i;
  return i;
}

/** A cell's new text: its edit's, or (a stale formula cell) its own without its cached result; undefined when it keeps its text. */
function cellText(s: string, c: TextCell, edit: CellEdit | undefined, change: RowChange): string | undefined {
  const prefix = change.prefix;
  if (edit) {
    const style = c.sFrom < 0 ? undefined : s.slice(c.sFrom, c.sTo);
    return cellXml(s.slice(c.rFrom, c.rTo), style?.includes("&") ? decode(style) : style, edit, prefix);
  }
  if (c.f && (c.vStart >= 0 || c.typed) && change.stale(c.row, c.col)) {
    const open = s.slice(c.start, c.openEnd);
    const body = c.vStart < 0 ? s.slice(c.openEnd, c.end) : s.slice(c.openEnd, c.vStart) + s.slice(c.vEnd, c.end);
    return c.typed ? withoutCache(open, `${prefix}c`, cellAttrs(s, c), body) : open + body;
  }
  return undefined;
}

// ---- A changed row's formula cells alone ----
//
// A changed row mostly stays as it is: a dense sheet's every row changes, by two cells of eight.
// Only formula cells change (an edit converts one, a stale one loses its cached result), so
// patchCells reads those alone, found by their <f> on a pass over the row's tags, and copies the
// text between them. It gives what reading every cell gives, for the rows it takes; any other goes
// to that reading (undefined): one with a tag other than a cell's and its formula's, value's and
// inline string's (the parser path places another element of the row: an extLst last), text or a
// space between elements, a tab or line end (between elements, that reading drops them), "&",
// "]]>", a carriage return or a character XML forbids, a cell of two formulas or two values, a
// formula cell whose address is not its first attribute, or an edit of a cell that is no formula
// cell of the row. The shared-group rule applies as that reading applies it, to every formula cell
// in the row's order.

/** Up to this many cells of a row patchCells rewrites (a row with more goes to the reading of every cell). */
const MOST_CELLS = 16;
const cellsFound: TextCell[] = Array.from({ length: MOST_CELLS }, newCell);
const editsFound: (CellEdit | undefined)[] = [];

/** A formula tag's shared-group attributes, read by patchCells for a cell it leaves as it is. */
const sharedOf: TextCell["formula"] = {};

/** True when `c` may end an element's name ("<v>", "<v/>", "<v attr…>"). */
const endsName = (c: number) => c === 62 || c === 47 || c === 32;

/** patchRowText for the rows described above; undefined for any other (exported for the tests that compare it with patchEveryCell). */
export function patchCells(s: string, change: RowChange): RowPatched | undefined {
  const prefix = change.prefix;
  const { row: rowName, rowClose: close, cAddress } = namesOf(prefix);
  // (Single characters first: searched natively, each costs a fraction of the regular expression.)
  if (!s.endsWith(close) || s.includes("\r") || s.includes("\n") || s.includes("\t") || s.includes("&") || s.includes("]]>"))
    return undefined;
  if (NOT_XML.test(s)) return undefined;
  found.amp = found.cdataEnd = -1;
  const rowAttrs: Record<string, string> = {};
  const first = readRowTag(s, rowName, rowAttrs);
  const last = s.length - close.length;
  if (first < 0 || selfClosing || s.charCodeAt(last - 1) !== 62) return undefined;
  const r = Number(rowAttrs.r);
  const editCount = change.editCount(r);
  const p = prefix.length;
  let n = 0;
  let edited = 0;
  // The cell open (its start; −1: none); whether the last tag was its opening one; whether an inline
  // string is open; the cell's formulas and values so far (one of each at most).
  let cell = -1;
  let justOpened = false;
  let inString = false;
  let children = 0;
  for (let lt = s.indexOf("<", first); lt >= 0 && lt < last; lt = s.indexOf("<", lt + 1)) {
    const closing = s.charCodeAt(lt + 1) === 47;
    const at = closing ? lt + 2 : lt + 1;
    if (p && !s.startsWith(prefix, at)) return undefined;
    const name = s.charCodeAt(at + p);
    const next = s.charCodeAt(at + p + 1);
    // Text stands before the end of a formula, value or string alone; nothing else follows a "/>" that closed the cell.
    const afterText = s.charCodeAt(lt - 1) !== 62;
    if (afterText && !(closing && (name === 102 || name === 118 || name === 116))) return undefined;
    const closedItself = justOpened && s.charCodeAt(lt - 2) === 47;
    justOpened = false;
    if (name === 99 /* c */) {
      if (closing ? next !== 62 || cell < 0 || closedItself : next !== 32) return undefined;
      cell = closing ? -1 : lt;
      justOpened = !closing;
      children = 0;
      continue;
    }
    if (cell < 0 || closedItself) return undefined;
    if (name === 116 /* t */) {
      if (!inString || !(closing ? next === 62 : endsName(next))) return undefined;
      continue;
    }
    if (name === 105 && next === 115 /* is */) {
      const after = s.charCodeAt(at + p + 2);
      if (!(closing ? after === 62 : endsName(after))) return undefined;
      inString = !closing && s.charCodeAt(s.indexOf(">", at) - 1) !== 47;
      continue;
    }
    if (name !== 102 /* f */ && name !== 118 /* v */) return undefined;
    if (!(closing ? next === 62 : endsName(next))) return undefined;
    if (closing) continue;
    const kind = name === 102 ? 1 : 2;
    if (children & kind) return undefined;
    children |= kind;
    if (kind === 2) continue;
    // A formula: its cell changes when it is edited or stale.
    if (!s.startsWith(cAddress, cell)) return undefined;
    const q = s.indexOf('"', cell + cAddress.length);
    if (q < 0 || q > lt || !readAddress(s, cell + cAddress.length, q) || addressRead.row !== r) return undefined;
    const col = addressRead.col;
    const edit = editCount ? change.editAt(r, col) : undefined;
    if (edit) edited++;
    else if (!change.stale(r, col)) {
      // Left as it is, but a shared formula's other cell may not be left behind by its first (the
      // rule reading every cell applies, in the row's order): its tag's attributes are read.
      if (next !== 32) continue; // (<f> and <f/>: no attributes)
      if (formulaAttributes(s, at + p + 1, sharedOf) < 0) return undefined;
      checkSharedGroup(sharedOf, false, change.cutGroups);
      continue;
    }
    if (n === MOST_CELLS) return undefined;
    const target = cellsFound[n];
    const end = readCell(s, cell, target, prefix);
    if (end <= lt || end > last) return undefined;
    checkSharedGroup(target.f, !!edit, change.cutGroups);
    editsFound[n++] = edit;
    // (readCell read the rest of the cell: the pass goes on after it.)
    lt = end - 1;
    cell = -1;
  }
  if (edited !== editCount) return undefined;
  let text = openTag(rowName, rowAttrs, false, "spans");
  let copied = first;
  let changed = false;
  for (let k = 0; k < n; k++) {
    const c = cellsFound[k];
    const xml = cellText(s, c, editsFound[k], change);
    if (xml === undefined) continue;
    text += s.slice(copied, c.start) + xml;
    copied = c.end;
    changed = true;
  }
  if (!changed) return { text: s, r, changed };
  return { text: text + s.slice(copied, last) + close, r, changed };
}

/** How the row's cells are to change. */
export interface RowChange {
  /** The sheet's SpreadsheetML prefix ("" or "x:"). */
  readonly prefix: string;
  /** The edits of row `r` by column, if any. */
  readonly editsOf: (r: number) => ReadonlyMap<number, PlannedEdit> | undefined;
  /**
   * As editsOf(r).size and editsOf(r).get(col).edit, without a Map made for the row: patchCells asks
   * these of every row of a dense sheet (a Map and an edit object per row were 17 MB of a 5 MB
   * dense conversion's allocations).
   */
  readonly editCount: (r: number) => number;
  readonly editAt: (r: number, col: number) => CellEdit | undefined;
  /** True for a formula cell whose cached result must go. */
  readonly stale: (row: number, col: number) => boolean;
  /** The shared-formula groups whose first cell was rewritten so far (this adds to it). */
  readonly cutGroups: Set<string>;
}

/**
 * A row that may change, rewritten from its text (from its opening tag to its end): its new text
 * (the text itself when nothing in it changes), or undefined when it is not of the plain shape (the
 * parser reads it then). Throws as the parser path does for a shared formula cut from its group.
 */
export function patchRowText(s: string, change: RowChange): RowPatched | undefined {
  return patchCells(s, change) ?? patchEveryCell(s, change);
}

/** A changed row's new text, its number, and whether anything in it changed. */
export interface RowPatched {
  readonly text: string;
  readonly r: number;
  readonly changed: boolean;
}

/** patchRowText reading every cell of the row (exported for the tests that compare it with patchCells). */
export function patchEveryCell(s: string, change: RowChange): RowPatched | undefined {
  const row = readRow(s, change.prefix);
  if (!row) return undefined;
  const { prefix, cutGroups } = change;
  const edits = change.editsOf(row.r);
  const cells = row.cells;
  // The edits of cells the row does not have (the first cell of an edited column takes its edit).
  const missing = edits?.size ? missingCells(edits, (col) => cells.some((c) => c.col === col), prefix) : [];
  let changed = missing.length > 0;
  let used: number[] | undefined;
  const pieces: RowCellText[] = [];
  // Cells that keep their text go out as one slice while they follow each other (and no missing
  // cell has to go between them).
  let runStart = -1;
  let runEnd = -1;
  let runCol = 0;
  for (const c of cells) {
    let edit = edits?.get(c.col);
    if (edit && used?.includes(c.col)) edit = undefined; // a second cell of the column: the first took the edit
    checkSharedGroup(c.f, !!edit, cutGroups);
    if (edit) (used ??= []).push(c.col);
    const xml = cellText(s, c, edit?.edit, change);
    if (xml === undefined && runStart >= 0 && c.start === runEnd && !missing.length) {
      runEnd = c.end;
      continue;
    }
    if (runStart >= 0) pieces.push({ col: runCol, xml: s.slice(runStart, runEnd) });
    runStart = -1;
    if (xml === undefined) [runStart, runEnd, runCol] = [c.start, c.end, c.col];
    else {
      pieces.push({ col: c.col, xml });
      changed = true;
    }
  }
  if (!changed) return { text: s, r: row.r, changed };
  if (runStart >= 0) pieces.push({ col: runCol, xml: s.slice(runStart, runEnd) });
  return { text: rowXml(prefix, row.attrs, pieces, missing), r: row.r, changed };
}
