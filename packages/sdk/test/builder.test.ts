import {
  context,
  metrics,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { startFromConfig } from '../src/start.js';
import { captureLogger, config, testComponents } from './helpers.js';

const pipelineYaml = (body: string) => `
receivers: { genai: { instrumentations: [] } }
processors:
  batch: { send_batch_size: 1, timeout: 10ms }
  test_mutate/first: { attribute: test.first, value: a }
  test_mutate/second: { attribute: test.second, value: -b, from: test.first }
exporters:
  test_capture/one:
  test_capture/two:
  test_block:
${body}`;

describe('builder', () => {
  it('runs processors in YAML order before any exporter, and fans out to every exporter', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [test_mutate/first, test_mutate/second, batch]
      exporters: [test_capture/one, test_capture/two]
`),
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    otel.tracerProvider.getTracer('t').startSpan('work').end();
    const [one] = await t.captures.get('test_capture/one')!.waitFor(1);
    const [two] = await t.captures.get('test_capture/two')!.waitFor(1);
    // `second` read what `first` wrote: the processors ran in order, on the live span.
    for (const span of [one, two]) {
      expect(span?.attributes).toEqual({ 'test.first': 'a', 'test.second': 'a-b' });
    }
    expect(one).toBe(two);
    await otel.shutdown();
  });

  it('a blocked exporter does not delay another one', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [batch]
      exporters: [test_block, test_capture/one]
`),
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    const blocker = t.blockers.get('test_block')!;
    const capture = t.captures.get('test_capture/one')!;

    tracer.startSpan('first').end();
    await blocker.signal.until(() => blocker.calls === 1);
    // The blocked exporter holds its first batch forever; the other keeps receiving.
    for (const name of ['second', 'third', 'fourth']) tracer.startSpan(name).end();
    const spans = await capture.waitFor(4);
    expect(spans.map((s) => s.name)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(capture.batches).toEqual([1, 1, 1, 1]);
    expect(blocker.calls).toBe(1);

    const started = performance.now();
    await otel.shutdown(300);
    const elapsed = performance.now() - started;
    // The shutdown deadline (the bound less a tenth for the summary) ends the blocked attempt.
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    // The spans the blocked exporter never delivered are counted as lost, in one line.
    expect(log.lines).toEqual([
      'genai-otel: exporter test_block dropped 4 spans (4 still unsent at shutdown)',
    ]);
    expect(capture.shutdownCalls).toBe(1);
  });

  it('shutdown is idempotent and returns the same promise', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service: { pipelines: { traces: { receivers: [genai], exporters: [test_capture/one] } } }
`),
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    const first = otel.shutdown();
    expect(otel.shutdown()).toBe(first);
    await first;
    expect(t.captures.get('test_capture/one')!.shutdownCalls).toBe(1);
  });

  it('builds an exporter used by several pipelines once; each pipeline delivers to it', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service:
  pipelines:
    traces:
      receivers: [genai]
      processors: [batch]
      exporters: [test_capture/one]
    traces/other:
      receivers: [genai]
      processors: [test_mutate/first, batch]
      exporters: [test_capture/one, test_capture/two]
`),
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    otel.tracerProvider.getTracer('t').startSpan('shared').end();
    const spans = await t.captures.get('test_capture/one')!.waitFor(2);
    expect(t.created.get('test_capture/one')).toBe(1);
    expect(t.created.get('test_mutate/first')).toBe(1);
    expect(spans.map((s) => s.name)).toEqual(['shared', 'shared']);
    await otel.shutdown();
    // Shut down once, after the last pipeline's queue released it.
    expect(t.captures.get('test_capture/one')!.shutdownCalls).toBe(1);
  });

  it('a throwing processor is reported once and skipped; the span still arrives', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors:
  batch: { send_batch_size: 1 }
  test_throw:
  test_mutate: { attribute: after.throw, value: yes }
exporters: { test_capture: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [test_throw, test_mutate, batch], exporters: [test_capture] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    expect(() => {
      tracer.startSpan('one').end();
      tracer.startSpan('two').end();
    }).not.toThrow();
    const spans = await t.captures.get('test_capture')!.waitFor(2);
    expect(spans.map((s) => s.attributes['after.throw'])).toEqual(['yes', 'yes']);
    expect(log.lines).toEqual([
      'genai-otel: processor test_throw failed in onEnding (boom); in pipeline traces it is skipped for this span',
    ]);
    await otel.shutdown();
  });

  it('counts spans refused by a full queue and reports them at shutdown', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 2, timeout: 1h } }
