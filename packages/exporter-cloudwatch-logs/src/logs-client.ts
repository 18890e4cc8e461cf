/**
 * The CloudWatch Logs client both CloudWatch exporters send with (this one's PutLogEvents and the
 * awsemf exporter's direct delivery): the AWS SDK v3 loaded in the background, so compiling it
 * (a second or more of the main thread) lands in neither an export's time nor the shutdown's
 * bound; a client that never retries by itself (the callers' retries are bounded by their own
 * queues and the shutdown), whose connections never keep the app alive, and whose request
 * timeout fails the request rather than only warning about it.
 */
import type {
  CloudWatchLogsClient,
  CloudWatchLogsClientConfig,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import { createAgent } from '@genai-otel/exporter-helper';

export type CloudWatchLogsSdk = typeof import('@aws-sdk/client-cloudwatch-logs');

export interface LogsClientOptions {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Longest one HTTP request. */
  requestTimeoutMs: number;
  /** Headers added to every request (awsemf: `x-amzn-logs-format: json/emf`). */
  headers?: Readonly<Record<string, string>>;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** Service answers that pass: the same request later may well succeed. */
export const RETRYABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

export class LazyLogsClient {
  readonly #o: LogsClientOptions;
  #loaded: Promise<{ sdk: CloudWatchLogsSdk; client: CloudWatchLogsClient }> | undefined;

  constructor(options: LogsClientOptions) {
    this.#o = options;
    void this.get().catch(() => {});
  }

  get(): Promise<{ sdk: CloudWatchLogsSdk; client: CloudWatchLogsClient }> {
    this.#loaded ??= import('@aws-sdk/client-cloudwatch-logs').then((sdk) => {
      const o = this.#o;
      const config: CloudWatchLogsClientConfig = {
        maxAttempts: 1,
        requestHandler: {
          requestTimeout: o.requestTimeoutMs,
          socketAcquisitionWarningTimeout: 1_000,
          connectionTimeout: CONNECT_TIMEOUT_MS,
          throwOnRequestTimeout: true,
          httpAgent: createAgent('http:', CONNECT_TIMEOUT_MS),
          httpsAgent: createAgent('https:', CONNECT_TIMEOUT_MS),
        },
        ...(o.region ? { region: o.region } : {}),
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
        ...(o.credentials ? { credentials: o.credentials } : {}),
      };
      const client = new sdk.CloudWatchLogsClient(config);
      const headers = o.headers;
      if (headers)
        client.middlewareStack.add(
          (next) => async (args) => {
            const request = args.request as { headers?: Record<string, string> };
            if (request.headers) Object.assign(request.headers, headers);
            return next(args);
          },
          { step: 'build', name: 'genaiOtelHeaders' },
        );
      return { sdk, client };
    });
    // A failed import is tried again on the next use rather than cached.
    this.#loaded.catch(() => {
      this.#loaded = undefined;
    });
    return this.#loaded;
  }

  /** Closes the client's connections, if it was ever made. */
  async destroy(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    if (loaded) (await loaded.catch(() => undefined))?.client.destroy();
  }
}

/** Events of a batch of `count` that CloudWatch refused (`rejectedLogEventsInfo`), by reason. */
export function rejectedCounts(
  info: RejectedLogEventsInfo | undefined,
  count: number,
): { tooOld: number; expired: number; tooNew: number } {
  return {
    tooOld: info?.tooOldLogEventEndIndex ?? 0,
    expired: info?.expiredLogEventEndIndex ?? 0,
    tooNew:
      info?.tooNewLogEventStartIndex !== undefined ? count - info.tooNewLogEventStartIndex : 0,
  };
}
