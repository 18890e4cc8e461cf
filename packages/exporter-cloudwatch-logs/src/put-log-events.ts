/**
 * One PutLogEvents attempt with the AWS SDK v3: a missing group or stream
 * (ResourceNotFoundException) is created — the group with `tags` and `log_retention` — and the
 * call made again, within the same attempt. What fails is classified for the shared export queue
 * (exporter-helper): throttling, 5xx and network errors are retried with backoff; any other
 * answer (InvalidParameterException, AccessDeniedException …) is permanent — sending the same
 * batch again cannot help. Events the service refuses (`rejectedLogEventsInfo`) are counted.
 *
 * The SDK is loaded in the background at construction, so the first export (or a Lambda that
 * never exports) does not pay the second or so it takes to compile.
 */
import type { RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';
import { permanent } from '@genai-otel/exporter-helper';
import type { Batch } from './batches.js';
import { type CreateLogStreamError, createLogStream, errorName } from './create-log-stream.js';
import { LazyLogsClient, RETRYABLE_ERROR_NAMES, rejectedCounts } from './logs-client.js';

export interface PutLogEventsOptions {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  logRetentionDays: number;
  tags: Record<string, string>;
  /** Longest one HTTP request (the attempt's signal may end it sooner). */
  requestTimeoutMs: number;
  /** A log stream was created (and its group, when `groupCreated`). */
  onCreated?(group: string, stream: string, groupCreated: boolean): void;
  /** Events the service refused, by reason. */
  onRejected?(reason: RejectedReason, count: number, group: string): void;
}

export type RejectedReason = 'tooOld' | 'expired' | 'tooNew';

export class PutLogEvents {
  readonly #o: PutLogEventsOptions;
  readonly #client: LazyLogsClient;

  constructor(options: PutLogEventsOptions) {
    this.#o = options;
    this.#client = new LazyLogsClient(options);
  }

  async put(batch: Batch, signal: AbortSignal): Promise<void> {
    const { sdk, client } = await this.#client.get();
    const { logGroupName, logStreamName, events } = batch;
    const send = () =>
      client.send(new sdk.PutLogEventsCommand({ logGroupName, logStreamName, logEvents: events }), {
        abortSignal: signal,
      });
    let out: Awaited<ReturnType<typeof send>>;
    try {
      out = await send();
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException')
        throw classify(error, 'PutLogEvents', logGroupName);
      try {
        const { groupCreated } = await createLogStream(sdk, client, logGroupName, logStreamName, {
          tags: this.#o.tags,
          retentionDays: this.#o.logRetentionDays,
          abortSignal: signal,
        });
        this.#o.onCreated?.(logGroupName, logStreamName, groupCreated);
      } catch (failed) {
        const e = failed as CreateLogStreamError;
        throw classify(e.cause, e.step, logGroupName);
      }
      try {
        out = await send();
      } catch (again) {
        throw classify(again, 'PutLogEvents', logGroupName);
      }
    }
    this.#rejected(out.rejectedLogEventsInfo, events.length, logGroupName);
  }

  /** Releases the client's connections. */
  destroy(): Promise<void> {
    return this.#client.destroy();
  }

  #rejected(info: RejectedLogEventsInfo | undefined, count: number, group: string): void {
    if (!info || !this.#o.onRejected) return;
    const { tooOld, expired, tooNew } = rejectedCounts(info, count);
    if (tooOld > 0) this.#o.onRejected('tooOld', tooOld, group);
    if (expired > 0) this.#o.onRejected('expired', expired, group);
    if (tooNew > 0) this.#o.onRejected('tooNew', tooNew, group);
  }
}

/**
 * A failure as the export queue reads it: the service's answer in one line, permanent (with its
 * HTTP status as `code`: the outage line says `was refused by … (HTTP 400 …)`) unless retrying
 * can help — throttling is an HTTP 400 too, so the status alone cannot say. No answer at all
 * (refused, reset, timeout) passes through as is: retryable.
 */
function classify(error: unknown, call: string, group: string): unknown {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status === undefined) return error;
  const name = errorName(error) ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const described = new Error(`${call} for ${group}: ${name}: ${message}`, { cause: error });
  if (RETRYABLE_ERROR_NAMES.has(name) || status >= 500 || status === 429) return described;
  return permanent(Object.assign(described, { code: status }));
}
