/**
 * Telemetry never breaks the app: whatever fails inside OpenTelemetry (a tracer provider that
 * throws, a tracer whose startSpan throws, spans whose methods throw) or in what the app hands the
 * helpers (an options getter that throws), every entry point still runs the app's function once
 * and hands back its result or its error unchanged.
 */
import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type ConversationOptions,
  configureTracing,
  conversationContext,
  GenAIContextSpanProcessor,
  handoff,
  resetTracingConfiguration,
  untilDone,
  withAgent,
  withConversation,
  withEmbedding,
  withRerank,
  withRetrieval,
  withTool,
  withWorkflow,
} from '../src/index.js';

const throwing = (what: string) => () => {
  throw new Error(`broken telemetry: ${what}`);
};

const brokenProvider: TracerProvider = { getTracer: throwing('getTracer') };

const throwingStartSpan: TracerProvider = {
  getTracer: () =>
    ({
      startSpan: throwing('startSpan'),
      startActiveSpan: throwing('startActiveSpan'),
    }) as unknown as Tracer,
};

/** A recording span every method of which throws. */
function hostileSpan(): Span {
  const span = {
    spanContext: () => INVALID_SPAN_CONTEXT,
    isRecording: () => true,
    setAttribute: throwing('setAttribute'),
    setAttributes: throwing('setAttributes'),
    addEvent: throwing('addEvent'),
    addLink: throwing('addLink'),
    addLinks: throwing('addLinks'),
    setStatus: throwing('setStatus'),
    updateName: throwing('updateName'),
    end: throwing('end'),
    recordException: throwing('recordException'),
  };
  return span as unknown as Span;
}

const hostileSpans: TracerProvider = {
  getTracer: () =>
    ({
      startSpan: () => hostileSpan(),
      startActiveSpan: throwing('startActiveSpan'),
    }) as unknown as Tracer,
};

const helpers = {
  withAgent: (fn: () => unknown) => withAgent({ name: 'a', version: '1' }, fn),
  withTool: (fn: () => unknown) => withTool({ name: 't', arguments: { q: 1 } }, fn),
  withRetrieval: (fn: () => unknown) => withRetrieval({ dataSource: 'kb', query: 'q' }, fn),
  withRerank: (fn: () => unknown) => withRerank({ model: 'm', topN: 1 }, fn),
  withEmbedding: (fn: () => unknown) => withEmbedding({ model: 'e' }, fn),
  withWorkflow: (fn: () => unknown) => withWorkflow('w', fn),
};

describe.each([
  ['a tracer provider whose getTracer throws', brokenProvider],
  ['a tracer whose startSpan throws', throwingStartSpan],
  ['spans whose every method throws', hostileSpans],
])('with %s', (_label, provider) => {
  afterEach(() => resetTracingConfiguration());

  it.each(Object.entries(helpers))(
    '%s runs the function once and returns its result',
    async (_name, helper) => {
      configureTracing({ tracerProvider: provider, captureMessageContent: true });
      let calls = 0;
      const docs = [{ id: 'd', score: 1, content: 'x' }];
      expect(
        helper(() => {
          calls++;
          return docs;
        }),
      ).toBe(docs);
      expect(await helper(async () => docs)).toBe(docs);
      const error = new Error('app error');
      expect(() =>
        helper(() => {
          throw error;
        }),
      ).toThrow(error);
      await expect(
        helper(async () => {
          throw error;
        }),
      ).rejects.toBe(error);
      async function* stream() {
        yield 1;
        yield 2;
      }
      const got: number[] = [];
      for await (const n of helper(stream) as AsyncGenerator<number>) got.push(n);
      expect(got).toEqual([1, 2]);
      expect(calls).toBe(1);
    },
  );

  it('untilDone functions run once and done() is harmless', () => {
    configureTracing({ tracerProvider: provider });
    let calls = 0;
    const value = withTool(
      't',
      untilDone((_span, done) => {
        calls++;
        done(new Error('failed call'));
        done();
        return 'returned';
      }),
    );
    expect([value, calls]).toEqual(['returned', 1]);
  });

  it('handoff returns a token without a span to link to, and the receiver still runs', async () => {
    configureTracing({ tracerProvider: provider });
    const h = await withAgent('support-bot', async () =>
      handoff({
        to: 'tier-2',
        from: 'support-bot',
        targetType: 'human',
        reason: 'policy',
        confidence: 0.4,
      }),
    );
    expect(h).toEqual({
      spanContext: INVALID_SPAN_CONTEXT,
      from: 'support-bot',
      to: 'tier-2',
      targetType: 'human',
      reason: 'policy',
      confidence: 0.4,
    });
    expect(await withAgent({ name: 'tier-2', handoffFrom: h }, async () => 'taken over')).toBe(
      'taken over',
    );
  });

  it('withConversation and conversationContext, propagating, still run and give a context', async () => {
    configureTracing({ tracerProvider: provider, propagateConversationId: true });
    expect(await withConversation({ conversationId: 'c' }, async () => 'ok')).toBe('ok');
    expect(conversationContext({ conversationId: 'c' }, ROOT_CONTEXT)).toBeDefined();
  });
});

describe('app input that throws when read', () => {
  afterEach(() => resetTracingConfiguration());

  it('options getters that throw leave the work untraced, not failed', async () => {
    const hostile = new Proxy({} as { name: string }, { get: throwing('options getter') });
    const fns = [withAgent, withTool, withEmbedding, withRerank] as const;
    for (const helper of fns) {
      expect(await (helper as typeof withTool)(hostile, async () => 'ran')).toBe('ran');
    }
    expect(
      await withRetrieval(hostile as unknown as { dataSource: string }, async () => 'ran'),
    ).toBe('ran');
    expect(handoff(hostile as unknown as { to: string }).spanContext).toEqual(INVALID_SPAN_CONTEXT);
    expect(await withConversation(hostile as ConversationOptions, async () => 'ran')).toBe('ran');
  });
});

describe('GenAIContextSpanProcessor', () => {
  afterEach(() => propagation.disable());

  it('never throws out of onStart, whatever the span does', () => {
    propagation.setGlobalPropagator(new W3CBaggagePropagator());
    const processor = new GenAIContextSpanProcessor();
    const withIds: Context = conversationContext(
      { conversationId: 'c', userId: 'u', tenantId: 't' },
      ROOT_CONTEXT,
    );
    const fromBaggage = propagation.extract(ROOT_CONTEXT, { baggage: 'gen_ai.conversation.id=up' });
    const span = { attributes: {}, setAttribute: throwing('setAttribute') };
    const noAttributes = Object.defineProperty({ setAttribute: () => {} }, 'attributes', {
      get: throwing('attributes'),
    });
    for (const ctx of [withIds, fromBaggage]) {
      expect(() => processor.onStart(span, ctx)).not.toThrow();
      expect(() => processor.onStart(noAttributes as typeof span, ctx)).not.toThrow();
    }
    expect(trace.getSpan(context.active())).toBeUndefined();
  });
});
