import type { ComponentLogger } from '@genai-otel/component';

/** The drop reason of events still queued when shutdown stopped waiting. */
export const UNDELIVERED_AT_SHUTDOWN = 'still undelivered at shutdown';

/**
 * Counts events that could not be delivered. The first drop of each kind is said once, right
 * away; the total is said at shutdown — never a line per event.
 */
export class DropCounter {
  readonly #log: ComponentLogger;
  readonly #target: string;
  #total = 0;

  constructor(log: ComponentLogger, target: string) {
    this.#log = log;
    this.#target = target;
  }

  get total(): number {
    return this.#total;
  }

  /**
   * `reason` is said once (it is the key); `detail`, e.g. the service's error message, only
   * accompanies that first time.
   */
  dropped(count: number, reason: string, detail?: string): void {
    if (count <= 0) return;
    this.#total += count;
    // Said in the total, right after: a line of its own would repeat it.
    if (reason === UNDELIVERED_AT_SHUTDOWN) return;
    this.#log.once(
      `dropped:${reason}`,
      'warn',
      `dropping EMF events for ${this.#target}: ${reason}${detail ? ` (${detail})` : ''} (counted; the total is reported at shutdown)`,
    );
  }

  /** Counts without a line of its own: the failed export that carries the cause says it. */
  counted(count: number): void {
    if (count > 0) this.#total += count;
  }

  /** Called once at shutdown. */
  report(): void {
    if (this.#total > 0) {
      this.#log.warn(`dropped ${this.#total} EMF events in total for ${this.#target}`);
    }
  }
}
