import { resolve } from 'node:path';
import type { Exporter, ExporterFactory } from '@genai-otel/component';
import { createDefaultConfig, type FileExporterConfig, schema, validate } from './config.js';
import {
  FileLogExporter,
  FileMetricExporter,
  FileSpanExporter,
  JsonLinesFile,
} from './exporter.js';

export const fileExporterFactory: ExporterFactory<Partial<FileExporterConfig>> = {
  kind: 'exporter',
  type: 'file',
  signals: ['traces', 'metrics', 'logs'],
  description: 'Appends OTLP/JSON export requests to a file, one per line (JSON Lines).',
  schema,
  createDefaultConfig,
  validate,
  create(config, ctx) {
    if (!config.path) throw new Error(`exporter ${ctx.id}: path is required`);
    const file = new JsonLinesFile(resolve(config.path));
    const signals = ctx.signals ?? ['traces'];
    const exporter: Exporter = { target: file.path };
    if (signals.includes('traces')) exporter.traces = new FileSpanExporter(file);
    if (signals.includes('metrics')) exporter.metrics = new FileMetricExporter(file);
    if (signals.includes('logs')) exporter.logs = new FileLogExporter(file);
    return exporter;
  },
};
