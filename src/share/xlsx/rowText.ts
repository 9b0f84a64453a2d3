// A worksheet row read from its text without an XML parser: where it ends, and its cells when the
// row is of the plain shape Excel and the usual libraries write (cells with a formula, a value or
// an inline string; no comments, CDATA, processing instructions, foreign elements or line breaks
// in attributes). Anything else is left to the XML parser (undefined): this is a shortcut, never
// a second reading of the format, so every row it declines reads exactly as before.

/**
 * Where the row whose tag opens at `lt` ends (the index after its last ">"), and its opening tag,
 * or undefined when that is not in `buf` yet. The opening tag is read with quotes respected.
 */
export function rowEnd(buf: string, lt: number, prefix: string): { end: number; open: string } | undefined {
  let quote = "";
  let i = lt + 1;
  for (; i < buf.length; i++) {
    const ch = buf[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ">") break;
  }
  if (i >= buf.length) return undefined;
  const open = buf.slice(lt, i + 1);
  if (buf[i - 1] === "/") return { end: i + 1, open };
  const close = `</${prefix}row`;
  for (let at = buf.indexOf(close, i); at >= 0; at = buf.indexOf(close, at + 1)) {
    let j = at + close.length;
    while (j < buf.length && (buf[j] === " " || buf[j] === "\t" || buf[j] === "\n" || buf[j] === "\r")) j++;
    if (j >= buf.length) return undefined;
    if (buf[j] === ">") return { end: j + 1, open };
  }
  return undefined;
}

/**
 * The longest row read from its text: a longer one (thousands of cells, or a crafted file) goes to
 * the XML parser, which reads it in pieces, rather than being searched again for its end as each
 * piece arrives.
 */
export const MAX_ROW_TEXT = 1_000_000;

/** True when `buf` at `lt` opens a row element (`<row`, `<x:row` followed by a space, "/" or ">"). */
export function opensRow(buf: string, lt: number, prefix: string): boolean | "more" {
  const open = `<${prefix}row`;
  if (buf.length - lt <= open.length) return open.startsWith(buf.slice(lt)) ? "more" : false;
  return buf.startsWith(open, lt) && /[\s/>]/.test(buf[lt + open.length]);
}

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

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Text with XML's five entities and character references decoded; undefined for anything else. */
function decode(text: string): string | undefined {
  if (!text.includes("&")) return text;
  let bad = false;
  const out = text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);|&/g, (all, ref: string | undefined) => {
    if (ref === undefined) return ((bad = true), all);
    if (ref[0] !== "#") return ENTITIES[ref] ?? ((bad = true), all);
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    if (!(code > 0 && code <= 0x10ffff)) return ((bad = true), all);
    return String.fromCodePoint(code);
  });
  return bad ? undefined : out;
}

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
const patterns = new Map<string, { foreign: RegExp; cell: RegExp }>();

function patternsFor(prefix: string) {
  let p = patterns.get(prefix);
  if (!p) {
    const x = escapeRe(prefix);
    p = {
      // A tag of another prefix than the row's (or with one, when the row has none).
      foreign: prefix ? new RegExp(`<(?!/?${x})`) : /<\/?[^\s/>:]*:/,
      // A child of the cell: f, v or is, self-closing or with its content.
      cell: new RegExp(`<${x}(f|v|is)((?:\\s[^>]*?)?)(?:/>|>([\\s\\S]*?)</${x}\\1\\s*>)`, "g"),
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
  const x = escapeRe(prefix);
  const withoutPhonetic = body.replace(new RegExp(`<${x}rPh\\b[\\s\\S]*?</${x}rPh\\s*>`, "g"), "");
  let text = "";
  for (const m of withoutPhonetic.matchAll(new RegExp(`<${x}t(?:\\s[^>]*?)?(?:/>|>([^<]*)</${x}t\\s*>)`, "g"))) {
    const t = decode(m[1] ?? "");
    if (t === undefined) return undefined;
    text += t;
  }
  return text;
}
