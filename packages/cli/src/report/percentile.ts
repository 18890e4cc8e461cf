/**
 * Nearest-rank percentile: the smallest value such that at least `q` of the values are at or
 * below it, i.e. the value at 1-based rank ⌈q·n⌉ of the sorted values. Every result is a value
 * that was actually measured (no interpolation), so a p99 over 10 calls is the slowest call.
 * `undefined` for no values.
 */
export function percentile(sortedAscending: readonly number[], q: number): number | undefined {
  const n = sortedAscending.length;
  if (n === 0) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil(q * n)));
  return sortedAscending[rank - 1];
}

export interface Percentiles {
  p50: number | undefined;
  p95: number | undefined;
  p99: number | undefined;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  return { p50: percentile(arr, 0.5), p95: percentile(arr, 0.95), p99: percentile(arr, 0.99) };
}
