// Cost per user as a curve over tenure (domain.md §4): context (conversation history, user memory)
// accumulates, so every interaction carries more tokens the longer a user stays. Summarisation caps
// the context, which turns the curve flat per month and the cumulative cost back to linear.
//
// The model, stated once (the function help and docs/scenarios.md repeat it):
//   tokens per interaction in month m  T(m) = base + growth × (m − 1), capped at `cap` when given
//   cost per interaction in month m    c(m) = c(1) × T(m) ÷ base
//   cost per user in month m           u(m) = c(m) × interactions per month
// Cost is taken as proportional to tokens at the month-1 blend of input and output prices; the
// added context is input, so when input is cheaper than output this slightly overstates growth.
import { invalid } from "./errors";
import { messages } from "./messages";
import type { InteractionsPerMonth, Tokens, UsdPerInteraction, UsdPerUserMonth } from "./units";

/** A century of months: far beyond any planning horizon, small enough to spill without harm. */
export const MAX_CURVE_MONTHS = 1200;

export interface TenureCurveInput {
  readonly months: number;
  readonly costPerInteractionMonth1: UsdPerInteraction;
  readonly interactionsPerMonth: InteractionsPerMonth;
  /** Tokens added to every interaction's context per month of tenure. */
  readonly contextGrowthPerMonth: Tokens;
  /** Summarisation: an interaction never carries more than this many tokens. */
  readonly contextCap?: Tokens;
  /** Tokens per interaction in month 1; needed whenever tokens change over the curve. */
  readonly tokensPerInteraction?: Tokens;
}

export function checkMonths(months: number): number {
  if (!Number.isInteger(months) || months < 1 || months > MAX_CURVE_MONTHS) {
    throw invalid(messages.monthsRange(months, MAX_CURVE_MONTHS));
  }
  return months;
}

/** Tokens per interaction in each month 1..N (T(m) above). */
export function tokensByMonth(months: number, base: Tokens, growth: Tokens, cap?: Tokens): Tokens[] {
  const out: Tokens[] = [];
  for (let m = 1; m <= months; m++) {
    const grown = base + growth * (m - 1);
    out.push((cap === undefined ? grown : Math.min(grown, cap)) as Tokens);
  }
  return out;
}

/** $ per user in each month of tenure 1..N (u(m) above). */
export function costCurve(input: TenureCurveInput): UsdPerUserMonth[] {
  const months = checkMonths(input.months);
  const { costPerInteractionMonth1: c1, interactionsPerMonth: n, contextGrowthPerMonth: growth, contextCap: cap } = input;
  const base = input.tokensPerInteraction;
  if (base === undefined || base === 0) {
    // Without a month-1 token count there is nothing to scale from: only a flat curve is defined.
    if (growth > 0) throw invalid(messages.curveBaseTokensRequired("context_growth_per_month is above 0"));
    if (cap !== undefined) throw invalid(messages.curveBaseTokensRequired("context_cap_tokens is given"));
    return Array.from({ length: months }, () => (c1 * n) as UsdPerUserMonth);
  }
  if (cap !== undefined && cap < base) throw invalid(messages.curveCapBelowBase(cap, base));
  // The token ratio first: c1 × tokens could overflow where c1 × (tokens ÷ base) does not.
  return tokensByMonth(months, base, growth, cap).map((tokens) => (c1 * (tokens / base) * n) as UsdPerUserMonth);
}
