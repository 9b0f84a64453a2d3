// Turning spreadsheet cell values into typed numbers and text. Excel hands custom functions
// numbers, strings, booleans, null (an omitted argument or empty cell) and error objects; every
// check lives here so each function body is only its math.
import { invalid } from "./errors";
import { messages } from "./messages";

export type CellValue = unknown;

/** An omitted optional argument or a blank cell: Excel passes null, undefined or "". */
export function isBlank(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** Excel error values arrive as objects (CustomFunctions.Error or an Error), never as plain data. */
export function isErrorValue(value: CellValue): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function toNumber(value: CellValue, label: string): number {
  if (isErrorValue(value)) throw invalid(messages.errorValue(label));
  if (isBlank(value)) throw invalid(messages.required(label));
  if (typeof value !== "number") throw invalid(messages.notANumber(label, value));
  if (!Number.isFinite(value)) throw invalid(messages.notFinite(label));
  return value;
}

export function toNonNegative(value: CellValue, label: string): number {
  const n = toNumber(value, label);
  if (n < 0) throw invalid(messages.negative(label, n));
  return n;
}

export function toPositive(value: CellValue, label: string): number {
  const n = toNumber(value, label);
  if (!(n > 0)) throw invalid(messages.notPositive(label, n));
  return n;
}

/** A blank optional becomes undefined; anything else must pass `convert`. */
export function optional<T>(value: CellValue, convert: (v: CellValue, label: string) => T, label: string): T | undefined {
  return isBlank(value) ? undefined : convert(value, label);
}

export function toText(value: CellValue, label: string): string {
  if (isErrorValue(value)) throw invalid(messages.errorValue(label));
  if (isBlank(value)) throw invalid(messages.required(label));
  if (typeof value !== "string") throw invalid(messages.notText(label, value));
  return value.trim();
}

/** One of a fixed set of words, case-insensitive; blank gives the default. */
export function toChoice<T extends string>(value: CellValue, label: string, allowed: readonly T[], fallback: T): T {
  if (isBlank(value)) return fallback;
  if (isErrorValue(value)) throw invalid(messages.errorValue(label));
  const word = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  const hit = allowed.find((a) => a === word);
  if (!hit) throw invalid(messages.oneOf(label, value, allowed));
  return hit;
}
