import { ATTR_ERROR_TYPE } from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * The run's `error` for a failed span: `error.type: status message` (e.g.
 * `RateLimitError: 429 Rate limit reached`), whichever parts exist. `undefined` unless the span's
 * status is ERROR; exception events stay in the run's events with their stack traces.
 */
export function runError(span: ReadableSpan): string | undefined {
  if (span.status.code !== SpanStatusCode.ERROR) return undefined;
  const type = span.attributes[ATTR_ERROR_TYPE];
  const message = span.status.message;
  if (typeof type === 'string' && message) return `${type}: ${message}`;
  if (message) return message;
  if (typeof type === 'string') return type;
  return 'error';
}
