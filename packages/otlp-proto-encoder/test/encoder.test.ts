import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { TraceEncoder } from '../src/index.js';
import { chatAttributes, rawSpan, sdkSpans, valueAttributes } from './corpus.js';
import { decode, official } from './official.js';

function same(spans: ReadableSpan[], encoder = new TraceEncoder()) {
  const ours = encoder.encode(spans);
  const theirs = official(spans);
  // A hex diff is readable for small requests; large ones are compared whole.
  if (theirs.length < 100_000)
    expect(Buffer.from(ours).toString('hex')).toBe(theirs.toString('hex'));
  else expect(Buffer.compare(ours, theirs)).toBe(0);
  return decode(ours);
}

const base = sdkSpans();
const chat = base.find((s) => s.name.startsWith('chat')) as ReadableSpan;

describe('TraceEncoder: byte for byte the official ProtobufTraceSerializer', () => {
  it('real SDK spans: two resources, three scopes, events, links, trace state, limits, remote parent', () => {
    const req = same(base);
    expect(req.resourceSpans).toHaveLength(2);
    const [a, b] = req.resourceSpans;
    expect(a.scopeSpans.map((s: { scope: { name: string } }) => s.scope.name)).toEqual([
      'genai-otel/openai',
      'genai-otel/tracing',
    ]);
    expect(b.scopeSpans[0].schemaUrl).toBe('https://opentelemetry.io/schemas/1.30.0');
    const limited = b.scopeSpans[0].spans[0];
    expect(limited.droppedAttributesCount).toBe(2);
    expect(limited.droppedEventsCount).toBe(1);
    expect(limited.droppedLinksCount).toBe(1);
    expect(limited.attributes[0].value.stringValue).toBe('long val');
    const chatSpan = a.scopeSpans[0].spans[0];
    expect(chatSpan.kind).toBe(3);
    expect(chatSpan.traceState).toBe('vendor=abc,other=x-y');
    expect(chatSpan.flags).toBe(0x301);
    expect(chatSpan.events[0].attributes[0].value.stringValue).toBe('héllo 😀 wörld');
    const tool = a.scopeSpans[1].spans[0];
    expect(tool.status).toEqual({ code: 2, message: 'boom: ünïcode' });
    expect(tool.links[1].traceState).toBe('k=v');
  });

  it('every attribute value type, on spans, events, links and resources', () => {
    const span = rawSpan(chat, {
      attributes: valueAttributes,
      events: [
        { name: 'ev', time: [1, 2], attributes: valueAttributes, droppedAttributesCount: 7 },
      ],
      links: [
        { context: chat.spanContext(), attributes: valueAttributes },
        { context: chat.spanContext(), droppedAttributesCount: 3 },
      ],
    });
    const req = same([span]);
    const attrs = Object.fromEntries(
      req.resourceSpans[0].scopeSpans[0].spans[0].attributes.map(
        (kv: { key: string; value: unknown }) => [kv.key, kv.value],
      ),
    );
    expect(attrs.loneHigh).toEqual({ stringValue: 'a\ufffdb' });
    expect(attrs.emoji).toEqual({ stringValue: '😀 surrogate pair' });
    expect(attrs.negBig).toEqual({ intValue: String(-(2 ** 40) - 3) });
    expect(attrs.overSafe).toEqual({ intValue: String(2n ** 60n) });
    expect(attrs.at63).toEqual({ doubleValue: 2 ** 63 });
    expect(attrs.nan).toEqual({ doubleValue: Number.NaN });
    expect(attrs.negInf).toEqual({ doubleValue: Number.NEGATIVE_INFINITY });
    expect(attrs.bytes).toEqual({ bytesValue: 'AAH/' });
    expect(attrs.nul).toEqual({});
    expect(attrs.kvlist.kvlistValue.values).toHaveLength(4);
    expect(req.resourceSpans[0].scopeSpans[0].spans[0].links[1].droppedAttributesCount).toBe(3);
    expect(attrs.mixedWithHoles.arrayValue.values).toEqual([
      {},
      { stringValue: 'a' },
      {},
      { intValue: '1' },
    ]);
  });

  it('span fields at their edges: no kind, no parent, empty name, zero times, odd counts', () => {
    const spans = [
      rawSpan(chat, {
        kind: undefined as unknown as SpanKind,
        name: '',
        parentSpanContext: undefined,
      }),
      rawSpan(chat, { startTime: [0, 0], endTime: [2 ** 33, 999_999_999], status: { code: 0 } }),
      rawSpan(chat, {
        droppedAttributesCount: 300,
        droppedEventsCount: 2 ** 32,
        droppedLinksCount: -1,
      }),
      rawSpan(chat, { attributes: {}, events: [], links: [], kind: SpanKind.CONSUMER }),
      rawSpan(chat, { name: 'n'.repeat(20_000), status: { code: 2, message: '😀'.repeat(50) } }),
    ];
    const req = same(spans);
    const out = req.resourceSpans[0].scopeSpans[0].spans;
    expect(out[0].kind).toBeUndefined();
    expect(out[1].endTimeUnixNano).toBe(String(2n ** 33n * 1_000_000_000n + 999_999_999n));
    expect(out[2].droppedEventsCount).toBe(0);
    expect(out[4].name).toHaveLength(20_000);
  });

  it('an empty batch, and a batch past every length prefix it reserved (2.4 MB; 20,000 spans)', () => {
    same([]);
    const big = rawSpan(chat, { attributes: { ...chatAttributes, blob: 'b'.repeat(40_000) } });
    same(Array.from({ length: 60 }, () => big));
    const many = Array.from({ length: 20_000 }, (_, i) => rawSpan(chat, { attributes: { i } }));
    const req = same(many);
    expect(req.resourceSpans[0].scopeSpans[0].spans).toHaveLength(20_000);
  }, 30_000);

  it('grows from a too-small estimate, and adapts its next estimate to the batches it saw', () => {
    const encoder = new TraceEncoder({ initialBytesPerSpan: 1 });
    same(base, encoder);
    same(base.slice(0, 1), encoder);
    same(base, encoder);
  });

  it('repeated key-values (copied whole once a value comes back) stay byte for byte, however the values change', () => {
    // One encoder across batches, as the exporter keeps it: values that repeat, change, alternate,
    // come back after a change; strings at and past the cached length; 0 and -0; NaN; non-ASCII.
    const encoder = new TraceEncoder();
    const values: unknown[] = [
      'chat',
      'chat',
      'chat',
      'embeddings',
      'chat',
      'embeddings',
      'chat',
      'chat',
      'x'.repeat(64),
      'x'.repeat(64),
      'x'.repeat(65),
      'x'.repeat(65),
      443,
      443,
      8443,
      443,
      0,
      -0,
      0,
      Number.NaN,
      Number.NaN,
      1.5,
      1.5,
      true,
      true,
      false,
      false,
      'héllo',
      'héllo',
      'héllo',
      ['stop'],
      ['stop'],
    ];
    const spanOf = (v: unknown, i: number) =>
      rawSpan(chat, {
        attributes: {
          operation: v as string,
          'server.port': typeof v === 'number' ? v : 443,
          id: `id-${i}`,
          same: 'constant',
        },
      });
    // A batch per value (the cache carried between batches) and one batch of them all (within one).
    for (const [i, v] of values.entries()) same([spanOf(v, i)], encoder);
    const req = same(values.map(spanOf), encoder);
    const spans = req.resourceSpans[0].scopeSpans[0].spans;
    expect(spans).toHaveLength(values.length);
    expect(spans[3].attributes[0]).toEqual({
      key: 'operation',
      value: { stringValue: 'embeddings' },
    });
    // Past the bound of remembered keys, key-values are still encoded right.
    const wide = Object.fromEntries(Array.from({ length: 2_100 }, (_, k) => [`k${k}`, 'v']));
    same([rawSpan(chat, { attributes: wide }), rawSpan(chat, { attributes: wide })], encoder);
  });

  it('spans whose keys change places from one to the next (each key found by its place first)', () => {
    const encoder = new TraceEncoder();
    const a = { operation: 'chat', model: 'm', port: 443 };
    const b = { port: 443, operation: 'chat', model: 'm' };
    const longer = {
      ...a,
      extra: 'x',
      ...Object.fromEntries(Array.from({ length: 70 }, (_, k) => [`p${k}`, k])),
    };
    const shapes = [a, b, a, longer, { operation: 'chat' }, b, longer, a];
    const req = same(
      shapes.map((attributes) => rawSpan(chat, { attributes })),
      encoder,
    );
    const keys = req.resourceSpans[0].scopeSpans[0].spans.map(
      (s: { attributes: { key: string }[] }) => s.attributes.map((kv) => kv.key).join(','),
    );
    expect(keys[1]).toBe('port,operation,model');
    expect(keys[3].split(',')).toHaveLength(74);
  });

  it('returns bytes that stay valid after the next encode until they are released', () => {
    const encoder = new TraceEncoder();
    const first = encoder.encode(base);
    const copy = Buffer.from(first).toString('hex');
    encoder.encode([rawSpan(chat, { name: 'other' })]);
    expect(Buffer.from(first).toString('hex')).toBe(copy);
  });
});

