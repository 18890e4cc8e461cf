import { describe, expect, it } from 'vitest';
import { observe } from '../../test/support/metrics.js';
import {
  explicitBuckets,
  exponentialBuckets,
  subtractExplicit,
  subtractExponential,
  toDistributions,
} from './histogram.js';

describe('explicit-bucket histograms', () => {
  it('become a statistic set', () => {
    const b = explicitBuckets(observe([1, 2, 5], [0.5, 1.5, 1.7, 9]))!;
    expect(toDistributions(b, false)).toEqual([{ Max: 9, Min: 0.5, Count: 4, Sum: 12.7 }]);
  });

  it('become Values/Counts with one value per occupied bucket, bounds clipped to min/max', () => {
    const b = explicitBuckets(observe([1, 2, 5], [0.5, 1.5, 1.7, 9]))!;
    // (−∞,1] → [0.5,1] → 0.75; (1,2] → 1.5; (5,+∞) → [5,9] → 7
    expect(toDistributions(b, true)).toEqual([
      { Values: [0.75, 1.5, 7], Counts: [1, 2, 1], Max: 9, Min: 0.5, Count: 4, Sum: 12.7 },
    ]);
  });

  it('estimate min and max from the buckets when they were not recorded', () => {
    const b = explicitBuckets(observe([1, 2, 5], [1.5, 1.7], false))!;
    expect(toDistributions(b, false)).toEqual([{ Max: 2, Min: 1, Count: 2, Sum: 3.2 }]);
    const open = explicitBuckets(observe([1], [5, 7], false))!;
    // Only the +∞ bucket: min and max fall back to its finite bound, then to the mean.
    expect(toDistributions(open, false)).toEqual([{ Max: 6, Min: 1, Count: 2, Sum: 12 }]);
  });

  it('count nothing when empty', () => {
    expect(explicitBuckets(observe([1, 2], []))).toBeUndefined();
  });

  it('split Values/Counts at 100 per value, the chunks adding up to the point', () => {
    const boundaries = Array.from({ length: 250 }, (_, i) => i + 1);
    const values = Array.from({ length: 250 }, (_, i) => i + 0.5);
    const b = explicitBuckets(observe(boundaries, values))!;
    const chunks = toDistributions(b, true);
    expect(chunks).toHaveLength(3);
    const lengths = chunks.map((c) => ('Values' in c ? c.Values.length : 0));
    expect(lengths).toEqual([100, 100, 50]);
    expect(chunks.reduce((n, c) => n + c.Count, 0)).toBe(250);
    expect(chunks.reduce((n, c) => n + c.Sum, 0)).toBeCloseTo(b.sum, 6);
    expect(chunks[0]!.Min).toBe(0.5);
    expect(chunks[2]!.Max).toBe(249.5);
    for (const c of chunks) expect(c.Min).toBeLessThanOrEqual(c.Max);
  });

  it('subtract per bucket; min/max stay exact when they moved in the interval', () => {
    const prev = observe([1, 2, 5], [0.5, 1.5]);
    const cur = observe([1, 2, 5], [0.5, 1.5, 0.2, 3]);
    expect(subtractExplicit(cur, prev)).toEqual({
      buckets: { boundaries: [1, 2, 5], counts: [1, 0, 1, 0] },
      count: 2,
      sum: 3.2,
      min: 0.2,
      max: 3,
    });
  });

  it('see a reset when a count goes down or the boundaries change', () => {
    const prev = observe([1, 2], [0.5, 1.5, 1.6]);
    expect(subtractExplicit(observe([1, 2], [0.5]), prev)).toBeUndefined();
    expect(subtractExplicit(observe([1, 3], [0.5, 1.5, 1.6, 2]), prev)).toBeUndefined();
  });
});

describe('exponential histograms', () => {
  // scale 0: base 2, positive bucket i is (2^i, 2^(i+1)].
  const h = {
    count: 6,
    sum: 20,
    scale: 0,
    zeroCount: 1,
    positive: { offset: 1, bucketCounts: [2, 0, 1] }, // (2,4]×2, (8,16]×1
    negative: { offset: 0, bucketCounts: [2] }, // [−2,−1)×2
    min: -1.5,
    max: 9,
  };

  it('become ascending Values/Counts: negative, zero, positive', () => {
    // [−2,−1) clipped to min −1.5 → −1.25; (2,4] → 3; (8,16] clipped to max 9 → 8.5
    expect(toDistributions(exponentialBuckets(h)!, true)).toEqual([
      { Values: [-1.25, 0, 3, 8.5], Counts: [2, 1, 2, 1], Max: 9, Min: -1.5, Count: 6, Sum: 20 },
    ]);
  });

  it('subtract at the coarser scale', () => {
    const prev = {
      ...h,
      count: 1,
      sum: 3,
      zeroCount: 0,
      scale: 1,
      negative: { offset: 0, bucketCounts: [] },
    };
    // scale 1 bucket 2 is (2, 2.83] → at scale 0 it is bucket 1.
    prev.positive = { offset: 2, bucketCounts: [1] };
    expect(subtractExponential(h, prev)).toEqual({
      count: 5,
      sum: 17,
      scale: 0,
      zeroCount: 1,
      positive: { offset: 1, bucketCounts: [1, 0, 1] },
      negative: { offset: 0, bucketCounts: [2] },
      min: undefined,
      max: undefined,
    });
  });
});
