// The price source the custom functions read. Bundled defaults until the workbook's own price
// table is loaded; the workbook layer swaps it in (and out) through setWorkbookPrices.
import { LayeredPriceSource, PriceTable, type ModelPrice, type PriceSource } from "../calc/prices";
import { DEFAULT_PRICE_TABLE } from "../data/defaultPrices";

let active: PriceSource = DEFAULT_PRICE_TABLE;

export function activePrices(): PriceSource {
  return active;
}

/** Rows from the workbook's AIECON_Prices table win over the bundled defaults; [] restores defaults. */
export function setWorkbookPrices(rows: readonly ModelPrice[]): void {
  if (rows.length === 0) {
    active = DEFAULT_PRICE_TABLE;
    return;
  }
  const asOf = rows.map((r) => r.asOf).filter(Boolean).sort()[0] ?? DEFAULT_PRICE_TABLE.asOf;
  active = new LayeredPriceSource([new PriceTable(rows, asOf), DEFAULT_PRICE_TABLE]);
}
