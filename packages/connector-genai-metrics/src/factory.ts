import type { ConnectorFactory } from '@genai-otel/component';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID } from '@genai-otel/semantic-conventions';
import {
  createDefaultConfig,
  type GenAIMetricsConnectorConfig,
  schema,
  validate,
} from './config.js';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';

/** Ids that make one series per conversation or user: allowed when asked for, but said. */
const UNBOUNDED = new Set([ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID]);

export const genaiMetricsConnectorFactory: ConnectorFactory<GenAIMetricsConnectorConfig> = {
  kind: 'connector',
  type: 'genai_metrics',
  signals: ['traces', 'metrics'],
  connects: { from: 'traces', to: 'metrics' },
  description:
    'Turns GenAI spans into metrics: tokens, cost, unpriced calls, duration, time to first chunk, agents, handoffs, tools, RAG stages, retrieval hits and errors.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    const dimensions = config.dimensions.map((d) => (typeof d === 'string' ? { name: d } : d));
    for (const d of dimensions) {
      if (UNBOUNDED.has(d.name)) {
        ctx.log.warn(
          `dimension ${d.name} makes one series per value; at most cardinality_limit (${config.cardinality_limit}) are kept apart`,
        );
      }
    }
    return new GenAIMetricsConnector({
      dimensions,
      cardinalityLimit: config.cardinality_limit,
      log: ctx.log,
    });
  },
};
