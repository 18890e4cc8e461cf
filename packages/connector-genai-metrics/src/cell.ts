import type { Attributes } from '@opentelemetry/api';

/**
 * Layout of an accumulation (a Float64Array): count, sum, min, max, then one count per bucket.
 * A sum uses only count (how many adds: a series is reported once it has any) and sum.
 */
export const COUNT = 0;
export const SUM = 1;
export const MIN = 2;
export const MAX = 3;
export const BUCKETS = 4;

export function emptyAccumulation(buckets: number): Float64Array {
  const a = new Float64Array(BUCKETS + buckets);
  a[MIN] = Number.POSITIVE_INFINITY;
  a[MAX] = Number.NEGATIVE_INFINITY;
  return a;
}

function reset(a: Float64Array): void {
  a.fill(0);
  a[MIN] = Number.POSITIVE_INFINITY;
  a[MAX] = Number.NEGATIVE_INFINITY;
}

function mergeInto(into: Float64Array, from: Float64Array): void {
  into[COUNT] = into[COUNT]! + from[COUNT]!;
  into[SUM] = into[SUM]! + from[SUM]!;
  if (from[MIN]! < into[MIN]!) into[MIN] = from[MIN]!;
  if (from[MAX]! > into[MAX]!) into[MAX] = from[MAX]!;
  for (let i = BUCKETS; i < from.length; i++) into[i] = into[i]! + from[i]!;
}

/** Index of the bucket of `v`: the first upper bound ≥ v (as the metrics SDK), or the last. */
function bucketOf(bounds: readonly number[], v: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bounds[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One series of one metric: its attributes (built once, shared by every span of the series) and
 * its accumulations. The span's path writes only `now`, in place; a collection (`seal`) moves it
 * into the running `total` (cumulative readers) and into each delta reader's `pending`.
 */
export class Cell {
  readonly attrs: Attributes;
  readonly boundaries: readonly number[];
  /** Wall-clock ms of the first value: the start of the cumulative stream. */
  readonly startMs: number;
  readonly now: Float64Array;
  readonly total: Float64Array;
  /** By delta-reader slot: what that reader has not reported yet. */
  readonly pending: (Float64Array | undefined)[] = [];

  constructor(attrs: Attributes, boundaries: readonly number[], startMs: number) {
    this.attrs = attrs;
    this.boundaries = boundaries;
    this.startMs = startMs;
    const buckets = boundaries.length === 0 ? 0 : boundaries.length + 1;
    this.now = emptyAccumulation(buckets);
    this.total = emptyAccumulation(buckets);
  }

  /** A histogram observation (NaN is ignored, as the SDK does). */
  record(v: number): void {
    if (Number.isNaN(v)) return;
    const a = this.now;
    a[COUNT] = a[COUNT]! + 1;
    a[SUM] = a[SUM]! + v;
    if (v < a[MIN]!) a[MIN] = v;
    if (v > a[MAX]!) a[MAX] = v;
    const i = BUCKETS + bucketOf(this.boundaries, v);
    a[i] = a[i]! + 1;
  }

  /** A counter increment. */
  add(v: number): void {
    const a = this.now;
    a[COUNT] = a[COUNT]! + 1;
    a[SUM] = a[SUM]! + v;
  }

  /** Moves what came since the last collection into the total and the open delta slots. */
  seal(open: readonly boolean[]): void {
    const now = this.now;
    if (now[COUNT] === 0) return;
    mergeInto(this.total, now);
    for (let s = 0; s < open.length; s++) {
      if (!open[s]) continue;
      let p = this.pending[s];
      if (p === undefined) {
        p = emptyAccumulation(now.length - BUCKETS);
        this.pending[s] = p;
      }
      mergeInto(p, now);
    }
    reset(now);
  }

  /** Empties a delta slot once reported. */
  clearPending(slot: number): void {
    const p = this.pending[slot];
    if (p !== undefined) reset(p);
  }

  dropSlot(slot: number): void {
    this.pending[slot] = undefined;
  }
}
