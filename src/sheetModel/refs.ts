// A1-style references as formulas write them: the translator reads the cells a COSTTREE range or a
// model-name argument points at, and writes references to single cells of a range.

export interface A1Range {
  /** Sheet name as the user sees it (unquoted), or undefined for the formula's own sheet. */
  readonly sheet?: string;
  /** 1-based, inclusive. */
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

/** "Sheet 1" → "'Sheet 1'!", "Model" → "Model!" (quoted when Excel would quote it). */
export function sheetPrefix(sheet: string | undefined): string {
  if (sheet === undefined) return "";
  const plain = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\u00C0-\uFFFF]*$/.test(sheet) && !/^[A-Za-z]{1,3}\d+$/.test(sheet);
  return plain ? `${sheet}!` : `'${sheet.replace(/'/g, "''")}'!`;
}

/** Parses `A1`, `$A$1:B9`, `Sheet1!A1:B2`, `'My sheet'!A1`; undefined for names, tables, whole columns. */
export function parseA1(text: string): A1Range | undefined {
  let rest = text.trim();
  let sheet: string | undefined;
  const bang = rest.lastIndexOf("!");
  if (bang >= 0) {
    const prefix = rest.slice(0, bang);
    rest = rest.slice(bang + 1);
    if (prefix.startsWith("'") && prefix.endsWith("'") && prefix.length >= 2) sheet = prefix.slice(1, -1).replace(/''/g, "'");
    else if (/^[^'[\]:]+$/.test(prefix)) sheet = prefix;
    else return undefined; // external workbooks, 3-D references
  }
  const [a, b, extra] = rest.split(":");
  if (extra !== undefined) return undefined;
  const first = CELL.exec(a ?? "");
  const second = b === undefined ? first : CELL.exec(b);
  if (!first || !second) return undefined;
  const r1 = Number(first[2]);
  const r2 = Number(second[2]);
  const c1 = columnNumber(first[1]);
  const c2 = columnNumber(second[1]);
  return { sheet, top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) };
}

/** Reads a grid loaded from A1 (a range's values, or formulas) by cell address, e.g. "C7". */
export const gridAt =
  (grid: readonly (readonly unknown[])[]) =>
  (address: string): unknown => {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m) throw new Error(`not an A1 cell address: ${address}`);
    return grid[Number(m[2]) - 1]?.[columnNumber(m[1]) - 1];
  };
