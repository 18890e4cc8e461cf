/**
 * Histograms → CloudWatch distributions. Explicit-bucket and exponential points become the same
 * `Buckets` shape; from there either a statistic set or, when exact buckets are wanted
 * (`detailed_metrics`), `Values`/`Counts` with one representative value per occupied bucket.
 */
import type { ExponentialHistogram, Histogram } from '@opentelemetry/sdk-metrics';
import { LIMITS } from './names.js';
import type { Buckets, Distribution } from './values.js';

/** The occupied buckets of an explicit-bucket histogram, or undefined when it counted nothing. */
export function explicitBuckets(h: Histogram): Buckets | undefined {
  const { boundaries, counts } = h.buckets;
  const lo: number[] = [];
  const hi: number[] = [];
  const occupied: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c <= 0) continue;
    lo.push(i === 0 ? Number.NEGATIVE_INFINITY : (boundaries[i - 1] as number));
    hi.push(i >= boundaries.length ? Number.POSITIVE_INFINITY : (boundaries[i] as number));
    occupied.push(c);
  }
  return finish(h.count, h.sum, h.min, h.max, lo, hi, occupied);
}

/** The occupied buckets of an exponential histogram (negative, zero, positive: ascending). */
export function exponentialBuckets(h: ExponentialHistogram): Buckets | undefined {
  const base = 2 ** (2 ** -h.scale);
  const lo: number[] = [];
  const hi: number[] = [];
  const occupied: number[] = [];
  const neg = h.negative.bucketCounts;
  for (let j = neg.length - 1; j >= 0; j--) {
    const c = neg[j] ?? 0;
    if (c <= 0) continue;
    const index = h.negative.offset + j;
    lo.push(-(base ** (index + 1)));
    hi.push(-(base ** index));
    occupied.push(c);
  }
  if (h.zeroCount > 0) {
    lo.push(0);
    hi.push(0);
    occupied.push(h.zeroCount);
  }
  const pos = h.positive.bucketCounts;
  for (let j = 0; j < pos.length; j++) {
    const c = pos[j] ?? 0;
    if (c <= 0) continue;
    const index = h.positive.offset + j;
    lo.push(base ** index);
    hi.push(base ** (index + 1));
    occupied.push(c);
  }
  return finish(h.count, h.sum, h.min, h.max, lo, hi, occupied);
}

function finish(
  count: number,
  sum: number | undefined,
  min: number | undefined,
  max: number | undefined,
  lo: number[],
  hi: number[],
  counts: number[],
): Buckets | undefined {
  if (!(count > 0) || counts.length === 0) return undefined;
  // Without recorded min/max (recordMinMax: false), the occupied buckets bound them.
  let lowest = isFiniteNumber(min) ? min : finiteOr(lo[0] as number, hi[0] as number);
  let highest = isFiniteNumber(max)
    ? max
    : finiteOr(hi[hi.length - 1] as number, lo[lo.length - 1] as number);
  for (let i = 0; i < lo.length; i++) {
    lo[i] = clamp(lo[i] as number, lowest, highest);
    hi[i] = clamp(hi[i] as number, lowest, highest);
  }
  let total = sum;
  if (!isFiniteNumber(total)) {
    total = 0;
    for (let i = 0; i < counts.length; i++) {
      total += (((lo[i] as number) + (hi[i] as number)) / 2) * (counts[i] as number);
    }
  }
  // CloudWatch rejects a set whose mean lies outside [Min, Max]; estimates can get there.
  const mean = total / count;
  if (mean < lowest) lowest = mean;
  if (mean > highest) highest = mean;
  return { count, sum: total, min: lowest, max: highest, lo, hi, counts };
}

/**
 * The distribution(s) to send: one statistic set, or `Values`/`Counts` split into chunks of at
 * most 100 buckets (each chunk is its own EMF value: count, min and max of its buckets, and the
 * share of the sum its values carry, so the chunks add up to the point).
 */
export function toDistributions(b: Buckets, detailed: boolean, scale = 1): Distribution[] {
  if (!detailed) {
    return [{ Max: b.max * scale, Min: b.min * scale, Count: b.count, Sum: b.sum * scale }];
  }
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < b.counts.length; i++) {
    const v = (((b.lo[i] as number) + (b.hi[i] as number)) / 2) * scale;
    const c = b.counts[i] as number;
    // CloudWatch wants each value once; clipped neighbours can meet at min or max.
    if (values.length > 0 && values[values.length - 1] === v) counts[counts.length - 1]! += c;
    else {
      values.push(v);
      counts.push(c);
    }
  }
  const per = LIMITS.valuesPerMetric;
  if (values.length <= per) {
    return [
      {
        Values: values,
        Counts: counts,
        Max: b.max * scale,
        Min: b.min * scale,
        Count: b.count,
        Sum: b.sum * scale,
      },
    ];
  }
  let weightTotal = 0;
  for (let i = 0; i < values.length; i++)
    weightTotal += (values[i] as number) * (counts[i] as number);
  const out: Distribution[] = [];
  for (let start = 0; start < values.length; start += per) {
    const v = values.slice(start, start + per);
    const c = counts.slice(start, start + per);
    let n = 0;
    let weight = 0;
    for (let i = 0; i < v.length; i++) {
      n += c[i] as number;
      weight += (v[i] as number) * (c[i] as number);
    }
    const share = weightTotal !== 0 ? weight / weightTotal : n / b.count;
    const first = start === 0;
    const last = start + per >= values.length;
    out.push({
      Values: v,
      Counts: c,
      Max: last ? b.max * scale : (v[v.length - 1] as number),
      Min: first ? b.min * scale : (v[0] as number),
      Count: n,
      Sum: b.sum * scale * share,
    });
  }
  return out;
}

