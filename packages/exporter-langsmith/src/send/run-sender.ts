import { backoffMs } from '@genai-otel/exporter-helper';
import type { Client } from 'langsmith';
import type { LangSmithRun } from '../convert/span-to-run.js';
import type { GuardedFetch, RequestScope } from './guarded-fetch.js';
import { jsonBytes, jsonBytesAtMost } from './json-size.js';
import { LangSmithSendError } from './send-error.js';

export interface RunSenderOptions {
  /** Most runs in one request (LangSmith's `/info` may lower it). */
  batchSize: number;
  /** Most bytes of runs (as JSON) in one request (LangSmith's `/info` may lower it). */
  batchSizeBytes: number;
  now?: () => number;
}

/** What became of the runs of one send. */
export interface SendResult {
  sent: number;
  /** Runs LangSmith refused (400/422, or too large even alone): retrying cannot help. */
  rejected: number;
  /** Runs not delivered because LangSmith was down, slow, rate-limiting or refusing the key. */
  unavailable: number;
  /** Why, for the first failure of the send. */
  error?: LangSmithSendError;
  /** A small run alone was refused as too large: the endpoint takes nothing now. */
  refusesAll?: boolean;
}

/** The parts of the client's server-info the sender reads (`GET /info`). */
interface ServerInfo {
  batch_ingest_config?: {
    use_multipart_endpoint?: boolean;
    size_limit?: number;
    size_limit_bytes?: number;
  };
  instance_flags?: { gzip_body_enabled?: boolean };
}

/** `_ensureServerInfo` is protected in the client's types; it is the cached `GET /info`. */
interface ClientInternals {
  _ensureServerInfo?: () => Promise<ServerInfo>;
}

/**
 * Longest wait for `GET /info` in one send; a failed attempt ends the wait at once. Without an
 * answer the client's defaults apply, and the ingest request itself says what is wrong (refused,
 * 401 …) rather than the client's retries of /info using up the send's time.
 */
const INFO_WAIT_MS = 2_000;
const MIN_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
/**
 * A run this small refused alone with a 413 means the endpoint refuses anything: the rest of the
 * send is refused without more requests (halving every chunk down to single runs cost two
 * requests per run: issue 9 saw 1,049 requests for 525 runs), and sends back off as in an outage.
 */
const SMALL_RUN_BYTES = 16 * 1024;

class DeadlineExceeded extends LangSmithSendError {
  constructor() {
    super('no answer from LangSmith within the export timeout', 'ETIMEDOUT');
  }
}

function beforeDeadline<T>(promise: Promise<T>, deadline: number, now: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), Math.max(0, deadline - now));
    timer.unref?.();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'LangSmithNotFoundError';
}

/**
 * Sends complete runs with the langsmith client's own ingestion calls: `multipartIngestRuns`
 * (`POST /runs/multipart`, gzip when `/info` allows), falling back for good to `batchIngestRuns`
 * (`POST /runs/batch`) once the server answers 404, as the client's own queue does. One request
 * at a time, each bounded by the send's deadline. A 413 splits the request in halves down to
 * single runs. After LangSmith failed (down, 5xx, 429, timeout, 401/403) sends are skipped —
 * their runs counted as dropped — for a backoff (1 s doubling to 60 s, at least `Retry-After`),
 * so an outage costs neither memory nor a stream of failing requests.
 */
export class RunSender {
  readonly #client: Client;
  readonly #fetch: GuardedFetch;
  readonly #o: Required<RunSenderOptions>;
  #multipartDisabled = false;
  /** `GET /info`'s answer, once it came: the client keeps it too; asking again costs a round of promises per send. */
  #info: ServerInfo | undefined;
  #downUntil = 0;
  #failures = 0;
  #lastError: LangSmithSendError | undefined;

  constructor(client: Client, fetch: GuardedFetch, options: RunSenderOptions) {
    this.#client = client;
    this.#fetch = fetch;
    this.#o = { now: Date.now, ...options };
  }

  /**
   * Sends `runs` before `deadline` (ms since the epoch). Never throws. `result` is filled in as
   * requests complete, so a caller that stops waiting (shutdown) knows what was delivered so far.
   */
  async send(
    runs: readonly LangSmithRun[],
    deadline: number,
    result: SendResult = { sent: 0, rejected: 0, unavailable: 0 },
  ): Promise<SendResult> {
    if (runs.length === 0) return result;
    if (this.#o.now() < this.#downUntil) {
      result.unavailable = runs.length;
      result.error = this.#lastError;
      return result;
    }
    try {
      const info = await this.#serverInfo(deadline);
      const chunks = this.#chunks(runs, info);
      const gzip = info.instance_flags?.gzip_body_enabled === true;
      if (info.batch_ingest_config?.use_multipart_endpoint === false)
        this.#multipartDisabled = true;
      for (let i = 0; i < chunks.length; i++) {
        await this.#sendChunk(chunks[i]!, gzip, deadline, result);
        if (result.unavailable > 0 || result.refusesAll) {
          for (let j = i + 1; j < chunks.length; j++) {
            if (result.refusesAll) result.rejected += chunks[j]!.length;
            else result.unavailable += chunks[j]!.length;
          }
          break;
        }
      }
    } catch (error) {
      // Nothing should land here (every step catches its own); if it does, nothing more is sent.
      result.unavailable = runs.length - result.sent - result.rejected;
      result.error ??= error instanceof LangSmithSendError ? error : new DeadlineExceeded();
    }
    this.#updateBackoff(result);
    return result;
  }

