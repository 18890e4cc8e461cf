import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_SERVICE_NAME,
} from '@genai-otel/semantic-conventions';
import { startOtlpReceiver } from '@genai-otel/test-utils';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFromConfig } from '../src/start.js';
import { captureLogger, config } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof startOtlpReceiver>>;

describe('otlp_http exporter against an OTLP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  it.each([
    ['proto', 'none', 'application/x-protobuf', undefined],
    ['json', 'gzip', 'application/json', 'gzip'],
  ] as const)(
    'sends %s (compression %s) with exact attributes and resource',
    async (encoding, compression, contentType, contentEncoding) => {
      receiver.reset();
      const log = captureLogger();
      const env = {
        OTEL_SERVICE_NAME: `svc-${encoding}`,
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,team=a%2Cb',
      };
      const otel = startFromConfig(
        config(
          `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 10, timeout: 50ms } }
exporters:
  otlp_http:
    endpoint: ${receiver.url}
    encoding: ${encoding}
    compression: ${compression}
    headers: { x-api-key: "\${env:KEY}" }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_http] } } }
`,
          undefined,
          { KEY: 'k-123' },
        ),
        { registerGlobals: false, env, logger: log.logger },
      );
      const tracer = otel.tracerProvider.getTracer('otlp-test', '0.0.1');
      const parent = tracer.startSpan('invoke_agent planner');
      const chat = tracer.startSpan(
        'chat gpt-4o-mini',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
            [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop', 'length'],
          },
        },
        trace.setSpan(ROOT_CONTEXT, parent),
      );
      chat.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
      chat.end();
      parent.end();

      const spans = await receiver.waitForSpans(2);
      const received = spans.find((s) => s.name === 'chat gpt-4o-mini')!;
      expect(received.kind).toBe(SpanKind.CLIENT);
      expect(received.attributes).toEqual({
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop', 'length'],
      });
      expect(received.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate limited' });
      expect(received.parentSpanId).toBe(
        spans.find((s) => s.name === 'invoke_agent planner')!.spanId,
      );
      expect(received.scope).toMatchObject({ name: 'otlp-test', version: '0.0.1' });
      expect(received.resource).toMatchObject({
        [ATTR_SERVICE_NAME]: `svc-${encoding}`,
        'deployment.environment.name': 'test',
        team: 'a,b',
        'telemetry.sdk.language': 'nodejs',
        'telemetry.sdk.name': 'opentelemetry',
        'process.runtime.name': 'nodejs',
      });
      expect(received.resource['host.name']).toEqual(expect.any(String));

      const request = receiver.requests[0]!;
      expect(request.path).toBe('/v1/traces');
      expect(request.contentType).toBe(contentType);
      expect(request.contentEncoding).toBe(contentEncoding);
      expect(request.headers['x-api-key']).toBe('k-123');
      // One batch: both spans went in the same request.
      expect(receiver.requests).toHaveLength(1);
      await otel.shutdown();
      expect(log.lines).toEqual([]);
    },
  );

  it('exports metrics over the same exporter in a metrics pipeline', async () => {
    receiver.reset();
    const otel = startFromConfig(
      config(`
receivers: { genai: { instrumentations: [] } }
exporters:
  otlp_http: { endpoint: ${receiver.url}, encoding: json }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [otlp_http] }
    metrics: { receivers: [genai], exporters: [otlp_http] }
`),
      { registerGlobals: false, env: {}, logger: captureLogger().logger },
    );
    const histogram = otel.meterProvider
      .getMeter('m')
      .createHistogram('test.request.duration', { unit: 's' });
    histogram.record(0.25, { [ATTR_GEN_AI_OPERATION_NAME]: 'chat' });
    await otel.forceFlush();
    const metrics = await receiver.waitForMetric('test.request.duration');
    const metric = metrics.find((m) => m.name === 'test.request.duration')!;
    expect(metric.type).toBe('histogram');
    expect(metric.unit).toBe('s');
    expect(metric.dataPoints[0]).toMatchObject({ count: 1, sum: 0.25 });
    expect(metric.dataPoints[0]?.attributes).toEqual({ [ATTR_GEN_AI_OPERATION_NAME]: 'chat' });
    expect(
      receiver.requests.some(
        (r) => r.path === '/v1/metrics' && r.contentType === 'application/json',
      ),
    ).toBe(true);
    await otel.shutdown();
  });
});
