import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ConditionError } from './lexer.js';

/** What an expression yields: OTTL's value kinds (arrays are attribute arrays, compared by identity). */
export type Value = string | number | boolean | null | readonly unknown[];
export type Eval = (span: ReadableSpan) => Value;

/** OTTL's span kinds are the OTLP enum: the API's SpanKind plus one (0 is UNSPECIFIED). */
const KIND_NAMES = ['Internal', 'Server', 'Client', 'Producer', 'Consumer'];

/** OTTL's enum symbols for the span context. */
export const ENUMS: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

function toValue(v: unknown): Value {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v;
  return null;
}

const nanos = (t: readonly [number, number]) => t[0] * 1e9 + t[1];

/** The span context's paths this package reads, as written after their root. */
const PLAIN: Readonly<Record<string, Eval>> = {
  name: (s) => s.name,
  kind: (s) => s.kind + 1,
  'kind.string': (s) => KIND_NAMES[s.kind] ?? null,
  'status.code': (s) => s.status.code,
  'status.message': (s) => s.status.message ?? null,
  'trace_id.string': (s) => s.spanContext().traceId,
  'span_id.string': (s) => s.spanContext().spanId,
  'parent_span_id.string': (s) => s.parentSpanContext?.spanId ?? null,
  start_time_unix_nano: (s) => nanos(s.startTime),
  end_time_unix_nano: (s) => nanos(s.endTime),
  'instrumentation_scope.name': (s) => s.instrumentationScope.name,
  'instrumentation_scope.version': (s) => s.instrumentationScope.version ?? null,
};

export const PATH_NAMES = [
  ...Object.keys(PLAIN),
  'attributes["key"]',
  'resource.attributes["key"]',
];

/** The evaluator of a path such as `status.code` or `attributes["gen_ai.request.model"]`. */
export function pathEval(parts: string[], key: string | undefined, column: number): Eval {
  const joined = parts.join('.');
  if (key !== undefined) {
    if (joined === 'attributes') return (s) => toValue(s.attributes[key]);
    if (joined === 'resource.attributes') return (s) => toValue(s.resource.attributes[key]);
    throw new ConditionError(
      column,
      `"${joined}" has no keys; only attributes["…"] and resource.attributes["…"] do`,
    );
  }
  const plain = PLAIN[joined];
  if (plain) return plain;
  if (joined === 'attributes' || joined === 'resource.attributes')
    throw new ConditionError(
      column,
      `${joined} needs a key, e.g. ${joined}["gen_ai.request.model"]`,
    );
  throw new ConditionError(
    column,
    `unknown path "${joined}" (valid paths: ${PATH_NAMES.join(', ')})`,
  );
}
