import { ATTR_ERROR_TYPE, ERROR_TYPE_OTHER } from '@genai-otel/semantic-conventions';
import { type Span, SpanStatusCode } from '@opentelemetry/api';

/** The SDK's class for requests the caller aborted; also what a stream cut by an abort records. */
export const USER_ABORT_ERROR_TYPE = 'APIUserAbortError';

/**
 * `error.type`: the HTTP status of an SDK `APIError` when there is one (`"429"`), else the error's
 * class name (`APIConnectionError`, `APIUserAbortError`, `TypeError`…), else `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (error === null || typeof error !== 'object') return ERROR_TYPE_OTHER;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return String(status);
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  // DOMException and bare Error say more through `name` (e.g. `AbortError`).
  if (typeof className === 'string' && className !== '' && className !== 'Error') {
    if (className !== 'DOMException') return className;
  }
  const name = (error as { name?: unknown }).name;
  if (typeof name === 'string' && name !== '') return name;
  return typeof className === 'string' && className !== '' ? className : ERROR_TYPE_OTHER;
}

/** Marks the span failed: `error.type`, an exception event and status ERROR with the message. */
export function recordError(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  let message: string | undefined;
  if (error instanceof Error) {
    span.recordException(error);
    message = error.message;
  } else if (typeof error === 'string') {
    span.recordException(error);
    message = error;
  } else {
    span.recordException({ name: errorType(error), message: safeString(error) });
  }
  span.setStatus(
    message === undefined
      ? { code: SpanStatusCode.ERROR }
      : { code: SpanStatusCode.ERROR, message },
  );
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return ERROR_TYPE_OTHER;
  }
}
