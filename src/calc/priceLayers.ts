// The workbook's price rows as the engine bills them: rows with several dates become one model with
// dated prices, AIECON_PriceTiers rows give a model its tiers (dated like price rows), and a row copied
// from the bundled table keeps what a flat row cannot hold (tiers, time-of-day windows, dated prices,
// the 1-hour write). Pure: the add-in's price runtime (src/runtime/priceRuntime.ts) and the sharing CLI
// both call layeredPrices, each with its own rows; neither swaps the other's prices.
import { priceOn } from "./billing";
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
import type { Tokens } from "./units";

/** One AIECON_PriceTiers row: a whole call above `aboveInputTokens` input tokens is billed at these rates. */
export interface TierRow extends PriceTier {
  /** The model name as the AIECON_Prices row lists it. */
  readonly model: string;
  /** First day the row applies (yyyy-mm-dd); "" or absent = from the start, before any dated row. */
  readonly asOf?: IsoDate;
}

/**
 * The threshold of a tier row that says "no tiers from this date" (its threshold and rates blank in
 * the sheet): no call is above it, so it can never bill; it only ends the model's earlier tiers.
 */
export const NO_TIERS_ABOVE = Number.POSITIVE_INFINITY as Tokens;
export const isNoTiersRow = (row: Pick<TierRow, "aboveInputTokens">): boolean => !Number.isFinite(row.aboveInputTokens);

/** A model's tiers from a date on: the tier rows sharing one As of. */
interface TierSet {
  readonly from: IsoDate | null;
  readonly tiers: readonly PriceTier[];
}

const keyOf = (provider: string, model: string) => `${normaliseModelName(provider)}\u0000${normaliseModelName(model)}`;
const byThreshold = (a: PriceTier, b: PriceTier) => a.aboveInputTokens - b.aboveInputTokens;
/** null (from the start) before every date. */
const byFrom = (a: IsoDate | null, b: IsoDate | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);

/** One model's tier rows as tier sets by date, oldest first. */
function tierTimeline(rows: readonly TierRow[]): TierSet[] {
  const byDate = new Map<IsoDate | null, PriceTier[]>();
  for (const { model: _model, asOf, ...tier } of rows) {
    const from = asOf || null;
    const set = byDate.get(from) ?? [];
    if (!isNoTiersRow(tier)) set.push(tier);
    byDate.set(from, set);
  }
  return [...byDate].map(([from, tiers]) => ({ from, tiers: [...tiers].sort(byThreshold) })).sort((a, b) => byFrom(a.from, b.from));
}

/** Of dated items, oldest first, the latest starting on or before `date` (null: the start); undefined when all start later. */
function inForce<T extends { readonly from: IsoDate | null }>(items: readonly T[], date: IsoDate | null): T | undefined {
  let chosen: T | undefined;
  for (const item of items) if (byFrom(item.from, date) <= 0) chosen = item;
  return chosen;
}

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

const sameRates = (a: Omit<DatedPrice, "from">, b: ModelPrice) =>
  a.input === b.input &&
  a.output === b.output &&
  a.cachedInput === b.cachedInput &&
  a.cacheWrite === b.cacheWrite &&
  (a.perThousandRequests ?? null) === (b.perThousandRequests ?? null);

/** A workbook row with what it bills beyond its flat prices, and the day its price starts. */
interface Billed {
  readonly row: ModelPrice;
  /** The bundled price it copies starts earlier than the row's As of (the day it was taken): that day. */
  readonly startsOn?: IsoDate;
}

/**
 * What a workbook row bills beyond its flat prices, from the bundled price in force on the row's date:
 * - a copy of the bundled listing's current price bills as the bundled one does: its tiers, windows,
 *   dated prices and 1-hour cache write;
 * - a copy of one of its dated prices bills as that price (its tiers, windows, 1-hour write), from
 *   that price's start;
 * - an edited row keeps the tiers of the bundled price in force on its date (the provider's rule
 *   still applies to the new base), but neither the bundled windows nor dates, which described the old price.
 */
