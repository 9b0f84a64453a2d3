// What the actuals import writes where: the AIECON_Actuals and AIECON_FeatureMap tables' columns,
// the row each aggregated actual becomes, and the plan that replaces exactly the re-imported
// source × provider × month rows. Pure, so it is tested without Excel; actuals.ts does the I/O.
import { pricedUsd } from "../calc/actuals/priced";
import type { ActualRow, ActualsImport, Month } from "../calc/actuals/types";
import { messages } from "../calc/messages";
import type { PriceSource } from "../calc/prices";
import { excelDate } from "./classificationLayout";
import { asText, reprotect } from "./externalText";
import type { Cell } from "./priceTable";

export const ACTUALS_TABLE = "AIECON_Actuals";
export const ACTUALS_SHEET = "AI Actuals";
export const FEATURE_MAP_TABLE = "AIECON_FeatureMap";
export const FEATURE_MAP_SHEET = "AI Feature Map";
export const FEATURE_MAP_COLUMNS = ["Key", "Feature"] as const;

export const ACTUALS_COLUMNS = [
  "Month",
  "Provider",
  "Model",
  "Feature",
  "Input tokens",
  "Cached input tokens",
  "Output tokens",
  "Requests",
  "Billed $",
  "Priced $",
  "Source",
  "Imported on",
] as const;
export type ActualsColumn = (typeof ACTUALS_COLUMNS)[number];

export const ACTUALS_FORMATS: Record<ActualsColumn, string> = {
  Month: "mmm yyyy",
  Provider: "@",
  Model: "@",
  Feature: "@",
  "Input tokens": "#,##0",
  "Cached input tokens": "#,##0",
  "Output tokens": "#,##0",
  Requests: "#,##0",
  "Billed $": "$#,##0.00",
  "Priced $": "$#,##0.00",
  Source: "@",
  "Imported on": "yyyy-mm-dd",
};

/** `wanted`, or "wanted (2)", "wanted (3)"… when a sheet already has that name: nothing is overwritten. */
export function freeSheetName(taken: readonly string[], wanted: string): string {
  const lower = new Set(taken.map((n) => n.toLowerCase()));
  if (!lower.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) if (!lower.has(`${wanted} (${i})`.toLowerCase())) return `${wanted} (${i})`;
}

/** The first day of a "yyyy-mm" month as an Excel date serial: SUMIFS compares it to the forecast's month cells. */
export function monthSerial(month: Month): number {
  const [y, m] = month.split("-").map(Number);
  return excelDate(new Date(y, m - 1, 1));
}

/** "yyyy-mm" of a Month cell (a date serial, or text the user typed); "" when it is neither. */
export function monthOfCell(cell: Cell): Month {
  if (typeof cell === "number" && Number.isFinite(cell))
    return new Date(Date.UTC(1899, 11, 30) + Math.round(cell) * 86_400_000).toISOString().slice(0, 7);
  if (typeof cell === "string") return /^\d{4}-\d{2}/.exec(cell.trim())?.[0] ?? "";
  return "";
}

/** Where each of our columns is in the table as it now is (the user may reorder columns or add their own). */
export function locateActualsColumns(header: readonly Cell[]): Record<ActualsColumn, number> {
  const at = new Map(header.map((h, i) => [String(h ?? "").trim(), i] as const));
  const missing = ACTUALS_COLUMNS.filter((c) => !at.has(c));
  if (missing.length) throw new ActualsTableConflict(messages.actualsTableColumns(ACTUALS_COLUMNS));
  return Object.fromEntries(ACTUALS_COLUMNS.map((c) => [c, at.get(c)!])) as Record<ActualsColumn, number>;
}

/** The workbook refused a write; nothing was written. The message is for the user. */
export class ActualsTableConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ActualsTableConflict";
  }
}

/**
 * One table row, in ACTUALS_COLUMNS order. Missing numbers are blanks, not zeros: no request count is not zero requests.
 * Names come from the file, so they are written as text (a model named "=HYPERLINK(…)" stays that text).
 */
