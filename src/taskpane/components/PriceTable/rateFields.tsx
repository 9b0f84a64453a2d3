// The four token rates both price forms ask for ($ per 1M tokens), two to a row: the price editor
// for a model's own rates, the tier form for the rates above a tier's threshold.
import type { ReactElement } from "react";
import { strings } from "../../strings";

type RateField = "input" | "output" | "cachedInput" | "cacheWrite";

export function rateFields(field: (name: RateField, label: string, hint?: string) => ReactElement, pairClassName: string): ReactElement {
  return (
    <>
      <div className={pairClassName}>
        {field("input", strings.fieldInput)}
        {field("output", strings.fieldOutput)}
      </div>
      <div className={pairClassName}>
        {field("cachedInput", strings.fieldCachedInput, strings.optional)}
        {field("cacheWrite", strings.fieldCacheWrite, strings.optional)}
      </div>
    </>
  );
}
