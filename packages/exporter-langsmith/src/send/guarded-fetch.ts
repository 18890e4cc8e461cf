import { AsyncLocalStorage } from 'node:async_hooks';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { parseRetryAfter, silenceConsole } from '@genai-otel/exporter-helper';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { finalAttemptError, fromFetchError, LangSmithSendError } from './send-error.js';

/** What LangSmith said to the last ingest request (`/runs/multipart` or `/runs/batch`). */
export type IngestOutcome = { ok: true } | { ok: false; error: LangSmithSendError };

/**
 * One request of the exporter, retries included. Attempts find their scope through async
 * context, so a request abandoned at its deadline (the client may still be sleeping before a
 * retry) can never be mistaken for a later one.
 */
export interface RequestScope {
  /** Attempts after this time (ms since the epoch) fail at once. */
  deadline: number;
  /** The last ingest attempt's outcome. */
  lastIngest?: IngestOutcome;
  /** Called when any attempt fails (network error or HTTP error status). */
  onFailure?: () => void;
  /**
   * A failed attempt is the last: the client does not retry it. For `GET /info`, whose answer
   * is optional: its retries would outlive the send and print a warning long after.
   */
  once?: boolean;
  /** Gzip the ingest body (LangSmith's `/info` allows it), in libuv's pool, off the main thread. */
  gzip?: boolean;
}

const gzip = promisify(gzipCallback);

/** How long the langsmith client sleeps on a 429 without a (readable) `Retry-After`. */
const CLIENT_429_WAIT_MS = 10_000;

/** Network errors that retrying within seconds does not cure (a reset or timeout may be). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The wait a 429 or 503 asks for. Without a readable `Retry-After`, a 429 costs what the client
 * will sleep anyway, and a 503 nothing: the sender's own backoff (1 s doubling) applies.
 */
export function retryAfterMs(response: Response): number | undefined {
  const fallback = response.status === 429 ? CLIENT_429_WAIT_MS : undefined;
  return parseRetryAfter(response.headers.get('retry-after')) ?? fallback;
}

function isIngest(input: string | URL | Request): boolean {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const path = url.split('?', 1)[0]!;
  return path.endsWith('/runs/multipart') || path.endsWith('/runs/batch');
}

/**
 * The `fetch` the langsmith client is given. The client retries on its own (408, 425, 429 after
 * `Retry-After`, 5xx, network errors; 4 times with backoff) and only logs a batch that finally
 * failed; this wrapper keeps that within bounds and tells the exporter what happened:
 * - no attempt starts or runs past the current send's deadline, nor after shutdown; such an
 *   attempt fails as final, so the client stops retrying at once;
 * - a 429 whose `Retry-After` reaches past the deadline fails as final instead of sleeping;
 * - the outcome of the last ingest attempt is kept for the exporter to count.
 */
export class GuardedFetch {
  readonly #inner: Fetch;
  readonly #closed = new AbortController();
  readonly #scope = new AsyncLocalStorage<RequestScope>();

  constructor(inner: Fetch = (input, init) => fetch(input, init)) {
    this.#inner = inner;
  }

  /**
   * Runs `fn` (a client call) as `scope`: its requests obey the deadline and report into it.
   * Tracing is suppressed inside, so an app that instruments fetch/undici never traces (and
   * exports again) the exporter's own requests.
   */
  within<T>(scope: RequestScope, fn: () => Promise<T>): Promise<T> {
    // The client prints a line (or a ~10 KB one) per failed request; what failed is the
    // exporter's to say, once: its console output within the call is counted, not printed.
    return silenceConsole(this.#countLine, () =>
      this.#scope.run(scope, () => context.with(suppressTracing(context.active()), fn)),
    );
  }

  /** Lines the langsmith client printed (silenced) so far. */
  get silencedLines(): number {
    return this.#silenced;
  }

  #silenced = 0;
  readonly #countLine = () => {
    this.#silenced++;
  };

  /** Aborts every request under way and refuses new ones. */
  close(): void {
    this.#closed.abort(finalAttemptError('the LangSmith exporter shut down'));
  }

  readonly fetch: Fetch = async (input, init) => {
    const scope = this.#scope.getStore();
    const deadline = scope?.deadline ?? Number.POSITIVE_INFINITY;
    const ingest = scope !== undefined && isIngest(input);
    const remaining = deadline - Date.now();
    if (this.#closed.signal.aborted || remaining <= 0) {
      const error = finalAttemptError(
        this.#closed.signal.aborted
          ? 'the LangSmith exporter shut down'
          : 'no answer from LangSmith within the export timeout',
      );
      if (ingest) scope.lastIngest = { ok: false, error: fromFetchError(error) };
      scope?.onFailure?.();
      throw error;
    }
    if (ingest && scope.gzip && init?.body !== undefined && init.body !== null) {
      const raw = init.body;
      if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
        const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : (raw as Uint8Array);
        init = {
          ...init,
          // Level 1: a third of the CPU of the default level for most of its saving (bench).
          body: await gzip(bytes, { level: 1 }),
          headers: { ...(init.headers as Record<string, string>), 'Content-Encoding': 'gzip' },
        };
      }
    }
    const signals = [this.#closed.signal];
    if (Number.isFinite(remaining)) signals.push(AbortSignal.timeout(remaining));
    if (init?.signal) signals.push(init.signal);
    let response: Response;
    try {
      // Suppressed here too: the client may fetch outside `within` (its own timers).
      response = await context.with(suppressTracing(context.active()), () =>
        this.#inner(input, { ...init, signal: AbortSignal.any(signals) }),
      );
    } catch (error) {
      const failure = fromFetchError(error);
      if (ingest) scope.lastIngest = { ok: false, error: failure };
      scope?.onFailure?.();
      // Nothing listens there: the sender's backoff probes again, the client need not retry
      // (its retries would outlive the send, and print their warning after it).
      if (scope?.once || UNREACHABLE.has(failure.code as string)) {
        throw finalAttemptError(`cannot reach LangSmith (${failure.code}: ${failure.message})`);
      }
      throw error;
    }
    if (!response.ok) {
      scope?.onFailure?.();
      if (scope?.once) {
        await response.body?.cancel().catch(() => {});
        throw finalAttemptError(`HTTP ${response.status} ${response.statusText}`.trim());
      }
    }
    if (!ingest) return response;
    if (response.ok) {
      scope.lastIngest = { ok: true };
      return response;
    }
    const wait =
      response.status === 429 || response.status === 503 ? retryAfterMs(response) : undefined;
    scope.lastIngest = {
      ok: false,
      // The sdk's reporter prints `HTTP <code> <message>`: the message is the status text only.
      error: new LangSmithSendError(response.statusText || 'error', response.status, wait),
    };
    if (response.status === 429 && wait !== undefined && wait > deadline - Date.now()) {
      await response.body?.cancel().catch(() => {});
      throw finalAttemptError(`LangSmith asked to wait ${Math.ceil(wait / 1000)}s (HTTP 429)`);
    }
    return response;
  };
}
