/**
 * The awscloudwatchlogs LogRecordExporter. `export` turns records into PutLogEvents batches
 * (routed, within the service's limits) and hands them to the shared export queue
 * (@genai-otel/exporter-helper), answering at once: the queue sends them one attempt at a time
 * with a per-attempt timeout, retries throttling and outages with backoff, holds at most
 * `queue_size` records, says an outage in one line, and stops at the shutdown bound — nothing of
 * it keeps the process alive.
 */
import type { ComponentLogger } from '@genai-otel/component';
import {
  currentAttempt,
  ExportQueue,
  ExportReporter,
  markReported,
  type RetryPolicy,
} from '@genai-otel/exporter-helper';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { type Batch, toBatches } from './batches.js';
import type { PutLogEvents, RejectedReason } from './put-log-events.js';
import type { Router } from './routing.js';

/** How long shutdown waits for queued batches when the caller sets no deadline. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

export interface CloudWatchLogsExporterOptions {
  /** `awscloudwatchlogs/revops`: names the exporter in messages. */
  id: string;
  /** Where records go, for messages (the endpoint URL). */
  target: string;
  client: PutLogEvents;
  router: Router;
  logStreamName: string;
  rawLog: boolean;
  /** Records held at most while CloudWatch Logs is slow or down. */
  queueSize: number;
  attemptTimeoutMs: number;
  retry: RetryPolicy;
  log: ComponentLogger;
  /** Longest wait of `shutdown` (a deadline of the caller's attempt scope can shorten it). */
  shutdownTimeoutMs?: number;
}

const REJECTED_WHY: Record<RejectedReason, string> = {
  tooOld: 'too old (more than 14 days, or before the retention period)',
  expired: 'older than the log group retention',
  tooNew: 'too new (more than 2 hours in the future: check the clock)',
};

export class CloudWatchLogsExporter implements LogRecordExporter {
  readonly #o: CloudWatchLogsExporterOptions;
  readonly #reporter: ExportReporter;
  readonly #queue: ExportQueue<Batch>;
  readonly #rejected: Record<RejectedReason, number> = { tooOld: 0, expired: 0, tooNew: 0 };
  #oversize = 0;
  #shutdown: Promise<void> | undefined;

  constructor(options: CloudWatchLogsExporterOptions) {
    this.#o = options;
    this.#reporter = new ExportReporter({
      id: options.id,
      target: options.target,
      unit: 'log records',
      log: options.log,
    });
    this.#queue = new ExportQueue<Batch>({
      reporter: this.#reporter,
      send: (batch, signal) => options.client.put(batch, signal),
      size: (batch) => batch.events.length,
      capacity: options.queueSize,
      attemptTimeoutMs: options.attemptTimeoutMs,
      retry: options.retry,
    });
  }

  /** Events CloudWatch Logs refused so far, by reason. */
  get rejected(): Readonly<Record<RejectedReason, number>> {
    return this.#rejected;
  }

  /** Records waiting in the queue (not counting batches being sent). */
  get waiting(): number {
    return this.#queue.waiting;
  }

  /** Called by the client for every refusal: said once per reason, totalled at shutdown. */
  onRejected(reason: RejectedReason, count: number, group: string): void {
    this.#rejected[reason] += count;
    this.#o.log.once(
      `rejected:${reason}`,
      'warn',
      `CloudWatch Logs rejected ${count} log events for ${group} as ${REJECTED_WHY[reason]} (further rejections are counted; the total is reported at shutdown)`,
    );
  }

  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    if (this.#shutdown) {
      done({
        code: ExportResultCode.FAILED,
        error: new Error(`exporter ${this.#o.id} is shut down`),
      });
      return;
    }
    let queued = true;
    try {
      const { batches, oversize } = toBatches(
        records,
        this.#o.router,
        this.#o.logStreamName,
        this.#o.rawLog,
      );
      if (oversize > 0) {
        this.#oversize += oversize;
        this.#o.log.once(
          'oversize',
          'warn',
          `dropping log records larger than the 256 KiB a CloudWatch Logs event may be (counted; the total is reported at shutdown)`,
        );
      }
      for (const batch of batches) queued = this.#queue.push(batch) && queued;
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    // Dropped batches were counted and said by the reporter: not again by the SDK's handler.
    if (queued) done({ code: ExportResultCode.SUCCESS });
    else
      done({
        code: ExportResultCode.FAILED,
        error: markReported(new Error(`exporter ${this.#o.id} dropped log records`)),
      });
  }

  forceFlush(): Promise<void> {
    return this.#queue.flush();
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#close();
    return this.#shutdown;
  }

  async #close(): Promise<void> {
    // Within the sdk's shutdown (an attempt scope), its deadline bounds the wait too.
    const scope = currentAttempt();
    const bound = Math.min(
      this.#o.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      scope ? Math.max(0, scope.deadline - Date.now()) : Number.POSITIVE_INFINITY,
    );
    this.#reporter.beginShutdown(bound);
    // The queue settles by the deadline: attempts are cut and what waits is counted as unsent.
    await this.#queue.flush();
    const summary = this.#reporter.summary();
    if (summary) this.#o.log.warn(summary);
    const r = this.#rejected;
    const rejected = r.tooOld + r.expired + r.tooNew;
    if (rejected > 0) {
      this.#o.log.warn(
        `CloudWatch Logs rejected ${rejected} log events in total (too old ${r.tooOld}, expired ${r.expired}, too new ${r.tooNew})`,
      );
    }
    if (this.#oversize > 0)
      this.#o.log.warn(`dropped ${this.#oversize} log records larger than 256 KiB`);
    await this.#o.client.destroy();
  }
}
