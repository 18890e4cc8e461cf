/**
 * Turns an exporter's failures into a few lines instead of a stack trace per batch:
 * - the first failed attempt of an outage says what is wrong and what is being dropped; later
 *   failures are only counted; recovery is said with the count dropped meanwhile;
 * - shutdown says the total, in one line (a failure met first during shutdown — a short-lived
 *   app — is said only there: `exporter x could not reach <url> (ECONNREFUSED); dropped 6 spans`).
 * It also owns the exporter's shutdown deadline: once shutdown begins, every wait and attempt of
 * the exporter's queues ends by then, and what is left is counted as unsent.
 */
import type { ComponentLogger } from '@genai-otel/component';
import { describeFailure, isRemote } from './describe-failure.js';

export interface ExportReporterOptions {
  /** `otlp_http/jaeger` */
  id: string;
  /** URL, file path … where the data goes. */
  target: string;
  /** `spans`, `metric exports` */
  unit: string;
  log: Pick<ComponentLogger, 'info' | 'warn' | 'once'>;
}

/** The shutdown line is said this long before the bound (a tenth of short bounds), so it is never cut by the exit. */
const SUMMARY_MARGIN_MS = 500;

/**
 * Accounting and messages of one exporter. Every item handed to its queues is `accepted`, and
 * later settles exactly once: sent, dropped after failing, refused by a full queue, or unsent at
 * shutdown. What never settles by shutdown is counted as unsent.
 */
export class ExportReporter {
  readonly #o: ExportReporterOptions;
  #down = false;
  #shuttingDown = false;
  #deadline = Number.POSITIVE_INFINITY;
  readonly #stop = new AbortController();
  #stopTimer: NodeJS.Timeout | undefined;
  #failureAtShutdown: string | undefined;
  #droppedWhileDown = 0;
  #droppedTotal = 0;
  #droppedByQueue = 0;
  #unsentAtShutdown = 0;
  #pending = 0;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(options: ExportReporterOptions) {
    this.#o = options;
  }

  get id(): string {
    return this.#o.id;
  }
  get unit(): string {
    return this.#o.unit;
  }
  /** Attempts under way (a shutdown that times out names the exporters that had some). */
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Items accepted and not yet settled. */
  get pending(): number {
    return this.#pending;
  }
  /** The endpoint failed its last attempt and has not answered since. */
  get down(): boolean {
    return this.#down;
  }
  /** Not worth waiting for at shutdown: the endpoint is failing, or the deadline has passed. */
  get circuitOpen(): boolean {
    return this.#down || this.#stop.signal.aborted;
  }
  /** When every attempt and wait must have ended (ms since the epoch); infinite until shutdown. */
  get deadline(): number {
    return this.#deadline;
  }
  /** Aborted when shutdown stops waiting: attempts are cut, waits end, queued items are counted. */
  get stopSignal(): AbortSignal {
    return this.#stop.signal;
  }
  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  accepted(count: number): void {
    this.#pending += count;
  }

  /** Resolves once every accepted item has settled. */
  whenIdle(): Promise<void> {
    if (this.#pending <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** An attempt starts; the returned function ends it. */
  attemptStarted(): () => void {
    this.#inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
    };
  }

  succeeded(count: number): void {
    this.#settle(count);
    if (!this.#down) return;
    this.#down = false;
    if (this.#failureAtShutdown) return;
    const again = isRemote(this.#o.target) ? 'is reachable again' : 'can be written again';
    const lost = this.#droppedWhileDown;
    this.#o.log.info(
      `exporter ${this.#o.id} ${again}${lost > 0 ? ` (dropped ${this.#count(lost)} while down)` : ''}`,
    );
    this.#droppedWhileDown = 0;
  }

  /** An attempt failed (it may be retried): the first of an outage is said. */
  attemptFailed(error: unknown): void {
    if (this.#down) return;
    this.#down = true;
    if (this.#shuttingDown) {
      this.#failureAtShutdown ??= describeFailure(error, this.#o.target, 'past');
      return;
    }
    const until = isRemote(this.#o.target) ? 'it is reachable' : 'it can be written';
    this.#o.log.warn(
      `exporter ${this.#o.id} ${describeFailure(error, this.#o.target)}; ${this.#o.unit} will be dropped until ${until}`,
    );
  }

  /** Items given up after their last attempt. */
  failed(error: unknown, count: number): void {
    this.attemptFailed(error);
    this.#drop(count);
    this.#settle(count);
  }

  /** Items refused by a full queue: counted, and said once while the exporter looks healthy. */
  queueFull(count: number, capacity: number): void {
    this.#droppedByQueue += count;
    this.#drop(count);
    this.#settle(count);
    if (this.#down) return;
    this.#o.log.once(
      `queue-full:${this.#o.id}`,
      'warn',
      `exporter ${this.#o.id} cannot keep up: its queue of ${capacity} ${this.#o.unit} is full, further ${this.#o.unit} are dropped`,
    );
  }

  /** Items still queued or being sent when shutdown stopped waiting. */
  unsent(count: number): void {
    this.#unsentAtShutdown += count;
    this.#drop(count);
    this.#settle(count);
  }

  /**
   * Shutdown begins and must be over within `boundMs`: from now on every attempt and wait ends
   * by then (a little before, so the summary is said), and a first failure is said in the summary.
   */
  beginShutdown(boundMs = Number.POSITIVE_INFINITY): void {
    this.#shuttingDown = true;
    const deadline = Date.now() + boundMs - Math.min(SUMMARY_MARGIN_MS, boundMs / 10);
    if (deadline >= this.#deadline) return;
    this.#deadline = deadline;
    clearTimeout(this.#stopTimer);
    if (Number.isFinite(deadline)) {
      this.#stopTimer = setTimeout(() => this.abandonInFlight(), deadline - Date.now());
      this.#stopTimer.unref?.();
    }
  }

  /** Ends every attempt and wait now; queued items are counted as unsent. */
  abandonInFlight(): void {
    this.#shuttingDown = true;
    this.#deadline = Math.min(this.#deadline, Date.now());
    clearTimeout(this.#stopTimer);
    if (!this.#stop.signal.aborted) this.#stop.abort(new Error('shutdown stopped waiting'));
  }

  /** The shutdown line, if anything was lost. */
  summary(): string | undefined {
    const unsent = Math.max(this.#pending, 0);
    const total = this.#droppedTotal + unsent;
    if (total === 0) return undefined;
    const why: string[] = [];
    if (this.#droppedByQueue > 0) why.push(`${this.#droppedByQueue} because its queue was full`);
    const atShutdown = this.#unsentAtShutdown + unsent;
    if (atShutdown > 0) why.push(`${atShutdown} still unsent at shutdown`);
    const detail = why.length ? ` (${why.join(', ')})` : '';
    if (this.#failureAtShutdown) {
      return `exporter ${this.#o.id} ${this.#failureAtShutdown}; dropped ${this.#count(total)}${detail}`;
    }
    return `exporter ${this.#o.id} dropped ${this.#count(total)}${detail}`;
  }

  /** `1 span`, `42 spans` */
  #count(n: number): string {
    return `${n} ${n === 1 ? this.#o.unit.replace(/s$/, '') : this.#o.unit}`;
  }

  #drop(n: number): void {
    this.#droppedTotal += n;
    if (this.#down) this.#droppedWhileDown += n;
  }

  #settle(n: number): void {
    this.#pending -= n;
    if (this.#pending > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
