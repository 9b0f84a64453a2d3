// CPU-time measurement shared by the benchmarks: medians of timed batches, after a warm-up.

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * CPU ms used by this process: unlike wall time, it does not count time the OS gave other
 * processes. The kernel accounts it in ticks, so every batch below runs for tens of milliseconds.
 */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Median CPU ms per call of fn over `batches` batches of `n` calls. */
export function timePerCall(fn, n, batches = 7) {
  for (let i = 0; i < n; i++) fn(i); // warm-up: let the JIT settle before measuring
  const samples = [];
  for (let b = 0; b < batches; b++) samples.push(timeBatch(fn, n));
  return median(samples);
}

/** CPU ms per call of one batch of n calls. */
export function timeBatch(fn, n) {
  // Start each batch with an empty heap so one batch does not pay for the previous one's garbage.
  globalThis.gc?.();
  const t0 = cpuMs();
  for (let i = 0; i < n; i++) fn(i);
  return (cpuMs() - t0) / n;
}
