import { DURATION_BUCKETS } from '@genai-otel/semantic-conventions';
import { compileConditions, type SpanPredicate } from '@genai-otel/span-conditions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  DEFAULT_COUNT_METRIC,
  type MetricKind,
  type SpanMetricsConnectorConfig,
} from './config.js';

/** One configured metric, compiled: which spans, which attributes, which value. */
export interface MetricDefinition {
  name: string;
  kind: MetricKind;
  description: string;
  unit: string;
  buckets?: readonly number[];
  select: SpanPredicate;
  /** The metric attributes of a selected span, or undefined when one is missing (not measured). */
  attributes(span: ReadableSpan): Attributes | undefined;
  /** The measured value, or undefined when the source attribute is not a number. */
  value(span: ReadableSpan): number | undefined;
  /** Where a non-numeric value comes from, for the one message that says so. */
  source?: string;
}

const one = () => 1;
const seconds = (span: ReadableSpan) => span.duration[0] + span.duration[1] / 1e9;

function numeric(key: string): (span: ReadableSpan) => number | undefined {
  return (span) => {
    const v = span.attributes[key];
    if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
    if (typeof v === 'string' && v.trim() !== '') {
      const n = Number(v);
      return Number.isFinite(n) ? n : undefined;
    }
    return undefined;
  };
}

function attributeReader(
  specs: readonly { key: string; default_value?: string | number | boolean }[],
): (span: ReadableSpan) => Attributes | undefined {
  if (specs.length === 0) {
    const none: Attributes = {};
    return () => none;
  }
  return (span) => {
    const out: Attributes = {};
    for (const { key, default_value } of specs) {
      const v: AttributeValue | undefined =
        span.attributes[key] ?? span.resource.attributes[key] ?? default_value;
      if (v === undefined) return undefined;
      out[key] = v;
    }
    return out;
  };
}

/** The metrics a connector of this kind measures, compiled once from its config. */
export function compileDefinitions(
  config: SpanMetricsConnectorConfig,
  kind: MetricKind,
): MetricDefinition[] {
  const entries = Object.entries(config.spans ?? {});
  if (kind === 'count' && entries.length === 0) {
    return [
      {
        name: DEFAULT_COUNT_METRIC,
        kind,
        description: 'The number of spans observed.',
        unit: '{span}',
        select: () => true,
        attributes: attributeReader([]),
        value: one,
      },
    ];
  }
  return entries.map(([name, metric]) => {
    const m = metric ?? {};
    const source = m.source_attribute;
    const isDuration = kind === 'histogram' && source === undefined;
    const buckets = m.buckets ?? (isDuration ? DURATION_BUCKETS : undefined);
    return {
      name,
      kind,
      description: m.description ?? '',
      unit: m.unit ?? (kind === 'count' ? '{span}' : isDuration ? 's' : ''),
      ...(buckets ? { buckets } : {}),
      select: compileConditions(m.conditions ?? []),
      attributes: attributeReader(m.attributes ?? []),
      value: kind === 'count' ? one : isDuration ? seconds : numeric(source!),
      ...(source ? { source } : {}),
    };
  });
}
