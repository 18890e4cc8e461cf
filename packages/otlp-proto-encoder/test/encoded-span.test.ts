import { ExportResultCode } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { EncodedSpan, TraceEncoder } from '../src/index.js';
import { chatAttributes, rawSpan, sdkSpans, valueAttributes } from './corpus.js';
import { decode, official } from './official.js';

const base = sdkSpans();
const chat = base.find((s) => s.name.startsWith('chat')) as ReadableSpan;

/** The request from spans encoded one by one, as a queue holds them, against the official one. */
function sameQueued(spans: ReadableSpan[], encoder = new TraceEncoder()) {
  const queued = spans.map((s) => encoder.encodeSpan(s));
  const ours = Buffer.from(encoder.encode(queued));
  const theirs = official(spans);
  if (theirs.length < 100_000) expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  else expect(Buffer.compare(ours, theirs)).toBe(0);
  return { queued, request: decode(ours) };
}

describe('TraceEncoder.encodeSpan: spans encoded as they are queued', () => {
  it('make the same request as the spans: two resources, three scopes, every value type', () => {
    const typed = rawSpan(chat, {
      attributes: valueAttributes,
      events: [{ name: 'ev', time: [1, 2], attributes: valueAttributes }],
      links: [{ context: chat.spanContext(), attributes: valueAttributes }],
    });
    const { queued, request } = sameQueued([...base, typed]);
    expect(request.resourceSpans).toHaveLength(2);
    // What the SDK's batch processor reads of what it queues.
    expect(queued[0]).toBeInstanceOf(EncodedSpan);
    expect(queued[0]!.spanContext()).toBe(base[0]!.spanContext());
    expect(queued[0]!.resource).toBe(base[0]!.resource);
    expect(queued[0]!.instrumentationScope).toBe(base[0]!.instrumentationScope);
  });

  it('mix with spans not encoded before, in any order', () => {
    const encoder = new TraceEncoder();
    const mixed = base.map((s, i) => (i % 2 === 0 ? encoder.encodeSpan(s) : s));
    expect(Buffer.from(encoder.encode(mixed)).equals(official(base))).toBe(true);
  });

  it('stay valid however many spans come after them, across buffers, and a span bigger than a buffer', () => {
    const encoder = new TraceEncoder();
    const first = encoder.encodeSpan(chat);
    const bytes = first.bytes.subarray(first.start, first.end).toString('hex');
    const many = Array.from({ length: 3_000 }, (_, i) =>
      rawSpan(chat, { attributes: { ...chatAttributes, i } }),
    );
    const huge = rawSpan(chat, { attributes: { blob: 'b'.repeat(200_000) } });
    const spans = [...many.slice(0, 1_500), huge, ...many.slice(1_500)];
    const { queued } = sameQueued(spans, encoder);
    // Spread over several buffers, none overwritten.
    expect(new Set(queued.map((q) => q.bytes.buffer)).size).toBeGreaterThan(10);
    expect(first.bytes.subarray(first.start, first.end).toString('hex')).toBe(bytes);
    expect(Buffer.from(encoder.encode([first])).equals(official([chat]))).toBe(true);
  }, 30_000);

  it('encode the same request again (a retry), and after other requests were released', () => {
    const encoder = new TraceEncoder();
    const queued = base.map((s) => encoder.encodeSpan(s));
    const once = encoder.encode(queued);
    const hex = Buffer.from(once).toString('hex');
    encoder.release(once);
    encoder.release(encoder.encode(base));
    expect(Buffer.from(encoder.encode(queued)).toString('hex')).toBe(hex);
  });

  it("go through the OpenTelemetry SDK's BatchSpanProcessor as the spans would", async () => {
    const encoder = new TraceEncoder();
    const requests: Buffer[] = [];
    const exporter: SpanExporter = {
      export(items, done) {
        requests.push(Buffer.from(encoder.encode(items)));
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => {},
    };
    const bsp = new BatchSpanProcessor({ exporter, maxExportBatchSize: 64 });
    const ended: ReadableSpan[] = [];
    const queueing = {
      onStart: () => {},
      onEnd(span: ReadableSpan) {
        ended.push(span);
        bsp.onEnd(encoder.encodeSpan(span) as unknown as ReadableSpan);
      },
      forceFlush: () => bsp.forceFlush(),
      shutdown: () => bsp.shutdown(),
    };
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'queued' }),
      spanProcessors: [queueing],
    });
    const tracer = provider.getTracer('genai-otel/test', '1.0.0');
    for (let i = 0; i < 100; i++) {
      tracer.startSpan(`chat ${i}`, { attributes: { ...chatAttributes, i } }).end();
    }
    await provider.forceFlush();
    expect(requests).toHaveLength(2);
    expect(requests[0]!.equals(official(ended.slice(0, 64)))).toBe(true);
    expect(requests[1]!.equals(official(ended.slice(64)))).toBe(true);
    const names = requests.flatMap((r) =>
      decode(r).resourceSpans[0].scopeSpans[0].spans.map((s: { name: string }) => s.name),
    );
    expect(names).toEqual(Array.from({ length: 100 }, (_, i) => `chat ${i}`));
    await provider.shutdown();
  });
});
