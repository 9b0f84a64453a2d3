// Which of a model's dated price rows is its price on a date (domain.md §8: a price applies from its
// date until the next). Pure; calc/priceLayers.ts turns the rows into the model's dated prices.
import { normaliseModelName, type IsoDate, type ModelPrice } from "./prices";

const modelKey = (row: ModelPrice) => `${normaliseModelName(row.provider)}/${normaliseModelName(row.model)}`;
const byDate = (a: ModelPrice, b: ModelPrice) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0);

/**
 * Of each model's rows (same provider and name), the one in force on `on`: the latest dated on or
 * before it (a blank date is before all), else the earliest; in table order of each model's first row.
 */
export function rowsInForce(rows: readonly ModelPrice[], on: IsoDate): ModelPrice[] {
  const groups = new Map<string, ModelPrice[]>();
  for (const row of rows) {
    if (!groups.has(modelKey(row))) groups.set(modelKey(row), []);
    groups.get(modelKey(row))!.push(row);
  }
  return [...groups.values()].map((group) => {
    const sorted = [...group].sort(byDate);
    return sorted.filter((row) => !row.asOf || row.asOf <= on).pop() ?? sorted[0];
  });
}
