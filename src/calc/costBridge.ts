// Which driver moved (domain.md §9): a variance bridge from a forecast to an actual month of a
// feature's cost. Cost = user actions × calls per action × tokens per call × $ per 1M tokens ÷ 1M,
// a product of four drivers, so the logarithmic mean Divisia index (LMDI) splits actual − forecast
// into one $ effect per driver that add up to the total (to rounding), are 0 for a driver that did
// not move and do not depend on the order the drivers are taken in (unlike a sequential
// "change one at a time" bridge, whose effects change with the order).
import { invalid } from "./errors";
import { messages } from "./messages";
import { flatten, type RangeArg } from "./parallelRanges";
import { TOKENS_PER_MILLION, type Usd } from "./units";
import { isBlank, isErrorValue, toNumber, unwrap } from "./values";

/** The four drivers, in the order the arguments list them and the bridge spills them. */
export const BRIDGE_DRIVERS = [
  { key: "volume", label: "Volume", input: "user actions" },
  { key: "calls", label: "Calls per action", input: "calls per action" },
  { key: "tokens", label: "Tokens per call", input: "tokens per call" },
  { key: "price", label: "Price and mix", input: "$ per 1M tokens" },
] as const;

export type BridgeDriverKey = (typeof BRIDGE_DRIVERS)[number]["key"];

/** One month of a feature: user actions, calls per action, tokens per call, $ per 1M tokens (all > 0). */
export type BridgeDrivers = readonly [number, number, number, number];

export interface CostBridge {
  readonly forecastCost: Usd;
  readonly actualCost: Usd;
  /** actual − forecast. */
  readonly total: Usd;
  /** The $ effect of each driver, in BRIDGE_DRIVERS order. */
  readonly effects: readonly [Usd, Usd, Usd, Usd];
}

/** The header and the labels of the spilled table (units in the header). */
export const BRIDGE_HEADER = ["Driver", "$ effect", "Share of change"] as const;
export const BRIDGE_TOTAL_LABEL = "Total";

/** What COSTBRIDGE returns: the whole table, or one driver's (or the total's) $ effect. */
export const BRIDGE_OUTPUTS = ["table", ...BRIDGE_DRIVERS.map((d) => d.key), "total"] as const;
export type BridgeOutput = (typeof BRIDGE_OUTPUTS)[number];

/**
 * The four drivers of one argument: a row or a column of 4 cells, or an array constant. A blank
 * (web) or a 0 (an empty cell on desktop) is refused: a log bridge needs every driver above 0.
 */
export function parseBridgeDrivers(range: RangeArg, arg: string): BridgeDrivers {
  const value = unwrap(range);
  if (Array.isArray(value) && value.length > 1 && value.some((row) => Array.isArray(row) && row.length > 1)) {
    throw invalid(messages.bridgeShape(arg, `a ${value.length} × ${(value[0] as unknown[]).length} range`));
  }
  const cells = flatten(range);
  if (cells.length !== BRIDGE_DRIVERS.length)
    throw invalid(messages.bridgeShape(arg, `${cells.length} cell${cells.length === 1 ? "" : "s"}`));
  return cells.map((cell, i) => {
    const label = `${arg} ${BRIDGE_DRIVERS[i].input}`;
    if (!isErrorValue(cell) && isBlank(cell)) throw invalid(messages.bridgeMissing(label));
    const n = toNumber(cell, label);
    if (!(n > 0)) throw invalid(messages.bridgeNotPositive(label, n));
    return n;
  }) as unknown as BridgeDrivers;
}

/** $ cost of a month: actions × calls × tokens ÷ 1M × price (tokens divided first, as tokenCost does). */
export function bridgeCost([actions, calls, tokens, price]: BridgeDrivers): Usd {
  return (actions * calls * (tokens / TOKENS_PER_MILLION) * price) as Usd;
}

/**
 * ln(x1 ÷ x0), exactly 0 when the driver did not move. Close to 1, log1p of the relative change
 * keeps the digits ln(ratio) would lose; a ratio beyond a double (1e300 ÷ 1e-10) takes the logs apart.
 */
function logChange(x1: number, x0: number): number {
  if (x1 === x0) return 0;
  const ratio = x1 / x0;
  if (!(Number.isFinite(ratio) && ratio > 0)) return Math.log(x1) - Math.log(x0);
  return Math.abs(ratio - 1) < 0.5 ? Math.log1p((x1 - x0) / x0) : Math.log(ratio);
}

/** L(a, b) = (a − b) ÷ (ln a − ln b), L(a, a) = a. */
export function logMean(a: number, b: number): number {
  if (a === b) return a;
  return (a - b) / logChange(a, b);
}

/**
 * LMDI effects of any number of multiplicative factors: effect i = L(C₁, C₀) × ln(x₁ᵢ ÷ x₀ᵢ).
 * Each effect depends only on its own factor's change and on the two totals, hence the order
 * independence; Σ ln(x₁ᵢ ÷ x₀ᵢ) = ln(C₁ ÷ C₀), hence the exact sum.
 */
export function lmdiEffects(x0: readonly number[], x1: readonly number[], c0: number, c1: number): number[] {
  const weight = logMean(c1, c0);
  return x0.map((x, i) => weight * logChange(x1[i], x));
}

export function costBridge(forecast: BridgeDrivers, actual: BridgeDrivers): CostBridge {
  const forecastCost = bridgeCost(forecast);
  const actualCost = bridgeCost(actual);
  return {
    forecastCost,
    actualCost,
    total: (actualCost - forecastCost) as Usd,
    effects: lmdiEffects(forecast, actual, forecastCost, actualCost) as unknown as CostBridge["effects"],
  };
}

/**
 * Below this share of the larger cost a total is rounding noise (the drivers cancel): shares of
 * such a total would be meaningless millions of percent, so they are left blank, as for a total of 0.
 */
const NEGLIGIBLE_TOTAL = 1e-12;

/** Each effect as a share of the total; "" (blank) when the total is 0 or rounding noise. */
export function shareOfChange(effect: number, bridge: Pick<CostBridge, "total" | "forecastCost" | "actualCost">): number | "" {
  const scale = Math.max(bridge.forecastCost, bridge.actualCost);
  if (bridge.total === 0 || Math.abs(bridge.total) <= NEGLIGIBLE_TOTAL * scale) return "";
  return effect / bridge.total;
}

/** The spilled table: header, one row per driver, then the total (actual − forecast). */
export function bridgeTable(bridge: CostBridge): (string | number)[][] {
  return [
    [...BRIDGE_HEADER],
    ...BRIDGE_DRIVERS.map((d, i) => [d.label, bridge.effects[i], shareOfChange(bridge.effects[i], bridge)]),
    [BRIDGE_TOTAL_LABEL, bridge.total, shareOfChange(bridge.total, bridge)],
  ];
}

/** One cell of the bridge: a driver's $ effect or the total. */
export function bridgeValue(bridge: CostBridge, output: Exclude<BridgeOutput, "table">): Usd {
  if (output === "total") return bridge.total;
  return bridge.effects[BRIDGE_DRIVERS.findIndex((d) => d.key === output)];
}
