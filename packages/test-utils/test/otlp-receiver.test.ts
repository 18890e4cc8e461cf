import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FlatSpan, type OtlpReceiver, startOtlpReceiver } from '../src/index.js';

type ExporterConfig = NonNullable<ConstructorParameters<typeof ProtoExporter>[0]>;
const GZIP = 'gzip' as ExporterConfig['compression'];

/** Real spans from a real SDK, so both exporters are handed the very same ReadableSpans. */
function makeSpans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'receiver-test',
      'deployment.environment.name': 'ci',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('test-scope', '1.2.3');
  const parent = tracer.startSpan('parent', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 1],
  });
  const parentCtx = parent.spanContext();
  const child = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 500_000_000],
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 11,
        'gen_ai.request.temperature': 0.5,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
        'test.ints': [1, 2, 3],
        'test.flag': true,
      },
      links: [{ context: parentCtx, attributes: { 'link.kind': 'follows' } }],
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  child.addEvent(
    'gen_ai.content.prompt',
    { 'gen_ai.prompt': 'Hello' },
    [1_700_000_000, 600_000_000],
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
  child.end([1_700_000_001, 0]);
  parent.end([1_700_000_002, 0]);
  return memory.getFinishedSpans();
}

function exportWith(exporter: SpanExporter, spans: ReadableSpan[]) {
  return new Promise<{ code: ExportResultCode; error?: Error }>((resolve) =>
    exporter.export(spans, resolve),
  );
}

describe('OTLP receiver with the real OTLP exporters', () => {
  let receiver: OtlpReceiver;
  let spans: ReadableSpan[];
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    spans = makeSpans();
  });
  beforeEach(() => receiver.reset());
  afterAll(() => receiver.close());

  const exporters = () => ({
    proto: new ProtoExporter({ url: `${receiver.url}/v1/traces` }),
    json: new HttpJsonExporter({ url: `${receiver.url}/v1/traces` }),
  });

  it('decodes protobuf to exact values', async () => {
    const { proto } = exporters();
    expect((await exportWith(proto, spans)).code).toBe(ExportResultCode.SUCCESS);
    const got = await receiver.waitForSpans(2, 2000);
    const child = got.find((s) => s.name === 'chat gpt-4o-mini')!;
    const parent = got.find((s) => s.name === 'parent')!;
    const source = spans.find((s) => s.name === 'chat gpt-4o-mini')!;
    expect(child).toEqual<FlatSpan>({
      traceId: source.spanContext().traceId,
      spanId: source.spanContext().spanId,
      parentSpanId: source.parentSpanContext!.spanId,
      traceState: undefined,
      name: 'chat gpt-4o-mini',
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 11,
        'gen_ai.request.temperature': 0.5,
        'gen_ai.response.finish_reasons': ['stop', 'length'],
        'test.ints': [1, 2, 3],
        'test.flag': true,
      },
      status: { code: SpanStatusCode.ERROR, message: 'rate limited' },
      events: [
        {
          name: 'gen_ai.content.prompt',
          timeUnixNano: '1700000000600000000',
          attributes: { 'gen_ai.prompt': 'Hello' },
        },
      ],
      links: [
        {
          traceId: parent.traceId,
          spanId: parent.spanId,
          attributes: { 'link.kind': 'follows' },
        },
      ],
      resource: expect.objectContaining({
        'service.name': 'receiver-test',
        'deployment.environment.name': 'ci',
      }),
      scope: { name: 'test-scope', version: '1.2.3', attributes: {} },
      startTimeUnixNano: '1700000000500000000',
      endTimeUnixNano: '1700000001000000000',
      droppedAttributesCount: 0,
    });
    expect(child.parentSpanId).toBe(parent.spanId);
    expect(child.traceId).toBe(parent.traceId);
    expect(parent.parentSpanId).toBeUndefined();
    expect(parent.kind).toBe(SpanKind.SERVER);
    expect(parent.startTimeUnixNano).toBe('1700000000000000001');
    expect(receiver.requests).toMatchObject([
      { signal: 'traces', path: '/v1/traces', contentType: 'application/x-protobuf', status: 200 },
    ]);
    expect(receiver.requests[0]!.contentEncoding).toBeUndefined();
  });

  it('decodes JSON to the same spans as protobuf', async () => {
    const { proto, json } = exporters();
    await exportWith(proto, spans);
    const fromProto = receiver.spans();
    receiver.reset();
    expect((await exportWith(json, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests[0]!.contentType).toBe('application/json');
    expect(receiver.spans()).toEqual(fromProto);
    expect(fromProto).toHaveLength(2);
  });

  it('accepts gzip in both encodings', async () => {
    const proto = new ProtoExporter({ url: `${receiver.url}/v1/traces`, compression: GZIP });
    const json = new HttpJsonExporter({ url: `${receiver.url}/v1/traces`, compression: GZIP });
    expect((await exportWith(proto, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportWith(json, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests.map((r) => [r.contentType, r.contentEncoding, r.status])).toEqual([
      ['application/x-protobuf', 'gzip', 200],
      ['application/json', 'gzip', 200],
    ]);
    const all = receiver.spans();
    expect(all.slice(0, 2)).toEqual(all.slice(2));
  });

  it('answers a real collector’s success body in the request’s encoding', async () => {
    const body = JSON.stringify({ resourceSpans: [] });
    const res = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ partialSuccess: {} });
    const bad = await fetch(`${receiver.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(bad.status).toBe(415);
  });

  it('simulates an outage the exporter retries through, and one it gives up on', async () => {
    const { proto } = exporters();
    receiver.fail(503, { times: 1, retryAfter: 0 });
    expect((await exportWith(proto, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(receiver.spans()).toHaveLength(2);

    receiver.reset();
    receiver.fail(400);
    const failed = await exportWith(proto, spans);
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(receiver.spans()).toEqual([]);
    receiver.recover();
    expect((await exportWith(proto, spans)).code).toBe(ExportResultCode.SUCCESS);
  });

  it('rejects waitForSpans with what did arrive', async () => {
    await expect(receiver.waitForSpans(1, 50)).rejects.toThrow('wanted 1 spans, got 0: []');
  });
});
