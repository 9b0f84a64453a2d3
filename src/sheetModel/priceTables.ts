// Both price tables of one workbook as read together: AIECON_Prices and the AIECON_PriceTiers that
// replaces bundled tiers. What the price runtime holds and the pane shows; the workbook layer reads it.
import { NO_TIERS, type ParsedTierTable } from "./priceTierTable";
import type { ParsedTable } from "./priceTable";

export interface WorkbookTierTable extends ParsedTierTable {
  readonly exists: boolean;
}

export interface WorkbookPriceTable extends ParsedTable {
  readonly exists: boolean;
  /** AIECON_PriceTiers, read with it: the long-context tiers that replace the bundled ones. */
  readonly tiers: WorkbookTierTable;
}

export const NO_TIER_TABLE: WorkbookTierTable = { exists: false, ...NO_TIERS };
export const NO_PRICE_TABLE: WorkbookPriceTable = { exists: false, rows: [], problems: [], missingColumns: [], tiers: NO_TIER_TABLE };
