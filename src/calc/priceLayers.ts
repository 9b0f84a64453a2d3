// The workbook's price rows as the engine bills them: rows with several dates become one model with
// dated prices, AIECON_PriceTiers rows give a model its tiers, and a row copied from the bundled
// table keeps what a flat row cannot hold (tiers, time-of-day windows, dated prices, the 1-hour write).
// Pure: the add-in's price runtime (src/runtime/priceRuntime.ts) and the sharing CLI both call
// layeredPrices, each with its own rows; neither swaps the other's prices.
import { invalid } from "./errors";
import {
  LayeredPriceSource,
  PriceTable,
  normaliseModelName,
  type DatedPrice,
  type IsoDate,
  type ModelPrice,
  type PriceSource,
  type PriceTier,
} from "./prices";

/** One AIECON_PriceTiers row: a whole call above `aboveInputTokens` input tokens is billed at these rates. */
export interface TierRow extends PriceTier {
  /** The model name as the AIECON_Prices row lists it. */
  readonly model: string;
}

const keyOf = (provider: string, model: string) => `${normaliseModelName(provider)}\u0000${normaliseModelName(model)}`;

/** Rates of a row as a dated price from `from`. */
function asDated(row: ModelPrice, from: IsoDate | null): DatedPrice {
  return {
    from,
    input: row.input,
    output: row.output,
    cachedInput: row.cachedInput,
    cacheWrite: row.cacheWrite,
    cacheWrite1h: row.cacheWrite1h ?? null,
    perThousandRequests: row.perThousandRequests,
    tiers: row.tiers ?? [],
    windows: row.windows ?? [],
  };
}

const sameRates = (a: ModelPrice, b: ModelPrice) =>
  a.input === b.input &&
  a.output === b.output &&
  a.cachedInput === b.cachedInput &&
  a.cacheWrite === b.cacheWrite &&
  (a.perThousandRequests ?? null) === (b.perThousandRequests ?? null);

/**
 * What a workbook row bills beyond its flat prices:
 * - a row with the bundled listing's prices (a copy of the default) bills as the bundled one does:
 *   its tiers, windows, dated prices and 1-hour cache write;
 * - an edited row keeps the bundled tiers (the provider's rule still applies to the new base), but
 *   neither the bundled windows nor dates, which described the old price.
 * AIECON_PriceTiers rows for the model then replace its tiers, as AIECON_Prices rows replace prices.
 */
function withBilling(row: ModelPrice, bundled: PriceSource | undefined, tiers: readonly PriceTier[] | undefined): ModelPrice {
  let found: ModelPrice | undefined;
  try {
    found = bundled?.find(`${row.provider}/${row.model}`) ?? bundled?.find(row.model);
  } catch {
    found = undefined;
  }
  const copy = found && normaliseModelName(found.provider) === normaliseModelName(row.provider) && sameRates(found, row);
  const inherited: Partial<ModelPrice> = copy
    ? {
        tiers: found!.tiers,
        windows: found!.windows,
        versions: found!.versions,
        from: found!.from,
        cacheWrite1h: found!.cacheWrite1h ?? null,
      }
    : found
      ? { tiers: found.tiers }
      : {};
  const own = tiers ? { tiers: [...tiers].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) } : {};
  const billed: ModelPrice = { ...row, ...inherited, ...own };
  // A tier table for a dated model applies to each of its dated prices.
  const versions = tiers && billed.versions ? billed.versions.map((v) => ({ ...v, tiers: own.tiers })) : billed.versions;
  return { ...billed, versions, tiered: (billed.tiers ?? []).length > 0, conditional: (billed.windows ?? []).length > 0 };
}

/**
 * The workbook's rows (AIECON_Prices, in table order) and tier rows (AIECON_PriceTiers) as rows a
 * PriceTable resolves:
 * - rows of one model (same provider and name) with different `asOf` dates become one row whose
 *   `versions` are their prices, each in force from its As of; the one in force on `pricingDate`
 *   (the latest dated on or before it, else the earliest) gives the row its own fields;
 * - see withBilling for tiers, windows and what a row copied from `bundled` keeps.
 * Rows are returned in the order of each model's first row.
 */
export function layerWorkbookPrices(
  rows: readonly ModelPrice[],
  tierRows: readonly TierRow[],
  bundled: PriceSource | undefined,
  pricingDate: IsoDate,
): ModelPrice[] {
  const tiersByModel = new Map<string, PriceTier[]>();
  for (const { model, ...tier } of tierRows) {
    const key = normaliseModelName(model);
    tiersByModel.set(key, [...(tiersByModel.get(key) ?? []), tier]);
  }
  const groups = new Map<string, ModelPrice[]>();
  for (const row of rows) {
    const key = keyOf(row.provider, row.model);
    const group = groups.get(key) ?? [];
    // Two rows of one model with the same date: the first one listed wins, as a name's first row always has.
    if (!group.some((other) => other.asOf === row.asOf)) groups.set(key, [...group, row]);
  }
  return [...groups.values()].map((group) => {
    const tiers = tiersByModel.get(normaliseModelName(group[0].model));
    if (group.length === 1) return withBilling(group[0], bundled, tiers);
    const dated = group.map((row) => withBilling(row, bundled, tiers)).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
    const versions = dated.map((row, i) => asDated(row, i === 0 ? null : row.asOf));
    const current = dated.filter((row) => row.asOf <= pricingDate).pop() ?? dated[0];
    return { ...current, from: versions[dated.indexOf(current)].from, versions };
  });
}

/** A workbook row that cannot be read (e.g. a price typed as text): formulas naming its model get
 * the row's problem as #VALUE!, never the bundled default's price in its place. */
export interface RejectedPriceRow {
  readonly model: string;
  readonly message: string;
}

class RejectedNames implements PriceSource {
  readonly asOf = "";
  private readonly byName: Map<string, string>;
  constructor(rejected: readonly RejectedPriceRow[]) {
    this.byName = new Map(rejected.filter((r) => r.model.trim()).map((r) => [normaliseModelName(r.model), r.message]));
  }
  find(name: string): ModelPrice | undefined {
    const message = this.byName.get(normaliseModelName(name));
    if (message) throw invalid(message);
    return undefined;
  }
}

export interface PriceLayerOptions {
  /** Rows that could not be read: their models fail with the row's problem instead of falling through. */
  readonly rejected?: readonly RejectedPriceRow[];
  /** The bundled prices, below the workbook's rows (and what a copied row bills like). */
  readonly defaults: PriceTable;
  /** The date whose row stands for a dated model in the table; the defaults' date when not given. */
  readonly pricingDate?: IsoDate;
}

/**
 * The prices formulas resolve for a workbook: its AIECON_Prices rows (dated rows layered, see
 * layerWorkbookPrices) and AIECON_PriceTiers rows over the rejected names over the defaults. No rows
 * and nothing rejected: the defaults themselves.
 */
export function layeredPrices(rows: readonly ModelPrice[], tiers: readonly TierRow[], options: PriceLayerOptions): PriceSource {
  const { rejected = [], defaults, pricingDate = defaults.asOf } = options;
  if (rows.length === 0 && rejected.length === 0) return defaults;
  const layered = layerWorkbookPrices(rows, tiers, defaults, pricingDate);
  const asOf =
    layered
      .map((r) => r.asOf)
      .filter(Boolean)
      .sort()[0] ?? defaults.asOf;
  return new LayeredPriceSource([new PriceTable(layered, asOf), new RejectedNames(rejected), defaults]);
}
