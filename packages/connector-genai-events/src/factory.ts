import type { ConnectorFactory } from '@genai-otel/component';
import { resolveCaptureContent } from '@genai-otel/instrumentation-core/rules';
import {
  createDefaultConfig,
  type GenAIEventsConnectorConfig,
  schema,
  validate,
} from './config.js';
import { GenAIEventsConnector } from './genai-events-connector.js';

export const genaiEventsConnectorFactory: ConnectorFactory<GenAIEventsConnectorConfig> = {
  kind: 'connector',
  type: 'genai_events',
  signals: ['traces', 'logs'],
  connects: { from: 'traces', to: 'logs' },
  description:
    'Turns finished GenAI spans into structured log records — one per LLM call, agent run, tool call, handoff, retrieval, workflow and error — with flat fields and a category to route on.',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    return new GenAIEventsConnector({
      captureContent: resolveCaptureContent(config.capture_message_content, ctx.env),
      log: ctx.log,
    });
  },
};
