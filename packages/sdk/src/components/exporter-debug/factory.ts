import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { createDefaultConfig, type DebugExporterConfig, schema } from './config.js';
import { DebugMetricExporter, DebugSpanExporter } from './exporter.js';

export const debugExporterFactory: ExporterFactory<DebugExporterConfig> = {
  kind: 'exporter',
  type: 'debug',
  signals: ['traces', 'metrics'],
  description: 'Prints spans and metrics to stderr: a count, one line per span, or everything.',
  schema,
  createDefaultConfig,
  create(config, ctx) {
    const signals = ctx.signals ?? ['traces', 'metrics'];
    const exporter: Exporter = { target: 'stderr' };
    if (signals.includes('traces')) exporter.traces = new DebugSpanExporter(config);
    if (signals.includes('metrics')) exporter.metrics = new DebugMetricExporter(config);
    return exporter;
  },
};
