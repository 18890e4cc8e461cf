/**
 * Whether a failed attempt is worth another: the exporter that made the request says what it
 * knows (an HTTP status, a `Retry-After`, "this will never pass"), the queue decides. As in the
 * collector, an error is retryable unless it is marked permanent (`consumererror.NewPermanent`)
 * or carries an HTTP status that retrying cannot change.
 */

const PERMANENT = Symbol.for('genai-otel.permanent');

/** An error that sending the same data again cannot cure (400, 401, 413 …): dropped, not retried. */
export class PermanentError extends Error {
  readonly [PERMANENT] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Marks `error` permanent, keeping it (and its `code`, message) as it is. */
export function permanent<E>(error: E): E {
  if (typeof error === 'object' && error !== null) {
    (error as Record<symbol, unknown>)[PERMANENT] = true;
    return error;
  }
  return new PermanentError(String(error)) as E;
}

/** HTTP statuses a later attempt may get through: busy, overloaded, timed out, bad gateway. */
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status);
}

/** The HTTP status an error carries (`code` as a number, or `$metadata.httpStatusCode`). */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, status, $metadata } = error as {
    code?: unknown;
    status?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  for (const v of [code, status, $metadata?.httpStatusCode]) {
    if (typeof v === 'number' && v >= 100 && v < 600) return v;
  }
  return undefined;
}

export function isPermanent(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ((error as Record<symbol, unknown>)[PERMANENT] === true) return true;
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && !isRetryableStatus(status);
}

/** The wait an error asks for (a 429/503 `Retry-After`), in ms. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const v = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/** Attaches the wait a response asked for, for the queue's backoff to honour. */
export function withRetryAfter<E extends object>(error: E, ms: number | undefined): E {
  if (ms !== undefined) (error as { retryAfterMs?: number }).retryAfterMs = ms;
  return error;
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; `undefined` when absent or unreadable. */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
