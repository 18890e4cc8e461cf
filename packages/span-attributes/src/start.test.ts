import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StartAttributesProcessor, startSpanWith, trustNoSpans, trustSpans } from './index.js';

const START: Attributes = {
  'op.name': 'chat',
  'provider.name': 'openai',
  'request.model': 'gpt-4o-mini',
  'server.address': 'api.openai.com',
  'server.port': 443,
};

/** What a processor's `onStart` saw, and what a sampler was given, per start. */
function observe(sampler: Sampler = new AlwaysOnSampler()) {
  const sampled: Attributes[] = [];
  const started: [string, unknown][][] = [];
  const ended: ReadableSpan[] = [];
  const recordingSampler: Sampler = {
    shouldSample(ctx, traceId, name, kind, attributes, links) {
      sampled.push({ ...attributes });
      return sampler.shouldSample(ctx, traceId, name, kind, attributes, links);
    },
    toString: () => 'recording',
  };
  const watcher: SpanProcessor = {
    onStart(span) {
      started.push(Object.entries((span as unknown as ReadableSpan).attributes));
    },
    onEnd(span) {
      ended.push(span);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  return { sampled, started, ended, recordingSampler, watcher };
}

/** The span as an exporter sees it. */
function held(span: ReadableSpan) {
  return {
    name: span.name,
    kind: span.kind,
    attributes: Object.entries(span.attributes),
    dropped: span.droppedAttributesCount,
  };
}

afterEach(() => trustNoSpans());

describe.each([
  ['trusted span class', true],
  ['untrusted span class', false],
])('startSpanWith, %s', (_, trusted) => {
  beforeEach(() => {
    if (trusted)
      trustSpans((spanLimits) =>
        new TracerProvider({ spanLimits }).getTracer('probe').startSpan('probe'),
      );
  });

  it('a stamping provider: every processor sees the start attributes; its sampler only at the first start', () => {
    const o = observe();
    const provider = new TracerProvider({
      sampler: o.recordingSampler,
      spanProcessors: [new StartAttributesProcessor(), o.watcher],
    });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 3; i++)
      startSpanWith(tracer, 'chat gpt-4o-mini', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    // The first start gave them to the SDK (the tracer was not yet seen to stamp), the next
    // ones handed them to the processor.
    expect(o.sampled).toEqual([START, {}, {}]);
    const entries = Object.entries(START);
    expect(o.started).toEqual([entries, entries, entries]);
    // Exactly what a plain start with the attributes leaves.
    const plain = observe();
    new TracerProvider({ spanProcessors: [plain.watcher] })
      .getTracer('t')
      .startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: START })
      .end();
    for (const span of o.ended) expect(held(span)).toEqual(held(plain.ended[0]!));
  });

  it('a provider that does not stamp: the sampler sees the attributes at every start', () => {
    const o = observe();
    const tracer = new TracerProvider({
      sampler: o.recordingSampler,
      spanProcessors: [o.watcher],
    }).getTracer('t');
    for (let i = 0; i < 3; i++)
      startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    expect(o.sampled).toEqual([START, START, START]);
    expect(o.ended.map((s) => s.attributes)).toEqual([START, START, START]);
  });

  it('span limits apply as at a plain start: count and length', () => {
    const spanLimits = { attributeCountLimit: 3, attributeValueLengthLimit: 5 };
    const o = observe();
    const tracer = new TracerProvider({
      spanLimits,
      spanProcessors: [new StartAttributesProcessor(), o.watcher],
    }).getTracer('t');
    startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    const plain = observe();
    new TracerProvider({ spanLimits, spanProcessors: [plain.watcher] })
      .getTracer('t')
      .startSpan('chat', { kind: SpanKind.CLIENT, attributes: START })
      .end();
    expect(held(plain.ended[0]!)).toEqual({
      name: 'chat',
      kind: SpanKind.CLIENT,
      attributes: [
        ['op.name', 'chat'],
        ['provider.name', 'opena'],
        ['request.model', 'gpt-4'],
      ],
      dropped: 2,
    });
    expect(held(o.ended[1]!)).toEqual(held(plain.ended[0]!));
  });

  it('a sampled-out start is a non-recording span; a record-only one still gets its attributes', () => {
    const off = observe(new ParentBasedSampler({ root: new AlwaysOffSampler() }));
    const offTracer = new TracerProvider({
      sampler: off.recordingSampler,
      spanProcessors: [new StartAttributesProcessor(), off.watcher],
    }).getTracer('t');
    for (let i = 0; i < 2; i++) {
      const span = startSpanWith(offTracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT);
      expect(span.isRecording()).toBe(false);
      span.end();
    }
    expect(off.ended).toEqual([]);

    const recordOnly = observe(createAlwaysRecordSampler(new AlwaysOffSampler()));
    const tracer = new TracerProvider({
      sampler: recordOnly.recordingSampler,
      spanProcessors: [new StartAttributesProcessor(), recordOnly.watcher],
    }).getTracer('t');
    for (let i = 0; i < 2; i++)
      startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    expect(recordOnly.sampled).toEqual([START, {}]);
    expect(recordOnly.ended.map((s) => [s.spanContext().traceFlags, s.attributes])).toEqual([
      [0, START],
      [0, START],
    ]);
  });

  it('each start gets its own attributes when another starts inside a processor', () => {
    const o = observe();
    let inner: Span | undefined;
    let tracer: ReturnType<TracerProvider['getTracer']>;
    const nesting: SpanProcessor = {
      onStart(span, parentContext: Context) {
        if (inner !== undefined || (span as unknown as ReadableSpan).name !== 'outer') return;
        inner = startSpanWith(
          tracer,
          'inner',
          SpanKind.INTERNAL,
          { 'op.name': 'execute_tool' },
          trace.setSpan(parentContext, span),
        );
      },
      onEnd() {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const provider = new TracerProvider({
      spanProcessors: [new StartAttributesProcessor(), nesting, o.watcher],
    });
    tracer = provider.getTracer('t');
    for (let i = 0; i < 2; i++) {
      inner = undefined;
      const outer = startSpanWith(tracer, 'outer', SpanKind.CLIENT, START, ROOT_CONTEXT);
      inner!.end();
      outer.end();
    }
    expect(o.ended.map((s) => [s.name, s.attributes])).toEqual([
      ['inner', { 'op.name': 'execute_tool' }],
      ['outer', START],
      ['inner', { 'op.name': 'execute_tool' }],
      ['outer', START],
    ]);
  });

  it('a span another provider starts meanwhile does not make a tracer stamping', () => {
    const stamped = observe();
    const stamping = new TracerProvider({
      spanProcessors: [new StartAttributesProcessor(), stamped.watcher],
    }).getTracer('stamping');
    const o = observe();
    // A processor of a provider that does not stamp starts a span of one that does, in the same
    // context, while startSpanWith starts a span of its own.
    const starter: SpanProcessor = {
      onStart(_span, parentContext) {
        stamping.startSpan('side', {}, parentContext).end();
      },
      onEnd() {},
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const tracer = new TracerProvider({
      sampler: o.recordingSampler,
      spanProcessors: [starter, o.watcher],
    }).getTracer('t');
    for (let i = 0; i < 3; i++)
      startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, ROOT_CONTEXT).end();
    expect(o.sampled).toEqual([START, START, START]);
    expect(o.ended.map((s) => s.attributes)).toEqual([START, START, START]);
    expect(stamped.ended.map((s) => [s.name, s.attributes])).toEqual([
      ['side', {}],
      ['side', {}],
      ['side', {}],
    ]);
  });

  it('through the global ProxyTracer', () => {
    const o = observe();
    trace.disable();
    trace.setGlobalTracerProvider(
      new TracerProvider({
        sampler: o.recordingSampler,
        spanProcessors: [new StartAttributesProcessor(), o.watcher],
      }),
    );
    try {
      const tracer = trace.getTracer('proxied');
      for (let i = 0; i < 2; i++)
        startSpanWith(tracer, 'chat', SpanKind.CLIENT, START, context.active()).end();
      expect(o.sampled).toEqual([START, {}]);
      expect(o.ended.map((s) => s.attributes)).toEqual([START, START]);
    } finally {
      trace.disable();
    }
  });
});