exporters: { test_block: { queue_size: 2 } }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [test_block] } } }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    const blocker = t.blockers.get('test_block')!;
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    await blocker.signal.until(() => blocker.calls === 1);
    // The first batch is stuck in export; two more fill the queue, five are refused.
    for (let i = 0; i < 7; i++) tracer.startSpan(`x${i}`).end();
    await otel.shutdown(200);
    expect(log.lines).toContain(
      'genai-otel: exporter test_block cannot keep up: its queue of 2 spans is full, further spans are dropped',
    );
    expect(log.lines).toContain(
      'genai-otel: exporter test_block dropped 9 spans (5 because its queue was full, 4 still unsent at shutdown)',
    );
  });

  it('connects traces to metrics through a connector', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
connectors: { test_span_count: }
exporters: { test_capture: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [test_span_count] }
    metrics: { receivers: [test_span_count], exporters: [test_capture] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`).end();
    await otel.forceFlush();
    const exported = t.metricCaptures.get('test_capture')!.exports;
    const metric = exported
      .flatMap((r) => r.scopeMetrics)
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'test.spans');
    expect(metric?.dataPoints[0]?.value).toBe(3);
    expect(t.created.get('test_span_count')).toBe(1);
    await otel.shutdown();
  });

  it('uses a pull reader as it is, alongside a push exporter', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { batch: }
exporters: { test_pull:, test_capture: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [test_capture] }
    metrics: { receivers: [genai], processors: [batch], exporters: [test_pull, test_capture] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    otel.meterProvider.getMeter('m').createCounter('test.calls').add(2);
    const { resourceMetrics } = await t.pullReaders.get('test_pull')!.collect();
    const metric = resourceMetrics.scopeMetrics[0]?.metrics[0];
    expect(metric?.descriptor.name).toBe('test.calls');
    expect(metric?.dataPoints[0]?.value).toBe(2);
    await otel.forceFlush();
    expect(t.metricCaptures.get('test_capture')!.exports.length).toBeGreaterThan(0);
    await otel.shutdown();
  });

  it('registers and then releases the globals', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [test_capture/one] } } }
`),
        t.registry,
      ),
      { registry: t.registry, env: {}, logger: captureLogger().logger },
    );
    const tracer = trace.getTracer('global');
    const carrier: Record<string, string> = {};
    await new Promise<void>((resolve) => {
      tracer.startActiveSpan('outer', (outer) => {
        // The context manager carries the active span across an await.
        setImmediate(() => {
          expect(trace.getActiveSpan()).toBe(outer);
          const withBaggage = propagation.setBaggage(
            context.active(),
            propagation.createBaggage({ tenant: { value: 'acme' } }),
          );
          propagation.inject(withBaggage, carrier);
          outer.setStatus({ code: SpanStatusCode.OK });
          outer.end();
          resolve();
        });
      });
    });
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(carrier.baggage).toBe('tenant=acme');
    const [outer] = await t.captures.get('test_capture/one')!.waitFor(1);
    expect(outer?.name).toBe('outer');
    expect(metrics.getMeterProvider()).toBe(otel.meterProvider);
    await otel.shutdown();
    expect(trace.getSpan(ROOT_CONTEXT)).toBeUndefined();
    expect(metrics.getMeterProvider()).not.toBe(otel.meterProvider);
  });

  it('OTEL_SDK_DISABLED=true starts nothing', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        pipelineYaml(`
service: { pipelines: { traces: { receivers: [genai], exporters: [test_capture/one] } } }
`),
        t.registry,
      ),
      {
        registry: t.registry,
        registerGlobals: false,
        env: { OTEL_SDK_DISABLED: 'true' },
        logger: log.logger,
      },
    );
    otel.tracerProvider.getTracer('t').startSpan('x').end();
    await otel.shutdown();
    expect(t.created.size).toBe(0);
    expect(log.lines).toEqual(['genai-otel: OTEL_SDK_DISABLED=true: telemetry is off']);
  });
});
