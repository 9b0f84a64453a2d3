// Users are a distribution (domain.md §4): a few power users can cost 50–100× an occasional user,
// so an average hides the margin-negative tail. The mix reports the blend and the tail together.
import { CalcError, invalid } from "./errors";
import { messages } from "./messages";
import { parallelEntries, type RangeArg } from "./parallelRanges";
import type { Fraction, UsdPerUserMonth } from "./units";
import { toNonNegative } from "./values";

export interface Segment {
  readonly costPerUser: UsdPerUserMonth;
  readonly users: number;
  readonly revenuePerUser: UsdPerUserMonth;
}

export interface UserMixResult {
  /** Σ cost × users ÷ Σ users: $ per active user per month. */
  readonly blendedCostPerUser: UsdPerUserMonth;
  /** Σ cost × users ÷ Σ revenue × users. */
  readonly costShareOfRevenue: Fraction;
  /** Users whose AI cost alone exceeds their revenue, as a share of all users. */
  readonly marginNegativeShare: Fraction;
}

export function parseSegments(costs: RangeArg, users: RangeArg, revenues: RangeArg): Segment[] {
  const names = ["cost_per_user_by_segment", "users_by_segment", "revenue_per_user_by_segment"];
  return parallelEntries([costs, users, revenues], names).map(({ index, cells }) => {
    try {
      return {
        costPerUser: toNonNegative(cells[0], names[0]) as UsdPerUserMonth,
        users: toNonNegative(cells[1], names[1]),
        revenuePerUser: toNonNegative(cells[2], names[2]) as UsdPerUserMonth,
      };
    } catch (e) {
      if (e instanceof CalcError) throw new CalcError(e.kind, messages.entryProblem(index, e.message));
      throw e;
    }
  });
}

export function userMix(segments: readonly Segment[]): UserMixResult {
  let users = 0;
  for (const s of segments) users += s.users;
  if (!(users > 0)) throw invalid(messages.mixNoUsers());
  // Weighted by each segment's share of users (≤ 1) rather than by head count, so cost × users
  // cannot overflow for a finite blend.
  let cost = 0;
  let revenue = 0;
  let negativeShare = 0;
  for (const s of segments) {
    const weight = s.users / users;
    cost += s.costPerUser * weight;
    revenue += s.revenuePerUser * weight;
    if (s.costPerUser > s.revenuePerUser) negativeShare += weight;
  }
  if (!(revenue > 0)) throw invalid(messages.mixNoRevenue());
  return {
    blendedCostPerUser: cost as UsdPerUserMonth,
    costShareOfRevenue: (cost / revenue) as Fraction,
    marginNegativeShare: negativeShare as Fraction,
  };
}

/** The labelled 3 × 2 table USERMIX spills: units in every label. */
export function userMixTable(result: UserMixResult): (string | number)[][] {
  return [
    ["Blended AI cost per active user ($ / user / month)", result.blendedCostPerUser],
    ["AI cost share of revenue (fraction, 0.01 = 1%)", result.costShareOfRevenue],
    ["Users who are margin-negative (fraction of users)", result.marginNegativeShare],
  ];
}
