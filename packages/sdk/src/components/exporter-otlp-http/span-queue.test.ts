import type { FormingSpanExporter, SpanQueueForm } from '@genai-otel/component';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanKind } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../../test/helpers.js';
import { rawSink } from '../../../test/raw-sink.js';
import { startFromConfig } from '../../start.js';
import { otlpHttpExporterFactory } from './factory.js';

// otlp_http's queue holds each span encoded (Exporter traces' `spanQueue`, trace-exporter.ts):
// what reaches the endpoint, what comes back to the encoder, and what a wrapper sees.

let sink: Awaited<ReturnType<typeof rawSink>>;
beforeAll(async () => {
  sink = await rawSink();
});
afterAll(() => sink.close());

describe('otlp_http traces, protobuf: its queue holds each span encoded', () => {
  it('encodes a span as it is queued: the request is the span as it ended, the official bytes', async () => {
    sink.seen.length = 0;
    const { registry } = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 100, timeout: 60s } }
exporters: { otlp_http: { endpoint: "${sink.url.replace(/\/v1\/traces$/, '')}" } }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_http] } } }
`,
        registry,
      ),
      { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
    );
    const tracer = otel.tracerProvider.getTracer('genai-otel/openai', '0.1.0');
    const ended: ReadableSpan[] = [];
    for (let i = 0; i < 20; i++) {
      const span = tracer.startSpan('chat gpt-4o-mini', {
        kind: SpanKind.CLIENT,
        attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'chat', [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: i },
      });
      span.end();
      ended.push(span as unknown as ReadableSpan);
    }
    // The host detector's `host.id` settles after start; both serialisations see it.
    await ended[0]!.resource.waitForAsyncAttributes?.();
    const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(ended) as Uint8Array);
    // Changed behind the SDK's back after the end: a queue holding the spans would send this.
    for (const span of ended) (span.attributes as Record<string, unknown>).late = 'after end';
    await otel.forceFlush();
    expect(sink.seen).toHaveLength(1);
    expect(sink.seen[0]!.body.length).toBeGreaterThan(20 * 50);
    expect(sink.seen[0]!.body.toString('hex')).toBe(expected.toString('hex'));
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: its queue gives each encoded span back once', () => {
  /** otlp_http as the registry makes it, with the spans its queue releases recorded. */
  function spiedRegistry(released: unknown[]) {
    const { registry } = testComponents();
    registry.register({
      ...otlpHttpExporterFactory,
      type: 'otlp_spied',
      aliases: [],
      create(config, ctx) {
        const exporter = otlpHttpExporterFactory.create(config, ctx);
        const traces = exporter.traces as FormingSpanExporter;
        const queue = traces.spanQueue;
        // The form stays a property of the exporter that receives the spans.
        (traces as { spanQueue: SpanQueueForm }).spanQueue = {
          hold: (span) => queue.hold(span),
          release: (spans) => {
            released.push(...spans);
            queue.release(spans);
          },
        };
        return exporter;
      },
    });
    return registry;
  }

  it.each([
    ['sent', () => sink.url.replace(/\/v1\/traces$/, '')],
    ['refused (given up)', () => 'http://127.0.0.1:9'],
  ])('after its last attempt: %s', async (_label, endpoint) => {
    sink.seen.length = 0;
    const released: unknown[] = [];
    const registry = spiedRegistry(released);
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 4, timeout: 60s } }
exporters: { otlp_spied: { endpoint: "${endpoint()}", timeout: 2s, retry_on_failure: { enabled: false } } }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_spied] } } }
`,
        registry,
      ),
      { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
    );
    const tracer = otel.tracerProvider.getTracer('genai-otel/openai', '0.1.0');
    for (let i = 0; i < 10; i++) tracer.startSpan(`chat ${i}`).end();
    await otel.forceFlush();
    expect(released).toHaveLength(10);
    expect(new Set(released).size).toBe(10);
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: a span its queue cannot encode', () => {
  it('is queued as it is, and sent with the others: the official bytes, nothing lost', async () => {
    sink.seen.length = 0;
    const { registry } = testComponents();
    registry.register({
      ...otlpHttpExporterFactory,
      type: 'otlp_failing_form',
      aliases: [],
      create(config, ctx) {
        const exporter = otlpHttpExporterFactory.create(config, ctx);
        const traces = exporter.traces as FormingSpanExporter;
        const queue = traces.spanQueue;
        (traces as { spanQueue: SpanQueueForm }).spanQueue = {
          hold: (span) => {
            if (span.name === 'chat 2') throw new Error('encoder bug');
            return queue.hold(span);
          },
          release: (spans) => queue.release(spans),
        };
        return exporter;
      },
    });
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
exporters: { otlp_failing_form: { endpoint: "${sink.url.replace(/\/v1\/traces$/, '')}" } }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_failing_form] } } }
`,
        registry,
      ),
      { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
    );
    const tracer = otel.tracerProvider.getTracer('genai-otel/openai', '0.1.0');
    const ended: ReadableSpan[] = [];
    for (let i = 0; i < 5; i++) {
      const span = tracer.startSpan(`chat ${i}`);
      span.end();
      ended.push(span as unknown as ReadableSpan);
    }
    await ended[0]!.resource.waitForAsyncAttributes?.();
    await otel.forceFlush();
    const official = Buffer.from(ProtobufTraceSerializer.serializeRequest(ended) as Uint8Array);
    expect(sink.seen.map((s) => s.body.toString('hex'))).toEqual([official.toString('hex')]);
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: a wrapper around its exporter', () => {
  it("gets plain spans: the encoded form is the wrapped exporter's own, not the wrapper's", async () => {
    sink.seen.length = 0;
    const { registry } = testComponents();
    const seen: unknown[] = [];
    registry.register({
      ...otlpHttpExporterFactory,
      type: 'otlp_wrapped',
      aliases: [],
      create(config, ctx) {
        const exporter = otlpHttpExporterFactory.create(config, ctx);
        const inner = exporter.traces!;
        // What a user's counting or filtering wrapper looks like: it reads each span.
        const wrapper: SpanExporter = {
          export(spans, done) {
            seen.push(...spans.map((s) => s.name));
            inner.export(spans, done);
          },
          shutdown: () => inner.shutdown(),
        };
        return { ...exporter, traces: wrapper };
      },
    });
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { instrumentations: [] } }
exporters: { otlp_wrapped: { endpoint: "${sink.url.replace(/\/v1\/traces$/, '')}" } }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_wrapped] } } }
`,
        registry,
      ),
      { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
    );
    const tracer = otel.tracerProvider.getTracer('genai-otel/openai', '0.1.0');
    const ended: ReadableSpan[] = [];
    for (let i = 0; i < 5; i++) {
      const span = tracer.startSpan(`chat ${i}`);
      span.end();
      ended.push(span as unknown as ReadableSpan);
    }
    await ended[0]!.resource.waitForAsyncAttributes?.();
    await otel.forceFlush();
    expect(seen).toEqual(['chat 0', 'chat 1', 'chat 2', 'chat 3', 'chat 4']);
    const official = Buffer.from(ProtobufTraceSerializer.serializeRequest(ended) as Uint8Array);
    expect(sink.seen.map((s) => s.body.toString('hex'))).toEqual([official.toString('hex')]);
    await otel.shutdown();
  });
});
