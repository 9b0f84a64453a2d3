// The one way text from outside (an imported file, a price file, the user, cells read back from the
// workbook) goes into a cell, and the one way a name goes into a generated formula. Pure: no Excel
// API here, so every writer and the tests share the rule.
//
// Which protection we rely on: the leading apostrophe. Excel reads a string written through
// `values`, `formulas`, `formulasR1C1` or `rows.add` that starts with "=" (and often "+", "-", "@")
// as a formula, and turns "-5", "1e3", "TRUE" or "2025-09" into a number, boolean or date. An
// apostrophe in front makes Excel keep the rest as text whatever the write path and whatever the
// cell's number format, and it does not become part of the value (it is the cell's quote prefix).
// The "@" (Text) format protects only when it is set before the write and only for later typing, so
// the text columns keep it for the user's own edits, but no write depends on it.
// The protection does not survive a round trip (OfficeDev/office-js #6687): `range.formulas` of a
// quote-prefixed cell returns the text without its apostrophe, so code that reads cells and writes
// them back passes them through `asText` (our own text columns) or `reprotect` (cells of any kind).
// Names inside generated formulas are ./formula's business (stringLiteral, escapeWildcards,
// wildcardLiteralOf, equalsCriterionOf), shared with the sharing translator.
import type { Cell } from "./priceTable";

/**
 * Text that Excel would not store as the same text: a formula start (= + - @, also full-width),
 * a leading apostrophe (it would be eaten), leading whitespace or control characters (tab, CR, LF),
 * an error literal (#N/A), and anything Excel could read as a number, date, time, percentage or
 * currency (a digit after any "(", "$" or "."), or a boolean.
 */
// eslint-disable-next-line no-control-regex -- a leading control character is what makes text unsafe
const NOT_PLAIN_TEXT = /^(?:[=+\-@'#\s\u0000-\u001f\uff1d\uff0b\uff0d\uff20]|[($.]*\d|(?:true|false)$)/i;

/** True when `text` needs its apostrophe to land in a cell as exactly this text. */
export const needsTextProtection = (text: string): boolean => NOT_PLAIN_TEXT.test(text);

/** A value for a cell write that lands as text when it is text: strings get a leading apostrophe when needed; numbers, booleans and "" pass. */
export function asText<T extends Cell>(value: T): T {
  return (typeof value === "string" && needsTextProtection(value) ? `'${value}` : value) as T;
}

/**
 * Text for a label Excel keeps as a plain string rather than a cell, a chart series name: there a
 * leading "=" names a reference or formula and no apostrophe can protect it, so a name starting
 * with a formula character gets an invisible word joiner (U+2060) in front. The legend reads the same.
 */
export const asLabel = (text: string): string => (/^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(text) ? `\u2060${text}` : text);

/**
 * A cell read back through `formulas` (or `formulasR1C1`) beside its `values`, ready to be written
 * back: a formula stays a formula; a text cell whose text Excel would parse is protected again.
 * A cell is text when it is a string and its formula equals its value (a formula's value is its result).
 */
export function reprotect(formula: Cell, value: Cell): Cell {
  if (typeof formula === "string" && typeof value === "string" && formula === value) return asText(formula);
  return formula;
}
