/**
 * The component contract: every receiver, processor, exporter and connector is a factory with the
 * collector's four parts — a type name, default settings, validation, and a constructor.
 */
import type { ComponentKind, Signal, ValidationIssue } from '@genai-otel/config';
import type { LoggerProvider, MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type {
  AggregationSelector,
  AggregationTemporalitySelector,
  MetricProducer,
  MetricReader,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Environment variables as a plain map (`process.env` by default). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What every `create` receives besides its own settings. */
export interface CreateContext {
  /** The component's id as written in the YAML, e.g. `otlp_http/jaeger`. */
  id: string;
  /** One-line, rate-limited diagnostics for the user; never throws. */
  log: ComponentLogger;
  /** The environment the config was resolved with: defaults such as `OTEL_EXPORTER_OTLP_*` read it. */
  env: Env;
  /**
   * The signals of the pipelines that use this instance, so a component builds only the sinks it
   * needs (absent: every signal it supports).
   */
  signals?: readonly Signal[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ComponentLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Logs a message only the first time `key` is seen (e.g. one warning per unpriced model). */
  once(key: string, level: LogLevel, message: string): void;
}

export interface ComponentFactory<C = unknown, T = unknown> {
  readonly kind: ComponentKind;
  readonly type: string;
  readonly aliases?: readonly string[];
  readonly signals: readonly Signal[];
  readonly connects?: { readonly from: Signal; readonly to: Signal };
  /** JSON Schema of the settings (draft 2020-12). */
  readonly schema?: object;
  /** One-line description for docs and the generated JSON schema. */
  readonly description: string;
  createDefaultConfig(): C;
  validate?(config: C): ValidationIssue[];
  create(config: C, ctx: CreateContext): T;
}

/**
 * A receiver is a source of telemetry. The in-process one (`genai`) instruments the app through
 * the TracerProvider; one that gets finished telemetry from elsewhere (`otlp`) hands it to
 * `host.traces` / `host.metrics` / `host.logs`, the pipelines that list it.
 */
export interface Receiver {
  /**
   * Called once the providers and consumers exist (and are global when so configured). An
   * in-process receiver must do its hooking synchronously: under `node --import` the app's first
   * import follows right after. A network receiver may return a promise that settles once it
   * listens (a rejection is reported; the rest of the setup runs on).
   */
  start(host: ReceiverHost): void | Promise<void>;
  /** Stops taking data, finishes what it took (within the sdk's shutdown bound). */
  shutdown(): Promise<void>;
}

/** What a receiver is given to feed: the providers and the pipelines that list it. */
export interface ReceiverHost {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /**
   * The LoggerProvider of the logs pipelines listing this receiver, for an in-process one (the
   * `genai` receiver switches the pino/winston instrumentations on when it is given one); it is
   * also the global one. Absent: no logs pipeline lists an in-process receiver.
   */
  loggerProvider?: LoggerProvider;
  /** The traces pipelines listing this receiver, as one consumer (absent: none does). */
  traces?: TracesConsumer;
  /** The metrics pipelines listing this receiver (absent: none does). */
  metrics?: MetricsConsumer;
  /** The logs pipelines listing this receiver (absent: none does). */
  logs?: LogsConsumer;
}

/**
 * Spans that ended elsewhere (received over the wire), handed to the pipelines. Each span goes
 * through every pipeline's processors exactly as an in-process span does at its end — all
 * pipelines' `onEnding` (which may still `setAttribute`), then their `onEnd` and the fan-out to
 * exporters and connectors (a connector sees each span once). Synchronous and never throws; the
 * span objects must implement the SDK's `Span` (the API span's setters over a `ReadableSpan`).
 */
export interface TracesConsumer {
  consume(spans: readonly Span[]): void;
  /**
   * Whether `count` more spans fit in every export queue they would reach, now: the id of the
   * first exporter whose queue cannot take them, or undefined when all can. A receiver asks
   * before `consume` and answers "retry later" (OTLP: 503 / UNAVAILABLE) instead of taking spans
   * a queue would drop. Absent: always fits.
   */
  admits?(count: number): string | undefined;
}

/** Metrics received from elsewhere, one resource per call, passed to the pipelines' exporters. */
export interface MetricsConsumer {
  consume(metrics: ResourceMetrics): void;
}

/** Log records received from elsewhere, passed to the pipelines' exporters. */
export interface LogsConsumer {
  consume(records: readonly ReadableLogRecord[]): void;
  /** As {@link TracesConsumer.admits}, for log records. */
  admits?(count: number): string | undefined;
}

/**
 * A traces processor either mutates spans in the pipeline (a SpanProcessor whose `onEnding`
 * enriches the span before any exporter sees it) or, like `batch`, only sets how the pipeline's
 * per-exporter queues batch.
 */
export interface TracesProcessor {
  spanProcessor?: SpanProcessor;
  batch?: BatchSettings;
  /**
   * For a processor that decides which finished spans go on, possibly later (`tail_sampling`):
   * given where kept spans go (the pipeline's exporters and connectors), the gate every finished
   * span of the pipeline passes through. Processors' `onEnding` still see every span; only the
   * fan-out is gated. Its `shutdown` decides and hands on what it still holds.
   */
  gate?: (next: SpanSink) => SpanGate;
  /**
   * For a processor that acts on log records too (e.g. `redaction`): what a logs pipeline passes
   * on for `record` — the same record when nothing changed, else a new one (never mutated: one
   * record may reach several pipelines). Synchronous; a throw drops the record (said once).
   */
  logRecord?: (record: ReadableLogRecord) => ReadableLogRecord;
}

/** Where a gate hands on the spans it keeps. Synchronous; never throws. */
export type SpanSink = (span: ReadableSpan) => void;

/** A gate between a traces pipeline's processors and its sinks (see `TracesProcessor.gate`). */
export interface SpanGate {
  /** Takes one finished span; hands it on now, later, or never. Synchronous; never throws. */
  take(span: ReadableSpan): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface BatchSettings {
  /** Flush when this many spans are queued (`send_batch_size`). */
  sendBatchSize: number;
  /** Upper bound on one export call (`send_batch_max_size`, 0 = same as sendBatchSize). */
  sendBatchMaxSize: number;
  /** Flush at least this often, in ms (`timeout`). */
  timeoutMs: number;
}

/** Spans an exporter's queue holds when it does not say (the OpenTelemetry SDK's default). */
export const DEFAULT_QUEUE_SIZE = 2048;

/** An exporter provides a sink per signal it supports. */
/** What an exporter's span queue needs of what it holds (see `SpanQueueForm`). */
export type QueuedSpan = Pick<ReadableSpan, 'spanContext' | 'resource' | 'instrumentationScope'>;

/**
 * What a span exporter's queue holds in place of each finished span, and when it is done with it:
 * the exporter's `export` then receives these, and `release` gets them back once no attempt will
 * read them again. otlp_http (protobuf) encodes the span here, so the span itself dies young and
 * its queue holds bytes in reused buffers. It is a property of the exporter object that receives
 * them (`FormingSpanExporter`): a wrapper around that exporter has none of its own, so it gets
 * plain spans.
 */
export interface SpanQueueForm {
  /**
   * The form of a finished span as it reaches the queue; `export` receives these. Should it
   * throw, the queue holds the span itself: `export` must take plain spans among them too.
   */
  hold(span: ReadableSpan): QueuedSpan;
  /** The queue is done with these for good (sent, or given up): nothing reads them again. */
  release(spans: readonly QueuedSpan[]): void;
}

/** A span exporter whose queue holds another form of each span (see `SpanQueueForm`). */
export interface FormingSpanExporter extends SpanExporter {
  readonly spanQueue: SpanQueueForm;
}

/** The form `exporter`'s queue holds, if it asks for one. */
export function spanQueueOf(exporter: SpanExporter): SpanQueueForm | undefined {
  const form = (exporter as Partial<FormingSpanExporter>).spanQueue;
  return typeof form?.hold === 'function' && typeof form.release === 'function' ? form : undefined;
}

export interface Exporter {
  /** A `FormingSpanExporter` chooses what its queue holds in place of each span. */
  traces?: SpanExporter;
  /** A push exporter (read periodically) or a pull reader (e.g. Prometheus). */
  metrics?: PushMetricExporter | MetricReader;
  /** Log records (for logs pipelines: received logs, a connector's events). */
  logs?: LogRecordExporter;
  /**
   * Spans the exporter's queue holds at most before it drops (and says so). Default 2048;
   * 0 means "no queue": room for one batch only.
   */
  queueSize?: number;
  /** Longest one export may take before it counts as failed, in ms. */
  timeoutMs?: number;
  /** Where the spans go, for messages: a URL, a file path, `stderr`. */
  target?: string;
  /** Where the metrics go, when not `target`. */
  metricsTarget?: string;
  /** Where the log records go, when not `target`. */
  logsTarget?: string;
  /**
   * Whether and how a failed export is tried again (the collector's `retry_on_failure`), by the
   * shared export queue. Absent: one attempt. `timeoutMs` then bounds each attempt.
   */
  retry?: {
    enabled: boolean;
    initialIntervalMs: number;
    maxIntervalMs: number;
    maxElapsedMs: number;
  };
  /** Batches sent at the same time (default 1). */
  concurrency?: number;
  /**
   * The logs exporter queues, retries, times out and reports by itself with exporter-helper's
   * `ExportQueue` (its `export` answers at once), because one export becomes several requests
   * retried one by one (e.g. CloudWatch Logs: a batch per log group). The sdk then feeds it from
   * its batch processor without a second export queue: one queue, one line per outage.
   */
  logsQueued?: boolean;
}

/**
 * A connector is an exporter at the end of one pipeline and a receiver at the start of another
 * (e.g. spans → metrics). Its traces side is a SpanProcessor fed the finished, processed spans of
 * every traces pipeline that lists it as an exporter. Its metrics side either records into the
 * shared MeterProvider once attached (`attach`), or aggregates by itself and hands its data to the
 * readers (`createMetricProducer`), which spares the metrics SDK's per-record attribute hashing.
 */
export interface Connector {
  spanProcessor?: SpanProcessor;
  /** Called once the MeterProvider exists, for connectors whose `to` signal is `metrics`. */
  attach?(providers: { meterProvider: MeterProvider }): void;
  /**
   * A MetricProducer for ONE MetricReader of the metrics pipelines that list the connector as a
   * receiver: called once per such reader, before the MeterProvider is built, and collected with
   * that reader (`MetricReaderOptions.metricProducers`). One per reader so that each keeps its own
   * delta state; the options' selectors are asked at collection time.
   */
  createMetricProducer?(options: MetricProducerOptions): MetricProducer;
  /**
   * For connectors whose `to` signal is `logs` (e.g. spans → GenAI event records): called once,
   * before any span ends, with the logs pipelines that list the connector as a receiver. The
   * connector hands its records to `consumer` (synchronous, never throws); the pipelines batch
   * and export them. The logs pipelines flush and shut down alongside the traces pipelines, not
   * after them: hand records over as spans end (`onEnd`), not from a flush of your own.
   */
  attachLogs?(consumer: LogsConsumer): void;
}

/** What a connector's MetricProducer is told of the reader it feeds. */
export interface MetricProducerOptions {
  /**
   * The reader's temporality per instrument type (Prometheus: cumulative; awsemf: delta counters
   * and histograms). Absent: cumulative, the SDK's default.
   */
  aggregationTemporalitySelector?: AggregationTemporalitySelector;
  /** The reader's aggregation per instrument type (a `DROP` means the reader wants none). */
  aggregationSelector?: AggregationSelector;
  /** The MeterProvider's resource (a MetricReader reports its own provider's resource anyway). */
  resource?: ResourceMetrics['resource'];
}

export type ReceiverFactory<C = unknown> = ComponentFactory<C, Receiver>;
export type ProcessorFactory<C = unknown> = ComponentFactory<C, TracesProcessor>;
export type ExporterFactory<C = unknown> = ComponentFactory<C, Exporter>;
export type ConnectorFactory<C = unknown> = ComponentFactory<C, Connector>;

export { markOwnServer, onOwnServer } from './own-server.js';
