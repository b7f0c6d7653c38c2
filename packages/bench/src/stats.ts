/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/**
 * The p-th percentile (0..100) by the nearest-rank method: the smallest
 * value with at least p% of the values at or below it.
 */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    throw new Error('percentile of an empty list');
  }
  if (!(p >= 0 && p <= 100)) {
    throw new Error(`percentile must be within 0..100, got ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export async function timed<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}
