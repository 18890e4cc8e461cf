/**
 * One exporter's circuit: closed while its endpoint answers; open after a connection-level
 * failure, when batches are dropped without calling the exporter; half-open once the backoff has
 * passed, when the next batch goes out as a probe. The backoff doubles with every failed probe.
 * Time is read when a batch arrives: no timer of its own, nothing to keep a process alive.
 */

export const CIRCUIT_FIRST_BACKOFF_MS = 1_000;
export const CIRCUIT_MAX_BACKOFF_MS = 30_000;

/** What to do with the next batch. */
export type Admission = 'send' | 'probe' | 'drop';

export class CircuitBreaker {
  readonly #now: () => number;
  #open = false;
  #backoffMs = 0;
  #retryAt = 0;
  #probing = false;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** `noProbe`: while shutting down, an open circuit is not tried again. */
  admit(noProbe = false): Admission {
    if (!this.#open) return 'send';
    if (this.#probing || noProbe || this.#now() < this.#retryAt) return 'drop';
    this.#probing = true;
    return 'probe';
  }

  /** The endpoint answered (even with an error status): it is reachable. */
  reached(): void {
    this.#open = false;
    this.#probing = false;
    this.#backoffMs = 0;
  }

  /**
   * The endpoint could not be reached: the circuit opens, or after a failed probe stays open for
   * twice as long. A batch sent before the circuit opened that fails late changes nothing.
   */
  unreachable(probe: boolean): void {
    if (this.#open && !probe) return;
    this.#backoffMs = probe
      ? Math.min(this.#backoffMs * 2, CIRCUIT_MAX_BACKOFF_MS)
      : CIRCUIT_FIRST_BACKOFF_MS;
    this.#open = true;
    this.#probing = false;
    this.#retryAt = this.#now() + this.#backoffMs;
  }
}
