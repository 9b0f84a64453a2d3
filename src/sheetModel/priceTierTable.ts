// The AIECON_PriceTiers table: a model's long-context rates, one row per tier (domain.md §8), beside
// AIECON_Prices. Its name, its columns (headers defined here only) and what a valid tier row is, for
// the sheet and the pane alike. Pure: no Excel API here.
import { messages } from "../calc/messages";
import { normaliseModelName, type IsoDate, type ModelPrice, type PriceTier } from "../calc/prices";
import { NO_TIERS_ABOVE, isNoTiersRow, type TierRow } from "../calc/priceLayers";
import type { Tokens, UsdPerMillionTokens } from "../calc/units";
import {
  PRICE_COLUMNS,
  cellNumber,
  isBlankCell,
  locateByHeader,
  parseAsOf,
  parsePrice,
  type Cell,
  type RowProblem,
  type WritableCell,
} from "./priceTable";

export const TIER_TABLE_NAME = "AIECON_PriceTiers";
export const TIER_SHEET_NAME = "AI Price Tiers";

export const TIER_COLUMNS = {
  model: "Model",
  asOf: PRICE_COLUMNS.asOf,
  aboveInputTokens: "Above input tokens",
  input: PRICE_COLUMNS.input,
  output: PRICE_COLUMNS.output,
  cachedInput: PRICE_COLUMNS.cachedInput,
  cacheWrite: PRICE_COLUMNS.cacheWrite,
} as const;

export type TierColumn = keyof typeof TIER_COLUMNS;
/** Columns a table written by an older version lacks: it keeps working (every row from the start). */
export const OPTIONAL_TIER_COLUMNS: readonly TierColumn[] = ["asOf"];
export const TIER_COLUMN_ORDER = Object.keys(TIER_COLUMNS) as TierColumn[];
export const TIER_HEADERS: readonly string[] = TIER_COLUMN_ORDER.map((c) => TIER_COLUMNS[c]);

export const TIER_NUMBER_FORMATS: Record<TierColumn, string> = {
  model: "@",
  asOf: "yyyy-mm-dd",
  aboveInputTokens: "#,##0",
  input: "0.00####",
  output: "0.00####",
  cachedInput: "0.00####",
  cacheWrite: "0.00####",
};

/** Where each of our columns sits; -1 for an optional column the table lacks. */
export type TierColumnIndex = Record<TierColumn, number>;

/** Model + As of + threshold, case-insensitive: the identity of a tier row ("none" for a row saying the model has no tiers). */
export function tierKey(model: string, above: number, asOf: IsoDate = ""): string {
  return `${normaliseModelName(model)}@${asOf}>${Number.isFinite(above) ? above : "none"}`;
}
export const tierKeyOf = (row: TierRow): string => tierKey(row.model, row.aboveInputTokens, row.asOf ?? "");

/** A row saying `model` has no tiers from `asOf` on (threshold and rates blank in the sheet). */
export function noTiersRow(model: string, asOf: IsoDate): TierRow {
  return {
    model,
    asOf,
    aboveInputTokens: NO_TIERS_ABOVE,
    input: 0 as UsdPerMillionTokens,
    output: 0 as UsdPerMillionTokens,
    cachedInput: null,
    cacheWrite: null,
  };
}

export function toTierTableRow(row: TierRow): WritableCell[] {
  const none = isNoTiersRow(row);
  const cells: Record<TierColumn, WritableCell> = {
    model: row.model,
    asOf: row.asOf ?? "",
    aboveInputTokens: none ? "" : row.aboveInputTokens,
    input: none ? "" : row.input,
    output: none ? "" : row.output,
    cachedInput: none ? "" : (row.cachedInput ?? ""),
    cacheWrite: none ? "" : (row.cacheWrite ?? ""),
  };
  return TIER_COLUMN_ORDER.map((c) => cells[c]);
}

/**
 * The tier rows that copy a price's tiers (what inserting the tables writes for a tiered model): for a
 * model with dated prices, each dated price's tiers from its date (blank for the first), and a row
 * saying "no tiers" from the date a price without tiers follows one with them.
 */
export function tierRowsOf(price: ModelPrice): TierRow[] {
  const versions = price.versions ?? [];
  if (versions.length < 2) return (price.tiers ?? []).map((tier) => ({ model: price.model, asOf: "", ...tier }));
  const rows: TierRow[] = [];
  let tieredBefore = false;
  for (const version of versions) {
    const asOf = version.from ?? "";
    const tiers = version.tiers ?? [];
    if (tiers.length) rows.push(...tiers.map((tier) => ({ model: price.model, asOf, ...tier })));
    else if (tieredBefore) rows.push(noTiersRow(price.model, asOf));
    tieredBefore = tiers.length > 0;
  }
  return rows;
}

export function locateTierColumns(header: readonly Cell[]): { columns: TierColumnIndex } | { missing: string[] } {
  return locateByHeader(header, TIER_COLUMN_ORDER, TIER_COLUMNS, OPTIONAL_TIER_COLUMNS);
}

/** A tier's fields as cells or pane inputs hold them. */
export interface TierFieldCells {
  readonly aboveInputTokens: Cell | undefined;
  readonly input: Cell | undefined;
  readonly output: Cell | undefined;
  readonly cachedInput: Cell | undefined;
  readonly cacheWrite: Cell | undefined;
}

