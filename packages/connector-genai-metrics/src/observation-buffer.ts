import type { Attributes, Histogram } from '@opentelemetry/api';

/**
 * Histogram observations parked on the span's path and recorded into the OpenTelemetry
 * histograms later, at collection (or when the buffer is full). Recording costs the metrics SDK
 * a hash of the attributes per call (~1 µs); parking costs three array writes. The arrays are
 * allocated once and only hold references to long-lived series attributes: nothing per span.
 */
export class ObservationBuffer {
  readonly #values: Float64Array;
  readonly #targets: (Histogram | undefined)[];
  readonly #attrs: (Attributes | undefined)[];
  #size = 0;

  constructor(capacity = 8192) {
    this.#values = new Float64Array(capacity);
    this.#targets = new Array(capacity).fill(undefined);
    this.#attrs = new Array(capacity).fill(undefined);
  }

  get size(): number {
    return this.#size;
  }

  push(target: Histogram, value: number, attrs: Attributes): void {
    if (this.#size === this.#values.length) this.flush();
    const i = this.#size++;
    this.#values[i] = value;
    this.#targets[i] = target;
    this.#attrs[i] = attrs;
  }

  /** Records every parked observation, oldest first. */
  flush(): void {
    const n = this.#size;
    this.#size = 0;
    for (let i = 0; i < n; i++) {
      this.#targets[i]!.record(this.#values[i]!, this.#attrs[i]);
      this.#targets[i] = undefined;
      this.#attrs[i] = undefined;
    }
  }
}