  async #serverInfo(deadline: number): Promise<ServerInfo> {
    if (this.#info !== undefined) return this.#info;
    const ensure = (this.#client as unknown as ClientInternals)._ensureServerInfo;
    if (typeof ensure !== 'function') return {};
    // While LangSmith is failing, a probe goes straight to ingestion: asking /info too would
    // double the requests (and the client's warnings) of an outage.
    if (this.#failures > 0) return {};
    // The client answers `{}` when /info fails; only the wait for it is bounded here.
    const now = this.#o.now();
    let failed!: () => void;
    const failure = new Promise<ServerInfo>((resolve) => {
      failed = () => resolve({});
    });
    const scope: RequestScope = {
      deadline: Math.min(deadline, now + INFO_WAIT_MS),
      onFailure: failed,
      once: true,
    };
    const info = this.#fetch.within(scope, () => ensure.call(this.#client));
    try {
      const answer =
        (await beforeDeadline(Promise.race([info, failure]), scope.deadline, now)) ?? {};
      if (Object.keys(answer).length > 0) this.#info = answer;
      return answer;
    } catch {
      return {};
    }
  }

  /**
   * `runs` in requests of at most `maxRuns` runs and `maxBytes` bytes of JSON. A slice of
   * `maxRuns` whose size bound fits is one request as is; only the others are measured run by run.
   */
  #chunks(runs: readonly LangSmithRun[], info: ServerInfo): LangSmithRun[][] {
    const limits = info.batch_ingest_config;
    const maxRuns = Math.max(1, Math.min(this.#o.batchSize, limits?.size_limit ?? Infinity));
    const maxBytes = Math.max(
      1,
      Math.min(this.#o.batchSizeBytes, limits?.size_limit_bytes ?? Infinity),
    );
    const chunks: LangSmithRun[][] = [];
    for (let start = 0; start < runs.length; start += maxRuns) {
      const slice = runs.slice(start, start + maxRuns);
      let bound = 0;
      for (const run of slice) bound += jsonBytesAtMost(run);
      if (bound <= maxBytes) chunks.push(slice);
      else for (const chunk of bySize(slice, maxBytes)) chunks.push(chunk);
    }
    return chunks;
  }

  async #sendChunk(chunk: LangSmithRun[], gzip: boolean, deadline: number, result: SendResult) {
    const error = await this.#request(chunk, gzip, deadline);
    if (error === undefined) {
      result.sent += chunk.length;
      return;
    }
    if (error.code === 413 && chunk.length > 1) {
      const half = Math.ceil(chunk.length / 2);
      await this.#sendChunk(chunk.slice(0, half), gzip, deadline, result);
      if (result.refusesAll) result.rejected += chunk.length - half;
      else if (result.unavailable === 0)
        await this.#sendChunk(chunk.slice(half), gzip, deadline, result);
      else result.unavailable += chunk.length - half;
      return;
    }
    if (error.code === 413 && jsonBytes(chunk[0]) < SMALL_RUN_BYTES) result.refusesAll = true;
    result.error ??= error;
    if (error.code === 413 || error.code === 400 || error.code === 422)
      result.rejected += chunk.length;
    else result.unavailable += chunk.length;
  }

  /** One request (with the client's retries); `undefined` when LangSmith accepted it. */
  async #request(
    chunk: LangSmithRun[],
    gzip: boolean,
    deadline: number,
  ): Promise<LangSmithSendError | undefined> {
    const runCreates = chunk as unknown as Parameters<
      Client['multipartIngestRuns']
    >[0]['runCreates'];
    let scope: RequestScope = { deadline, gzip };
    const call = (fn: () => Promise<void>) =>
      beforeDeadline(this.#fetch.within(scope, fn), deadline, this.#o.now());
    try {
      if (this.#multipartDisabled) {
        await call(() => this.#client.batchIngestRuns({ runCreates }));
      } else {
        try {
          // Gzip is the fetch's (GuardedFetch, off the main thread), not the client's stream.
          await call(() => this.#client.multipartIngestRuns({ runCreates }));
        } catch (error) {
          if (!isNotFound(error)) throw error;
          this.#multipartDisabled = true;
          scope = { deadline, gzip };
          await call(() => this.#client.batchIngestRuns({ runCreates }));
        }
      }
    } catch (error) {
      // batchIngestRuns throws what multipartIngestRuns only logs; the fetch saw it either way.
      const seen = scope.lastIngest;
      if (seen !== undefined && !seen.ok) return seen.error;
      return error instanceof LangSmithSendError ? error : new DeadlineExceeded();
    }
    const seen = scope.lastIngest;
    if (seen === undefined) {
      // The client gave up before any request (e.g. its own memory cap): nothing was sent.
      return new LangSmithSendError('the langsmith client did not send the runs', 'EREFUSED');
    }
    return seen.ok ? undefined : seen.error;
  }

  #updateBackoff(result: SendResult): void {
    // Everything refused as too large: the endpoint refuses whatever is sent; wait as for an outage.
    if (result.unavailable === 0 && !result.refusesAll) {
      this.#failures = 0;
      this.#downUntil = 0;
      return;
    }
    this.#failures++;
    this.#lastError = result.error;
    const backoff = backoffMs(this.#failures - 1, MIN_BACKOFF_MS, MAX_BACKOFF_MS);
    this.#downUntil = this.#o.now() + Math.max(backoff, result.error?.retryAfterMs ?? 0);
  }
}

/** `runs` in requests of at most `maxBytes` bytes of JSON, measured exactly, in order. */
function bySize(runs: readonly LangSmithRun[], maxBytes: number): LangSmithRun[][] {
  const chunks: LangSmithRun[][] = [];
  let chunk: LangSmithRun[] = [];
  let bytes = 0;
  for (const run of runs) {
    const size = jsonBytes(run);
    if (chunk.length > 0 && bytes + size > maxBytes) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(run);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
