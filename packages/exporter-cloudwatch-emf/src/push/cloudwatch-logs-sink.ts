/**
 * Direct delivery: PutLogEvents with the AWS SDK v3, with the `x-amzn-logs-format: json/emf`
 * header so CloudWatch extracts the metrics. A missing stream (and group) is created on
 * ResourceNotFoundException — the group with `tags` and `log_retention` — and the call retried;
 * throttling, 5xx and network errors are retried with exponential backoff up to `max_retries`,
 * then the batch waits for the next export; any other error (InvalidParameterException,
 * AccessDeniedException …) cannot be fixed by sending the same batch again, so the batch is
 * dropped and counted, said once per error, and the events behind it go on; events CloudWatch
 * refuses (`rejectedLogEventsInfo`) are counted and reported once.
 *
 * The SDK is loaded on first use only, so a Lambda writing to stdout never pays for it.
 */

import type { CloudWatchLogsClient, RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';
import type { ComponentLogger } from '@genai-otel/component';
import {
  type CloudWatchLogsSdk,
  type CreateLogStreamError,
  createLogStream,
  errorName,
  LazyLogsClient,
  RETRYABLE_ERROR_NAMES,
  rejectedCounts,
} from '@genai-otel/exporter-cloudwatch-logs';
import { backoffMs, currentAttempt, sleep } from '@genai-otel/exporter-helper';
import { UNDELIVERED_AT_SHUTDOWN } from './drops.js';
import { type Batch, nextBatch } from './log-event-batch.js';
import { QueuedSink, type QueuedSinkOptions } from './queued-sink.js';

type Sdk = CloudWatchLogsSdk;

export interface CloudWatchLogsSinkOptions extends QueuedSinkOptions {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  logRetentionDays: number;
  tags: Record<string, string>;
  maxRetries: number;
  log: ComponentLogger;
  /** First retry delay; doubles per attempt up to `maxBackoffMs`. */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout. */
  requestTimeoutMs?: number;
}

/** Our retries also take the client's own timeouts, which the export queue would pass anyway. */
const RETRYABLE = new Set([...RETRYABLE_ERROR_NAMES, 'TimeoutError', 'RequestTimeout']);

export class CloudWatchLogsSink extends QueuedSink {
  readonly target: string;
  readonly #o: CloudWatchLogsSinkOptions;
  readonly #client: LazyLogsClient;
  readonly #rejected = { tooNew: 0, tooOld: 0, expired: 0 };

  constructor(options: CloudWatchLogsSinkOptions) {
    super(options);
    this.#o = options;
    this.target = `CloudWatch Logs${options.region ? ` (${options.region})` : ''}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    // Loaded now, in the background (see LazyLogsClient). Retries are ours: they also cover
    // creating the stream, and stay within max_retries.
    this.#client = new LazyLogsClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
      headers: { 'x-amzn-logs-format': 'json/emf' },
    });
  }

  /** Events CloudWatch refused so far, by reason. */
  get rejected(): Readonly<{ tooNew: number; tooOld: number; expired: number }> {
    return this.#rejected;
  }

  protected async drain(): Promise<void> {
    const { sdk, client } = await this.#client.get();
    let refused: DeliveryError | undefined;
    while (this.queue.size > 0 && !this.abortSignal.aborted) {
      const { batch, oversize } = nextBatch(this.queue);
      this.drops.dropped(oversize, 'an event larger than the 1 MiB PutLogEvents limit');
      if (!batch) continue;
      try {
        await this.#put(sdk, client, batch);
      } catch (error) {
        const count = batch.items.length;
        if (this.closing) {
          this.drops.dropped(count, UNDELIVERED_AT_SHUTDOWN);
        } else if (error instanceof DeliveryError && error.permanent) {
          // Sent again it would fail again, forever, holding back every event queued behind it.
          // Counted here; the export this drain belongs to fails with the cause (one line).
          this.drops.counted(count);
          refused ??= error;
          continue;
        } else {
          this.queue.unshift(batch.items);
        }
        throw error;
      }
    }
    // The export whose drain met the refusal reports it (the sdk says it once, then counts).
    if (refused) throw refused;
  }

  protected close(): Promise<void> {
    return this.#client.destroy();
  }

  async #put(sdk: Sdk, client: CloudWatchLogsClient, batch: Batch): Promise<void> {
    const { logGroupName, logStreamName, items } = batch;
    const logEvents = items.map((q) => ({
      timestamp: q.event.timestamp,
      message: q.event.message,
    }));
    // The export queue's attempt (exporter-helper) bounds this call: aborted with it, and no
    // backoff that would outlast it, so the failure says its real cause, not a timeout.
    const attempt = currentAttempt();
    const abortSignal = attempt
      ? AbortSignal.any([this.abortSignal, attempt.signal])
      : this.abortSignal;
    let created = false;
    for (let tries = 0; ; ) {
      try {
        const out = await client.send(
          new sdk.PutLogEventsCommand({ logGroupName, logStreamName, logEvents }),
          { abortSignal },
        );
        this.#reportRejected(out.rejectedLogEventsInfo, logEvents.length, logGroupName);
        return;
      } catch (error) {
        if (errorName(error) === 'ResourceNotFoundException' && !created) {
          created = true;
          await this.#createStream(sdk, client, logGroupName, logStreamName);
          continue;
        }
        const wait = backoffMs(tries, this.#o.backoffBaseMs ?? 200, this.#o.maxBackoffMs ?? 5_000);
        const inTime = attempt === undefined || Date.now() + wait < attempt.deadline;
        if (retryable(error) && tries < this.#o.maxRetries && inTime && !abortSignal.aborted) {
          tries++;
          await sleep(wait, abortSignal);
          continue;
        }
        throw describe(error, 'PutLogEvents', logGroupName);
      }
    }
  }

  async #createStream(
    sdk: Sdk,
    client: CloudWatchLogsClient,
    group: string,
    stream: string,
  ): Promise<void> {
    try {
      const { groupCreated } = await createLogStream(sdk, client, group, stream, {
        tags: this.#o.tags,
        retentionDays: this.#o.logRetentionDays,
        abortSignal: this.abortSignal,
      });
      if (groupCreated) this.#o.log.info(`created log group ${group} and stream ${stream}`);
    } catch (error) {
      const e = error as CreateLogStreamError;
      throw describe(e.cause, e.step, group);
    }
  }

  #reportRejected(info: RejectedLogEventsInfo | undefined, count: number, group: string): void {
    if (!info) return;
    const { tooOld, expired, tooNew } = rejectedCounts(info, count);
    const say = (kind: keyof typeof this.rejected, n: number, why: string) => {
      if (n <= 0) return;
      this.#rejected[kind] += n;
      this.#o.log.once(
        `rejected:${kind}`,
        'warn',
        `CloudWatch Logs rejected ${n} events for ${group} as ${why} (further rejections are counted; the total is reported at shutdown)`,
      );
    };
    say('tooOld', tooOld, 'too old (more than 14 days, or before the retention period)');
    say('expired', expired, 'older than the log group retention');
    say('tooNew', tooNew, 'too new (more than 2 hours in the future: check the clock)');
  }

  override async shutdown(): Promise<void> {
    await super.shutdown();
    const r = this.#rejected;
    const total = r.tooNew + r.tooOld + r.expired;
    if (total > 0) {
      this.#o.log.warn(
        `CloudWatch Logs rejected ${total} EMF events in total (too old ${r.tooOld}, expired ${r.expired}, too new ${r.tooNew})`,
      );
    }
  }
}

function retryable(error: unknown): boolean {
  const name = errorName(error);
  if (name && RETRYABLE.has(name)) return true;
  const e = error as { $metadata?: { httpStatusCode?: number }; $fault?: string; code?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  // No HTTP answer at all: refused, reset, DNS, timeout.
  return typeof e?.code === 'string' || e?.$fault === 'server';
}

/** A failed call, described in one line (the SDK's message carries no credentials). */
class DeliveryError extends Error {
  /** The AWS error name (`InvalidParameterException`), or the JavaScript one. */
  readonly awsName: string;
  /**
   * The service answered, and not with something that passes (throttling, 5xx, a stream that
   * does not exist yet): the same request would be refused again.
   */
  readonly permanent: boolean;

  constructor(error: unknown, call: string, group: string) {
    const name = errorName(error) ?? 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata
      ?.httpStatusCode;
    super(`${call} for ${group} failed: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`, {
      cause: error,
    });
    this.awsName = name;
    this.permanent =
      status !== undefined && !retryable(error) && name !== 'ResourceNotFoundException';
  }
}

function describe(error: unknown, call: string, group: string): DeliveryError {
  return error instanceof DeliveryError ? error : new DeliveryError(error, call, group);
}
