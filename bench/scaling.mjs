// How COSTTREE's time grows from 10,000 to 100,000 rows, measured so that noise on a busy 2-core
// machine does not decide the verdict:
// - the two sizes, and the floor (merely reading every cell of the same two ranges), are measured
//   interleaved, round by round, in alternating order, so a busy moment hits all four alike;
// - each batch does the same amount of work per size (10 × 10,000 rows vs 1 × 100,000 rows), and
//   each figure is the median over many rounds;
// - the verdict compares the evaluation's growth with the floor's growth measured in the same run:
//   100,000 rows no longer fit the processor's caches the way 10,000 do, so even reading the cells
//   grows by more than 10×, by an amount that varies from machine to machine and run to run.
// A linear evaluation grows like the floor; a quadratic step grows 100× and is far above it.

import { median, timeBatch } from "./timing.mjs";

/** Growth allowed over the same-run floor (or over 10×, linear, when the floor is below that). */
export const SLACK = 1.5;
/**
 * The most the limit can be, however slow the floor's reads were: with other processes thrashing
 * the shared caches the floor has measured above 25× here, while a linear evaluation stays near
 * 10–12×; a floor that high says the machine is busy, not that 30× growth is acceptable.
 */
export const MAX_LIMIT = 30;

/**
 * Median CPU ms per evaluation and per read of `small` and `large` (large has `factor` × the rows),
 * over `rounds` interleaved rounds after a warm-up.
 */
export function measureScaling({ evaluate, read, small, large, factor = 10, rounds = 15 }) {
  const batches = {
    evalSmall: () => timeBatch(() => evaluate(small), factor),
    evalLarge: () => timeBatch(() => evaluate(large), 1),
    readSmall: () => timeBatch(() => read(small), 20 * factor),
    readLarge: () => timeBatch(() => read(large), 20),
  };
  for (const batch of Object.values(batches)) batch(); // warm-up: JIT and caches settle
  const samples = { evalSmall: [], evalLarge: [], readSmall: [], readLarge: [] };
  const order = Object.keys(batches);
  for (let r = 0; r < rounds; r++) {
    for (const key of r % 2 ? [...order].reverse() : order) samples[key].push(batches[key]());
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const growth = m.evalLarge / m.evalSmall;
  const floor = m.readLarge / m.readSmall;
  const limit = Math.min(MAX_LIMIT, SLACK * Math.max(factor, floor));
  return { ...m, growth, floor, limit, ok: growth <= limit };
}

export function describeScaling(s) {
  return (
    `${s.evalLarge.toFixed(1)} ms ÷ ${s.evalSmall.toFixed(1)} ms = ${s.growth.toFixed(2)}× ` +
    `(need ≤ ${s.limit.toFixed(2)}: ${SLACK} × the floor of just reading the same ranges, ${s.floor.toFixed(2)}×, or of linear, 10×; at most ${MAX_LIMIT})`
  );
}

/**
 * `evaluate` with an injected quadratic step, for the self-test: per row, a linear scan over a
 * slice of the rows that grows with the tree (the classic accidental parent look-up by search),
 * sized so that at the small size it costs about `share` of the evaluation's own time (by default
 * as much again: a search for each step's parent through all rows would cost far more). At 10×
 * the rows it costs 100× as much, so the whole evaluation grows about 55× instead of 10×.
 */
export function withQuadraticStep(evaluate, { small, smallMs, share = 1 }) {
  const rows = small.length - 1;
  let sink = 0;
  /** The injected step on `range`, scanning `widthAtSmall × (its rows ÷ the small size's rows)` rows per row. */
  const step = (range, widthAtSmall) => {
    const n = range.length - 1;
    const width = Math.min(n, Math.max(1, Math.round((widthAtSmall * n) / rows)));
    for (let i = 1; i <= n; i++) {
      const parent = range[i][1];
      for (let j = 1; j <= width; j++) if (range[j][0] === parent) sink++;
    }
  };
  // Calibrate on this machine: time the step at a trial width (warm, in batches long enough for
  // the CPU clock's resolution), then scale the width to the share wanted.
  const trial = 50;
  let reps = 1;
  while (timeBatch(() => step(small, trial), reps) * reps < 50 && reps < 1e4) reps *= 2;
  const trialMs = median(Array.from({ length: 5 }, () => timeBatch(() => step(small, trial), reps)));
  const widthAtSmall = Math.max(1, Math.round((trial * share * smallMs) / Math.max(trialMs, 1e-3)));
  return (range) => {
    step(range, widthAtSmall);
    return evaluate(range) + (sink & 0);
  };
}
