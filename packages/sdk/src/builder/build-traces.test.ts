import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import {
  startSpanWith,
  trustNoSpans,
  writeAttribute,
  writesDirectly,
} from '@genai-otel/span-attributes';
import { freePort } from '@genai-otel/test-utils';
import { type Attributes, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { DataPointType, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../test/helpers.js';
import { startFromConfig } from '../start.js';
import { SAMPLER_TYPES } from './sampler.js';

describe('buildTraces: a connector listed by several traces pipelines', () => {
  it('receives each span once, and says why once', async () => {
    const t = testComponents();
    const log = captureLogger();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
connectors: { test_span_count: }
exporters: { test_capture/a:, test_capture/b:, test_capture/m: }
service:
  pipelines:
    traces/a: { receivers: [genai], exporters: [test_capture/a, test_span_count] }
    traces/b: { receivers: [genai], exporters: [test_capture/b, test_span_count] }
    metrics: { receivers: [test_span_count], exporters: [test_capture/m] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('t');
    for (let i = 0; i < 3; i++) tracer.startSpan(`s${i}`).end();
    await otel.forceFlush();
    // Both exporters still get every span: only the connector is fed once.
    expect(t.captures.get('test_capture/a')!.spans).toHaveLength(3);
    expect(t.captures.get('test_capture/b')!.spans).toHaveLength(3);
    const counted = t.metricCaptures
      .get('test_capture/m')!
      .exports.flatMap((r) => r.scopeMetrics)
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'test.spans');
    expect(counted?.dataPoints[0]?.value).toBe(3);
    expect(log.lines).toEqual([
      'genai-otel: connector test_span_count is listed by traces pipelines traces/a, traces/b: a span that reaches several of them is counted once, not once per pipeline',
    ]);
    await otel.shutdown();
  });

  it('a received span too: both pipelines export it, the connector counts it once', async () => {
    const t = testComponents();
    const port = await freePort();
    const otel = startFromConfig(
      config(
        `
receivers: { otlp: { protocols: { http: { endpoint: "127.0.0.1:${port}" } } } }
connectors: { test_span_count: }
exporters: { test_capture/a:, test_capture/b:, test_capture/m: }
service:
  pipelines:
    traces/a: { receivers: [otlp], exporters: [test_capture/a, test_span_count] }
    traces/b: { receivers: [otlp], exporters: [test_capture/b, test_span_count] }
    metrics: { receivers: [test_span_count], exporters: [test_capture/m] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    await otel.ready;
    const spans = [1, 2].map((i) => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: `b7ad6b716920333${i}`,
      name: `received ${i}`,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000001000000000',
    }));
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
    });
    expect(res.status).toBe(200);
    await otel.forceFlush();
    for (const id of ['test_capture/a', 'test_capture/b'])
      expect(t.captures.get(id)!.spans.map((s) => s.name)).toEqual(['received 1', 'received 2']);
    const counted = t.metricCaptures
      .get('test_capture/m')!
      .exports.flatMap((r) => r.scopeMetrics)
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'test.spans');
    expect(counted?.dataPoints[0]?.value).toBe(2);
    await otel.shutdown();
  });

  it('genai_metrics counts a priced call once when two pipelines (each pricing it) list it', async () => {
    const t = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { genai_cost: }
connectors: { genai_metrics: }
exporters: { test_pull: }
service:
  pipelines:
    traces/a: { receivers: [genai], processors: [genai_cost], exporters: [genai_metrics] }
    traces/b: { receivers: [genai], processors: [genai_cost], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [test_pull] }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    otel.tracerProvider
      .getTracer('t')
      .startSpan('chat gpt-4o', {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
          [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
          [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 100,
        },
      })
      .end();
    const { resourceMetrics } = await t.pullReaders.get('test_pull')!.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const cost = metrics.find((m) => m.descriptor.name === METRIC_GEN_AI_CLIENT_COST.name);
    // gpt-4o: 1,000 × $2.50/M + 100 × $10/M = $0.0025 + $0.001 = $0.0035, counted once.
    expect(cost?.dataPoints).toHaveLength(1);
    expect(cost?.dataPoints[0]?.value).toBeCloseTo(0.0035, 12);
    const tokens = metrics.find(
      (m) => m.descriptor.name === METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name,
    ) as HistogramMetricData;
    expect(tokens.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(tokens.dataPoints.map((p) => p.value.count)).toEqual([1, 1]);
    expect(tokens.dataPoints.map((p) => p.value.sum ?? 0).sort((a, b) => a - b)).toEqual([
      100, 1_000,
    ]);
    await otel.shutdown();
  });
});

describe('buildTraces: attributes written straight onto its spans', () => {
  it("trusts its SDK's span class at the first write, so genai-otel's writes skip the SDK's checks", async () => {
    trustNoSpans();
    const t = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
exporters: { test_capture: }
service: { pipelines: { traces: { receivers: [genai], exporters: [test_capture] } } }
`,
        t.registry,
      ),
      { registry: t.registry, registerGlobals: false, env: {} },
    );
    const span = otel.tracerProvider.getTracer('t').startSpan('chat');
    // Not checked at start: at the first write.
    expect(writesDirectly(span)).toBe(false);
    writeAttribute(span, ATTR_GEN_AI_OPERATION_NAME, 'chat');
    expect(writesDirectly(span)).toBe(true);
    writeAttribute(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, 12);
    span.end();
    await otel.forceFlush();
    expect(t.captures.get('test_capture')!.spans[0]!.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 12,
    });
    await otel.shutdown();
  });
});

describe('buildTraces: start attributes handed over by startSpanWith', () => {
  const START: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
  };

  it.each(SAMPLER_TYPES)(
    'reach every pipeline processor at its onStart, and the exporter (sampler %s)',
    async (type) => {
      const t = testComponents();
      const seen: Attributes[] = [];
      t.registry.register({
        kind: 'processor',
        type: 'test_on_start',
        signals: ['traces'],
        description: 'test: records the attributes a span has when it starts',
        createDefaultConfig: () => ({}),
        create: () => ({
          spanProcessor: {
            onStart: (span: { attributes: Attributes }) => seen.push({ ...span.attributes }),
            onEnd() {},
            forceFlush: async () => {},
            shutdown: async () => {},
          },
        }),
      });
      const otel = startFromConfig(
        config(
          `
receivers: { genai: { instrumentations: [], sampler: { type: ${type} } } }
processors: { test_on_start: }
exporters: { test_capture: }
service: { pipelines: { traces: { receivers: [genai], processors: [test_on_start], exporters: [test_capture] } } }
`,
          t.registry,
        ),
        { registry: t.registry, registerGlobals: false, env: {} },
      );
      const tracer = otel.tracerProvider.getTracer('t');
      // The first start gives them to the SDK too; the next ones only hand them over.
      for (let i = 0; i < 3; i++)
        startSpanWith(tracer, 'chat gpt-4o-mini', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
      await otel.forceFlush();
      // Every sampler records (the dropped ones as record-only), so the pipeline sees each start.
      expect(seen).toEqual([START, START, START]);
      const exported = t.captures.get('test_capture')!.spans;
      expect(exported.map((s) => s.attributes)).toEqual(
        type === 'always_off' || type === 'parentbased_always_off' ? [] : [START, START, START],
      );
      await otel.shutdown();
    },
  );
});
