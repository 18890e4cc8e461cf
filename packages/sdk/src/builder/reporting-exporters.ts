/**
 * Wrappers around every real exporter: the SDK's batch queue or metric reader hands them a batch,
 * they put it in the exporter's `ExportQueue` (@genai-otel/exporter-helper) and answer at once.
 * The queue sends it — per-attempt timeout, retries with backoff as the exporter asks, drops
 * counted and reported by the exporter's `ExportReporter` — with nothing that keeps the process
 * alive, so a finished app always reaches `beforeExit` and the bounded shutdown.
 */
import type { ComponentLogger } from '@genai-otel/component';
import {
  ExportQueue,
  markReported,
  type RetryPolicy,
  runInAttempt,
} from '@genai-otel/exporter-helper';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { ExportReporter } from './export-reporter.js';
import { byResource } from './received-resource.js';

export type Done = (result: ExportResult) => void;

/** What an exporter's close failure is said about. */
export type CloseSignal = 'spans' | 'metrics' | 'log records';

/** How each exporter's queue sends (from the exporter's own settings). */
export interface QueueSettings<T = unknown> {
  /** Units waiting at most (spans; metric collections). */
  capacity?: number;
  concurrency?: number;
  retry?: RetryPolicy;
  /** Items nothing will send again (see `ExportQueue`'s `settled`). */
  settled?: (items: T) => void;
}

/** Metric collections waiting at most for a slow or down endpoint. */
const METRIC_QUEUE_CAPACITY = 16;

/** One attempt of a callback-style exporter, as a promise that rejects with its error. */
export function attempt<T>(
  exporter: { export(items: T, done: Done): void },
  items: T,
): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(items, (result) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(result.error ?? new Error('export failed'));
    });
  });
}

/**
 * Runs an exporter's own shutdown within the reporter's deadline: the exporter can read it (an
 * attempt scope) to bound its last deliveries, and it is not waited for past it.
 */
export function withinDeadline(
  reporter: ExportReporter,
  close: () => Promise<void>,
): Promise<void> {
  const stop = reporter.stopSignal;
  if (stop.aborted) {
    void runInAttempt({ signal: stop, deadline: reporter.deadline }, close).catch(() => {});
    return Promise.resolve();
  }
  const closing = runInAttempt({ signal: stop, deadline: reporter.deadline }, close);
  return Promise.race([
    closing,
    new Promise<void>((resolve) => stop.addEventListener('abort', () => resolve(), { once: true })),
  ]);
}

/** The queue took the batch (SUCCESS to the producer) or dropped it (already counted and said). */
export function answer(queued: boolean, id: string, done: Done): void {
  if (queued) done({ code: ExportResultCode.SUCCESS });
  else
    done({
      code: ExportResultCode.FAILED,
      error: markReported(new Error(`exporter ${id} dropped a batch`)),
    });
}

/**
 * A failed flush or shutdown is the last word of an exporter: what it still held is lost, so it
 * is said — once per exporter and signal, in one line, however many queues share the exporter.
 */
export function sayCloseFailure(
  log: ComponentLogger,
  signal: CloseSignal,
  id: string,
  doing: 'flush' | 'shut down',
  error: unknown,
): void {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  log.once(
    `close-failed:${signal}:${id}`,
    'warn',
    `exporter ${id} failed to ${doing} its ${signal}: ${reason || 'unknown error'}`,
  );
}

/**
 * One exporter instance shared by the queues of several pipelines: each queue shuts down its own
 * lease; the real exporter shuts down with the last one.
 */
export class SharedShutdown {
  #leases = 0;
  #released = 0;
  #once: Promise<void> | undefined;
  readonly #shutdown: () => Promise<void>;
  readonly #log: ComponentLogger;
  readonly #id: string;
  readonly #signal: CloseSignal;

  constructor(
    shutdown: () => Promise<void>,
    log: ComponentLogger,
    id: string,
    signal: CloseSignal = 'spans',
  ) {
    this.#shutdown = shutdown;
    this.#log = log;
    this.#id = id;
    this.#signal = signal;
  }

  lease(): () => Promise<void> {
    this.#leases++;
    let done = false;
    return () => {
      if (!done) {
        done = true;
        this.#released++;
      }
      return this.#released >= this.#leases ? this.now() : Promise.resolve();
    };
  }

