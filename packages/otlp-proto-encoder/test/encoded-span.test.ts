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

describe('TraceEncoder.releaseSpans: buffers of released spans serve later spans', () => {
  // ~100 chat spans fill a 64 KiB buffer: 400 spans take several.
  const spans = Array.from({ length: 400 }, (_, i) =>
    rawSpan(chat, { attributes: { ...chatAttributes, i } }),
  );

  it('reuses a buffer once all its spans are released, and the requests stay the official bytes', () => {
    const encoder = new TraceEncoder();
    const first = spans.map((s) => encoder.encodeSpan(s));
    const buffers = new Set(first.map((q) => q.bytes.buffer));
    expect(buffers.size).toBeGreaterThan(3);
    expect(Buffer.from(encoder.encode(first)).equals(official(spans))).toBe(true);
    encoder.releaseSpans(first);
    const second = spans.map((s) => encoder.encodeSpan(s));
    // Every buffer but the one still written into came back.
    const reused = second.filter((q) => buffers.has(q.bytes.buffer)).length;
    expect(reused).toBeGreaterThan(spans.length / 2);
    expect(Buffer.from(encoder.encode(second)).equals(official(spans))).toBe(true);
    // The first spans' buffers went on: using them now is refused, never a wrong request.
    expect(() => encoder.encode(first.slice(0, 1))).toThrow(/used after it was released/);
  });

  it('keeps a buffer while any of its spans is held', () => {
    const encoder = new TraceEncoder();
    const first = spans.map((s) => encoder.encodeSpan(s));
    const kept = first[0]!;
    const keptHex = kept.bytes.subarray(kept.start, kept.end).toString('hex');
    encoder.releaseSpans(first.slice(1));
    for (let round = 0; round < 3; round++) {
      const later = spans.map((s) => encoder.encodeSpan(s));
      expect(later.some((q) => q.bytes.buffer === kept.bytes.buffer)).toBe(false);
      encoder.releaseSpans(later);
    }
    expect(kept.bytes.subarray(kept.start, kept.end).toString('hex')).toBe(keptHex);
    expect(Buffer.from(encoder.encode([kept])).equals(official([spans[0]!]))).toBe(true);
  });

  it('ignores a second release, spans of another encoder, and anything else', () => {
    const encoder = new TraceEncoder();
    const other = new TraceEncoder();
    const mine = spans.slice(0, 150).map((s) => encoder.encodeSpan(s));
    const theirs = spans.slice(0, 150).map((s) => other.encodeSpan(s));
    encoder.releaseSpans([...theirs, chat, null, 'x']);
    encoder.releaseSpans(mine.slice(0, 10));
    encoder.releaseSpans(mine.slice(0, 10));
    // Still held: the rest of mine, all of theirs; their bytes untouched by later spans.
    const later = spans.map((s) => encoder.encodeSpan(s));
    expect(later.some((q) => q.bytes.buffer === mine[20]!.bytes.buffer)).toBe(false);
    expect(Buffer.from(encoder.encode(mine.slice(10))).equals(official(spans.slice(10, 150)))).toBe(
      true,
    );
    expect(Buffer.from(other.encode(theirs)).equals(official(spans.slice(0, 150)))).toBe(true);
  });

  it('does not reuse a buffer a span outgrew', () => {
    const encoder = new TraceEncoder();
    const small = encoder.encodeSpan(chat);
    const huge = encoder.encodeSpan(rawSpan(chat, { attributes: { blob: 'b'.repeat(100_000) } }));
    // The writing moved to a larger fresh buffer; the spans after it fill that one, then others.
    expect(huge.bytes.buffer).not.toBe(small.bytes.buffer);
    const after = spans.map((s) => encoder.encodeSpan(s));
    expect(after[0]!.bytes.buffer).toBe(huge.bytes.buffer);
    expect(after.at(-1)!.bytes.buffer).not.toBe(huge.bytes.buffer);
    encoder.releaseSpans([small, huge, ...after]);
    const next = spans.map((s) => encoder.encodeSpan(s));
    for (const q of next) {
      expect(q.bytes.buffer).not.toBe(small.bytes.buffer);
      expect(q.bytes.buffer).not.toBe(huge.bytes.buffer);
    }
    expect(Buffer.from(encoder.encode(next)).equals(official(spans))).toBe(true);
  });
});