export type TierFieldErrors = Partial<Record<keyof TierFieldCells, string>>;

function parseThreshold(cell: Cell | undefined): { value: Tokens } | { problem: string } {
  const n = cellNumber(cell);
  return Number.isInteger(n) && n > 0 ? { value: n as Tokens } : { problem: messages.tierThresholdInvalid(cell ?? "") };
}

/** A tier's threshold and rates, from the sheet or the pane: the same rules either way, errors in column order. */
export function parseTierFields(cells: TierFieldCells): { tier: PriceTier } | { errors: TierFieldErrors } {
  const errors: TierFieldErrors = {};
  const above = parseThreshold(cells.aboveInputTokens);
  if ("problem" in above) errors.aboveInputTokens = above.problem;
  const rate = (key: "input" | "output" | "cachedInput" | "cacheWrite", required: boolean): UsdPerMillionTokens | null => {
    const parsed = parsePrice(cells[key], TIER_COLUMNS[key], required);
    if ("problem" in parsed) {
      errors[key] = parsed.problem;
      return null;
    }
    return parsed.value;
  };
  const input = rate("input", true);
  const output = rate("output", true);
  const cachedInput = rate("cachedInput", false);
  const cacheWrite = rate("cacheWrite", false);
  if (Object.keys(errors).length > 0 || !("value" in above)) return { errors };
  return { tier: { aboveInputTokens: above.value, input: input!, output: output!, cachedInput, cacheWrite, cacheWrite1h: null } };
}

export interface ParsedTierTable {
  readonly rows: readonly TierRow[];
  readonly problems: readonly RowProblem[];
  readonly missingColumns: readonly string[];
}

export const NO_TIERS: ParsedTierTable = { rows: [], problems: [], missingColumns: [] };

/** An As of cell: a date (a date cell or text yyyy-mm-dd), or blank for "from the start". */
function parseTierAsOf(cell: Cell | undefined): { value: IsoDate } | { problem: string } {
  if (isBlankCell(cell)) return { value: "" };
  const date = parseAsOf(cell ?? null);
  return date ? { value: date } : { problem: messages.tierAsOfInvalid(cell) };
}

const RATE_COLUMNS = ["aboveInputTokens", "input", "output", "cachedInput", "cacheWrite"] as const;

/**
 * The whole tier table as range.values returns it: blank rows skipped, a repeated model + As of +
 * threshold refused. A row with a model and its threshold and rates blank says the model has no
 * tiers from its As of (it ends earlier dated tiers). With `listed` (the AIECON_Prices rows), a row for
 * a model none of them lists is flagged, worded as every bad row is but marked `unused`: it holds
 * nothing back, since tier rows apply only to the models the price table lists.
 */
export function parseTierTable(
  header: readonly Cell[],
  body: readonly (readonly Cell[])[],
  listed?: readonly Pick<ModelPrice, "model">[],
): ParsedTierTable {
  const listedNames = listed && new Set(listed.map((r) => normaliseModelName(r.model)));
  const located = locateTierColumns(header);
  if ("missing" in located) return { ...NO_TIERS, missingColumns: located.missing };
  const { columns } = located;
  const rows: TierRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const cell = (cells: readonly Cell[], c: TierColumn) => (columns[c] < 0 ? null : cells[columns[c]]);
  body.forEach((cells, index) => {
    if (cells.every(isBlankCell)) return;
    const model = String(cells[columns.model] ?? "").trim();
    const fail = (problem: string) => problems.push({ index, model, message: messages.tierRowInvalid(index + 1, model, problem) });
    if (!model) return fail(messages.modelNameEmpty());
    const accept = (row: TierRow) => {
      rows.push(row);
      if (listedNames && !listedNames.has(normaliseModelName(model))) {
        problems.push({
          index,
          model,
          message: messages.tierRowInvalid(index + 1, model, messages.tierModelNotListed(model)),
          unused: true,
        });
      }
    };
    const asOf = parseTierAsOf(cell(cells, "asOf"));
    if ("problem" in asOf) return fail(asOf.problem);
    const dated = (key: string) => `${normaliseModelName(model)}@${asOf.value}${key}`;
    if (RATE_COLUMNS.every((c) => isBlankCell(cell(cells, c)))) {
      if (seen.has(dated(">")) || seen.has(dated("none"))) return fail(messages.tierNoTiersMixed(model, asOf.value));
      seen.add(dated("none"));
      accept(noTiersRow(model, asOf.value));
      return;
    }
    const parsed = parseTierFields({
      aboveInputTokens: cell(cells, "aboveInputTokens"),
      input: cell(cells, "input"),
      output: cell(cells, "output"),
      cachedInput: cell(cells, "cachedInput"),
      cacheWrite: cell(cells, "cacheWrite"),
    });
    if ("errors" in parsed) return fail(Object.values(parsed.errors)[0]!);
    if (seen.has(dated("none"))) return fail(messages.tierNoTiersMixed(model, asOf.value));
    const key = tierKey(model, parsed.tier.aboveInputTokens, asOf.value);
    if (seen.has(key)) return fail(messages.tierDuplicate(model, parsed.tier.aboveInputTokens, asOf.value));
    seen.add(key);
    seen.add(dated(">"));
    accept({ model, asOf: asOf.value, ...parsed.tier });
  });
  return { rows, problems, missingColumns: [] };
}
