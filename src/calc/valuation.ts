// Gross margin and valuation (domain.md §5): at a constant gross-profit multiple, valuation is
// proportional to gross profit, so for the same revenue it moves in proportion to gross margin.
import { invalid } from "./errors";
import { messages } from "./messages";
import type { Fraction } from "./units";

/** Relative valuation change: after ÷ before − 1 (20% → 15% margin gives −0.25, a 25% lower valuation). */
export function valuationImpact(before: Fraction, after: Fraction): Fraction {
  if (before > 1) throw invalid(messages.marginAboveOne("gross_margin_before", before));
  if (after > 1) throw invalid(messages.marginAboveOne("gross_margin_after", after));
  if (!(before > 0)) throw invalid(messages.marginBeforeNotPositive(before));
  if (after < 0) throw invalid(messages.marginAfterNegative(after));
  return (after / before - 1) as Fraction;
}
