/**
 * What an export error means for the user: one phrase naming the target and the cause, and
 * whether the endpoint could be reached at all (which opens the exporter's circuit).
 */

export class ExportTimeoutError extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`export timed out after ${ms}ms`);
    this.ms = ms;
    this.name = 'ExportTimeoutError';
  }
}

/** Errors already reported by a reporter: the global OTel error handler stays silent about them. */
const reported = new WeakSet<object>();

export function markReported(error: unknown): Error {
  const err = error instanceof Error ? error : new Error(String(error ?? 'export failed'));
  reported.add(err);
  return err;
}

export function isReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}

/** Node's codes for "no connection" and "the connection broke" (`socket hang up` is ECONNRESET). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** The OTLP exporter's error when a request got no answer within its timeout. */
const REQUEST_TIMED_OUT = 'Request timed out';
/** The JS exporter drops the status of a retryable response once its retries are spent. */
const RETRYABLE_STATUS_MESSAGE = 'Export failed with retryable status';

/** The endpoint could not be reached (as opposed to: it answered with an error). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ExportTimeoutError) return true;
  const code = errorCode(error);
  if (typeof code === 'string') return CONNECTION_CODES.has(code);
  return error instanceof Error && error.message === REQUEST_TIMED_OUT;
}

export type Tense = 'present' | 'past';

/**
 * `cannot reach http://…/v1/traces (ECONNREFUSED)`, `was refused by … (HTTP 401 Unauthorized)` …;
 * in the past tense (`could not reach …`) for the one line said at shutdown.
 */
export function describeFailure(error: unknown, target: string, tense: Tense = 'present'): string {
  const remote = isRemote(target);
  const cannot = tense === 'present' ? 'cannot' : 'could not';
  const unreachable = `${cannot} ${remote ? 'reach' : 'write to'} ${target}`;
  if (error instanceof ExportTimeoutError) return `${unreachable} (no answer within ${error.ms}ms)`;
  const code = errorCode(error);
  if (typeof code === 'string') return `${unreachable} (${code})`;
  if (typeof code === 'number' && code >= 100 && code < 600) {
    const text = error instanceof Error && error.message ? ` ${error.message}` : '';
    return `was refused by ${target} (HTTP ${code}${text})`;
  }
  const message = error instanceof Error ? error.message : String(error ?? '');
  if (message === RETRYABLE_STATUS_MESSAGE)
    return `was refused by ${target} (busy: HTTP 429/502/503/504)`;
  if (message === REQUEST_TIMED_OUT) return `${unreachable} (request timed out)`;
  return `${cannot} export to ${target} (${message || 'unknown error'})`;
}

export function isRemote(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
}

/** The error's own code, else its cause's (a wrapped connect error), else the first of several. */
function errorCode(error: unknown): string | number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' || typeof code === 'number') return code;
  if (cause !== undefined && cause !== error) return errorCode(cause);
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError.
  if (Array.isArray(errors)) return errorCode(errors[0]);
  return undefined;
}
