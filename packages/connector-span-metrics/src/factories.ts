import type { ConnectorFactory } from '@genai-otel/component';
import {
  createDefaultConfig,
  type MetricKind,
  type SpanMetricsConnectorConfig,
  schemaFor,
  validate,
} from './config.js';
import { compileDefinitions } from './definition.js';
import { SpanMetricsConnector } from './span-metrics-connector.js';

const DESCRIPTIONS: Record<MetricKind, string> = {
  count:
    'Counts the spans that match OTTL conditions, by attributes (the collector count connector keys).',
  sum: 'Sums a numeric span attribute over the spans that match OTTL conditions, by attributes (the collector sum connector keys).',
  histogram:
    'A histogram of the duration (or a numeric attribute) of the spans that match OTTL conditions, by attributes.',
};

function factoryFor(kind: MetricKind): ConnectorFactory<SpanMetricsConnectorConfig> {
  return {
    kind: 'connector',
    type: kind,
    signals: ['traces', 'metrics'],
    connects: { from: 'traces', to: 'metrics' },
    description: DESCRIPTIONS[kind],
    schema: schemaFor(kind),
    createDefaultConfig,
    validate: (config) => validate(config, kind),
    create: (config, ctx) =>
      new SpanMetricsConnector(compileDefinitions(config, kind), config.cardinality_limit, ctx.log),
  };
}

export const countConnectorFactory = factoryFor('count');
export const sumConnectorFactory = factoryFor('sum');
export const histogramConnectorFactory = factoryFor('histogram');
