import { createRequire } from 'node:module';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import { TraceEncoder } from '@genai-otel/otlp-proto-encoder';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, config, testComponents } from '../../../test/helpers.js';
import { rawSink } from '../../../test/raw-sink.js';
import { startFromConfig } from '../../start.js';
import { ExporterAgents } from './agents.js';
import { otlpHttpExporterFactory } from './factory.js';
import { OtlpHttpTransport } from './transport.js';

function spans(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const tp = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = tp.getTracer('genai-otel/openai', '0.1.0');
  for (let i = 0; i < 20; i++) {
    const s = tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100 + i,
        note: 'ünïcode 😀',
      },
    });
    s.addEvent('first_chunk');
    s.end();
  }
  return memory.getFinishedSpans();
}

const send = (exporter: SpanExporter, batch: ReadableSpan[]) =>
  new Promise<number>((resolve) => exporter.export(batch, (r) => resolve(r.code)));

// One raw sink for the exporter and transport tests (each clears what it saw first).
let sink: Awaited<ReturnType<typeof rawSink>>;
beforeAll(async () => {
  sink = await rawSink();
});
afterAll(() => sink.close());

describe('otlp_http traces, protobuf: the official exporter with the single-pass encoder', () => {
  it.each(['none', 'gzip'] as const)(
    'sends the very bytes and headers the official exporter sends (compression %s)',
    async (compression) => {
      sink.seen.length = 0;
      const batch = spans();
      const ours = otlpHttpExporterFactory.create(
        {
          ...otlpHttpExporterFactory.createDefaultConfig(),
          endpoint: sink.url.replace(/\/v1\/traces$/, ''),
          compression,
        },
        { id: 'otlp_http', log: captureLogger().logger, env: {}, signals: ['traces'] },
      ).traces!;
      const official = new OTLPTraceExporter({ url: sink.url, compression: compression as never });
      expect(await send(ours, batch)).toBe(ExportResultCode.SUCCESS);
      expect(await send(official, batch)).toBe(ExportResultCode.SUCCESS);
      await Promise.all([ours.shutdown(), official.shutdown()]);
      const [a, b] = sink.seen;
      expect(a?.contentType).toBe('application/x-protobuf');
      expect(a?.contentType).toBe(b?.contentType);
      expect(a?.contentEncoding).toBe(b?.contentEncoding);
      expect(a?.body.length).toBeGreaterThan(20 * 100);
      expect(a?.body.toString('hex')).toBe(b?.body.toString('hex'));
    },
  );
});

describe('otlp_http transport: pooled request buffers', () => {
  it.each(['none', 'gzip'] as const)(
    'hands the bytes back once they are sent (compression %s), so the encoder reuses the buffer',
    async (compression) => {
      sink.seen.length = 0;
      const encoder = new TraceEncoder();
      const released: Uint8Array[] = [];
      const agents = new ExporterAgents(5_000, {}, captureLogger().logger);
      const transport = new OtlpHttpTransport({
        url: sink.url,
        headers: {},
        contentType: 'application/x-protobuf',
        compression,
        agents,
        release: (data) => {
          released.push(data);
          encoder.release(data);
        },
      });
      const batch = spans();
      const first = encoder.encode(batch);
      expect((await transport.send(first, 5_000)).status).toBe('success');
      await expect.poll(() => released.length).toBe(1);
      expect(released[0]).toBe(first);
      // The next request is written into the same buffer, and sent right.
      const second = encoder.encode(batch);
      expect(second.buffer).toBe(first.buffer);
      expect((await transport.send(second, 5_000)).status).toBe('success');
      await expect.poll(() => released.length).toBe(2);
      const official = Buffer.from(ProtobufTraceSerializer.serializeRequest(batch) as Uint8Array);
      expect(sink.seen.map((s) => s.body.equals(official))).toEqual([true, true]);
      transport.shutdown();
    },
  );

  it('does not hand back bytes a failed request may still hold', async () => {
    const released: Uint8Array[] = [];
    const transport = new OtlpHttpTransport({
      // Nothing listens there: the connection is refused before the body is written.
      url: 'http://127.0.0.1:9/v1/traces',
      headers: {},
      contentType: 'application/x-protobuf',
      compression: 'none',
      agents: new ExporterAgents(2_000, {}, captureLogger().logger),
      release: (data) => released.push(data),
    });
    const response = await transport.send(new TraceEncoder().encode(spans()), 2_000);
    expect(response.status).toBe('failure');
    await new Promise((r) => setTimeout(r, 50));
    expect(released).toEqual([]);
    transport.shutdown();
  });
});

describe('otlp_http traces, protobuf: what the openai instrumentation emits', () => {
  it('encodes real instrumented calls (plain, streamed, content captured) as the official serialiser does', async () => {
    const llm = await startMockLLMServer();
    const { registry, captures } = testComponents();
    const otel = startFromConfig(
      config(
        `
receivers: { genai: { capture_message_content: true } }
processors: { batch: { send_batch_size: 1 } }
exporters: { test_capture: }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [test_capture] } } }
`,
        registry,
      ),
      { registry, logger: captureLogger().logger, registerGlobals: false, env: {} },
    );
    try {
      const { OpenAI } = createRequire(import.meta.url)('openai');
      const client = new OpenAI({ apiKey: 'test-key', baseURL: `${llm.url}/v1` });
      const messages = [{ role: 'user', content: 'Grüße — say hello 😀' }];
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
      const stream = await client.chat.completions.create({
        model: 'o4-mini',
        messages,
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const _ of stream) {
        // read to the end: the span ends with the stream
      }
      await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
      const spans = await captures.get('test_capture')!.waitFor(3);
      const ours = Buffer.from(new TraceEncoder().encode(spans));
      const theirs = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array);
      expect(ours.length).toBeGreaterThan(3 * 300);
      expect(ours.toString('hex')).toBe(theirs.toString('hex'));
    } finally {
      await otel.shutdown();
      await llm.close();
    }
  }, 20_000);
});
