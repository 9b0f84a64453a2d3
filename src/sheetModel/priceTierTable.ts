// The AIECON_PriceTiers table: a model's long-context rates, one row per tier (domain.md §8), beside
// AIECON_Prices. Its name, its columns (headers defined here only) and what a valid tier row is, for
// the sheet and the pane alike. Pure: no Excel API here.
import { messages } from "../calc/messages";
import { normaliseModelName, type ModelPrice, type PriceTier } from "../calc/prices";
import type { TierRow } from "../calc/priceLayers";
import type { Tokens, UsdPerMillionTokens } from "../calc/units";
import { PRICE_COLUMNS, cellNumber, isBlankCell, parsePrice, type Cell, type RowProblem, type WritableCell } from "./priceTable";

export const TIER_TABLE_NAME = "AIECON_PriceTiers";
export const TIER_SHEET_NAME = "AI Price Tiers";

export const TIER_COLUMNS = {
  model: "Model",
  aboveInputTokens: "Above input tokens",
  input: PRICE_COLUMNS.input,
  output: PRICE_COLUMNS.output,
  cachedInput: PRICE_COLUMNS.cachedInput,
  cacheWrite: PRICE_COLUMNS.cacheWrite,
} as const;

export type TierColumn = keyof typeof TIER_COLUMNS;
export const TIER_COLUMN_ORDER = Object.keys(TIER_COLUMNS) as TierColumn[];
export const TIER_HEADERS: readonly string[] = TIER_COLUMN_ORDER.map((c) => TIER_COLUMNS[c]);

export const TIER_NUMBER_FORMATS: Record<TierColumn, string> = {
  model: "@",
  aboveInputTokens: "#,##0",
  input: "0.00####",
  output: "0.00####",
  cachedInput: "0.00####",
  cacheWrite: "0.00####",
};

export type TierColumnIndex = Record<TierColumn, number>;

/** Model + threshold, case-insensitive: the identity of a tier row. */
export function tierKey(model: string, above: number): string {
  return `${normaliseModelName(model)}>${above}`;
}
export const tierKeyOf = (row: TierRow): string => tierKey(row.model, row.aboveInputTokens);

export function toTierTableRow(row: TierRow): WritableCell[] {
  const cells: Record<TierColumn, WritableCell> = {
    model: row.model,
    aboveInputTokens: row.aboveInputTokens,
    input: row.input,
    output: row.output,
    cachedInput: row.cachedInput ?? "",
    cacheWrite: row.cacheWrite ?? "",
  };
  return TIER_COLUMN_ORDER.map((c) => cells[c]);
}

/** The tier rows that copy a price's tiers (what inserting the tables writes for a tiered model). */
export function tierRowsOf(price: ModelPrice): TierRow[] {
  return (price.tiers ?? []).map((tier) => ({ model: price.model, ...tier }));
}

export function locateTierColumns(header: readonly Cell[]): { columns: TierColumnIndex } | { missing: string[] } {
  const wanted = header.map((h) =>
    String(h ?? "")
      .trim()
      .toLowerCase(),
  );
  const columns = {} as TierColumnIndex;
  const missing: string[] = [];
  for (const c of TIER_COLUMN_ORDER) {
    columns[c] = wanted.indexOf(TIER_COLUMNS[c].toLowerCase());
    if (columns[c] < 0) missing.push(TIER_COLUMNS[c]);
  }
  return missing.length ? { missing } : { columns };
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

/** The whole tier table as range.values returns it: blank rows skipped, a repeated model + threshold refused. */
export function parseTierTable(header: readonly Cell[], body: readonly (readonly Cell[])[]): ParsedTierTable {
  const located = locateTierColumns(header);
  if ("missing" in located) return { ...NO_TIERS, missingColumns: located.missing };
  const { columns } = located;
  const rows: TierRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  body.forEach((cells, index) => {
    if (cells.every(isBlankCell)) return;
    const model = String(cells[columns.model] ?? "").trim();
    const fail = (problem: string) => problems.push({ index, model, message: messages.tierRowInvalid(index + 1, model, problem) });
    if (!model) return fail(messages.modelNameEmpty());
    const parsed = parseTierFields({
      aboveInputTokens: cells[columns.aboveInputTokens],
      input: cells[columns.input],
      output: cells[columns.output],
      cachedInput: cells[columns.cachedInput],
      cacheWrite: cells[columns.cacheWrite],
    });
    if ("errors" in parsed) return fail(Object.values(parsed.errors)[0]!);
    const key = tierKey(model, parsed.tier.aboveInputTokens);
    if (seen.has(key)) return fail(messages.tierDuplicate(model, parsed.tier.aboveInputTokens));
    seen.add(key);
    rows.push({ model, ...parsed.tier });
  });
  return { rows, problems, missingColumns: [] };
}
