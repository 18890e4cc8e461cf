import { type CapturedLog, captureLog } from '@genai-otel/test-utils';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { type AwsEmfExporterConfig, createDefaultConfig } from '../../src/config.js';
import { createTranslator } from '../../src/factory.js';
import { resourceMetrics } from './metrics.js';

export interface StdoutTranslator {
  /** What the translator logged (dropped points, bad declarations …). */
  log: CapturedLog;
  /** The EMF lines of one collection of `metrics` under a resource with `resource`'s attributes. */
  lines(metrics: MetricData[], resource?: Record<string, string>): string[];
}

/**
 * The exporter's translator as `awsemf` builds it, with the defaults under `config` and stdout as
 * the destination (the one that needs no AWS client), so a test sees exactly the lines it writes.
 * Its cumulative-to-delta state lives as long as the returned object.
 */
export function stdoutTranslator(config: Partial<AwsEmfExporterConfig> = {}): StdoutTranslator {
  const log = captureLog();
  const translator = createTranslator(
    { ...createDefaultConfig(), output_destination: 'stdout', ...config },
    log,
  );
  return {
    log,
    lines: (metrics, resource) =>
      translator.translate(resourceMetrics(metrics, resource)).map((e) => e.message),
  };
}
