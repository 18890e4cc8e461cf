import type { ProcessorFactory } from '@genai-otel/component';
import {
  type BatchProcessorConfig,
  createDefaultConfig,
  schema,
  toBatchSettings,
  validate,
} from './config.js';

/**
 * `batch` does not touch spans: it sets how the pipeline's per-exporter queues batch
 * (one `BatchSpanProcessor` per exporter, built by the sdk).
 */
export const batchProcessorFactory: ProcessorFactory<BatchProcessorConfig> = {
  kind: 'processor',
  type: 'batch',
  signals: ['traces', 'metrics'],
  description: 'Batches spans before export: sets the size and delay of every exporter queue.',
  schema,
  createDefaultConfig,
  validate,
  create: (config) => ({ batch: toBatchSettings(config) }),
};
