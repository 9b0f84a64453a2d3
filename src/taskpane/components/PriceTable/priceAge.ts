// How old the prices are, from a date passed in (so it is testable), and when that needs a warning.
import type { ModelPrice } from "../../../calc/prices";
import { rowsInForce } from "../../../calc/datedRows";

export const STALE_AFTER_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * The oldest "as of" among rows with a readable date: the date the whole table can be trusted to.
 * Of a model with several dated rows only the one in force on `today` (yyyy-mm-dd) counts: its older
 * rows are history, its later ones announced changes, neither makes the table stale.
 */
export function oldestAsOf(rows: readonly ModelPrice[], fallback: string, today = "9999-12-31"): string {
  const dates = rowsInForce(rows, today)
    .map((r) => r.asOf)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  return dates.length ? dates.sort()[0] : fallback;
}

/** Whole days from an ISO date to `today` (the user's calendar day). */
export function ageInDays(asOf: string, today: Date): number {
  const then = Date.parse(`${asOf}T00:00:00Z`);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.floor((now - then) / DAY_MS);
}

export function isStale(asOf: string, today: Date): boolean {
  return asOf !== "" && ageInDays(asOf, today) > STALE_AFTER_DAYS;
}

/** The user's calendar date as yyyy-mm-dd, stamped on rows they edit. */
export function isoDate(today: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}
