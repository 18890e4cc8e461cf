/** What a metric is worth in an EMF event, in the shapes CloudWatch reads. */

/** A CloudWatch statistic set: what the collector writes for a histogram. */
export interface StatisticSet {
  Max: number;
  Min: number;
  Count: number;
  Sum: number;
}

/** A statistic set with the distribution's values and how often each occurred (≤ 100 each). */
export interface ValuesAndCounts {
  Values: number[];
  Counts: number[];
  Max: number;
  Min: number;
  Count: number;
  Sum: number;
}

export type Distribution = StatisticSet | ValuesAndCounts;

/** A number (gauge, sum), up to 100 numbers of one series group, or a distribution (histogram). */
export type EmfValue = number | number[] | Distribution;

/**
 * A histogram point reduced to what CloudWatch can take: totals and the occupied buckets, each
 * bucket's bounds clipped to [min, max] so no bound is infinite.
 */
export interface Buckets {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Occupied buckets in ascending order. */
  lo: number[];
  hi: number[];
  counts: number[];
}
