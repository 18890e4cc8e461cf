import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanKind } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTraceExporter } from './trace-exporter.js';

interface Seen {
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
}

/** Records each request's raw bytes and answers as a collector does (200, empty response). */
async function rawSink() {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    seen.push({
      contentType: req.headers['content-type'],
      contentEncoding: encoding,
      body: encoding === 'gzip' ? gunzipSync(raw) : raw,
    });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  return { seen, url, close: () => new Promise((r) => server.close(r)) };
}

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

describe('otlp_http traces, protobuf: the official exporter with the single-pass encoder', () => {
  let sink: Awaited<ReturnType<typeof rawSink>>;
  beforeAll(async () => {
    sink = await rawSink();
  });
  afterAll(() => sink.close());

  it.each(['none', 'gzip'] as const)(
    'sends the very bytes and headers the official exporter sends (compression %s)',
    async (compression) => {
      sink.seen.length = 0;
      const batch = spans();
      const ours = createTraceExporter('proto', {
        url: sink.url,
        compression: compression as never,
      });
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
