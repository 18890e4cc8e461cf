/**
 * The one way an exporter sends, built from parts in the manner of OpenTelemetry JS's
 * `OTLPExportDelegate` (transport, serializer, promise queue, response handler): a bounded queue
 * in front of `send` (one attempt, done by the exporter), run with a per-attempt timeout, retried
 * with backoff and jitter while the error is not permanent, and reported through an
 * `ExportReporter`. Nothing of it keeps the process alive: its timers are unref'd, and the
 * producer (the SDK's batch queue or metric reader) is answered as soon as an item is queued, so
 * its own export timer never holds a finished app. Shutdown drains it within the reporter's
 * deadline; what is left is counted.
 */
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { runInAttempt } from './attempt-scope.js';
import { NO_RETRY, nextWait, type RetryPolicy, sleep } from './backoff.js';
import { ExportTimeoutError } from './describe-failure.js';
import { isPermanent, retryAfterOf } from './errors.js';
import type { ExportReporter } from './export-reporter.js';

export interface ExportQueueOptions<T> {
  reporter: ExportReporter;
  /** One attempt; rejects with the reason (mark it `permanent` when retrying cannot help). */
  send(item: T, signal: AbortSignal): Promise<void>;
  /** How many units (spans, runs, collections) an item counts for. */
  size(item: T): number;
  /** Units waiting at most; further items are dropped and counted. */
  capacity: number;
  /** Items sent at the same time. Default 1. */
  concurrency?: number;
  /** Longest one attempt may take. */
  attemptTimeoutMs: number;
  /** Default: no retry. */
  retry?: RetryPolicy;
  random?: () => number;
  /**
   * Called once per pushed item when nothing will send it again: sent, failed for good, unsent at
   * shutdown, or dropped at `push`. What the item holds may be reused from then on.
   */
  settled?(item: T): void;
}

/** An attempt cut by the shutdown deadline: its items are unsent, not failed. */
class CutAtShutdown extends Error {}

interface Entry<T> {
  item: T;
  size: number;
}

export class ExportQueue<T> {
  readonly #o: ExportQueueOptions<T>;
  readonly #waiting: Entry<T>[] = [];
  #waitingSize = 0;
  #active = 0;
  #idle: (() => void)[] = [];

  constructor(options: ExportQueueOptions<T>) {
    this.#o = options;
    // When shutdown stops waiting, what still waits is counted and let go at once.
    options.reporter.stopSignal.addEventListener('abort', () => this.#dropWaiting(), {
      once: true,
    });
  }

  /** Units waiting (not counting those being sent). */
  get waiting(): number {
    return this.#waitingSize;
  }

  /** Queues `item`; false when it was dropped (full queue, or shutdown over): already counted. */
  push(item: T): boolean {
    const size = this.#o.size(item);
    const reporter = this.#o.reporter;
    reporter.accepted(size);
    if (reporter.stopSignal.aborted) {
      reporter.unsent(size);
      this.#settle(item);
      return false;
    }
    // One item larger than the whole queue still goes alone when nothing waits.
    if (this.#waitingSize > 0 && this.#waitingSize + size > this.#o.capacity) {
      reporter.queueFull(size, this.#o.capacity);
      this.#settle(item);
      return false;
    }
    this.#waiting.push({ item, size });
    this.#waitingSize += size;
    this.#pump();
    return true;
  }

  /** Resolves when nothing waits and nothing is being sent. */
  flush(): Promise<void> {
    if (this.#active === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    const concurrency = Math.max(1, this.#o.concurrency ?? 1);
    while (this.#active < concurrency && this.#waiting.length > 0) {
      const entry = this.#waiting.shift()!;
      this.#waitingSize -= entry.size;
      this.#active++;
      void this.#deliver(entry).finally(() => {
        this.#settle(entry.item);
        this.#active--;
        this.#pump();
        if (this.#active === 0 && this.#waiting.length === 0) {
          const idle = this.#idle;
          this.#idle = [];
          for (const wake of idle) wake();
        }
      });
    }
  }

  async #deliver({ item, size }: Entry<T>): Promise<void> {
    const { reporter, retry = NO_RETRY } = this.#o;
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (reporter.stopSignal.aborted) {
        reporter.unsent(size);
        return;
      }
      let error: unknown;
      try {
        await this.#attempt(item);
        reporter.succeeded(size);
        return;
      } catch (e) {
        error = e;
      }
      if (reporter.stopSignal.aborted || error instanceof CutAtShutdown) {
        // Cut by shutdown: unsent, and not an outage of the endpoint.
        reporter.unsent(size);
        return;
      }
      reporter.attemptFailed(error);
      const wait = isPermanent(error)
        ? undefined
        : nextWait(
            retry,
            attempt,
            retryAfterOf(error),
            startedAt,
            Date.now(),
            reporter.deadline,
            this.#o.random,
          );
      if (wait === undefined) {
        reporter.failed(error, size);
        return;
      }
      try {
        await sleep(wait, reporter.stopSignal);
      } catch {
        reporter.unsent(size);
        return;
      }
    }
  }

  /** One attempt, bounded by its timeout and the shutdown deadline; a late answer is ignored. */
  #attempt(item: T): Promise<void> {
    const { reporter, attemptTimeoutMs } = this.#o;
    const controller = new AbortController();
    const untilDeadline = Math.max(0, reporter.deadline - Date.now());
    const limit = Math.min(attemptTimeoutMs, untilDeadline);
    const end = reporter.attemptStarted();
    return new Promise<void>((resolve, reject) => {
      const onStop = () => controller.abort(reporter.stopSignal.reason);
      const timer = setTimeout(
        () =>
          controller.abort(
            limit < attemptTimeoutMs
              ? new CutAtShutdown('shutdown deadline')
              : new ExportTimeoutError(attemptTimeoutMs),
          ),
        limit,
      );
      timer.unref?.();
      reporter.stopSignal.addEventListener('abort', onStop, { once: true });
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reporter.stopSignal.removeEventListener('abort', onStop);
        controller.signal.removeEventListener('abort', onAbort);
        end();
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = () => finish(controller.signal.reason);
      controller.signal.addEventListener('abort', onAbort, { once: true });
      if (reporter.stopSignal.aborted) return onStop();
      try {
        // Never traced: with the http/undici instrumentations on, an export's own requests
        // would otherwise become spans that are exported, and so on.
        context
          .with(suppressTracing(context.active()), () =>
            runInAttempt({ signal: controller.signal, deadline: Date.now() + limit }, () =>
              this.#o.send(item, controller.signal),
            ),
          )
          .then(
            () => finish(),
            (error: unknown) => finish(error ?? new Error('export failed')),
          );
      } catch (error) {
        finish(error);
      }
    });
  }

  #settle(item: T): void {
    try {
      this.#o.settled?.(item);
    } catch {
      // The owner's bookkeeping; the queue goes on either way.
    }
  }

  #dropWaiting(): void {
    const dropped = this.#waiting.splice(0);
    this.#waitingSize = 0;
    let count = 0;
    for (const e of dropped) count += e.size;
    if (count > 0) this.#o.reporter.unsent(count);
    for (const e of dropped) this.#settle(e.item);
  }
}
