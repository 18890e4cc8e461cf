/**
 * Turns an exporter's failures into a few clear lines instead of a stack trace per batch:
 * the first failure says what is wrong, later ones are only counted, recovery is announced with
 * the count, and shutdown prints a final total.
 */
import type { Logger } from '../logger.js';

/** Errors already reported here: the global OTel error handler stays silent about them. */
const reported = new WeakSet<object>();

export function markReported(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error ?? 'export failed'));
  reported.add(err);
  return err;
}

export function isReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}

export interface ExportReporterOptions {
  /** `exporter otlp_http/jaeger` */
  id: string;
  /** URL, file path … where the data goes. */
  target: string;
  /** `spans`, `metric exports` */
  unit: string;
  log: Logger;
}

/**
 * Accounting and messages of one exporter. Every item handed to its queue is `accepted`, and
 * later settles exactly once: `succeeded`, `failed`, or refused by a full queue. What never
 * settles by shutdown is reported as unsent.
 */
export class ExportReporter {
  readonly #o: ExportReporterOptions;
  #down = false;
  #droppedWhileDown = 0;
  #droppedTotal = 0;
  #droppedByQueue = 0;
  #inFlight = 0;
  #pending = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(options: ExportReporterOptions) {
    this.#o = options;
  }

  get id(): string {
    return this.#o.id;
  }
  /** Exports started and not yet answered (a shutdown that times out names these). */
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Items accepted and not yet settled. */
  get pending(): number {
    return this.#pending;
  }

  accepted(count: number): void {
    this.#pending += count;
  }

  /** Resolves once every accepted item has settled (the queue's own flush does not wait for an export already under way). */
  whenIdle(): Promise<void> {
    if (this.#pending <= 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  started(): void {
    this.#inFlight++;
  }

  succeeded(count: number): void {
    this.#inFlight--;
    this.#settle(count);
    if (!this.#down) return;
    this.#down = false;
    const again = isRemote(this.#o.target) ? 'is reachable again' : 'can be written again';
    this.#o.log.info(
      `exporter ${this.#o.id} ${again} (dropped ${this.#count(this.#droppedWhileDown)} while down)`,
    );
    this.#droppedWhileDown = 0;
  }

  failed(error: unknown, count: number): void {
    this.#inFlight--;
    const wasDown = this.#down;
    this.#down = true;
    this.#drop(count);
    this.#settle(count);
    if (wasDown) return;
    const until = isRemote(this.#o.target) ? 'it is reachable' : 'it can be written';
    this.#o.log.warn(
      `exporter ${this.#o.id} ${describeFailure(error, this.#o.target)}; ${this.#o.unit} will be dropped until ${until}`,
    );
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

  /**
   * The shutdown line, if anything was lost: failed exports, a full queue, and what was still
   * queued or being sent when shutdown stopped waiting.
   */
  summary(): string | undefined {
    const unsent = Math.max(this.#pending, 0);
    const total = this.#droppedTotal + unsent;
    if (total === 0) return undefined;
    const why: string[] = [];
    if (this.#droppedByQueue > 0) why.push(`${this.#droppedByQueue} because its queue was full`);
    if (unsent > 0) why.push(`${unsent} still unsent at shutdown`);
    return `exporter ${this.#o.id} dropped ${this.#count(total)}${why.length ? ` (${why.join(', ')})` : ''}`;
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

/** `cannot reach http://…/v1/traces (ECONNREFUSED)`, `was refused by … (HTTP 401 Unauthorized)` … */
export function describeFailure(error: unknown, target: string): string {
  const remote = isRemote(target);
  if (error instanceof ExportTimeoutError) {
    return `${remote ? 'cannot reach' : 'cannot write to'} ${target} (no answer within ${error.ms}ms)`;
  }
  const code = errorCode(error);
  if (typeof code === 'string')
    return `${remote ? 'cannot reach' : 'cannot write to'} ${target} (${code})`;
  if (typeof code === 'number' && code >= 100 && code < 600) {
    const text = error instanceof Error && error.message ? ` ${error.message}` : '';
    return `was refused by ${target} (HTTP ${code}${text})`;
  }
  const message = error instanceof Error ? error.message : String(error ?? '');
  // The JS exporter drops the status of a retryable response once its retries are spent.
  if (message === RETRYABLE_STATUS_MESSAGE)
    return `was refused by ${target} (busy: HTTP 429/502/503/504)`;
  return `cannot export to ${target} (${message || 'unknown error'})`;
}

const RETRYABLE_STATUS_MESSAGE = 'Export failed with retryable status';

function isRemote(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

function errorCode(error: unknown): string | number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errors } = error as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' || typeof code === 'number') return code;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError.
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}

export class ExportTimeoutError extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`export timed out after ${ms}ms`);
    this.ms = ms;
    this.name = 'ExportTimeoutError';
  }
}
