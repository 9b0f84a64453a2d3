// Self-hosted inference (domain.md §7): what a GPU-hour buys in tokens decides the price per token,
// which is why a pricier chip with more throughput can be cheaper per token.
import { invalid } from "./errors";
import { messages } from "./messages";
import { TOKENS_PER_MILLION, type Fraction, type UsdPerMillionTokens } from "./units";

const SECONDS_PER_HOUR = 3600;

/** Utilisation is the share of paid GPU time spent serving tokens: above 0, at most 1. */
export function checkUtilisation(utilisation: number): Fraction {
  if (!(utilisation > 0 && utilisation <= 1)) throw invalid(messages.utilisationRange(utilisation));
  return utilisation as Fraction;
}

/** $ per 1M tokens = hourly price ÷ (tokens per second × 3,600 × utilisation) × 1,000,000. */
export function gpuCostPerMillionTokens(hourlyUsd: number, tokensPerSecond: number, utilisation: Fraction): UsdPerMillionTokens {
  const used = checkUtilisation(utilisation);
  // Ratios first, so no intermediate product overflows where the result itself is finite.
  return (((hourlyUsd / tokensPerSecond) * (TOKENS_PER_MILLION / SECONDS_PER_HOUR)) / used) as UsdPerMillionTokens;
}
