/**
 * The shared part of the sinks that can be unreachable or stalled (agent, CloudWatch Logs):
 * events wait in a bounded queue, one drain runs at a time, a failed drain leaves the events
 * queued for the next export, and shutdown waits for the last drain only so long.
 */
import { currentAttempt } from '@genai-otel/exporter-helper';
import type { EmfEvent } from '../group/emf-document.js';
import { type DropCounter, UNDELIVERED_AT_SHUTDOWN } from './drops.js';
import { EventQueue } from './event-queue.js';
import type { EmfSink } from './sink.js';

/** How long shutdown waits for what is queued to be delivered before dropping the rest. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
/** How long an aborted drain gets to let go of its connection and count what it held. */
const ABORT_GRACE_MS = 1_000;

export interface QueuedSinkOptions {
  /** Events held at most (`sending_queue.queue_size`), or one export's own if it has more. */
  queueSize: number;
  drops: DropCounter;
  /** Longest wait of `shutdown` for the queue to drain; default 10 s. */
  shutdownTimeoutMs?: number;
}

export abstract class QueuedSink implements EmfSink {
  abstract readonly target: string;
  protected readonly queue: EventQueue;
  protected readonly drops: DropCounter;
  readonly #shutdownTimeoutMs: number;
  readonly #abort = new AbortController();
  #tail: Promise<void> = Promise.resolve();
  #closed = false;
  #shutdown: Promise<void> | undefined;

  constructor(options: QueuedSinkOptions) {
    this.queue = new EventQueue(options.queueSize, options.drops);
    this.drops = options.drops;
    this.#shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  }

  /** Events waiting to be sent (not counting a batch on its way). */
  get queued(): number {
    return this.queue.size;
  }

  /**
   * Aborted when shutdown stops waiting: a drain then stops at once — its connection closed, its
   * request cancelled, its backoff cut short — and counts the events it held as dropped.
   */
  protected get abortSignal(): AbortSignal {
    return this.#abort.signal;
  }

  /** True once shutdown stopped waiting for deliveries: nothing is put back in the queue. */
  protected get closing(): boolean {
    return this.#closed;
  }

  write(events: EmfEvent[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`${this.target}: the exporter is shut down`));
    this.queue.push(events);
    return this.#schedule();
  }

  async forceFlush(): Promise<void> {
    // A failure here was (or will be) reported by the export it belongs to.
    await this.#schedule().catch(() => {});
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#close();
    return this.#shutdown;
  }

  /** Sends until the queue is empty, or throws (events not sent stay queued). */
  protected abstract drain(): Promise<void>;
  protected abstract close(): Promise<void>;

  async #close(): Promise<void> {
    // Called within the sdk's shutdown (exporter-helper's attempt scope): its deadline bounds
    // the wait, and once it has passed nothing more is sent.
    const scope = currentAttempt();
    const wait = Math.max(
      0,
      Math.min(this.#shutdownTimeoutMs, (scope?.deadline ?? Infinity) - Date.now()),
    );
    const delivered =
      scope?.signal.aborted || wait === 0
        ? this.queue.size === 0
        : await settlesWithin(this.forceFlush(), wait);
    this.#closed = true;
    if (!delivered) {
      // A destination that accepts but never answers must not hold the app's exit.
      this.#abort.abort();
      await settlesWithin(this.#tail, ABORT_GRACE_MS);
    }
    this.drops.dropped(this.queue.size, UNDELIVERED_AT_SHUTDOWN);
    this.queue.take(this.queue.size);
    await this.close();
  }

  #schedule(): Promise<void> {
    const attempt = async () => {
      if (this.queue.size === 0) return;
      if (this.#abort.signal.aborted) throw new Error(`${this.target}: shut down before delivery`);
      try {
        await this.drain();
      } catch (error) {
        // What waits for the next export is bounded; what was just exported was tried once.
        this.queue.trim();
        throw error;
      }
    };
    const run = this.#tail.then(attempt, attempt);
    this.#tail = run.catch(() => {});
    return run;
  }
}

/** Whether `promise` settles (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    // The sdk's shutdown holds the process while it waits; this wait must never hold it longer.
    timer.unref?.();
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}
