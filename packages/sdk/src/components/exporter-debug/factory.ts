import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { createDefaultConfig, type DebugExporterConfig, schema } from './config.js';
import { DebugLogExporter, DebugMetricExporter, DebugSpanExporter } from './exporter.js';

export const debugExporterFactory: ExporterFactory<DebugExporterConfig> = {
  kind: 'exporter',
  type: 'debug',
  signals: ['traces', 'metrics', 'logs'],
  description:
    'Prints spans, metrics and log records to stderr: a count, one line per span or record, or everything.',
  schema,
  createDefaultConfig,
  create(config, ctx) {
    const signals = ctx.signals ?? ['traces', 'metrics'];
    const exporter: Exporter = { target: 'stderr' };
    if (signals.includes('traces')) exporter.traces = new DebugSpanExporter(config);
    if (signals.includes('metrics')) exporter.metrics = new DebugMetricExporter(config);
    if (signals.includes('logs')) exporter.logs = new DebugLogExporter(config);
    return exporter;
  },
};