  /** Shuts the exporter down once, whatever the leases say (used at the end of shutdown). */
  now(): Promise<void> {
    this.#once ??= Promise.resolve()
      .then(this.#shutdown)
      .catch((error) => sayCloseFailure(this.#log, this.#signal, this.#id, 'shut down', error));
    return this.#once;
  }
}

/** A callback-style batch exporter: the shape span and log record exporters share. */
interface BatchExporter<T> {
  export(items: T[], done: Done): void;
  forceFlush?(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * A span or log record exporter behind the SDK's batch processor, sending through the shared
 * `ExportQueue`: per-attempt timeout, retries, bounded memory, drops counted and said once,
 * shutdown bounded by the reporter's deadline.
 */
export class ReportingBatchExporter<T> {
  readonly #inner: BatchExporter<T>;
  readonly #reporter: ExportReporter;
  readonly #queue: ExportQueue<T[]>;
  readonly #release: () => Promise<void>;
  readonly #log: ComponentLogger;
  readonly #signal: CloseSignal;

  constructor(
    signal: CloseSignal,
    inner: BatchExporter<T>,
    reporter: ExportReporter,
    timeoutMs: number,
    release: () => Promise<void>,
    log: ComponentLogger,
    settings: QueueSettings<T[]> = {},
  ) {
    this.#signal = signal;
    this.#inner = inner;
    this.#reporter = reporter;
    this.#release = release;
    this.#log = log;
    this.#queue = new ExportQueue<T[]>({
      reporter,
      send: (items) => attempt(inner, items),
      size: (items) => items.length,
      capacity: settings.capacity ?? Number.POSITIVE_INFINITY,
      attemptTimeoutMs: timeoutMs,
      ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
      ...(settings.retry !== undefined ? { retry: settings.retry } : {}),
      ...(settings.settled !== undefined ? { settled: settings.settled } : {}),
    });
  }

  export(items: T[], done: Done): void {
    // The batch was counted as accepted item by item (CountedQueue, CountedLogQueue): the queue
    // counts it again.
    this.#reporter.accepted(-items.length);
    answer(this.#queue.push(items), this.#reporter.id, done);
  }

  async forceFlush(): Promise<void> {
    await this.#queue.flush();
    try {
      await this.#inner.forceFlush?.();
    } catch (error) {
      sayCloseFailure(this.#log, this.#signal, this.#reporter.id, 'flush', error);
    }
  }

  async shutdown(): Promise<void> {
    // Bounded by the reporter's shutdown deadline, which ends every attempt and wait.
    await this.#queue.flush();
    await withinDeadline(this.#reporter, () => this.#release());
  }
}

export class ReportingSpanExporter
  extends ReportingBatchExporter<ReadableSpan>
  implements SpanExporter
{
  constructor(
    inner: SpanExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    release: () => Promise<void>,
    log: ComponentLogger,
    settings: QueueSettings<ReadableSpan[]> = {},
  ) {
    super('spans', inner, reporter, timeoutMs, release, log, settings);
  }
}

export class ReportingMetricExporter implements PushMetricExporter {
  readonly #inner: PushMetricExporter;
  readonly #reporter: ExportReporter;
  readonly #queue: ExportQueue<ResourceMetrics>;
  readonly #log: ComponentLogger;
  #closed: Promise<void> | undefined;

  constructor(
    inner: PushMetricExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    log: ComponentLogger,
    settings: QueueSettings = {},
  ) {
    this.#inner = inner;
    this.#reporter = reporter;
    this.#log = log;
    // One collection is one unit: data points differ too much in weight to sum.
    this.#queue = new ExportQueue<ResourceMetrics>({
      reporter,
      send: (metrics) => attempt(inner, metrics),
      size: () => 1,
      capacity: settings.capacity ?? METRIC_QUEUE_CAPACITY,
      attemptTimeoutMs: timeoutMs,
      // Collections go in order: a delta must not overtake the one before it.
      concurrency: 1,
      ...(settings.retry !== undefined ? { retry: settings.retry } : {}),
    });
    // The reader asks the exporter which temporality and aggregation it wants.
    if (inner.selectAggregationTemporality) {
      this.selectAggregationTemporality = (t: InstrumentType): AggregationTemporality =>
        inner.selectAggregationTemporality!(t);
    }
    if (inner.selectAggregation) {
      this.selectAggregation = (t) => inner.selectAggregation!(t);
    }
  }

  selectAggregationTemporality?: PushMetricExporter['selectAggregationTemporality'];
  selectAggregation?: PushMetricExporter['selectAggregation'];

  export(metrics: ResourceMetrics, done: Done): void {
    // Received metrics go out under the resource they were sent with: one export per resource.
    let queued = true;
    for (const part of byResource(metrics)) queued = this.#queue.push(part) && queued;
    answer(queued, this.#reporter.id, done);
  }

  async forceFlush(): Promise<void> {
    await this.#queue.flush();
    try {
      await this.#inner.forceFlush();
    } catch (error) {
      sayCloseFailure(this.#log, 'metrics', this.#reporter.id, 'flush', error);
    }
  }

  async shutdown(): Promise<void> {
    await this.#queue.flush();
    await this.close();
  }

  /** Shuts the real exporter down now, once (also when a timed-out shutdown gives up on it). */
  close(): Promise<void> {
    this.#closed ??= Promise.resolve()
      .then(() => withinDeadline(this.#reporter, () => this.#inner.shutdown()))
      .catch((error) =>
        sayCloseFailure(this.#log, 'metrics', this.#reporter.id, 'shut down', error),
      );
    return this.#closed;
  }
}
