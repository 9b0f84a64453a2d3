// How Excel stores a string written into a cell through values, formulas, formulasR1C1 or
// table.rows.add, for the test doubles of Excel: a leading apostrophe makes the rest text (the
// apostrophe is the cell's quote prefix, not part of its value, and reading `values` or `formulas`
// back returns the text without it, office-js #6687); "=", and "+", "-", "@" in front of something
// that is not a plain number, start a formula; a numeric or boolean string becomes a number or a
// boolean; anything else is text.
import type { Cell } from "../../src/sheetModel/priceTable";

export type Landed =
  { kind: "text"; text: string } | { kind: "formula"; formula: string } | { kind: "number" | "boolean" | "blank" | "other"; value: Cell };

export function landsAs(written: Cell): Landed {
  if (typeof written !== "string")
    return written === null
      ? { kind: "blank", value: written }
      : { kind: typeof written === "number" ? "number" : "boolean", value: written };
  if (written === "") return { kind: "blank", value: written };
  if (written.startsWith("'")) return { kind: "text", text: written.slice(1) };
  if (/^[-+]?\s*(\d+\.?\d*|\.\d+)(e[-+]?\d+)?%?$/i.test(written)) return { kind: "number", value: written };
  if (/^(true|false)$/i.test(written)) return { kind: "boolean", value: written };
  if (/^[=+\-@]/.test(written)) return { kind: "formula", formula: written };
  if (/^[\t\r\n]/.test(written)) return { kind: "other", value: written }; // Excel trims or rejects it: not the same text
  return { kind: "text", text: written };
}

/** What `range.values` / `range.formulas` return for a cell holding what was written: the quote prefix is gone. */
export const readBack = (written: Cell): Cell => (typeof written === "string" && written.startsWith("'") ? written.slice(1) : written);

/** Hostile and awkward names a file, a price list or a person can bring. */
export const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil","x")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A2)",
  "\t=1+1",
  "\r=1+1",
  "'quoted",
  "*",
] as const;
