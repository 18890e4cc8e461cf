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
}

export const DEFAULT_MAX_SERIES = 10_000;

export class CumulativeToDelta {
  readonly #maxSeries: number;
  readonly #retainInitial: boolean;
  readonly #last = new Map<string, Entry<unknown>>();
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
    return this.#last.size;
  }

  /** Call once after each export: later series are judged against this export's end time. */
  endCollection(): void {
    if (this.#currentEnd > this.#previousEnd) this.#previousEnd = this.#currentEnd;
  }

  /**
   * The delta of `value`, or undefined when the point only sets the baseline.
   * `subtract` returns undefined when `cur` cannot follow `prev` (a reset).
   */
  delta<T>(
    key: string,
    startMs: number,
    endMs: number,
    value: T,
    subtract: (cur: T, prev: T) => T | undefined,
  ): T | undefined {
    if (endMs > this.#currentEnd) this.#currentEnd = endMs;
    const prev = this.#last.get(key) as Entry<T> | undefined;
    // Re-insert so Map order is least-recently-seen first.
    if (prev) this.#last.delete(key);
    this.#last.set(key, { start: startMs, value });
    if (this.#last.size > this.#maxSeries) {
      const oldest = this.#last.keys().next().value as string;
      this.#last.delete(oldest);
      this.#evicted++;
    }
    if (prev) {
      if (prev.start !== startMs) return value;
      return subtract(value, prev.value) ?? value;
    }
    if (startMs >= this.#previousEnd || this.#retainInitial) return value;
    return undefined;
  }
}

export function subtractNumber(cur: number, prev: number): number | undefined {
  const d = cur - prev;
  return d < 0 ? undefined : d;
}
