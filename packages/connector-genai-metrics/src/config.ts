import type { ValidationIssue } from '@genai-otel/config';
import { DEFAULT_CARDINALITY_LIMIT } from './genai-metrics-connector.js';

/** `connectors.genai_metrics` as written in the YAML (`dimensions` as in the collector's spanmetrics). */
export interface GenAIMetricsConnectorConfig {
  /** Extra dimensions: an attribute name, or `{ name, default }`. */
  dimensions: (string | { name: string; default?: string })[];
  /** Distinct combinations of the extra dimensions kept apart; the rest fold into one overflow series. */
  cardinality_limit: number;
}

export function createDefaultConfig(): GenAIMetricsConnectorConfig {
  return { dimensions: [], cardinality_limit: DEFAULT_CARDINALITY_LIMIT };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    dimensions: {
      type: 'array',
      default: [],
      description:
        'Extra attributes recorded on every metric, read from the span then its resource (e.g. tenant.id, gen_ai.agent.name). None by default: never a conversation or user id.',
      items: {
        oneOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              default: { type: 'string', description: 'Value when the span has none.' },
            },
          },
        ],
      },
    },
    cardinality_limit: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_CARDINALITY_LIMIT,
      description:
        'Distinct combinations of the extra dimensions kept apart; further ones fold into one otel.metric.overflow=true series (said once).',
    },
  },
} as const;

export function validate(config: GenAIMetricsConnectorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  (config.dimensions ?? []).forEach((d, i) => {
    const name = typeof d === 'string' ? d : d.name;
    if (seen.has(name))
      issues.push({ path: ['dimensions', i], message: `duplicate dimension "${name}"` });
    seen.add(name);
  });
  return issues;
}
