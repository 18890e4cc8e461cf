import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { attributes, isChildOf, useTracing } from '../test/helpers.js';
import { setAgentOutcome, withAgent } from './index.js';

class QuotaError extends Error {}

describe('withAgent', () => {
  const t = useTracing();

  it('runs a sync function as invoke_agent {name} and returns its value', () => {
    const result = withAgent('triage', () => 'routed');
    expect(result).toBe('routed');
    const span = t.span('invoke_agent triage');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'triage',
      'gen_ai.agent.outcome': 'success',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.parentSpanContext).toBeUndefined();
  });

  it('carries the result type through', () => {
    expectTypeOf(withAgent('triage', async () => 42)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(withAgent({ name: 'x' }, () => 'a' as const)).toEqualTypeOf<'a'>();
    async function* gen() {
      yield 1;
    }
    expectTypeOf(withAgent('g', gen)).toEqualTypeOf<AsyncGenerator<number, void, unknown>>();
  });

  it('records every option, and a remote agent as a CLIENT span', async () => {
    const value = await withAgent(
      {
        name: 'research',
        id: 'asst_42',
        description: 'Finds facts',
        version: '3',
        conversationId: 'conv-1',
        remote: true,
        providerName: 'openai',
      },
      async () => 7,
    );
    expect(value).toBe(7);
    const span = t.span('invoke_agent research');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'research',
      'gen_ai.agent.id': 'asst_42',
      'gen_ai.agent.description': 'Finds facts',
      'gen_ai.agent.version': '3',
      'gen_ai.conversation.id': 'conv-1',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.outcome': 'success',
    });
    expect(span.links).toEqual([]);
  });

  it('is the active span inside the function, across awaits, and hands it to the function', async () => {
    let given: unknown;
    let activeAfterAwait: unknown;
    await withAgent('a', async (span) => {
      given = span;
      await new Promise((r) => setImmediate(r));
      activeAfterAwait = trace.getActiveSpan();
    });
    expect(activeAfterAwait).toBe(given);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('nests agents', async () => {
    await withAgent('supervisor', () => withAgent('worker', async () => 1));
    expect(isChildOf(t.span('invoke_agent worker'), t.span('invoke_agent supervisor'))).toBe(true);
  });

  it('ends the span of an async function before the caller resumes', async () => {
    await withAgent('a', async () => {});
    expect(t.spans().map((s) => s.name)).toEqual(['invoke_agent a']);
  });

  it('records a thrown error and rethrows the very same object', () => {
    const error = new QuotaError('over quota');
    let caught: unknown;
    try {
      withAgent('a', () => {
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    const span = t.span('invoke_agent a');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'over quota' });
    expect(span.attributes['error.type']).toBe('QuotaError');
    expect(span.attributes['gen_ai.agent.outcome']).toBe('error');
    expect(span.events.map((e) => [e.name, e.attributes?.['exception.type']])).toEqual([
      ['exception', 'Error'],
    ]);
    expect(span.events[0]?.attributes?.['exception.message']).toBe('over quota');
  });

  it('records a rejection and rejects with the very same object', async () => {
    const error = new TypeError('bad');
    await expect(
      withAgent('a', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    const span = t.span('invoke_agent a');
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.attributes['gen_ai.agent.outcome']).toBe('error');
  });

  it('records a thrown non-Error as _OTHER and rethrows it', () => {
    expect(() =>
      withAgent('a', () => {
        throw 'plain string';
      }),
    ).toThrow('plain string');
    const span = t.span('invoke_agent a');
    expect(span.attributes['error.type']).toBe('_OTHER');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'plain string' });
  });

  it('turns a thenable that is not a Promise into a promise of its value, ending on settlement', async () => {
    class Helpful<T> implements PromiseLike<T> {
      constructor(private readonly inner: Promise<T>) {}
      // biome-ignore lint/suspicious/noThenProperty: a thenable is exactly what this test needs.
      then<A = T, B = never>(
        ok?: ((value: T) => A | PromiseLike<A>) | null,
        fail?: ((reason: unknown) => B | PromiseLike<B>) | null,
      ): PromiseLike<A | B> {
        return this.inner.then(ok, fail);
      }
      helper() {
        return 'not kept';
      }
    }
    const helpful = new Helpful(Promise.resolve(5));
    const returned = withAgent('a', () => helpful);
    // Its `then` may start work (a query builder): called once by the helper, never by the caller.
    expectTypeOf(returned).toEqualTypeOf<Promise<number>>();
    expect(returned).toBeInstanceOf(Promise);
    expect(t.spans()).toEqual([]);
    expect(await returned).toBe(5);
    expect(t.span('invoke_agent a').attributes['gen_ai.agent.outcome']).toBe('success');
  });

  it('lets the function set its outcome', async () => {
    let set: boolean | undefined;
    await withAgent('a', async () => {
      set = setAgentOutcome('handoff');
    });
    expect(set).toBe(true);
    expect(setAgentOutcome('error')).toBe(false);
    expect(t.span('invoke_agent a').attributes['gen_ai.agent.outcome']).toBe('handoff');
  });
});
