// Which formula cells depend, directly or through others, on the cells a conversion rewrote. Only
// those lose their cached result (so every engine computes them afresh); every other formula keeps
// the value it showed, so a reader that does not recalculate on load (LibreOffice) still shows it
// and the sheet parts without dependents keep their bytes. Where a reference cannot be followed
// (INDIRECT, OFFSET, external links, names defined by formulas) the cell counts as dependent: a
// dropped cached value is recomputed, a kept stale one would be a silent wrong number.
import { tokenize } from "../formula";
import { parseA1, columnNumber, type A1Range } from "../refs";

export interface FormulaCell {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  /** The formula as stored, without "=". */
  readonly formula: string;
}

export interface NamedRange {
  readonly name: string;
  /** Its definition as stored ("Sheet1!$A$1:$B$4", or a formula). */
  readonly refersTo: string;
  /** Sheet a sheet-scoped name belongs to. */
  readonly sheet?: string;
}

export interface TableArea {
  readonly name: string;
  readonly sheet: string;
  readonly range: A1Range;
}

type Area = { readonly sheet: string; readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };

const MAX_ROW = 1_048_576;
const MAX_COL = 16_384;
// References a formula can reach without naming them: their cells count as dependent on anything.
const UNFOLLOWABLE = /^(_xlfn\.)?(INDIRECT|OFFSET|CELL|EVALUATE|GET\.\w+)$/i;
/** Beyond this many dependent cells the analysis stops and every formula counts as dependent. */
const MAX_DEPENDENTS = 50_000;

const unquote = (s: string) => (s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1).replace(/''/g, "'") : s);