describe('TraceEncoder: pooled buffers', () => {
  const many = (n: number) => Array.from({ length: n }, () => base).flat();

  // Sized so that no batch here outgrows its first buffer (an outgrown buffer is free too).
  const roomy = () => new TraceEncoder({ initialBytesPerSpan: 8192 });

  it('writes the next request into a released buffer, byte for byte the official', () => {
    const encoder = roomy();
    const first = encoder.encode(many(4));
    encoder.release(first);
    const second = encoder.encode(base);
    expect(second.buffer).toBe(first.buffer);
    expect(Buffer.from(second).equals(official(base))).toBe(true);
    // Not released: the next request gets a buffer of its own.
    const third = encoder.encode(base);
    expect(third.buffer).not.toBe(second.buffer);
    expect(Buffer.from(second).equals(official(base))).toBe(true);
  });

  it('ignores a second release and bytes it did not hand out', () => {
    const encoder = roomy();
    const a = encoder.encode(base);
    encoder.release(a);
    encoder.release(a);
    const foreign = new Uint8Array(1 << 20);
    encoder.release(foreign);
    const b = encoder.encode(base);
    const c = encoder.encode(base);
    // One buffer came back once: only one of the two is written into it, never the foreign one.
    expect([b.buffer === a.buffer, c.buffer === a.buffer]).toEqual([true, false]);
    expect(c.buffer).not.toBe(foreign.buffer);
    expect(Buffer.from(c).equals(official(base))).toBe(true);
  });

  it('outgrows a pooled buffer too small for the batch, and keeps the larger', () => {
    const encoder = new TraceEncoder();
    const small = encoder.encode(base);
    encoder.release(small);
    const spans = many(50);
    // The estimate (bytes per span of the batch before) fits; force growth with bigger spans.
    const big = spans.map((s) => rawSpan(s, { name: 'x'.repeat(2_000) }));
    const grown = encoder.encode(big);
    expect(Buffer.from(grown).equals(official(big))).toBe(true);
    expect(grown.buffer).not.toBe(small.buffer);
    encoder.release(grown);
    const again = encoder.encode(big);
    expect(again.buffer).toBe(grown.buffer);
    expect(Buffer.from(again).equals(official(big))).toBe(true);
  });

  it('does not keep a buffer past 8 MiB', () => {
    const encoder = new TraceEncoder();
    const huge = many(2).map((s) => rawSpan(s, { name: 'y'.repeat(1_000_000) }));
    const bytes = encoder.encode(huge);
    expect(bytes.buffer.byteLength).toBeGreaterThan(8 * 1024 * 1024);
    encoder.release(bytes);
    expect(encoder.encode(huge).buffer).not.toBe(bytes.buffer);
  });
});
