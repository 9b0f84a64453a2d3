// Turning spreadsheet cell values into typed numbers and text: the one argument layer every
// function reads its arguments through, so both of Excel's dialects give the same numbers.
//
// What Excel hands a custom function (README "Errors", the argument table, states each rule):
// - an omitted argument: null everywhere; an empty referenced cell: null in Excel on the web, 0 in
//   Excel desktop (Windows, Mac), alone and inside ranges;
// - a cell holding a data type (allowCustomDataForDataTypeAny): an object {type, basicValue};
// - an Excel error: an object (CustomFunctions.Error, or {type: "Error"} as a data type).
// So: data types are unwrapped to their basicValue wherever a scalar is read; in a text position,
// and where 0 has no meaning and blank means "omitted", 0 counts as blank; where 0 is a real value
// (tokens, calls, prices) it stays 0, as in Excel's own arithmetic.
import { invalid } from "./errors";
import { messages } from "./messages";
import type { IsoDate } from "./prices";

export type CellValue = unknown;

/** Data types whose basicValue is the scalar the cell shows (an entity shows its text). */
const SCALAR_DATA_TYPES = new Set(["Double", "FormattedNumber", "String", "Boolean", "Entity"]);

/**
 * A data-type value ({type: "Double", basicValue: 7000}, an entity with a text basicValue…) as the
 * plain scalar it displays; anything else as it is. An error data type stays an error.
 */
export function unwrap(value: CellValue): CellValue {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const typed = value as { type?: unknown; basicValue?: unknown };
    if (typeof typed.type === "string" && SCALAR_DATA_TYPES.has(typed.type) && "basicValue" in typed) {
      return typed.basicValue;
    }
  }
  return value;
}

/** An omitted optional argument or a blank cell (web dialect): null, undefined or "". */
export function isBlank(value: CellValue): boolean {
  const v = unwrap(value);
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** Blank in a position where 0 means nothing: an empty cell in Excel desktop arrives as 0. */
export function isBlankOrZero(value: CellValue): boolean {
  return isBlank(value) || unwrap(value) === 0;
}

/** Excel error values arrive as objects (CustomFunctions.Error, an Error, an error data type), never as plain data. */
export function isErrorValue(value: CellValue): boolean {
  const v = unwrap(value);
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function toNumber(value: CellValue, label: string): number {
  const v = unwrap(value);
  if (isErrorValue(v)) throw invalid(messages.errorValue(label));
  if (isBlank(v)) throw invalid(messages.required(label));
  if (typeof v !== "number") throw invalid(messages.notANumber(label, v));
  if (!Number.isFinite(v)) throw invalid(messages.notFinite(label));
  return v;
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

/** A blank optional becomes undefined; anything else must pass `convert`. 0 stays 0 (a real value). */
export function optional<T>(value: CellValue, convert: (v: CellValue, label: string) => T, label: string): T | undefined {
  return isBlank(value) ? undefined : convert(value, label);
}

/** An optional where 0 has no meaning: blank or 0 (an empty cell in Excel desktop) is omitted. */
export function optionalNonZero<T>(value: CellValue, convert: (v: CellValue, label: string) => T, label: string): T | undefined {
  return isBlankOrZero(value) ? undefined : convert(value, label);
}

/** Text a user typed, trimmed; "" when blank, or 0 from an empty cell (a text position). Numbers read as typed. */
export function textOf(value: CellValue): string {
  const v = unwrap(value);
  if (isBlankOrZero(v)) return "";
  return String(v).trim();
}

export function toText(value: CellValue, label: string): string {
  const v = unwrap(value);
  if (isErrorValue(v)) throw invalid(messages.errorValue(label));
  if (isBlankOrZero(v)) throw invalid(messages.required(label));
  if (typeof v !== "string") throw invalid(messages.notText(label, v));
  return v.trim();
}

/** One of a fixed set of words, case-insensitive; blank (or 0 from an empty cell) gives the default. */
export function toChoice<T extends string>(value: CellValue, label: string, allowed: readonly T[], fallback: T): T {
  const v = unwrap(value);
  if (isErrorValue(v)) throw invalid(messages.errorValue(label));
  if (isBlankOrZero(v)) return fallback;
  const word = typeof v === "string" ? v.trim().toLowerCase() : undefined;
  const hit = allowed.find((a) => a === word);
  if (!hit) throw invalid(messages.oneOf(label, v, allowed));
  return hit;
}

/** Serial 0 of Excel's 1900 date system (the default; a custom function cannot see a workbook's 1904 setting). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** 9999-12-31, Excel's last date. */
const LAST_SERIAL = 2_958_465;

/**
 * An optional date: an Excel date (a serial number; a time of day in it is ignored) or text
 * yyyy-mm-dd. Blank, or 0 from an empty cell in Excel desktop, is omitted (no date is serial 0).
 */
export function optionalDate(value: CellValue, label: string): IsoDate | undefined {
  const v = unwrap(value);
  if (isErrorValue(v)) throw invalid(messages.errorValue(label));
  if (isBlankOrZero(v)) return undefined;
  // A recalculation passes the same few dates thousands of times: each is read once.
  const known = readDates.get(v);
  if (known) return known;
  let date: IsoDate | undefined;
  if (typeof v === "number" && Number.isFinite(v) && v >= 1 && v < LAST_SERIAL + 1) {
    date = new Date(EXCEL_EPOCH_MS + Math.floor(v) * DAY_MS).toISOString().slice(0, 10);
  } else if (typeof v === "string") {
    const text = v.trim();
    const at = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
    // Date.parse accepts 2027-02-30 as March 2nd: the date must read back as typed.
    if (Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === text) date = text;
  }
  if (date === undefined) throw invalid(messages.dateInvalid(label, v));
  if (readDates.size < 10_000) readDates.set(v, date);
  return date;
}

const readDates = new Map<unknown, IsoDate>();
