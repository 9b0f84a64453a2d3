// Edits a worksheet part's cells with an XML parser (saxes), not regular expressions: the parser
// finds every element whatever its namespace prefix, quoting, xml:space text, shared or array
// formula, inline or rich string; the original text between the elements it changes is copied
// by position, so every row the change does not touch keeps its bytes.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { cellAddress, columnNumber } from "../refs";

/** What a changed cell becomes. Formulas carry no leading "=" (as in the file). */
export type CellEdit =
  | { readonly kind: "formula"; readonly formula: string }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "blank" };

export const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const splitRef = (ref: string) => {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(ref);
  if (!m) throw new Error(`aiecon-share cannot patch a cell without a plain address (${ref}).`);
  return { col: columnNumber(m[1]), row: Number(m[2]) };
};

/** A cell as the file stores it; `p` is the SpreadsheetML prefix of the sheet ("" or "x:"). */
export function cellXml(ref: string, style: string | undefined, e: CellEdit, p = ""): string {
  const s = style !== undefined ? ` s="${esc(style)}"` : "";
  switch (e.kind) {
    case "formula":
      return `<${p}c r="${ref}"${s}><${p}f>${esc(e.formula)}</${p}f></${p}c>`;
    case "number":
      return `<${p}c r="${ref}"${s}><${p}v>${e.value}</${p}v></${p}c>`;
    case "string":
      // Inline strings keep the shared-strings table untouched; xml:space keeps spaces and line breaks.
      return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t xml:space="preserve">${esc(e.value)}</${p}t></${p}is></${p}c>`;
    case "boolean":
      return `<${p}c r="${ref}"${s} t="b"><${p}v>${e.value ? 1 : 0}</${p}v></${p}c>`;
    case "blank":
      return `<${p}c r="${ref}"${s}/>`;
  }
}

interface Cell {
  col: number;
  /** The cell's text: the original slice, or what replaces it. */
  xml: string;
  style?: string;
  /** Shared formula: its group id, and whether this cell is the group's first (holds the text). */
  si?: string;
  master?: boolean;
}

interface Row {
  r: number;
  /** Where the row starts in the original text. */
  start: number;
  /** The row's original text (kept when nothing in it changes). */
  xml: string;
  attrs: Record<string, string>;
  cells: Cell[];
  changed: boolean;
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);
const prefixOf = (name: string) => (name.includes(":") ? name.slice(0, name.indexOf(":") + 1) : "");
const openTag = (name: string, attrs: Record<string, string>, selfClosing = false) =>
  `<${name}${Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join("")}${selfClosing ? "/>" : ">"}`;

/**
 * Applies the cell edits to one worksheet's XML and drops the cached result of every formula cell
 * `stale` names (its type attribute with it); returns undefined when nothing changed.
 */
export function patchSheetXml(xml: string, edits: ReadonlyMap<string, CellEdit>, stale: (ref: string) => boolean = () => true): string | undefined {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const rows: Row[] = [];
  let sheetData: { start: number; end: number; prefix: string } | undefined;
  let dimension: { start: number; end: number; tag: SaxesTagPlain } | undefined;
  let row: Row | undefined;
  let cell: { start: number; openEnd: number; tag: SaxesTagPlain; f?: SaxesTagPlain; vs: { start: number; end: number }[]; vStart?: number } | undefined;
  let depth = 0;
  let sheetDataDepth = -1;
  // The start of the tag an event reports: "<" cannot occur unescaped inside a tag.
  const tagStart = () => xml.lastIndexOf("<", parser.position - 1);

  parser.on("opentag", (tag) => {
    depth++;
    const name = local(tag.name);
    if (name === "dimension" && depth === 2) dimension = { start: tagStart(), end: parser.position, tag };
    if (name === "sheetData" && depth === 2) {
      sheetDataDepth = depth;
      sheetData = { start: tagStart(), end: -1, prefix: prefixOf(tag.name) };
      if (tag.isSelfClosing) sheetData.end = parser.position;
    } else if (name === "row" && depth === sheetDataDepth + 1) {
      const r = Number(tag.attributes.r);
      if (!r) throw new Error("aiecon-share cannot patch a worksheet whose rows have no numbers.");
      row = { r, start: tagStart(), xml: "", attrs: { ...(tag.attributes as Record<string, string>) }, cells: [], changed: false };
      if (tag.isSelfClosing) {
        row.xml = xml.slice(row.start, parser.position);
        rows.push(row);
        row = undefined;
      }
    } else if (name === "c" && row && depth === sheetDataDepth + 2) {
      cell = { start: tagStart(), openEnd: parser.position, tag, vs: [] };
    } else if (cell && depth === sheetDataDepth + 3) {
      if (name === "f") cell.f = tag;
      if (name === "v") {
        cell.vStart = tagStart();
        if (tag.isSelfClosing) cell.vs.push({ start: cell.vStart, end: parser.position });
      }
    }
  });
  parser.on("closetag", (tag) => {
    const name = local(tag.name);
    if (cell && depth === sheetDataDepth + 3 && name === "v" && !tag.isSelfClosing) cell.vs.push({ start: cell.vStart!, end: parser.position });
    if (cell && depth === sheetDataDepth + 2 && name === "c") {
      const a = cell.tag.attributes as Record<string, string>;
      if (!a.r) throw new Error("aiecon-share cannot patch a worksheet whose cells have no addresses.");
      let text = xml.slice(cell.start, parser.position);
      const f = cell.f?.attributes as Record<string, string> | undefined;
      if (cell.f && stale(a.r) && (cell.vs.length || a.t !== undefined)) {
        // The cached result goes, and its type: a formula cell without <v> is computed on open.
        let body = "";
        let at = cell.openEnd;
        const open = xml.slice(cell.start, at);
        for (const v of cell.vs) {
          body += xml.slice(at, v.start);
          at = v.end;
        }
        body += xml.slice(at, parser.position);
        const { t: _type, ...rest } = a;
        text = (a.t !== undefined ? openTag(cell.tag.name, rest, cell.tag.isSelfClosing) : open) + (cell.tag.isSelfClosing ? "" : body);
        row!.changed = true;
      }
      const shared = f?.t === "shared" ? f.si : undefined;
      row!.cells.push({ col: splitRef(a.r).col, xml: text, style: a.s, si: shared, master: shared !== undefined && f?.ref !== undefined });
      cell = undefined;
    } else if (row && depth === sheetDataDepth + 1 && name === "row") {
      row.xml = xml.slice(row.start, parser.position);
      rows.push(row);
      row = undefined;
    } else if (sheetData && depth === sheetDataDepth && name === "sheetData") sheetData.end = parser.position;
    depth--;
  });
  parser.write(xml).close();
  if (!sheetData || sheetData.end < 0) throw new Error("aiecon-share cannot patch a worksheet without <sheetData>.");
  const p = sheetData.prefix;

  for (const [ref, e] of edits) {
    const { row: r, col } = splitRef(ref);
    let target = rows.find((x) => x.r === r);
    if (!target) {
      target = { r, start: -1, xml: "", attrs: { r: String(r) }, cells: [], changed: true };
      const at = rows.findIndex((x) => x.r > r);
      rows.splice(at < 0 ? rows.length : at, 0, target);
    }
    const i = target.cells.findIndex((c) => c.col >= col);
    const existing = i >= 0 && target.cells[i].col === col ? target.cells[i] : undefined;
    const next: Cell = { col, xml: cellXml(ref, existing?.style, e, p), style: existing?.style };
    if (existing) target.cells[i] = next;
    else target.cells.splice(i < 0 ? target.cells.length : i, 0, next);
    target.changed = true;
  }
  if (!rows.some((r) => r.changed)) return undefined;
  // A shared formula's followers only hold a pointer (si) to their master: rewriting a master whose
  // followers stay would leave them without a formula, so refuse rather than corrupt the sheet.
  const masters = new Set(rows.flatMap((r) => r.cells.filter((c) => c.master).map((c) => c.si)));
  for (const r of rows)
    for (const c of r.cells)
      if (c.si !== undefined && !masters.has(c.si)) throw new Error("aiecon-share cannot patch a shared formula whose first cell was converted but whose other cells were not.");

  const body = rows
    .map((r) => {
      if (!r.changed) return r.xml;
      // spans is only an optimisation hint for readers; it may no longer hold.
      const { spans: _spans, ...attrs } = r.attrs;
      return `${openTag(`${p}row`, attrs)}${r.cells.map((c) => c.xml).join("")}</${p}row>`;
    })
    .join("");
  let out = xml.slice(0, sheetData.start) + `<${p}sheetData>${body}</${p}sheetData>` + xml.slice(sheetData.end);
  if (dimension) {
    const grown = grownDimension(String(dimension.tag.attributes.ref ?? ""), rows);
    // <dimension> comes before <sheetData>, so its offsets still hold.
    if (grown) out = out.slice(0, dimension.start) + openTag(dimension.tag.name, { ...(dimension.tag.attributes as Record<string, string>), ref: grown }, true) + out.slice(dimension.end);
  }
  return out;
}

// <dimension> is the used range readers size the sheet by: it must still cover cells written beyond it.
function grownDimension(ref: string, rows: readonly Row[]): string | undefined {
  const filled = rows.filter((r) => r.cells.length);
  const [a, b] = ref.replace(/\$/g, "").split(":");
  if (!filled.length || !/^[A-Z]+\d+$/.test(a ?? "") || (b !== undefined && !/^[A-Z]+\d+$/.test(b))) return undefined;
  const s = splitRef(a);
  const e = splitRef(b ?? a);
  // A loop, not Math.min(...cells): a spread of a large sheet's cells overflows the call stack.
  let left = s.col;
  let right = e.col;
  for (const r of filled)
    for (const c of r.cells) {
      if (c.col < left) left = c.col;
      if (c.col > right) right = c.col;
    }
  const top = Math.min(s.row, filled[0].r);
  const bottom = Math.max(e.row, filled[filled.length - 1].r);
  if (top === s.row && bottom === e.row && left === s.col && right === e.col) return undefined;
  return `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
}