/** The areas a reference token covers, or undefined when it cannot be followed. */
function areasOf(text: string, own: string, names: ReadonlyMap<string, NamedRange[]>, tables: ReadonlyMap<string, TableArea>, depth: number): Area[] | undefined {
  const spill = text.endsWith("#");
  const body = spill ? text.slice(0, -1) : text;
  const a1 = parseA1(body);
  if (a1) {
    const sheet = a1.sheet ?? own;
    // A spill's extent is not in the formula: everything below and right of its anchor.
    return [spill ? { sheet, top: a1.top, left: a1.left, bottom: MAX_ROW, right: MAX_COL } : { ...a1, sheet }];
  }
  const bang = body.lastIndexOf("!");
  const sheetText = bang >= 0 ? body.slice(0, bang) : undefined;
  // Another workbook ([1]Sheet!A1, '[1]Sheet'!A1): it reads nothing the conversion changes.
  if (sheetText !== undefined && /^'?\[[1-9]\d*\]/.test(sheetText)) return [];
  if (sheetText !== undefined && /[[\]]/.test(sheetText)) return undefined;
  if (sheetText !== undefined && sheetText.includes(":") && !sheetText.startsWith("'")) return undefined; // 3-D
  const sheet = sheetText === undefined ? own : unquote(sheetText);
  const rest = bang >= 0 ? body.slice(bang + 1) : body;
  const cols = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/.exec(rest);
  if (cols) {
    const [a, b] = [columnNumber(cols[1]), columnNumber(cols[2])];
    return [{ sheet, top: 1, bottom: MAX_ROW, left: Math.min(a, b), right: Math.max(a, b) }];
  }
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(rest);
  if (rows) {
    const [a, b] = [Number(rows[1]), Number(rows[2])];
    return [{ sheet, top: Math.min(a, b), bottom: Math.max(a, b), left: 1, right: MAX_COL }];
  }
  const table = /^([^[\]]*)\[/.exec(rest);
  if (table) {
    // A structured reference: the whole table, whichever part it names (or this row's table).
    const t = table[1] === "" ? [...tables.values()].find((x) => x.sheet === own) : tables.get(table[1].toLowerCase());
    return t ? [{ ...t.range, sheet: t.sheet }] : undefined;
  }
  if (bang < 0 || sheetText !== undefined) {
    const defs = names.get(rest.toLowerCase());
    if (!defs) {
      // A table named alone covers its data; a name defined nowhere (or a LET/LAMBDA variable) reads no cell.
      const t = tables.get(rest.toLowerCase());
      return t ? [{ ...t.range, sheet: t.sheet }] : [];
    }
    if (depth > 8) return undefined;
    // A name scoped to this sheet wins over a workbook name of the same spelling.
    const def = defs.find((d) => d.sheet?.toLowerCase() === sheet.toLowerCase()) ?? defs.find((d) => d.sheet === undefined);
    if (!def) return undefined;
    return areasOfFormula(def.refersTo, def.sheet ?? own, names, tables, depth + 1);
  }
  return undefined;
}

/** Every area a formula reads, or undefined when one of its references cannot be followed. */
function areasOfFormula(formula: string, own: string, names: ReadonlyMap<string, NamedRange[]>, tables: ReadonlyMap<string, TableArea>, depth = 0): Area[] | undefined {
  let tokens;
  try {
    tokens = tokenize(formula.replace(/^\s*=/, ""));
  } catch {
    return undefined;
  }
  const out: Area[] = [];
  for (const t of tokens) {
    if (t.type === "func" && UNFOLLOWABLE.test(t.text)) return undefined;
    if (t.type !== "ref") continue;
    const areas = areasOf(t.text, own, names, tables, depth);
    if (!areas) return undefined;
    out.push(...areas);
  }
  return out;
}

// Sheet names are case-insensitive in references.
const key = (sheet: string, row: number, col: number) => `${sheet.toLowerCase()}\u0000${row}\u0000${col}`;

/**
 * The cells whose result depends on any of `changed` (sheet → cells), themselves included, as
 * keys of cellKey; "all" when the analysis gave up (too many dependents).
 */
export function dependentCells(
  formulas: readonly FormulaCell[],
  changed: ReadonlyMap<string, Iterable<{ row: number; col: number }>>,
  definedNames: readonly NamedRange[] = [],
  tables: readonly TableArea[] = [],
): Set<string> | "all" {
  const names = new Map<string, NamedRange[]>();
  for (const n of definedNames) names.set(n.name.toLowerCase(), [...(names.get(n.name.toLowerCase()) ?? []), n]);
  const tableMap = new Map(tables.map((t) => [t.name.toLowerCase(), t]));

  // Formula cells by the areas they read; those that read something unknowable depend on anything.
  const readers: { cell: FormulaCell; areas: Area[] }[] = [];
  const always: FormulaCell[] = [];
  for (const f of formulas) {
    const areas = areasOfFormula(f.formula, f.sheet, names, tableMap);
    if (areas === undefined) always.push(f);
    else if (areas.length) readers.push({ cell: f, areas });
  }

  const stale = new Set<string>();
  const queue: { sheet: string; row: number; col: number }[] = [];
  const mark = (sheet: string, row: number, col: number) => {
    const k = key(sheet, row, col);
    if (stale.has(k)) return;
    stale.add(k);
    queue.push({ sheet, row, col });
  };
  for (const [sheet, cells] of changed) for (const c of cells) mark(sheet, c.row, c.col);
  if (stale.size === 0) return new Set();
  for (const f of always) mark(f.sheet, f.row, f.col);

  // Single cells are looked up directly; ranges are scanned (a sheet rarely has many stale cells).
  const bySingle = new Map<string, FormulaCell[]>();
  const byRange = new Map<string, { cell: FormulaCell; area: Area }[]>();
  for (const { cell, areas } of readers)
    for (const a of areas) {
      if (a.top === a.bottom && a.left === a.right) {
        const k = key(a.sheet, a.top, a.left);
        const list = bySingle.get(k);
        if (list) list.push(cell);
        else bySingle.set(k, [cell]);
      } else {
        const k = a.sheet.toLowerCase();
        const list = byRange.get(k);
        if (list) list.push({ cell, area: a });
        else byRange.set(k, [{ cell, area: a }]);
      }
    }
  while (queue.length) {
    if (stale.size > MAX_DEPENDENTS) return "all";
    const c = queue.pop()!;
    for (const f of bySingle.get(key(c.sheet, c.row, c.col)) ?? []) mark(f.sheet, f.row, f.col);
    for (const { cell, area } of byRange.get(c.sheet.toLowerCase()) ?? [])
      if (c.row >= area.top && c.row <= area.bottom && c.col >= area.left && c.col <= area.right) mark(cell.sheet, cell.row, cell.col);
  }
  return stale;
}

export const cellKey = key;
