/**
 * Wrappers around every real exporter: they never throw, bound each export by a timeout, and
 * feed the ExportReporter. A failure is still returned to the queue (as an error marked
 * "reported", which the global error handler ignores) so OTel's own accounting stays right.
 */
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { type ExportReporter, ExportTimeoutError, markReported } from './export-reporter.js';

type Done = (result: ExportResult) => void;

function guardedExport(
  run: (done: Done) => void,
  count: number,
  reporter: ExportReporter,
  timeoutMs: number,
  done: Done,
): void {
  let settled = false;
  const finish = (result: ExportResult) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (result.code === ExportResultCode.SUCCESS) {
      reporter.succeeded(count);
      done(result);
    } else {
      reporter.failed(result.error, count);
      done({ code: ExportResultCode.FAILED, error: markReported(result.error) });
    }
  };
  reporter.started();
  // A hung exporter must not hold its queue forever; the late answer is ignored.
  const timer = setTimeout(
    () => finish({ code: ExportResultCode.FAILED, error: new ExportTimeoutError(timeoutMs) }),
    timeoutMs,
  );
  timer.unref?.();
  try {
    run(finish);
  } catch (error) {
    finish({ code: ExportResultCode.FAILED, error: error as Error });
  }
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

  constructor(shutdown: () => Promise<void>) {
    this.#shutdown = shutdown;
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
      .catch(() => {});
    return this.#once;
  }
}

export class ReportingSpanExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #reporter: ExportReporter;
  readonly #timeoutMs: number;
  readonly #release: () => Promise<void>;

  constructor(
    inner: SpanExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    release: () => Promise<void>,
  ) {
    this.#inner = inner;
    this.#reporter = reporter;
    this.#timeoutMs = timeoutMs;
    this.#release = release;
  }

  export(spans: ReadableSpan[], done: Done): void {
    guardedExport(
      (finish) => this.#inner.export(spans, finish),
      spans.length,
      this.#reporter,
      this.#timeoutMs,
      done,
    );
  }

  async forceFlush(): Promise<void> {
    try {
      await this.#inner.forceFlush?.();
    } catch {}
  }

  shutdown(): Promise<void> {
    return this.#release();
  }
}

export class ReportingMetricExporter implements PushMetricExporter {
  readonly #inner: PushMetricExporter;
  readonly #reporter: ExportReporter;
  readonly #timeoutMs: number;

  constructor(inner: PushMetricExporter, reporter: ExportReporter, timeoutMs: number) {
    this.#inner = inner;
    this.#reporter = reporter;
    this.#timeoutMs = timeoutMs;
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
    // One collection is counted as one unit: data points differ too much in weight to sum.
    this.#reporter.accepted(1);
    guardedExport(
      (finish) => this.#inner.export(metrics, finish),
      1,
      this.#reporter,
      this.#timeoutMs,
      done,
    );
  }

  async forceFlush(): Promise<void> {
    try {
      await this.#inner.forceFlush();
    } catch {}
  }

  async shutdown(): Promise<void> {
    try {
      await this.#inner.shutdown();
    } catch {}
  }
}
