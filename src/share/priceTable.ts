// The AIECON_Prices table as native formulas see it: the rows a converted workbook needs so every
// INDEX/MATCH lookup finds the same prices the add-in resolves.
import { normaliseModelName, type ModelPrice, type PriceSource } from "../calc/prices";
import type { UsdPerMillionTokens, UsdPerThousandRequests } from "../calc/units";
import { PRICE_COLUMNS, PRICE_COLUMN_ORDER, PRICE_TABLE_NAME } from "../sheetModel/priceTable";

// The table's name and headers have one home, shared with the pane: src/sheetModel/priceTable.ts
// (pure, no Excel API).
export { PRICE_TABLE_NAME };

/** The headers in table order: Model, Provider, Input $/1M, ... */
export const PRICE_TABLE_COLUMNS = PRICE_COLUMN_ORDER.map((c) => PRICE_COLUMNS[c]);

export type PriceColumn = (typeof PRICE_COLUMNS)[keyof typeof PRICE_COLUMNS];

/** The fee column, which tables written by older versions lack. */
export const REQUEST_FEE_COLUMN: PriceColumn = PRICE_COLUMNS.perThousandRequests;

export type PriceCell = string | number | null;

/** One table row for a model, listed under `name` (the name a formula looks it up by). */
export function priceRowCells(name: string, price: ModelPrice): PriceCell[] {
  return [
    name,
    price.provider,
    price.input,
    price.output,
    price.cachedInput,
    price.cacheWrite,
    price.perThousandRequests,
    price.contextWindow,
    price.asOf,
    price.source,
  ];
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string => (v === null || v === undefined ? "" : String(v).trim());

/**
 * Reads table rows (header first) back into prices, the way the add-in layers the workbook's
 * table over the bundled defaults. Rows without a model name or an input/output price are skipped.
 */
export function rowsFromTable(header: readonly unknown[], rows: readonly (readonly unknown[])[]): ModelPrice[] {
  const at = (col: PriceColumn) => header.findIndex((h) => str(h).toLowerCase() === col.toLowerCase());
  const idx = Object.fromEntries(PRICE_TABLE_COLUMNS.map((c) => [c, at(c)])) as Record<PriceColumn, number>;
  const cell = (row: readonly unknown[], col: PriceColumn) => (idx[col] >= 0 ? row[idx[col]] : null);
  const out: ModelPrice[] = [];
  for (const row of rows) {
    const model = str(cell(row, "Model"));
    const input = num(cell(row, "Input $/1M"));
    const output = num(cell(row, "Output $/1M"));
    if (!model || input === null || output === null) continue;
    const asOfCell = cell(row, "As of");
    out.push({
      model,
      provider: str(cell(row, "Provider")),
      input: input as UsdPerMillionTokens,
      output: output as UsdPerMillionTokens,
      cachedInput: num(cell(row, "Cached input $/1M")) as UsdPerMillionTokens | null,
      cacheWrite: num(cell(row, "Cache write $/1M")) as UsdPerMillionTokens | null,
      perThousandRequests: num(cell(row, "$ per 1K requests")) as UsdPerThousandRequests | null,
      contextWindow: num(cell(row, "Context window")),
      asOf: asOfCell instanceof Date ? asOfCell.toISOString().slice(0, 10) : str(asOfCell),
      source: "user",
      tiered: false,
    });
  }
  return out;
}

/**
 * Rows to append so that MATCH(name, AIECON_Prices[Model], 0) finds, for every name a converted
 * formula looks up, a row with the prices the add-in resolves for that name. A name the table
 * already lists is left alone (the add-in reads that very row first). Aliases and provider-
 * qualified names get a row under the name as written, since MATCH knows no aliases.
 * Names no source knows are skipped: the native formula then shows #N/A, as the add-in does.
 */
export function missingPriceRows(existingModels: readonly string[], names: Iterable<string>, prices: PriceSource): PriceCell[][] {
  const listed = new Set(existingModels.map(normaliseModelName));
  const rows: PriceCell[][] = [];
  for (const raw of names) {
    const name = raw.trim();
    const key = normaliseModelName(name);
    if (!key || listed.has(key)) continue;
    const price = prices.find(name);
    if (!price) continue;
    listed.add(key);
    rows.push(priceRowCells(name, price));
  }
  return rows;
}