export function actualsRow(row: ActualRow, priced: number | null, importedOn: number): Cell[] {
  return [
    monthSerial(row.month),
    asText(row.provider),
    asText(row.model),
    asText(row.feature),
    // A cost export carries no tokens: blank, not 0 (an average of tokens must not count its rows).
    row.noTokens ? "" : row.inputTokens,
    row.noTokens ? "" : row.cachedInputTokens,
    row.noTokens ? "" : row.outputTokens,
    row.requests ?? "",
    row.billedUsd ?? "",
    priced ?? "",
    asText(row.source),
    importedOn,
  ];
}

const coverageKey = (source: string, provider: string, month: Month) => `${source}\u0001${provider}\u0001${month}`;

export interface ActualsPlan {
  /** The whole body as it should be afterwards (full width, the user's extra columns kept). */
  readonly body: Cell[][];
  /** Rows before this index are unchanged and are not written. */
  readonly firstChanged: number;
  readonly removed: number;
  readonly added: number;
  /** Model names that could not be priced (not in the price table), for the pane. */
  readonly unpriced: string[];
}

/**
 * Existing rows of a covered source × provider × month are dropped, every other row is kept in
 * its place, and the new rows are appended. `existing` holds the body's formulas, so a formula the
 * user put in an extra column survives being moved up; `existingValues` (the same cells' values)
 * tells text from formulas, so a kept text cell such as "=HYPERLINK(…)" is written back as text.
 */
export function planActuals(
  header: readonly Cell[],
  existing: readonly (readonly Cell[])[],
  imported: ActualsImport,
  prices: PriceSource,
  importedOn: number,
  existingValues: readonly (readonly Cell[])[] = existing,
): ActualsPlan {
  const at = locateActualsColumns(header);
  const covered = new Set(imported.coverage.map((c) => coverageKey(c.source, c.provider, c.month)));
  const kept: Cell[][] = [];
  let firstChanged = -1;
  existing.forEach((row, i) => {
    const key = coverageKey(String(row[at.Source] ?? ""), String(row[at.Provider] ?? ""), monthOfCell(row[at.Month]));
    if (covered.has(key)) {
      if (firstChanged < 0) firstChanged = i;
    } else kept.push(row.map((cell, j) => reprotect(cell, existingValues[i]?.[j] ?? cell)));
  });
  if (firstChanged < 0) firstChanged = existing.length;
  const unpriced = new Set<string>();
  const width = header.length;
  const added = imported.rows.map((row) => {
    const outcome = pricedUsd(row, prices);
    if (outcome.usd === null && outcome.reason === "unknown-model") unpriced.add(row.model);
    const values = actualsRow(row, outcome.usd, importedOn);
    const full: Cell[] = new Array(width).fill("");
    ACTUALS_COLUMNS.forEach((c, i) => (full[at[c]] = values[i]));
    return full;
  });
  return {
    body: [...kept, ...added],
    firstChanged,
    removed: existing.length - kept.length,
    added: added.length,
    unpriced: [...unpriced].sort(),
  };
}

/** key → feature from AIECON_FeatureMap's body; rows without a feature are keys still to be assigned. */
export function readFeatureMap(header: readonly Cell[], body: readonly (readonly Cell[])[]): Map<string, string> {
  const k = header.findIndex((h) => String(h ?? "").trim() === "Key");
  const f = header.findIndex((h) => String(h ?? "").trim() === "Feature");
  const map = new Map<string, string>();
  if (k < 0 || f < 0) return map;
  for (const row of body) {
    const key = String(row[k] ?? "").trim();
    const feature = String(row[f] ?? "").trim();
    if (key && feature && !map.has(key)) map.set(key, feature);
  }
  return map;
}

/** Keys this import could not place that the map does not list yet (a listed key with a blank feature stays as it is). Unprotected: asText when written. */
export function newMapKeys(imported: ActualsImport, mapBody: readonly (readonly Cell[])[], keyColumn = 0): string[] {
  const listed = new Set(
    mapBody.map((r) =>
      String(r[keyColumn] ?? "")
        .trim()
        .toLowerCase(),
    ),
  );
  return imported.unmapped.map((u) => u.key).filter((key) => !listed.has(key.toLowerCase()));
}
