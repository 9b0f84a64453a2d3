// Binary search over numbers in ascending order, as the patcher's edits (rowEdits.ts) and the
// dependents analysis (dependents.ts) keep rows and formula runs: typed arrays, often with room
// kept beyond their length.

/** The first index below `length` whose number is at least `x` (`length` when none is). */
export function firstAtLeast(sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
