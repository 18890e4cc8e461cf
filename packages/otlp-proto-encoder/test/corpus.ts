// Spans that exercise every field and value type of the OTLP trace protobuf: real SDK spans
// (limits, events, links, trace state, remote parents, several resources and scopes) and spans
// with the raw values an exporter may meet but the SDK's setAttribute would have cleaned.

import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

const TRACE_ID = '5b8aa5a2d2c872e8321cf37308d69df2';
const SPAN_ID = '051581bf3cb55c13';

function provider(attrs: Attributes, limits = {}) {
  const exporter = new InMemorySpanExporter();
  const tp = new TracerProvider({
    resource: resourceFromAttributes(attrs),
    spanLimits: limits,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return { tp, exporter };
}

/** A chat span as the LLM instrumentations record it. */
export const chatAttributes: Attributes = {
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
  [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
  [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.7,
  [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 256,
  [ATTR_GEN_AI_RESPONSE_ID]: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
  [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
  [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 19,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10,
  [ATTR_SERVER_ADDRESS]: 'api.openai.com',
  [ATTR_SERVER_PORT]: 443,
};

/** Real SDK spans: two resources, three scopes interleaved, events, links, limits, remote parent. */
export function sdkSpans(): ReadableSpan[] {
  const a = provider({ 'service.name': 'checkout', 'deployment.environment.name': 'prod' });
  const b = provider(
    { 'service.name': 'naïve-服务', 'host.id': 12345678901 },
    { attributeCountLimit: 3, eventCountLimit: 1, linkCountLimit: 1, attributeValueLengthLimit: 8 },
  );
  const remote = trace.setSpanContext(context.active(), {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: 1,
    isRemote: true,
    traceState: new TraceState('vendor=abc,other=x-y'),
  });
  const t1 = a.tp.getTracer('genai-otel/openai', '0.1.0');
  const t2 = a.tp.getTracer('genai-otel/tracing');
  const t3 = b.tp.getTracer('scope-b', '', {
    schemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
  });
  const link = {
    context: { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 0, isRemote: true },
    attributes: { 'link.kind': 'retry', n: 2 },
  };
  const linkWithState = {
    context: {
      traceId: TRACE_ID.toUpperCase(),
      spanId: 'ffffffffffffffff',
      traceFlags: 1,
      traceState: new TraceState('k=v'),
    },
    droppedAttributesCount: 3,
  };
  for (let i = 0; i < 3; i++) {
    const chat = t1.startSpan(
      'chat gpt-4o-mini',
      { kind: SpanKind.CLIENT, attributes: chatAttributes },
      remote,
    );
    chat.addEvent('prompt', { content: 'héllo 😀 wörld' });
    chat.addEvent('empty');
    chat.end();
    const tool = t2.startSpan('execute_tool', { links: [link, linkWithState] });
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'boom: ünïcode' });
    tool.recordException(new Error('tool failed'));
    tool.end();
    const limited = t3.startSpan('limited', {
      kind: SpanKind.SERVER,
      attributes: { a: 'long value over eight', b: true, c: 3, d: 4, e: 5 },
      links: [link, link],
    });
    limited.addEvent('e1', { x: 1 });
    limited.addEvent('e2');
    limited.setStatus({ code: SpanStatusCode.OK });
    limited.end();
  }
  const spans = [...a.exporter.getFinishedSpans(), ...b.exporter.getFinishedSpans()];
  // Interleave so grouping by resource and scope is exercised, not just passed through.
  return spans.sort((x, y) => x.name.localeCompare(y.name) || x.startTime[1] - y.startTime[1]);
}

/** A real span copied into a plain object with some fields replaced (values setAttribute would clean). */
export function rawSpan(base: ReadableSpan, over: Partial<ReadableSpan>): ReadableSpan {
  return {
    name: base.name,
    kind: base.kind,
    spanContext: () => base.spanContext(),
    parentSpanContext: base.parentSpanContext,
    startTime: base.startTime,
    endTime: base.endTime,
    status: base.status,
    attributes: base.attributes,
    links: base.links,
    events: base.events,
    duration: base.duration,
    ended: true,
    resource: base.resource,
    instrumentationScope: base.instrumentationScope,
    droppedAttributesCount: base.droppedAttributesCount,
    droppedEventsCount: base.droppedEventsCount,
    droppedLinksCount: base.droppedLinksCount,
    ...over,
  };
}

const longAscii = 'x'.repeat(300);
const longUnicode = 'añ😀'.repeat(100);

/** Every AnyValue the official writer handles, and the edges of its number and string paths. */
export const valueAttributes = {
  str: 'plain',
  empty: '',
  unicode: 'héllo wörld — ✓',
  emoji: '😀 surrogate pair',
  loneHigh: 'a\ud800b',
  loneLow: '\udc00',
  reversedPair: '\ude00\ud83d',
  longAscii,
  longUnicode,
  [`key-${'k'.repeat(130)}`]: 'a key longer than 127 bytes',
  ключ: 'non-ASCII key',
  t: true,
  f: false,
  zero: 0,
  negZero: -0,
  one: 1,
  i127: 127,
  i128: 128,
  u32max: 4294967295,
  u32over: 4294967296,
  big: 2 ** 40 + 7,
  maxSafe: Number.MAX_SAFE_INTEGER,
  overSafe: 2 ** 60,
  justUnder63: 2 ** 63 - 2 ** 10,
  at63: 2 ** 63,
  neg: -1,
  negSmall: -128,
  neg32: -(2 ** 31),
  negBig: -(2 ** 40) - 3,
  min64: -(2 ** 63),
  belowMin64: -(2 ** 64),
  half: 0.5,
  pi: Math.PI,
  tiny: 5e-324,
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  negInf: Number.NEGATIVE_INFINITY,
  strings: ['a', '', 'ü', 'x'.repeat(200)],
  numbers: [1, -1, 2.5, 2 ** 53, Number.NaN],
  bools: [true, false],
  mixedWithHoles: [null, 'a', undefined, 1],
  emptyArray: [],
  nested: [['a', 1], []],
  bytes: new Uint8Array([0, 1, 255]),
  kvlist: { a: 1, b: 'two', c: { d: [true] }, e: null },
  nul: null,
  undef: undefined,
  bigint: 10n,
} as unknown as Attributes;