function withBilling(row: ModelPrice, bundled: PriceSource | undefined): Billed {
  let found: ModelPrice | undefined;
  try {
    found = bundled?.find(`${row.provider}/${row.model}`) ?? bundled?.find(row.model);
  } catch {
    found = undefined;
  }
  const billed = (extra: Partial<ModelPrice>, startsOn?: IsoDate): Billed => {
    const merged: ModelPrice = { ...row, ...extra };
    return {
      row: { ...merged, tiered: (merged.tiers ?? []).length > 0, conditional: (merged.windows ?? []).length > 0 },
      startsOn,
    };
  };
  if (!found) return billed({});
  const sameProvider = normaliseModelName(found.provider) === normaliseModelName(row.provider);
  const then = priceOn(found, row.asOf);
  const copiesThen = sameProvider && sameRates(then, row);
  if (sameProvider && sameRates(found, row)) {
    const own = copiesThen ? then : found;
    return billed(
      { tiers: own.tiers, windows: own.windows, versions: found.versions, from: found.from, cacheWrite1h: own.cacheWrite1h ?? null },
      own.from ?? undefined,
    );
  }
  if (copiesThen) {
    return billed({ tiers: then.tiers, windows: then.windows, cacheWrite1h: then.cacheWrite1h ?? null }, then.from ?? undefined);
  }
  return billed({ tiers: then.tiers });
}

/**
 * A model's dated prices with its tier sets laid over them: at each date either changes, the price
 * in force then with the tiers in force then (before the first tier set, the price's own tiers).
 */
function withTierSets(price: ModelPrice, sets: readonly TierSet[], pricingDate: IsoDate): ModelPrice {
  const own = price.versions?.length ? price.versions : [asDated(price, null)];
  const starts = [...new Set([null, ...own.map((v) => v.from), ...sets.map((s) => s.from)])].sort(byFrom);
  const versions: DatedPrice[] = starts.map((from) => {
    const version = inForce(own, from) ?? own[0];
    return { ...version, from, tiers: inForce(sets, from)?.tiers ?? version.tiers ?? [] };
  });
  const current = inForce(versions, pricingDate) ?? versions[0];
  const tiers = current.tiers ?? [];
  return { ...price, versions: versions.length > 1 ? versions : price.versions, tiers, tiered: tiers.length > 0 };
}

/**
 * The workbook's rows (AIECON_Prices, in table order) and tier rows (AIECON_PriceTiers) as rows a
 * PriceTable resolves:
 * - rows of one model (same provider and name) with different `asOf` dates become one row whose
 *   `versions` are their prices, each in force from its As of (a copy of a bundled dated price from
 *   that price's own start, when no other row of the model is dated in between); the one in force on
 *   `pricingDate` (the latest dated on or before it, else the earliest) gives the row its own fields;
 * - a model's tier rows replace its tiers, each As of like a price row's: a dated price bills the tier
 *   rows with the latest As of on or before its date; before the first, the tiers it has without them;
 * - see withBilling for tiers, windows and what a row copied from `bundled` keeps.
 * Rows are returned in the order of each model's first row.
 */
export function layerWorkbookPrices(
  rows: readonly ModelPrice[],
  tierRows: readonly TierRow[],
  bundled: PriceSource | undefined,
  pricingDate: IsoDate,
): ModelPrice[] {
  const tierRowsByModel = new Map<string, TierRow[]>();
  for (const row of tierRows) {
    const key = normaliseModelName(row.model);
    tierRowsByModel.set(key, [...(tierRowsByModel.get(key) ?? []), row]);
  }
  const groups = new Map<string, ModelPrice[]>();
  for (const row of rows) {
    const key = keyOf(row.provider, row.model);
    const group = groups.get(key) ?? [];
    // Two rows of one model with the same date: the first one listed wins, as a name's first row always has.
    if (!group.some((other) => other.asOf === row.asOf)) groups.set(key, [...group, row]);
  }
  return [...groups.values()].map((group) => {
    const sets = tierTimeline(tierRowsByModel.get(normaliseModelName(group[0].model)) ?? []);
    const layered = group.length === 1 ? withBilling(group[0], bundled).row : datedModel(group, bundled, pricingDate);
    return sets.length ? withTierSets(layered, sets, pricingDate) : layered;
  });
}

/** Several rows of one model as one row with dated prices (see layerWorkbookPrices). */
function datedModel(group: readonly ModelPrice[], bundled: PriceSource | undefined, pricingDate: IsoDate): ModelPrice {
  const dated = group
    .map((row) => withBilling(row, bundled))
    .sort((a, b) => (a.row.asOf < b.row.asOf ? -1 : a.row.asOf > b.row.asOf ? 1 : 0));
  const starts = dated.map(({ row, startsOn }, i) => {
    if (i === 0) return null;
    const previous = dated[i - 1].row.asOf;
    return startsOn !== undefined && startsOn > previous && startsOn < row.asOf ? startsOn : row.asOf;
  });
  const versions = dated.map(({ row }, i) => asDated(row, starts[i]));
  const i = versions.indexOf(inForce(versions, pricingDate) ?? versions[0]);
  return { ...dated[i].row, from: versions[i].from, versions };
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
