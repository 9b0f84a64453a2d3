// The price source the custom functions read. Bundled defaults until the workbook's own price
// table is loaded; the workbook layer swaps it in (and out) through setWorkbookPrices.
//
// In Excel the runtime loader (src/workbook/priceRuntime.ts) holds the functions that need a price
// until the workbook's AIECON_Prices table has been read once (holdPricesUntil): until then they
// return a Promise, so no cell is ever computed with a default the workbook overrides. Without a
// host (unit tests, a plain browser) nothing holds them and the defaults are in force at once.
import { CalcError, invalid, notAvailable } from "../calc/errors";
import { messages } from "../calc/messages";
import { layerWorkbookPrices, type TierRow } from "../calc/priceLayers";
import { LayeredPriceSource, PriceTable, normaliseModelName, type IsoDate, type ModelPrice, type PriceSource } from "../calc/prices";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";

let active: PriceSource = DEFAULT_PRICE_TABLE;

export function activePrices(): PriceSource {
  return active;
}

/** The first load of the workbook's table while it runs; undefined once it has finished. */
let firstLoad: Promise<void> | undefined;
/** Set when the first load failed: the next function call needing prices tries it again. */
let failedLoad: (() => Promise<void>) | undefined;

/**
 * Holds every function that needs a price until `load` (reading the workbook's table) finishes. When
 * it fails, the waiting cells show #N/A saying so, and the next call needing prices tries again.
 */
export function holdPricesUntil(load: () => Promise<void>): Promise<void> {
  failedLoad = undefined;
  const attempt: Promise<void> = load().then(
    () => {
      if (firstLoad === attempt) firstLoad = undefined;
    },
    (error: unknown) => {
      if (firstLoad === attempt) firstLoad = undefined;
      failedLoad = load;
      if (error instanceof CalcError) throw error;
      // Office.js errors are not always instances of this realm's Error: read their message.
      const message = (error as { message?: unknown } | null)?.message;
      const reason = (typeof message === "string" ? message : String(error)).replace(/\s+/g, " ");
      throw notAvailable(messages.pricesUnavailable(reason));
    },
  );
  attempt.catch(() => undefined); // reported through the waiting cells, not as an unhandled rejection
  firstLoad = attempt;
  return attempt;
}

/** True while the functions needing prices wait for the workbook's table. */
export function pricesPending(): boolean {
  return firstLoad !== undefined;
}

/**
 * Runs `body` with the prices in force: at once once the workbook's table is loaded, otherwise as a
 * Promise that settles after the load. The declared type stays `T` on purpose: Excel accepts a
 * Promise from any custom function, and the result's declared shape (a number, a spilled matrix)
 * is what functions.json is generated from. `excel()` settles and checks such a Promise.
 */
export function withPrices<T>(body: (prices: PriceSource) => T): T {
  if (!firstLoad && failedLoad) holdPricesUntil(failedLoad);
  const waiting = firstLoad;
  if (!waiting) return body(active);
  return waiting.then(() => body(active)) as unknown as T;
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

/**
 * Rows from the workbook's AIECON_Prices table win over the bundled defaults; [] restores defaults.
 * `tiers` (AIECON_PriceTiers rows) give the models they name their tiers; several rows of one model
 * with different As of dates are its dated prices, the one in force on `pricingDate` standing for the
 * model in the table (see layerWorkbookPrices). A row copied from the bundled table bills as the
 * bundled model does (tiers, time-of-day windows, dated prices).
 */
export function setWorkbookPrices(
  rows: readonly ModelPrice[],
  rejected: readonly RejectedPriceRow[] = [],
  tiers: readonly TierRow[] = [],
  pricingDate: IsoDate = DEFAULT_PRICE_TABLE.asOf,
): void {
  if (rows.length === 0 && rejected.length === 0) {
    active = DEFAULT_PRICE_TABLE;
    return;
  }
  const layered = layerWorkbookPrices(rows, tiers, DEFAULT_PRICE_TABLE, pricingDate);
  const asOf =
    layered
      .map((r) => r.asOf)
      .filter(Boolean)
      .sort()[0] ?? DEFAULT_PRICE_TABLE.asOf;
  active = new LayeredPriceSource([new PriceTable(layered, asOf), new RejectedNames(rejected), DEFAULT_PRICE_TABLE]);
}
