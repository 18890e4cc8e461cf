import type { ProcessorFactory } from '@genai-otel/component';
import {
  type BatchProcessorConfig,
  createDefaultConfig,
  schema,
  toBatchSettings,
  validate,
} from './config.js';

/**
 * `batch` does not touch spans or log records: it sets how the pipeline's per-exporter queues
 * batch (one `BatchSpanProcessor` or `BatchLogRecordProcessor` per exporter, built by the sdk).
 */
export const batchProcessorFactory: ProcessorFactory<BatchProcessorConfig> = {
  kind: 'processor',
  type: 'batch',
  signals: ['traces', 'metrics', 'logs'],
  description:
    'Batches spans and log records before export: sets the size and delay of every exporter queue.',
  schema,
  createDefaultConfig,
  validate,
  create: (config) => ({ batch: toBatchSettings(config) }),
};
