// The models the feature form offers: the price table in use, the workbook's own rows first, then
// the bundled defaults the workbook does not override (as the functions look prices up).
import { normaliseModelName, type ModelPrice } from "../../../calc/prices";
import { featureStrings } from "./featureStrings";

export function modelChoices(workbookRows: readonly ModelPrice[], defaults: readonly ModelPrice[]): ModelPrice[] {
  const seen = new Set(workbookRows.map((r) => normaliseModelName(r.model)));
  return [...workbookRows, ...defaults.filter((r) => !seen.has(normaliseModelName(r.model)))];
}

export interface ModelFilter {
  readonly query?: string;
  readonly provider?: string;
  /** Context window at least this many tokens; models with no known window are left out. */
  readonly minContext?: number;
}

export function filterModels(choices: readonly ModelPrice[], filter: ModelFilter, limit = 30): ModelPrice[] {
  const q = (filter.query ?? "").trim().toLowerCase();
  const out: ModelPrice[] = [];
  for (const row of choices) {
    if (filter.provider && row.provider !== filter.provider) continue;
    if (filter.minContext && !(row.contextWindow !== null && row.contextWindow >= filter.minContext)) continue;
    if (q && !row.model.toLowerCase().includes(q) && !row.provider.toLowerCase().includes(q)) continue;
    out.push(row);
    if (out.length >= limit) break;
  }
  return out;
}

export function findModel(choices: readonly ModelPrice[], name: string): ModelPrice | undefined {
  const key = normaliseModelName(name);
  return choices.find((r) => normaliseModelName(r.model) === key);
}

const price = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });

/** What the pickers show beside a model's name: its provider and prices ($ per 1M tokens). */
export const modelDetail = (m: ModelPrice): string => featureStrings.modelOption(m.provider, price(m.input), price(m.output));
