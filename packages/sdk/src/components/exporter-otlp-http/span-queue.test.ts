import type { Exporter, FormingSpanExporter, SpanQueueForm } from '@genai-otel/component';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_OPERATION,
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

const sinkEndpoint = () => sink.url.replace(/\/v1\/traces$/, '');

/**
 * otlp_http, or a variant of it registered as `type` whose exporter `adapt` changes, in one traces
 * pipeline (`batch` settings and exporter settings as given) started from YAML.
 */
function start(
  options: {
    type?: string;
    adapt?: (exporter: Exporter) => Exporter;
    batch?: string;
    endpoint?: string;
    exporter?: string;
  } = {},
) {
  const {
    type = 'otlp_http',
    adapt,
    batch = '{}',
    endpoint = sinkEndpoint(),
    exporter = '',
  } = options;
  const { registry } = testComponents();
  if (adapt) {
    registry.register({
      ...otlpHttpExporterFactory,
      type,
      aliases: [],
      create: (c, ctx) => adapt(otlpHttpExporterFactory.create(c, ctx)),
    });
  }
  return startFromConfig(
    config(
      `
receivers: { genai: { instrumentations: [] } }
processors: { batch: ${batch} }
exporters: { ${type}: { endpoint: "${endpoint}"${exporter} } }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [${type}] } } }
`,
      registry,
    ),
    { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
  );
}

/** The exporter's queue form replaced by what `wrap` makes of it (it stays the exporter's own). */
function withForm(wrap: (form: SpanQueueForm) => SpanQueueForm) {
  return (exporter: Exporter): Exporter => {
    const traces = exporter.traces as FormingSpanExporter;
    (traces as { spanQueue: SpanQueueForm }).spanQueue = wrap(traces.spanQueue);
    return exporter;
  };
}

/** `n` spans named `chat 0`…, ended; once the resource settled (`host.id`), for the official bytes. */
async function endSpans(otel: ReturnType<typeof start>, n: number): Promise<ReadableSpan[]> {
  const tracer = otel.tracerProvider.getTracer('genai-otel/openai', '0.1.0');
  const ended: ReadableSpan[] = [];
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan(`chat ${i}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: i,
      },
    });
    span.end();
    ended.push(span as unknown as ReadableSpan);
  }
  await ended[0]!.resource.waitForAsyncAttributes?.();
  return ended;
}

const officialHex = (spans: ReadableSpan[]) =>
  Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array).toString('hex');

describe('otlp_http traces, protobuf: its queue holds each span encoded', () => {
  it('encodes a span as it is queued: the request is the span as it ended, the official bytes', async () => {
    sink.seen.length = 0;
    const otel = start({ batch: '{ send_batch_size: 100, timeout: 60s }' });
    const ended = await endSpans(otel, 20);
    const expected = officialHex(ended);
    // Changed behind the SDK's back after the end: a queue holding the spans would send this.
    for (const span of ended) (span.attributes as Record<string, unknown>).late = 'after end';
    await otel.forceFlush();
    expect(sink.seen).toHaveLength(1);
    expect(sink.seen[0]!.body.length).toBeGreaterThan(20 * 50);
    expect(sink.seen[0]!.body.toString('hex')).toBe(expected);
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: its queue gives each encoded span back once', () => {
  it.each([
    ['sent', () => sinkEndpoint()],
    ['refused (given up)', () => 'http://127.0.0.1:9'],
  ])('after its last attempt: %s', async (_label, endpoint) => {
    sink.seen.length = 0;
    const released: unknown[] = [];
    const otel = start({
      type: 'otlp_spied',
      adapt: withForm((form) => ({
        hold: (span) => form.hold(span),
        release: (spans) => {
          released.push(...spans);
          form.release(spans);
        },
      })),
      batch: '{ send_batch_size: 4, timeout: 60s }',
      endpoint: endpoint(),
      exporter: ', timeout: 2s, retry_on_failure: { enabled: false }',
    });
    await endSpans(otel, 10);
    await otel.forceFlush();
    expect(released).toHaveLength(10);
    expect(new Set(released).size).toBe(10);
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: a span its queue cannot encode', () => {
  it('is queued as it is, and sent with the others: the official bytes, nothing lost', async () => {
    sink.seen.length = 0;
    const otel = start({
      type: 'otlp_failing_form',
      adapt: withForm((form) => ({
        hold: (span) => {
          if (span.name === 'chat 2') throw new Error('encoder bug');
          return form.hold(span);
        },
        release: (spans) => form.release(spans),
      })),
    });
    const ended = await endSpans(otel, 5);
    await otel.forceFlush();
    expect(sink.seen.map((s) => s.body.toString('hex'))).toEqual([officialHex(ended)]);
    await otel.shutdown();
  });
});

describe('otlp_http traces, protobuf: a wrapper around its exporter', () => {
  it("gets plain spans: the encoded form is the wrapped exporter's own, not the wrapper's", async () => {
    sink.seen.length = 0;
    const seen: unknown[] = [];
    const otel = start({
      type: 'otlp_wrapped',
      adapt: (exporter) => {
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
    const ended = await endSpans(otel, 5);
    await otel.forceFlush();
    expect(seen).toEqual(['chat 0', 'chat 1', 'chat 2', 'chat 3', 'chat 4']);
    expect(sink.seen.map((s) => s.body.toString('hex'))).toEqual([officialHex(ended)]);
    await otel.shutdown();
  });
});
