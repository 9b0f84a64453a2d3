// AIECON variance functions (domain.md §9): which driver moved between a forecast and an actual
// month. Thin wrappers like functions.ts: coerce the arguments, call src/calc, map failures to the
// Excel error that carries a message.
import { BRIDGE_OUTPUTS, bridgeTable, bridgeValue, costBridge, parseBridgeDrivers } from "../calc/costBridge";
import { toChoice } from "../calc/values";
import { excel } from "./excelErrors";

/**
 * Variance bridge from forecast to actual cost: the $ effect of volume, calls per action, tokens per call and price and mix.
 * @customfunction COSTBRIDGE
 * @remarks Cost = user actions × calls per action × tokens per call × $ per 1M tokens ÷ 1,000,000. The bridge splits actual − forecast with the logarithmic mean Divisia index: effect of a driver = L(actual cost, forecast cost) × ln(actual driver ÷ forecast driver), with L(a, b) = (a − b) ÷ (ln a − ln b). The effects add up to the total, a driver that did not move gives 0, and the order of the drivers does not matter.
 *
 * Example: forecast {10000, 2, 3000, 5} ($300), actual {12000, 3, 3300, 4} ($475.20): Volume +69.45, Calls per action +154.45, Tokens per call +36.30, Price and mix −85.00, Total +175.20.
 *
 * Share of change is each effect ÷ the total; it is blank when the total is 0 (nothing moved, or the drivers cancel exactly). Every driver must be above 0: a log bridge takes logarithms. Give output a driver name for that driver's $ effect alone (a single number, which Prepare for sharing turns into a native LN formula).
 * @param forecast The forecast month: user actions, calls per action, tokens per call, $ per 1M tokens. A row or column of 4 cells, or {10000,2,3000,5}.
 * @param actual The actual month, the same 4 drivers in the same order: user actions, calls per action, tokens per call, $ per 1M tokens.
 * @param [output] "table" (default) spills Driver | $ effect | Share of change. "volume", "calls", "tokens", "price" or "total": that $ effect alone.
 * @returns Spills 6 rows × 3 columns: header, Volume, Calls per action, Tokens per call, Price and mix ($ effect, share of change), Total (actual − forecast $).
 */
export function costBridgeFn(forecast: any[][], actual: any[][], output?: any): any[][] {
  return excel(() => {
    const mode = toChoice(output, "output", BRIDGE_OUTPUTS, "table");
    const bridge = costBridge(parseBridgeDrivers(forecast, "forecast"), parseBridgeDrivers(actual, "actual"));
    return mode === "table" ? bridgeTable(bridge) : [[bridgeValue(bridge, mode)]];
  });
}
