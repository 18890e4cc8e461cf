/**
 * Wrappers around every real exporter: they never throw, bound each export by a timeout, feed the
 * ExportReporter, and drop batches without calling the exporter while its circuit is open. A
 * failure is still returned to the queue (as an error marked "reported", which the global error
 * handler ignores) so OTel's own accounting stays right.
 */
import type { ComponentLogger } from '@genai-otel/component';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type {
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { ExportTimeoutError, markReported } from './describe-failure.js';
import type { ExportReporter } from './export-reporter.js';

type Done = (result: ExportResult) => void;

/** The batch never reached the exporter: its endpoint is unreachable (already reported). */
export class CircuitOpenError extends Error {
  constructor(id: string) {
    super(`exporter ${id} is unreachable; batch dropped`);
    this.name = 'CircuitOpenError';
  }
}

function guardedExport(
  run: (done: Done) => void,
  count: number,
  reporter: ExportReporter,
  timeoutMs: number,
  done: Done,
): void {
  const admission = reporter.admit(count);
  if (admission === 'drop') {
    done({ code: ExportResultCode.FAILED, error: markReported(new CircuitOpenError(reporter.id)) });
    return;
  }
  let settled = false;
  const finish = (result: ExportResult, abandoned = false) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    end();
    if (abandoned) {
      reporter.abandoned(count);
      done({ code: ExportResultCode.FAILED, error: markReported(result.error) });
    } else if (result.code === ExportResultCode.SUCCESS) {
      reporter.succeeded(count);
      done(result);
    } else {
      reporter.failed(result.error, count, admission === 'probe');
      done({ code: ExportResultCode.FAILED, error: markReported(result.error) });
    }
  };
  const end = reporter.started(() =>
    finish(
      { code: ExportResultCode.FAILED, error: new CircuitOpenError(reporter.id) },
      /* abandoned */ true,
    ),
  );
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
 * A failed flush or shutdown is the last word of an exporter: what it still held is lost, so it
 * is said — once per exporter and signal, in one line, however many queues share the exporter.
 */
function sayCloseFailure(
  log: ComponentLogger,
  signal: 'spans' | 'metrics',
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

  constructor(shutdown: () => Promise<void>, log: ComponentLogger, id: string) {
    this.#shutdown = shutdown;
    this.#log = log;
    this.#id = id;
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
      .catch((error) => sayCloseFailure(this.#log, 'spans', this.#id, 'shut down', error));
    return this.#once;
  }
}

export class ReportingSpanExporter implements SpanExporter {
  readonly #inner: SpanExporter;
  readonly #reporter: ExportReporter;
  readonly #timeoutMs: number;
  readonly #release: () => Promise<void>;
  readonly #log: ComponentLogger;

  constructor(
    inner: SpanExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    release: () => Promise<void>,
    log: ComponentLogger,
  ) {
    this.#inner = inner;
    this.#reporter = reporter;
    this.#timeoutMs = timeoutMs;
    this.#release = release;
    this.#log = log;
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
    } catch (error) {
      sayCloseFailure(this.#log, 'spans', this.#reporter.id, 'flush', error);
    }
  }

  shutdown(): Promise<void> {
    const released = this.#release();
    // An unreachable endpoint is not waited for: what it still held is counted as dropped.
    return this.#reporter.circuitOpen ? Promise.resolve() : released;
  }
}

export class ReportingMetricExporter implements PushMetricExporter {
  readonly #inner: PushMetricExporter;
  readonly #reporter: ExportReporter;
  readonly #timeoutMs: number;
  readonly #log: ComponentLogger;
  #closed: Promise<void> | undefined;

  constructor(
    inner: PushMetricExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    log: ComponentLogger,
  ) {
    this.#inner = inner;
    this.#reporter = reporter;
    this.#timeoutMs = timeoutMs;
    this.#log = log;
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
    } catch (error) {
      sayCloseFailure(this.#log, 'metrics', this.#reporter.id, 'flush', error);
    }
  }

  shutdown(): Promise<void> {
    const closed = this.close();
    // As for spans: an unreachable endpoint is not waited for.
    return this.#reporter.circuitOpen ? Promise.resolve() : closed;
  }

  /** Shuts the real exporter down now, once (also when a timed-out shutdown gives up on it). */
  close(): Promise<void> {
    this.#closed ??= Promise.resolve()
      .then(() => this.#inner.shutdown())
      .catch((error) =>
        sayCloseFailure(this.#log, 'metrics', this.#reporter.id, 'shut down', error),
      );
    return this.#closed;
  }
}
