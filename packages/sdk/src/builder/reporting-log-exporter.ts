/**
 * The logs side of reporting-exporters.ts: a logs exporter behind the SDK's BatchLogRecordProcessor
 * is the same ReportingBatchExporter as a span exporter — per attempt timeout, retries, bounded
 * memory, drops counted and said in one line, bounded shutdown.
 */
import type { ComponentLogger } from '@genai-otel/component';
import type {
  BatchLogRecordProcessor,
  LogRecordExporter,
  LogRecordProcessor,
  ReadableLogRecord,
  ReadWriteLogRecord,
} from '@opentelemetry/sdk-logs';
import type { ExportReporter } from './export-reporter.js';
import { type Done, type QueueSettings, ReportingBatchExporter } from './reporting-exporters.js';

export class ReportingLogExporter
  extends ReportingBatchExporter<ReadableLogRecord>
  implements LogRecordExporter
{
  constructor(
    inner: LogRecordExporter,
    reporter: ExportReporter,
    timeoutMs: number,
    release: () => Promise<void>,
    log: ComponentLogger,
    settings: QueueSettings = {},
  ) {
    super('log records', inner, reporter, timeoutMs, release, log, settings);
  }
}

/**
 * An exporter's batch queue in one logs pipeline that tells the reporter about every record it
 * takes, so a flush can wait for exports under way and shutdown can count what never left.
 * Records received over the wire or made by a connector are readable only: the batch processor
 * just holds them, so they pass as they are.
 */
export class CountedLogQueue implements LogRecordProcessor {
  readonly #queue: BatchLogRecordProcessor;
  readonly #reporter: ExportReporter;
  #closed = false;

  constructor(queue: BatchLogRecordProcessor, reporter: ExportReporter) {
    this.#queue = queue;
    this.#reporter = reporter;
  }

  onEmit(record: ReadableLogRecord): void {
    if (this.#closed) return;
    this.#reporter.accepted(1);
    this.#queue.onEmit(record as ReadWriteLogRecord);
  }

  forceFlush(): Promise<void> {
    return this.#queue.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#closed = true;
    return this.#queue.shutdown();
  }
}

/**
 * A logs exporter that queues, retries and reports by itself (`Exporter.logsQueued`), fed by the
 * batch processors of several pipelines: exports and flushes go straight through (no second
 * export queue, so an outage is said once, by the exporter); shutdown releases this pipeline's
 * lease, and the exporter is shut down once, when the last pipeline lets go.
 */
export class LeasedLogExporter implements LogRecordExporter {
  readonly #inner: LogRecordExporter;
  readonly #release: () => Promise<void>;

  constructor(inner: LogRecordExporter, release: () => Promise<void>) {
    this.#inner = inner;
    this.#release = release;
  }

  export(records: ReadableLogRecord[], done: Done): void {
    this.#inner.export(records, done);
  }

  async forceFlush(): Promise<void> {
    await this.#inner.forceFlush?.();
  }

  shutdown(): Promise<void> {
    return this.#release();
  }
}
