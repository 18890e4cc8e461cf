/**
 * Why runs did not reach LangSmith. `code` is the HTTP status or a network error code (as the
 * sdk's export reporter reads it), so the user sees `was refused by … (HTTP 429 …)` or
 * `cannot reach … (ECONNREFUSED)` once, not a stack trace per batch.
 */
export class LangSmithSendError extends Error {
  readonly code: number | string;
  /** Milliseconds LangSmith asked to wait (429/503 `Retry-After`). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, code: number | string, retryAfterMs?: number) {
    super(message);
    this.name = 'LangSmithSendError';
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The error p-retry (inside the langsmith client) treats as final: no further attempt. */
export function finalAttemptError(message: string): Error {
  const error = new Error(message);
  error.name = 'TimeoutError';
  return error;
}

function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const { code, errors, cause } = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = cause;
  }
  return undefined;
}

/** A failed fetch (refused, reset, aborted at the deadline …) as a send error. */
export function fromFetchError(error: unknown): LangSmithSendError {
  if (error instanceof LangSmithSendError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    const message = error instanceof Error ? error.message : 'timed out';
    return new LangSmithSendError(message, 'ETIMEDOUT');
  }
  const code = networkCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return new LangSmithSendError(message, code ?? 'ECONNRESET');
}
