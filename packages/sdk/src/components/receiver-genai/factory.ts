import type { ReceiverFactory } from '@genai-otel/component';
import { createDefaultConfig, type GenAIReceiverConfig, schema, validate } from './config.js';
import { GenAIReceiver } from './receiver.js';

export const genaiReceiverFactory: ReceiverFactory<GenAIReceiverConfig> = {
  kind: 'receiver',
  type: 'genai',
  signals: ['traces', 'metrics'],
  description: 'In-process GenAI instrumentations (openai …): spans and metrics of every LLM call.',
  schema,
  createDefaultConfig,
  validate,
  create: (config, ctx) => new GenAIReceiver(config, ctx),
};
