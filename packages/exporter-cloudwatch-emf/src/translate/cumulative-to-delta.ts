/**
 * Cumulative → delta, per series, with bounded memory.
 *
 * CloudWatch sums what it receives, so a cumulative counter must be sent as the change since the
 * previous export. The last value of each series is kept (at most `maxSeries`, least recently
 * seen dropped first).
 *
 * The first point of a series: OpenTelemetry counts from zero at the point's start time, so when
 * the series started after the previous export (always the case in-process: at the first export,
 * and for every series that appears later) the whole value is the delta and is sent. A series
 * whose start predates the previous export but that has no baseline here (it was forgotten when
 * the series limit was reached) is used as the baseline and not sent, unless
 * `retain_initial_value_of_delta_metric` is on — sending it would count again what was already
 * sent. A changed start time, or a value that went down, means the series restarted: the new
 * value is the delta.
 */

interface Entry<T> {
  start: number;
  value: T;
  /** The collection that last saw the series: the least recent go first past the bound. */
  seen: number;
}

export const DEFAULT_MAX_SERIES = 10_000;

export class CumulativeToDelta {
  readonly #maxSeries: number;
  readonly #retainInitial: boolean;
  /** By metric, then by label set: no per-point concatenated key. */
  readonly #last = new Map<string, Map<string, Entry<unknown>>>();
  #size = 0;
  #collection = 0;
  #previousEnd = Number.NEGATIVE_INFINITY;
  #currentEnd = Number.NEGATIVE_INFINITY;
  #evicted = 0;

  constructor(options: { maxSeries?: number; retainInitialValue?: boolean } = {}) {
    this.#maxSeries = Math.max(1, options.maxSeries ?? DEFAULT_MAX_SERIES);
    this.#retainInitial = options.retainInitialValue ?? false;
  }

  /** Series forgotten to stay within `maxSeries`. */
  get evicted(): number {
    return this.#evicted;
  }

  get size(): number {
    return this.#size;
  }

  /** Call once after each export: later series are judged against this export's end time. */
  endCollection(): void {
    if (this.#currentEnd > this.#previousEnd) this.#previousEnd = this.#currentEnd;
    this.#collection++;
  }

  /**
   * The delta of `value` for the series (`metric`, `labels`), or undefined when the point only
   * sets the baseline. `subtract` returns undefined when `cur` cannot follow `prev` (a reset).
   */
  delta<T>(
    metric: string,
    labels: string,
    startMs: number,
    endMs: number,
    value: T,
    subtract: (cur: T, prev: T) => T | undefined,
  ): T | undefined {
    if (endMs > this.#currentEnd) this.#currentEnd = endMs;
    let series = this.#last.get(metric);
    if (series === undefined) {
      series = new Map();
      this.#last.set(metric, series);
    }
    const prev = series.get(labels) as Entry<T> | undefined;
    if (prev !== undefined) {
      const { start, value: before } = prev;
      prev.start = startMs;
      prev.value = value;
      prev.seen = this.#collection;
      if (start !== startMs) return value;
      return subtract(value, before) ?? value;
    }
    series.set(labels, { start: startMs, value, seen: this.#collection });
    if (++this.#size > this.#maxSeries) this.#evict();
    if (startMs >= this.#previousEnd || this.#retainInitial) return value;
    return undefined;
  }

  /** Forgets the least recently seen series, down to 90% of the bound (amortised sweeps). */
  #evict(): void {
    const target = Math.floor(this.#maxSeries * 0.9);
    const ages: number[] = [];
    for (const series of this.#last.values()) for (const e of series.values()) ages.push(e.seen);
    ages.sort((a, b) => a - b);
    const excess = this.#size - target;
    const cutoff = ages[excess - 1] as number;
    let toRemove = excess;
    // Oldest collections first; within the cutoff collection, as many as still needed.
    for (const pass of [true, false]) {
      for (const [metric, series] of this.#last) {
        for (const [key, e] of series) {
          if (toRemove === 0) break;
          if (pass ? e.seen < cutoff : e.seen === cutoff) {
            series.delete(key);
            toRemove--;
          }
        }
        if (series.size === 0) this.#last.delete(metric);
      }
    }
    this.#evicted += excess;
    this.#size -= excess;
  }
}

export function subtractNumber(cur: number, prev: number): number | undefined {
  const d = cur - prev;
  return d < 0 ? undefined : d;
}