/**
 * `cur − prev` for cumulative explicit-bucket points of one series, or undefined when the series
 * was reset (a count went down or the boundaries changed): then `cur` is the delta.
 * Min and max are cumulative in OTel; the interval's own extreme is exact when it moved, and
 * otherwise bounded by the occupied delta buckets (see `finish`).
 */
export function subtractExplicit(cur: Histogram, prev: Histogram): Histogram | undefined {
  const a = cur.buckets;
  const b = prev.buckets;
  if (cur.count < prev.count || !sameNumbers(a.boundaries, b.boundaries)) return undefined;
  const counts: number[] = new Array(a.counts.length);
  for (let i = 0; i < a.counts.length; i++) {
    const d = (a.counts[i] ?? 0) - (b.counts[i] ?? 0);
    if (d < 0) return undefined;
    counts[i] = d;
  }
  return {
    buckets: { boundaries: a.boundaries, counts },
    count: cur.count - prev.count,
    sum: cur.sum !== undefined && prev.sum !== undefined ? cur.sum - prev.sum : undefined,
    min: movedDown(cur.min, prev.min),
    max: movedUp(cur.max, prev.max),
  } as Histogram;
}

/** `cur − prev` for cumulative exponential points (aligned to the coarser scale), or undefined on reset. */
export function subtractExponential(
  cur: ExponentialHistogram,
  prev: ExponentialHistogram,
): ExponentialHistogram | undefined {
  if (cur.count < prev.count || cur.zeroCount < prev.zeroCount) return undefined;
  const scale = Math.min(cur.scale, prev.scale);
  const positive = subtractRange(
    rescale(cur.positive, cur.scale - scale),
    rescale(prev.positive, prev.scale - scale),
  );
  const negative = subtractRange(
    rescale(cur.negative, cur.scale - scale),
    rescale(prev.negative, prev.scale - scale),
  );
  if (!positive || !negative) return undefined;
  return {
    count: cur.count - prev.count,
    sum: cur.sum !== undefined && prev.sum !== undefined ? cur.sum - prev.sum : undefined,
    scale,
    zeroCount: cur.zeroCount - prev.zeroCount,
    positive,
    negative,
    min: movedDown(cur.min, prev.min),
    max: movedUp(cur.max, prev.max),
  } as ExponentialHistogram;
}

interface Range {
  offset: number;
  bucketCounts: number[];
}

/** Merges buckets 2^by at a time: the same data at a scale `by` steps coarser. */
function rescale(r: Range, by: number): Range {
  if (by === 0 || r.bucketCounts.length === 0) return r;
  const offset = r.offset >> by;
  const counts: number[] = [];
  for (let j = 0; j < r.bucketCounts.length; j++) {
    const k = ((r.offset + j) >> by) - offset;
    counts[k] = (counts[k] ?? 0) + (r.bucketCounts[j] ?? 0);
  }
  for (let k = 0; k < counts.length; k++) counts[k] ??= 0;
  return { offset, bucketCounts: counts };
}

function subtractRange(cur: Range, prev: Range): Range | undefined {
  const counts = cur.bucketCounts.slice();
  for (let j = 0; j < prev.bucketCounts.length; j++) {
    const c = prev.bucketCounts[j] ?? 0;
    if (c === 0) continue;
    const k = prev.offset + j - cur.offset;
    const d = (counts[k] ?? 0) - c;
    if (k < 0 || k >= counts.length || d < 0) return undefined;
    counts[k] = d;
  }
  return { offset: cur.offset, bucketCounts: counts };
}

/** The interval's minimum when the cumulative minimum moved down in it, else unknown. */
function movedDown(cur: number | undefined, prev: number | undefined): number | undefined {
  return cur !== undefined && (prev === undefined || cur < prev) ? cur : undefined;
}

function movedUp(cur: number | undefined, prev: number | undefined): number | undefined {
  return cur !== undefined && (prev === undefined || cur > prev) ? cur : undefined;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isFiniteNumber(v: number | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function finiteOr(a: number, b: number): number {
  return Number.isFinite(a) ? a : b;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi));
}
