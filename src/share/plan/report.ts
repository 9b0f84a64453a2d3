// What a conversion or a restore did, as the pane's Sharing tab and the aiecon-share CLI both show it.

export interface ShareReport {
  /** AIECON formulas now native formulas. */
  readonly formulas: number;
  /** AIECON calls written as their values with an "as of" note. */
  readonly values: number;
  readonly priceRowsAdded: number;
  /** One line per cell left as it was, and why. */
  readonly warnings: readonly string[];
}

export interface RestoreReport {
  readonly restored: number;
  /** Why what the conversion added to AIECON_Prices stays (one line), when it does. */
  readonly pricesKept?: string;
}
