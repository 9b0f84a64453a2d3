// What the usage import writes where: the AIECON_Usage table (Month | Feature | Active users | User
// actions) and the plan that replaces exactly the re-imported month × feature rows. Pure, so it is
// tested without Excel; usage.ts does the I/O.
import type { UsageImport } from "../calc/actuals/usage";
import type { Month } from "../calc/actuals/types";
import { messages } from "../calc/messages";
import { ActualsTableConflict, monthOfCell, monthSerial } from "./actualsLayout";
import { equalsCriterionOf } from "./formula";
import { asText } from "./externalText";
import type { Cell } from "./priceTable";

export const USAGE_TABLE = "AIECON_Usage";
export const USAGE_SHEET = "AI Usage";
export const USAGE_COLUMNS = ["Month", "Feature", "Active users", "User actions"] as const;
export type UsageColumn = (typeof USAGE_COLUMNS)[number];
export const USAGE_FORMATS: Record<UsageColumn, string> = {
  Month: "mmm yyyy",
  Feature: "@",
  "Active users": "#,##0",
  "User actions": "#,##0",
};

/** A feature cell's text as written (with its protecting apostrophe) or as Excel reads it back (without). */
const unprotected = (text: string) => (text.startsWith("'") && asText(text.slice(1)) === text ? text.slice(1) : text);
const coverageKey = (month: Month, feature: string) => `${month}\u0001${unprotected(feature.trim()).toLowerCase()}`;

export function locateUsageColumns(header: readonly Cell[]): Record<UsageColumn, number> {
  const at = new Map(header.map((h, i) => [String(h ?? "").trim(), i] as const));
  if (USAGE_COLUMNS.some((c) => !at.has(c))) throw new ActualsTableConflict(messages.usageTableColumns(USAGE_COLUMNS));
  return Object.fromEntries(USAGE_COLUMNS.map((c) => [c, at.get(c)!])) as Record<UsageColumn, number>;
}

export interface UsagePlan {
  readonly body: Cell[][];
  readonly firstChanged: number;
  readonly removed: number;
  readonly added: number;
}

/**
 * Rows of a month × feature the import covers are dropped, every other row keeps its place, and the
 * import's rows are appended, so importing the same file twice leaves the same table. `formulas` is
 * the body as R1C1 formulas (a user's formula in their own column survives moving up) and `values`
 * its values: a Feature cell whose formula text is its value is text, and is protected again, since
 * reading a quote-prefixed cell's formula drops the apostrophe (office-js #6687).
 */
export function planUsage(
  header: readonly Cell[],
  formulas: readonly (readonly Cell[])[],
  values: readonly (readonly Cell[])[],
  imported: UsageImport,
): UsagePlan {
  const at = locateUsageColumns(header);
  const covered = new Set(imported.rows.map((r) => coverageKey(r.month, r.feature)));
  const kept: Cell[][] = [];
  let firstChanged = -1;
  formulas.forEach((row, i) => {
    const value = values[i]?.[at.Feature];
    if (covered.has(coverageKey(monthOfCell(values[i]?.[at.Month] ?? row[at.Month]), String(value ?? "")))) {
      if (firstChanged < 0) firstChanged = i;
      return;
    }
    const copy = [...row];
    if (typeof value === "string" && row[at.Feature] === value) copy[at.Feature] = asText(value);
    kept.push(copy);
  });
  if (firstChanged < 0) firstChanged = formulas.length;
  const added = imported.rows.map((r) => {
    const full: Cell[] = new Array(header.length).fill("");
    full[at.Month] = monthSerial(r.month);
    full[at.Feature] = asText(r.feature);
    full[at["Active users"]] = r.activeUsers ?? "";
    full[at["User actions"]] = r.userActions ?? "";
    return full;
  });
  return { body: [...kept, ...added], firstChanged, removed: formulas.length - kept.length, added: added.length };
}

/** Active users of a feature (the text in `featureCell`) in a month (the date serial in `monthCell`), from AIECON_Usage. */
export function usageActiveUsersFormula(monthCell: string, featureCell: string): string {
  return `SUMIFS(${USAGE_TABLE}[Active users],${USAGE_TABLE}[Month],${monthCell},${USAGE_TABLE}[Feature],${equalsCriterionOf(featureCell)})`;
}
