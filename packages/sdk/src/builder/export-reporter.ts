/**
 * Turns an exporter's failures into a few clear lines instead of a stack trace per batch, and
 * keeps an unreachable endpoint cheap:
 * - the first failure says what is wrong; later ones are only counted; recovery is announced
 *   with the count; shutdown prints a final total;
 * - a failure that happens first during shutdown (a short-lived app) is said once, in the total:
 *   `exporter x could not reach <url> (ECONNREFUSED); dropped 6 spans`;
 * - a connection-level failure opens the exporter's circuit (circuit-breaker.ts): batches are
 *   dropped, counted, without calling the exporter until a probe gets through; at shutdown an
 *   exporter whose circuit is open is not waited for.
 */
import type { Logger } from '../logger.js';
import { type Admission, CircuitBreaker } from './circuit-breaker.js';
import { describeFailure, isConnectionFailure, isRemote } from './describe-failure.js';

export interface ExportReporterOptions {
  /** `exporter otlp_http/jaeger` */
  id: string;
  /** URL, file path … where the data goes. */
  target: string;
  /** `spans`, `metric exports` */
  unit: string;
  log: Logger;
  /** Clock of the circuit breaker (tests). */
  now?: () => number;
}

/**
 * Accounting, circuit and messages of one exporter. Every item handed to its queue is
 * `accepted`, and later settles exactly once: sent, failed, dropped by the open circuit or a full
 * queue, or abandoned at shutdown. What never settles by shutdown is reported as unsent.
 */
export class ExportReporter {
  readonly #o: ExportReporterOptions;
  readonly #circuit: CircuitBreaker;
  #down = false;
  #shuttingDown = false;
  /** The first failure, when it came during shutdown: said in the summary line instead. */
  #failureAtShutdown: string | undefined;
  #droppedWhileDown = 0;
  #droppedTotal = 0;
  #droppedByQueue = 0;
  /** Dropped at shutdown because the circuit was open (not sent, not waited for). */
  #droppedAtShutdown = 0;
  #pending = 0;
  readonly #inFlight = new Set<() => void>();
  #idleWaiters: (() => void)[] = [];

  constructor(options: ExportReporterOptions) {
    this.#o = options;
    this.#circuit = new CircuitBreaker(options.now);
  }

  get id(): string {
    return this.#o.id;
  }
  /** Exports started and not yet answered (a shutdown that times out names these). */
  get inFlight(): number {
    return this.#inFlight.size;
  }
  /** Items accepted and not yet settled. */
  get pending(): number {
    return this.#pending;
  }
  /** The endpoint is unreachable: batches are dropped without calling the exporter. */
  get circuitOpen(): boolean {
    return this.#circuit.isOpen;
  }

  accepted(count: number): void {
    this.#pending += count;
  }

  /** Resolves once every accepted item has settled (the queue's own flush does not wait for an export already under way). */
  whenIdle(): Promise<void> {
    if (this.#pending <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Whether a batch of `count` goes out; a `drop` is already counted and settled. */
  admit(count: number): Admission {
    const admission = this.#circuit.admit(this.#shuttingDown);
    if (admission === 'drop') {
      if (this.#shuttingDown) this.#droppedAtShutdown += count;
      this.#drop(count);
      this.#settle(count);
    }
    return admission;
  }

  /**
   * An export is under way; `abandon` settles it as given up (called when shutdown stops
   * waiting for an unreachable endpoint). Returns the function that ends the tracking.
   */
  started(abandon: () => void): () => void {
    this.#inFlight.add(abandon);
    return () => this.#inFlight.delete(abandon);
  }

  succeeded(count: number): void {
    this.#circuit.reached();
    this.#settle(count);
    if (!this.#down) return;
    this.#down = false;
    // Said at shutdown as one line; a recovery in between changes nothing of it.
    if (this.#failureAtShutdown) return;
    const again = isRemote(this.#o.target) ? 'is reachable again' : 'can be written again';
    this.#o.log.info(
      `exporter ${this.#o.id} ${again} (dropped ${this.#count(this.#droppedWhileDown)} while down)`,
    );
    this.#droppedWhileDown = 0;
  }

  failed(error: unknown, count: number, probe: boolean): void {
    if (isConnectionFailure(error)) {
      this.#circuit.unreachable(probe);
      if (this.#shuttingDown) this.abandonInFlight();
    } else {
      this.#circuit.reached();
    }
    const wasDown = this.#down;
    this.#down = true;
    this.#drop(count);
    this.#settle(count);
    if (wasDown) return;
    if (this.#shuttingDown) {
      this.#failureAtShutdown ??= describeFailure(error, this.#o.target, 'past');
      return;
    }
    const until = isRemote(this.#o.target) ? 'it is reachable' : 'it can be written';
    this.#o.log.warn(
      `exporter ${this.#o.id} ${describeFailure(error, this.#o.target)}; ${this.#o.unit} will be dropped until ${until}`,
    );
  }

  /** An export given up at shutdown while the endpoint was unreachable. */
  abandoned(count: number): void {
    this.#droppedAtShutdown += count;
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

  /** From now on: no probes, an unreachable endpoint is not waited for, a first failure is said in the summary. */
  beginShutdown(): void {
    this.#shuttingDown = true;
    if (this.#circuit.isOpen) this.abandonInFlight();
  }

  /**
   * Settles every export under way as given up, so its queue (whose own export timer keeps the
   * process alive) lets go: when the endpoint is unreachable at shutdown, or shutdown has stopped
   * waiting.
   */
  abandonInFlight(): void {
    for (const abandon of [...this.#inFlight]) abandon();
  }

  /**
   * The shutdown line, if anything was lost: failed exports, a full queue, what the open circuit
   * dropped, and what was still queued or being sent when shutdown stopped waiting.
   */
  summary(): string | undefined {
    const unsent = Math.max(this.#pending, 0);
    const total = this.#droppedTotal + unsent;
    if (total === 0) return undefined;
    const why: string[] = [];
    if (this.#droppedByQueue > 0) why.push(`${this.#droppedByQueue} because its queue was full`);
    if (this.#droppedAtShutdown > 0 && !this.#failureAtShutdown)
      why.push(`${this.#droppedAtShutdown} queued at shutdown while unreachable`);
    if (unsent > 0) why.push(`${unsent} still unsent at shutdown`);
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
