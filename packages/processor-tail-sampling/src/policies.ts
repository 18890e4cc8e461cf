import { compileConditions } from '@genai-otel/span-conditions';
import { type AttributeValue, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { PolicyConfig } from './config.js';

/** Whether a policy samples a trace, given its spans held so far and its id. */
export type Policy = (spans: readonly ReadableSpan[], traceId: string) => boolean;

export interface NamedPolicy {
  name: string;
  sample: Policy;
}

const STATUS: Record<string, SpanStatusCode> = {
  OK: SpanStatusCode.OK,
  ERROR: SpanStatusCode.ERROR,
  UNSET: SpanStatusCode.UNSET,
};

const ms = (t: readonly [number, number]) => t[0] * 1e3 + t[1] / 1e6;

/** True when some span's attribute `key` passes `test`. */
function anyAttribute(
  spans: readonly ReadableSpan[],
  key: string,
  test: (v: AttributeValue) => boolean,
): boolean {
  for (const s of spans) {
    const v = s.attributes[key];
    if (v !== undefined && test(v)) return true;
  }
  return false;
}

/** FNV-1a over the salt and the trace id: the same trace gets the same answer everywhere. */
function hashTraceId(salt: string, traceId: string): number {
  let h = 0x811c9dc5;
  const text = salt + traceId;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One policy of the YAML, compiled once (conditions and regexes included). */
export function compilePolicy(p: PolicyConfig): Policy {
  switch (p.type) {
    case 'always_sample':
      return () => true;
    case 'status_code': {
      const codes = new Set(p.status_code!.status_codes.map((c) => STATUS[c]));
      return (spans) => spans.some((s) => codes.has(s.status.code));
    }
    case 'latency': {
      const { threshold_ms: low, upper_threshold_ms: high } = p.latency!;
      // The trace's duration: its earliest start to its latest end, as the collector measures it.
      return (spans) => {
        let start = Number.POSITIVE_INFINITY;
        let end = 0;
        for (const s of spans) {
          start = Math.min(start, ms(s.startTime));
          end = Math.max(end, ms(s.endTime));
        }
        const d = end - start;
        return d >= low && (high === undefined || high === 0 || d <= high);
      };
    }
    case 'numeric_attribute': {
      const { key, min_value, max_value, invert_match } = p.numeric_attribute!;
      const min = min_value ?? Number.NEGATIVE_INFINITY;
      const max = max_value ?? Number.POSITIVE_INFINITY;
      const inRange = (v: AttributeValue) => typeof v === 'number' && v >= min && v <= max;
      return invert_match
        ? (spans) => !anyAttribute(spans, key, inRange)
        : (spans) => anyAttribute(spans, key, inRange);
    }
    case 'string_attribute': {
      const { key, values, enabled_regex_matching, invert_match } = p.string_attribute!;
      let matches: (v: AttributeValue) => boolean;
      if (enabled_regex_matching) {
        const patterns = values.map((v) => new RegExp(v));
        matches = (v) => typeof v === 'string' && patterns.some((r) => r.test(v));
      } else {
        const set = new Set(values);
        matches = (v) => typeof v === 'string' && set.has(v);
      }
      return invert_match
        ? (spans) => !anyAttribute(spans, key, matches)
        : (spans) => anyAttribute(spans, key, matches);
    }
    case 'boolean_attribute': {
      const { key, value } = p.boolean_attribute!;
      return (spans) => anyAttribute(spans, key, (v) => v === value);
    }
    case 'probabilistic': {
      const { sampling_percentage, hash_salt } = p.probabilistic!;
      const threshold = (sampling_percentage / 100) * 2 ** 32;
      return (_spans, traceId) => hashTraceId(hash_salt ?? '', traceId) < threshold;
    }
    case 'span_count': {
      const { min_spans, max_spans } = p.span_count!;
      return (spans) =>
        spans.length >= min_spans && (max_spans === undefined || spans.length <= max_spans);
    }
    case 'ottl_condition': {
      const select = compileConditions(p.ottl_condition!.span);
      return (spans) => spans.some(select);
    }
    case 'and': {
      const subs = p.and!.and_sub_policy.map(compilePolicy);
      return (spans, traceId) => subs.every((sub) => sub(spans, traceId));
    }
  }
}

export function compilePolicies(policies: readonly PolicyConfig[]): NamedPolicy[] {
  return policies.map((p, i) => ({ name: p.name ?? `policies[${i}]`, sample: compilePolicy(p) }));
}
