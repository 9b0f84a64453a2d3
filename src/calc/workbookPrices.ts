// How a workbook's own price rows become the prices formulas bill at (domain.md §8): the rows of
// AIECON_Prices (several per model when dated), with the long-context tiers of AIECON_PriceTiers
// laid over them, as one ModelPrice per model. Pure, so the functions' runtime and the sharing CLI
// layer a workbook's tables the same way.
import { normaliseModelName, type DatedPrice, type IsoDate, type ModelPrice, type PriceSource, type PriceTier } from "./prices";

/** One row of AIECON_PriceTiers: a model's rates above an input size. */
export interface TierRow {
  /** The model name as typed: it applies to every AIECON_Prices row of that name (any provider). */
  readonly model: string;
  readonly tier: PriceTier;
}

/** A row that could not be read: formulas naming its model must fail, never fall back to another price. */
export interface WithheldModel {
  readonly model: string;
  /** Only this provider's rows of the model; absent = every row of that name (a bad tier row). */
  readonly provider?: string;
}

export interface WorkbookPriceRows {
  /** Valid AIECON_Prices rows in table order. */
  readonly rows: readonly ModelPrice[];
  /** Valid AIECON_PriceTiers rows. */
  readonly tiers: readonly TierRow[];
  /** Models with a bad price or tier row: none of their rows is used. */
  readonly withheld?: readonly WithheldModel[];
  /** Where a tier row names a model the workbook has no row for: the bundled prices it replaces the tiers of. */
  readonly bundled?: PriceSource;
  /** The date whose row gives a dated model its listed (undated) fields: normally today. */
  readonly on: IsoDate;
}

const nameKey = (model: string) => normaliseModelName(model);
const modelKey = (row: { provider: string; model: string }) => `${normaliseModelName(row.provider)}/${nameKey(row.model)}`;

/** A model's tier rows, lowest threshold first; the rows replace every tier the model had. */
function tiersByModel(tiers: readonly TierRow[]): Map<string, PriceTier[]> {
  const byModel = new Map<string, PriceTier[]>();
  for (const { model, tier } of tiers) {
    const key = nameKey(model);
    if (!byModel.has(key)) byModel.set(key, []);
    byModel.get(key)!.push(tier);
  }
  for (const list of byModel.values()) list.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return byModel;
}

function withTiers<T extends ModelPrice | DatedPrice>(price: T, tiers: readonly PriceTier[] | undefined): T {
  if (!tiers) return price;
  return "model" in price ? { ...price, tiers, tiered: tiers.length > 0 } : { ...price, tiers };
}

const byDate = (a: ModelPrice, b: ModelPrice) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0);

/** Of one model's rows, the one in force on `on`: the latest dated on or before it (a blank date is
 * before all), else the earliest. */
function inForce(sorted: readonly ModelPrice[], on: IsoDate): ModelPrice {
  return sorted.filter((row) => !row.asOf || row.asOf <= on).pop() ?? sorted[0];
}

/** Of each model's rows (same provider and name), the one in force on `on`, in table order of each model's first row. */
export function rowsInForce(rows: readonly ModelPrice[], on: IsoDate): ModelPrice[] {
  const groups = new Map<string, ModelPrice[]>();
  for (const row of rows) {
    if (!groups.has(modelKey(row))) groups.set(modelKey(row), []);
    groups.get(modelKey(row))!.push(row);
  }
  return [...groups.values()].map((group) => inForce([...group].sort(byDate), on));
}

/**
 * One model's rows (same provider and name) as one price: a single row is that price at any date;
 * several are its dated prices, each from its "As of" (a blank one = since before the others), and
 * the listed fields are those of the row in force on `on` (the earliest when all are later).
 */
function datedModel(rows: readonly ModelPrice[], on: IsoDate): ModelPrice {
  if (rows.length === 1) return rows[0];
  const sorted = [...rows].sort(byDate);
  const versions: DatedPrice[] = sorted.map((row) => ({
    input: row.input,
    output: row.output,
    cachedInput: row.cachedInput,
    cacheWrite: row.cacheWrite,
    cacheWrite1h: row.cacheWrite1h ?? null,
    perThousandRequests: row.perThousandRequests,
    tiers: row.tiers ?? [],
    windows: row.windows ?? [],
    from: row.asOf || null,
  }));
  return { ...inForce(sorted, on), versions };
}

/**
 * The workbook's prices, one per model, in table order of each model's first row: dated rows become
 * the model's versions, tier rows replace the tiers of every row (and every dated price) of their
 * model's name, and a tier row naming a model the table lacks overrides the bundled model's tiers.
 * Withheld models are left out, so formulas naming them reach the rejection instead of a price.
 */
export function layerWorkbookPrices(input: WorkbookPriceRows): ModelPrice[] {
  const withheldNames = new Set<string>();
  const withheldKeys = new Set<string>();
  for (const w of input.withheld ?? []) {
    if (w.provider === undefined) withheldNames.add(nameKey(w.model));
    else withheldKeys.add(modelKey({ provider: w.provider, model: w.model }));
  }
  const tiers = tiersByModel(input.tiers);
  const groups = new Map<string, ModelPrice[]>();
  for (const row of input.rows) {
    if (withheldNames.has(nameKey(row.model)) || withheldKeys.has(modelKey(row))) continue;
    const key = modelKey(row);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(withTiers(row, tiers.get(nameKey(row.model))));
  }
  const layered = [...groups.values()].map((rows) => datedModel(rows, input.on));
  const named = new Set(input.rows.map((row) => nameKey(row.model)));
  for (const [name, list] of tiers) {
    if (named.has(name) || withheldNames.has(name)) continue;
    const bundled = input.bundled?.find(name);
    if (!bundled) continue;
    layered.push({
      ...withTiers(bundled, list),
      versions: bundled.versions?.map((v) => withTiers(v, list)),
    });
  }
  return layered;
}

