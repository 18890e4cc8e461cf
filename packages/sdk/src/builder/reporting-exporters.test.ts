import type { ExporterFactory } from '@genai-otel/component';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../test/helpers.js';
import { startFromConfig } from '../start.js';
import { ExportReporter } from './export-reporter.js';
import {
  ReportingMetricExporter,
  ReportingSpanExporter,
  SharedShutdown,
} from './reporting-exporters.js';

/** An exporter whose flush and shutdown fail, as one whose last request dies does. */
class FailingCloseExporter implements SpanExporter, PushMetricExporter {
  shutdowns = 0;
  export(_items: ReadableSpan[] | ResourceMetrics, done: (r: ExportResult) => void): void {
    done({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {
    throw new Error('flush: socket hang up');
  }
  async shutdown(): Promise<void> {
    this.shutdowns++;
    throw new Error('shutdown: socket hang up');
  }
}

function reporterFor(id: string, unit: string, log: ReturnType<typeof captureLogger>['logger']) {
  return new ExportReporter({ id, target: 'http://collector:4318/v1/traces', unit, log });
}

describe('exporter flush and shutdown failures', () => {
  it('are said once per exporter, however many queues share it, and never thrown', async () => {
    const { logger, lines } = captureLogger();
    const inner = new FailingCloseExporter();
    const reporter = reporterFor('otlp_http/eu', 'spans', logger);
    const shared = new SharedShutdown(() => inner.shutdown(), logger, 'otlp_http/eu');
    const queues = [1, 2].map(
      () => new ReportingSpanExporter(inner, reporter, 1000, shared.lease(), logger),
    );
    await Promise.all(queues.map((q) => q.forceFlush()));
    await Promise.all(queues.map((q) => q.shutdown()));
    expect(inner.shutdowns).toBe(1);
    expect(lines).toEqual([
      'genai-otel: exporter otlp_http/eu failed to flush its spans: flush: socket hang up',
    ]);
  });

  it('say a shutdown failure when nothing failed before', async () => {
    const { logger, lines } = captureLogger();
    const inner = new FailingCloseExporter();
    const shared = new SharedShutdown(() => inner.shutdown(), logger, 'file');
    const queue = new ReportingSpanExporter(
      inner,
      reporterFor('file', 'spans', logger),
      1000,
      shared.lease(),
      logger,
    );
    await queue.shutdown();
    await shared.now();
    expect(lines).toEqual([
      'genai-otel: exporter file failed to shut down its spans: shutdown: socket hang up',
    ]);
  });

  it('are said for a metric exporter too, apart from its spans', async () => {
    const { logger, lines } = captureLogger();
    const inner = new FailingCloseExporter();
    const metrics = new ReportingMetricExporter(
      inner,
      reporterFor('otlp_http/eu', 'metric exports', logger),
      1000,
      logger,
    );
    await metrics.forceFlush();
    await metrics.shutdown();
    await metrics.close();
    const spans = new SharedShutdown(() => inner.shutdown(), logger, 'otlp_http/eu');
    await spans.now();
    expect(lines).toEqual([
      'genai-otel: exporter otlp_http/eu failed to flush its metrics: flush: socket hang up',
      'genai-otel: exporter otlp_http/eu failed to shut down its spans: shutdown: socket hang up',
    ]);
  });

  it('reach the log through the builder when the pipelines shut down', async () => {
    const { registry } = testComponents();
    const failing: ExporterFactory<Record<string, never>> = {
      kind: 'exporter',
      type: 'test_failing_close',
      signals: ['traces'],
      description: 'test: flush and shutdown fail',
      createDefaultConfig: () => ({}),
      create: () => ({ traces: new FailingCloseExporter(), target: 'memory:failing' }),
    };
    registry.register(failing);
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
exporters: { test_failing_close: }
service: { pipelines: { traces: { receivers: [genai], exporters: [test_failing_close] } } }
`,
        registry,
      ),
      { registry, logger: log.logger, registerGlobals: false, env: {} },
    );
    await otel.shutdown();
    expect(log.lines).toEqual([
      'genai-otel: exporter test_failing_close failed to shut down its spans: shutdown: socket hang up',
    ]);
  });
});
