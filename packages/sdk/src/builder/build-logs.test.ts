import type { ExporterFactory } from '@genai-otel/component';
import { parseConfig } from '@genai-otel/config';
import { markReported } from '@genai-otel/exporter-helper';
import { context, logs, SeverityNumber, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../test/helpers.js';
import { type GenAIOtel, startFromConfig } from '../start.js';

let running: GenAIOtel | undefined;
afterEach(async () => {
  await running?.shutdown();
  running = undefined;
});

describe('buildLogs', () => {
  it('the app’s records (global logs API) reach every logs pipeline listing genai, with the active span’s ids', async () => {
    const t = testComponents();
    const log = captureLogger();
    running = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 2, timeout: 30s } }
exporters: { test_capture/a:, test_capture/b: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [test_capture/a] }
    logs: { receivers: [genai], processors: [batch], exporters: [test_capture/a] }
    logs/copy: { receivers: [genai], exporters: [test_capture/b] }
`,
        t.registry,
      ),
      { registry: t.registry, env: {}, logger: log.logger },
    );
    expect(running.loggerProvider).toBeDefined();
    const span = trace.getTracer('app').startSpan('request');
    context.with(trace.setSpan(context.active(), span), () => {
      logs.getLogger('app').emit({
        body: 'answered',
        severityNumber: SeverityNumber.INFO,
        severityText: 'info',
        attributes: { 'user.id': 'u-1' },
      });
    });
    span.end();
    logs.getLogger('app').emit({ body: 'outside any span' });
    await running.forceFlush();

    for (const id of ['test_capture/a', 'test_capture/b']) {
      const records = t.logCaptures.get(id)!.getFinishedLogRecords();
      expect(records.map((r) => r.body)).toEqual(['answered', 'outside any span']);
      expect(records[0]!.spanContext?.traceId).toBe(span.spanContext().traceId);
      expect(records[0]!.spanContext?.spanId).toBe(span.spanContext().spanId);
      expect(records[0]!.attributes).toEqual({ 'user.id': 'u-1' });
      expect(records[1]!.spanContext).toBeUndefined();
    }
    // `batch` sized the queue of logs/a: one export of two records.
    expect(log.lines).toEqual([]);
  });

  it('a span→logs connector gets its pipelines through attachLogs; no global provider without genai', async () => {
    const t = testComponents();
    running = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
connectors: { test_span_events: }
exporters: { test_capture/spans:, test_capture/events:, test_capture/more: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [test_capture/spans, test_span_events] }
    logs: { receivers: [test_span_events], exporters: [test_capture/events] }
    logs/more: { receivers: [test_span_events], exporters: [test_capture/more] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    expect(running.loggerProvider).toBeUndefined();
    const tracer = running.tracerProvider.getTracer('t');
    const spans = ['a', 'b', 'c'].map((name) => tracer.startSpan(name));
    for (const s of spans) s.end();
    await running.forceFlush();
    for (const id of ['test_capture/events', 'test_capture/more']) {
      const records = t.logCaptures.get(id)!.getFinishedLogRecords();
      expect(records.map((r) => r.body)).toEqual(['span a', 'span b', 'span c']);
      expect(records.map((r) => r.spanContext?.spanId)).toEqual(
        spans.map((s) => s.spanContext().spanId),
      );
    }
  });

  it('a dead logs exporter: bounded shutdown, one line for what it dropped', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
connectors: { test_span_events: }
exporters: { test_block: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [test_span_events] }
    logs: { receivers: [test_span_events], exporters: [test_block] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    for (let i = 0; i < 4; i++) tracer.startSpan(`s${i}`).end();
    void otel.forceFlush(100);
    await t.logBlockers
      .get('test_block')!
      .signal.until(() => t.logBlockers.get('test_block')!.calls > 0);
    const started = performance.now();
    await otel.shutdown(300);
    // The bound is the invariant (the exporter never answers); the margin is for a loaded CI.
    expect(performance.now() - started).toBeLessThan(300 + 2_000);
    expect(log.lines).toContain(
      'genai-otel: exporter test_block dropped 4 log records (4 still unsent at shutdown)',
    );
  });

  it('refuses a traces-only processor or exporter in a logs pipeline, naming the key', () => {
    const t = testComponents();
    const yaml = `receivers: { genai: {} }
processors: { genai_cost: }
exporters: { test_pull: }
service:
  pipelines:
    logs: { receivers: [genai], processors: [genai_cost], exporters: [test_pull] }
`;
    expect(() => parseConfig(yaml, { catalog: t.registry, env: {} })).toThrow(
      /service\.pipelines\.logs\.processors\[0\].*processor "genai_cost" does not support logs \(it supports: traces\)[\s\S]*service\.pipelines\.logs\.exporters\[0\].*exporter "test_pull" does not support logs \(it supports: metrics\)/,
    );
  });

  it('redaction in a logs pipeline masks the record it passes on; another pipeline keeps it as it was', async () => {
    const t = testComponents();
    const log = captureLogger();
    running = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { redaction: { allow_all_keys: true } }
exporters: { test_capture/masked:, test_capture/raw: }
service:
  pipelines:
    logs: { receivers: [genai], processors: [redaction], exporters: [test_capture/masked] }
    logs/raw: { receivers: [genai], exporters: [test_capture/raw] }
`,
        t.registry,
      ),
      { registry: t.registry, env: {}, logger: log.logger },
    );
    logs.getLogger('app').emit({
      body: 'refund for ana@example.com',
      severityNumber: SeverityNumber.INFO,
      attributes: { contact: 'ana@example.com', order: 42 },
    });
    logs.getLogger('app').emit({ body: 'nothing to hide', attributes: { order: 43 } });
    await running.forceFlush();

    const masked = t.logCaptures.get('test_capture/masked')!.getFinishedLogRecords();
    const raw = t.logCaptures.get('test_capture/raw')!.getFinishedLogRecords();
    expect(masked.map((r) => [r.body, r.attributes])).toEqual([
      ['refund for [REDACTED:email]', { contact: '[REDACTED:email]', order: 42 }],
      ['nothing to hide', { order: 43 }],
    ]);
    // The rest of the record is kept: time, severity, scope, resource.
    expect(masked[0]!.hrTime).toEqual(raw[0]!.hrTime);
    expect(masked[0]!.severityNumber).toBe(SeverityNumber.INFO);
    expect(masked[0]!.instrumentationScope.name).toBe('app');
    expect(masked[0]!.resource).toBe(raw[0]!.resource);
    expect(raw.map((r) => r.body)).toEqual(['refund for ana@example.com', 'nothing to hide']);
    expect(raw[0]!.attributes).toEqual({ contact: 'ana@example.com', order: 42 });
    expect(log.lines).toEqual([]);
  });

  it('an exporter with its own queue (logsQueued) is fed directly: no second queue, no second line, shut down once', async () => {
    const t = testComponents();
    const log = captureLogger();
    const exported: string[] = [];
    let shutdowns = 0;
    // It queues by itself: answers at once, having said any outage itself (markReported).
    const exporter: LogRecordExporter = {
      export(records, done) {
        exported.push(...records.map((r) => String(r.body)));
        done({ code: ExportResultCode.FAILED, error: markReported(new Error('down')) });
      },
      forceFlush: async () => {},
      shutdown: async () => {
        shutdowns++;
      },
    };
    t.registry.register({
      kind: 'exporter',
      type: 'test_self_queued',
      signals: ['logs'],
      description: 'test: a logs exporter with its own export queue',
      createDefaultConfig: () => ({}),
      create: () => ({ logs: exporter, logsQueued: true }),
    } satisfies ExporterFactory<object>);
    running = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
exporters: { test_self_queued: }
service:
  pipelines:
    logs: { receivers: [genai], exporters: [test_self_queued] }
    logs/again: { receivers: [genai], exporters: [test_self_queued] }
`,
        t.registry,
      ),
      { registry: t.registry, env: {}, logger: log.logger },
    );
    logs.getLogger('app').emit({ body: 'one' });
    await running.forceFlush();
    expect(exported).toEqual(['one', 'one']);
    await running.shutdown();
    running = undefined;
    expect(shutdowns).toBe(1);
    // The sdk reported nothing of the failed exports: that is the exporter's queue's job.
    expect(log.lines).toEqual([]);
  });
});
