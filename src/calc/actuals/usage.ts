// Usage actuals: what product analytics counted per month and feature (active users, user actions),
// the denominators a launch review and the board's per-user numbers divide by. Read from any CSV
// through a column mapping, like a generic billing CSV; pure, so the pane, the tests and the
// workbook writer run the same code.
import Papa from "papaparse";
import { messages } from "../messages";
import { indexer, looseNumber, monthOfCsvDate } from "./csvFormats";
import { ActualsFileError, type Month } from "./types";

export interface UsageRow {
  readonly month: Month;
  readonly feature: string;
  /** Distinct users active in the month; null when the file has no such column. */
  readonly activeUsers: number | null;
  /** User actions (interactions) in the month; null when the file has no such column. */
  readonly userActions: number | null;
}

/** Which header holds what; values are header names. Month and Feature are required, and one count. */
export interface UsageMapping {
  readonly month: string;
  readonly feature: string;
  readonly activeUsers?: string;
  readonly userActions?: string;
}
export const USAGE_MAPPING_FIELDS = ["month", "feature", "activeUsers", "userActions"] as const satisfies ReadonlyArray<keyof UsageMapping>;

export interface UsageImport {
  readonly rows: UsageRow[];
  /** Data lines read. */
  readonly recordsRead: number;
}

const key = (month: Month, feature: string) => `${month}\u0001${feature.toLowerCase()}`;

/**
 * Parses a usage CSV. Rows of the same month and feature add their user actions; active users
 * cannot be added up (one user is active on many days), so a second row with active users for the
 * same month and feature is refused. Every refusal names the line and the column; nothing is returned.
 */
export function parseUsageCsv(text: string, mapping: UsageMapping): UsageImport {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true });
  const quote = parsed.errors.find((e) => e.type === "Quotes");
  if (quote)
    throw new ActualsFileError(messages.actualsCsvParse((quote.row ?? 0) + 1, `${quote.message} (a quote opened here is never closed)`));
  const [header, ...data] = parsed.data;
  if (!header || data.length === 0) throw new ActualsFileError(messages.actualsEmpty());
  const idx = indexer(header.map((h) => h.trim()));
  const column = (name: string | undefined) => (name ? idx(name) : -1);
  const missing = [mapping.month, mapping.feature, mapping.activeUsers, mapping.userActions].filter((c): c is string => !!c && idx(c) < 0);
  if (!mapping.month || !mapping.feature) missing.unshift("(month and feature must be mapped)");
  if (missing.length) throw new ActualsFileError(messages.actualsCsvColumns("usage CSV", missing));
  if (!mapping.activeUsers && !mapping.userActions) throw new ActualsFileError(messages.usageMappingEmpty());
  const [iMonth, iFeature, iUsers, iActions] = [
    column(mapping.month),
    column(mapping.feature),
    column(mapping.activeUsers),
    column(mapping.userActions),
  ];

  const rows = new Map<string, { month: Month; feature: string; activeUsers: number | null; userActions: number | null; line: number }>();
  data.forEach((fields, i) => {
    const line = i + 2;
    if (fields.length !== header.length) throw new ActualsFileError(messages.actualsCsvShortRow(line, fields.length, header.length));
    const month = monthOfCsvDate(fields[iMonth]);
    if (!month)
      throw new ActualsFileError(
        messages.actualsField(`Line ${line}`, mapping.month, `must be a date like 2025-01-31; got '${fields[iMonth]}'`),
      );
    const feature = fields[iFeature].trim();
    if (!feature) throw new ActualsFileError(messages.actualsField(`Line ${line}`, mapping.feature, "is empty: name the feature"));
    const count = (at: number, name: string | undefined): number | null => {
      if (at < 0 || fields[at].trim() === "") return null;
      const n = looseNumber(fields[at]);
      if (!Number.isFinite(n) || n < 0)
        throw new ActualsFileError(messages.actualsField(`Line ${line}`, name!, `must be a count, 0 or more; got '${fields[at]}'`));
      return n;
    };
    const activeUsers = count(iUsers, mapping.activeUsers);
    const userActions = count(iActions, mapping.userActions);
    const before = rows.get(key(month, feature));
    if (!before) {
      rows.set(key(month, feature), { month, feature, activeUsers, userActions, line });
      return;
    }
    if (activeUsers !== null && before.activeUsers !== null) {
      throw new ActualsFileError(messages.usageDuplicateUsers(line, mapping.activeUsers!, month, feature, before.line));
    }
    before.activeUsers ??= activeUsers;
    before.userActions = userActions === null ? before.userActions : (before.userActions ?? 0) + userActions;
  });
  return {
    rows: [...rows.values()].map(({ month, feature, activeUsers, userActions }) => ({ month, feature, activeUsers, userActions })),
    recordsRead: data.length,
  };
}

/** The header of a usage CSV, for the mapping step. */
export function usageHeader(text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { preview: 1 });
  return (parsed.data[0] ?? []).map((h) => h.trim()).filter(Boolean);
}
