// The price source the custom functions read. Bundled defaults until the workbook's own price
// table is loaded; the workbook layer swaps it in (and out) through setWorkbookPrices.
import { invalid } from "../calc/errors";
import { LayeredPriceSource, PriceTable, normaliseModelName, type ModelPrice, type PriceSource } from "../calc/prices";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";

let active: PriceSource = DEFAULT_PRICE_TABLE;

export function activePrices(): PriceSource {
  return active;
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

/** Rows from the workbook's AIECON_Prices table win over the bundled defaults; [] restores defaults. */
export function setWorkbookPrices(rows: readonly ModelPrice[], rejected: readonly RejectedPriceRow[] = []): void {
  if (rows.length === 0 && rejected.length === 0) {
    active = DEFAULT_PRICE_TABLE;
    return;
  }
  const asOf = rows.map((r) => r.asOf).filter(Boolean).sort()[0] ?? DEFAULT_PRICE_TABLE.asOf;
  active = new LayeredPriceSource([new PriceTable(rows, asOf), new RejectedNames(rejected), DEFAULT_PRICE_TABLE]);
}
