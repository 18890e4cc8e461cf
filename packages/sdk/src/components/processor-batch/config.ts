import type { BatchSettings } from '@genai-otel/component';
import { durationSchema, parseDuration, type ValidationIssue } from '@genai-otel/config';

/** `processors.batch` as written in the YAML (collector keys). */
export interface BatchProcessorConfig {
  /** Spans that trigger an export (and the size of each export). */
  send_batch_size: number;
  /** Longest a span waits in the queue before its batch is sent. */
  timeout: string | number;
  /** Upper bound on one export; 0 means "same as send_batch_size". */
  send_batch_max_size: number;
}

/**
 * 512 rather than the collector's 8192: the queue lives in the app's own heap, and a GenAI span
 * carrying captured messages can weigh tens of kilobytes; 512 is also the OpenTelemetry JS SDK's
 * own batch size. 1s rather than 200ms keeps a chatty app at a few requests a second.
 */
export function createDefaultConfig(): BatchProcessorConfig {
  return { send_batch_size: 512, timeout: '1s', send_batch_max_size: 0 };
}

export const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    send_batch_size: {
      type: 'integer',
      minimum: 1,
      default: 512,
      description: 'Number of spans that triggers an export; also the size of each export.',
    },
    timeout: {
      ...durationSchema,
      default: '1s',
      description: 'Longest a span waits before its batch is sent, e.g. "1s".',
    },
    send_batch_max_size: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description:
        'Upper bound on one export (0: same as send_batch_size). Must be >= send_batch_size.',
    },
  },
} as const;

export function validate(config: BatchProcessorConfig): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const max = config.send_batch_max_size;
  if (typeof max === 'number' && max > 0 && max < config.send_batch_size) {
    issues.push({
      path: ['send_batch_max_size'],
      message: `must be 0 or at least send_batch_size (${config.send_batch_size}), got ${max}`,
    });
  }
  return issues;
}

/** The settings each per-exporter queue of a pipeline uses. */
export function toBatchSettings(config: BatchProcessorConfig): BatchSettings {
  const defaults = createDefaultConfig();
  const size = config.send_batch_size ?? defaults.send_batch_size;
  const max = config.send_batch_max_size ?? defaults.send_batch_max_size;
  return {
    // The JS queue exports at most maxExportBatchSize spans at a time, so the trigger size is
    // also the cap; validate() guarantees send_batch_max_size does not ask for less.
    sendBatchSize: max > 0 ? Math.min(size, max) : size,
    sendBatchMaxSize: max,
    timeoutMs: parseDuration(config.timeout ?? defaults.timeout),
  };
}
