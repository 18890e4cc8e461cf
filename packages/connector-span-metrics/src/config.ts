import type { ValidationIssue } from '@genai-otel/config';
import { checkConditions } from '@genai-otel/span-conditions';

export type MetricKind = 'count' | 'sum' | 'histogram';

/** One metric under `spans:` (the collector's count/sum connector keys, plus the histogram's). */
export interface SpanMetricConfig {
  description?: string;
  /** OTTL conditions; the span is measured when any holds (none: every span). */
  conditions?: string[];
  /** Metric attributes from span (then resource) attributes; a span lacking one with no default is not measured. */
  attributes?: { key: string; default_value?: string | number | boolean }[];
  /** sum: required; histogram: the measured attribute (left out: the span's duration in seconds). */
  source_attribute?: string;
  unit?: string;
  /** histogram only: explicit bucket boundaries. */
  buckets?: number[];
}

export interface SpanMetricsConnectorConfig {
  spans: Record<string, SpanMetricConfig>;
  /** Distinct attribute sets per metric before further ones fold into `otel.metric.overflow=true`. */
  cardinality_limit: number;
}

export const DEFAULT_CARDINALITY_LIMIT = 2000;

/** The count connector's metric when `spans` names none (the collector's default). */
export const DEFAULT_COUNT_METRIC = 'trace.span.count';

export function createDefaultConfig(): SpanMetricsConnectorConfig {
  return { spans: {}, cardinality_limit: DEFAULT_CARDINALITY_LIMIT };
}

export function schemaFor(kind: MetricKind): object {
  const properties: Record<string, object> = {
    description: { type: 'string', description: 'The metric description.' },
    conditions: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description:
        'OTTL conditions on the span (see the package README); the span is measured when any holds. Left out: every span.',
    },
    attributes: {
      type: 'array',
      description:
        'Metric attributes, read from the span then its resource. A span lacking one that has no default_value is not measured.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key'],
        properties: {
          key: { type: 'string', minLength: 1 },
          default_value: { type: ['string', 'number', 'boolean'] },
        },
      },
    },
  };
  if (kind !== 'count') {
    properties.source_attribute = {
      type: 'string',
      minLength: 1,
      description:
        kind === 'sum'
          ? 'The numeric span attribute summed (numbers or numeric strings).'
          : 'The numeric span attribute recorded; left out: the span duration in seconds.',
    };
    properties.unit = {
      type: 'string',
      description: 'The metric unit (UCUM, e.g. s, {call}, USD).',
    };
  }
  if (kind === 'histogram') {
    properties.buckets = {
      type: 'array',
      items: { type: 'number' },
      minItems: 1,
      description:
        'Explicit bucket boundaries, increasing. Default: the GenAI duration buckets (0.01 s … 81.92 s) for durations, the SDK default otherwise.',
    };
  }
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      spans: {
        type: 'object',
        default: {},
        description: 'The metrics, by name.',
        additionalProperties: {
          type: ['object', 'null'],
          additionalProperties: false,
          ...(kind === 'sum' ? { required: ['source_attribute'] } : {}),
          properties,
        },
      },
      cardinality_limit: {
        type: 'integer',
        minimum: 1,
        default: DEFAULT_CARDINALITY_LIMIT,
        description:
          'Distinct attribute sets per metric kept apart; further ones fold into one otel.metric.overflow=true series.',
      },
    },
  };
}

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_.\-/]{0,254}$/;

export function validate(config: SpanMetricsConnectorConfig, kind: MetricKind): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [name, metric] of Object.entries(config.spans ?? {})) {
    if (!METRIC_NAME.test(name))
      issues.push({
        path: ['spans', name],
        message: `"${name}" is not a valid metric name (a letter, then letters, digits, _ . - /; at most 255)`,
      });
    if (!metric) {
      if (kind === 'sum')
        issues.push({ path: ['spans', name], message: 'needs a source_attribute' });
      continue;
    }
    for (const issue of checkConditions(metric.conditions ?? []))
      issues.push({ path: ['spans', name, 'conditions', issue.index], message: issue.message });
    const keys = new Set<string>();
    (metric.attributes ?? []).forEach((a, i) => {
      if (keys.has(a.key))
        issues.push({
          path: ['spans', name, 'attributes', i],
          message: `duplicate key "${a.key}"`,
        });
      keys.add(a.key);
    });
    const buckets = metric.buckets ?? [];
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]! > buckets[i - 1]!)) {
        issues.push({
          path: ['spans', name, 'buckets', i],
          message: `bucket boundaries must increase (${buckets[i]} after ${buckets[i - 1]})`,
        });
        break;
      }
    }
  }
  return issues;
}
