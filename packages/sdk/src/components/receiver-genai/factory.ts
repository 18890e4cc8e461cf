import type { ReceiverFactory } from '@genai-otel/component';
import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { buildSchema, createDefaultConfig, type GenAIReceiverConfig, validate } from './config.js';
import { installedInstrumentations } from './discover.js';
import { GenAIReceiver } from './receiver.js';

/**
 * The `genai` receiver for these instrumentations. Its schema, defaults and valid names all come
 * from the descriptors: the sdk names no provider.
 */
export function createGenAIReceiverFactory(
  descriptors: () => readonly InstrumentationDescriptor[],
): ReceiverFactory<GenAIReceiverConfig> {
  let schema: object | undefined;
  return {
    kind: 'receiver',
    type: 'genai',
    signals: ['traces', 'metrics', 'logs'],
    description:
      'In-process GenAI instrumentations (every installed instrumentation package): spans and metrics of every LLM call; in logs pipelines, the app’s pino and winston records.',
    // Built on first read: the installed packages are looked up once, when a config is loaded.
    get schema() {
      schema ??= buildSchema(descriptors());
      return schema;
    },
    createDefaultConfig: () => createDefaultConfig(descriptors()),
    validate: (config) => validate(config, descriptors()),
    create: (config, ctx) => new GenAIReceiver(config, ctx, descriptors()),
  };
}

/** The `genai` receiver over the installed instrumentation packages. */
export const genaiReceiverFactory = createGenAIReceiverFactory(installedInstrumentations);
