import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attributes, useTracing } from '../test/helpers.js';
import {
  configureTracing,
  conversationContext,
  GenAIContextSpanProcessor,
  getConversation,
  withAgent,
  withConversation,
  withTool,
} from './index.js';

describe('withConversation + GenAIContextSpanProcessor', () => {
  const t = useTracing();

  it('stamps conversation, user and tenant on every span below, any tracer’s', async () => {
    const result = await withConversation(
      { conversationId: 'conv-1', userId: 'user-9', tenantId: 'acme' },
      async () => {
        await withAgent('bot', async () => {
          t.foreignTracer().startSpan('chat gpt-4o-mini').end();
        });
        return 'ok';
      },
    );
    expect(result).toBe('ok');
    const stamped = {
      'gen_ai.conversation.id': 'conv-1',
      'user.id': 'user-9',
      'tenant.id': 'acme',
    };
    expect(attributes(t.span('chat gpt-4o-mini'))).toEqual({
      ...stamped,
      'gen_ai.agent.name': 'bot',
    });
    expect(attributes(t.span('invoke_agent bot'))).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'bot',
      'gen_ai.agent.outcome': 'success',
      ...stamped,
    });
  });

  it('inherits values an inner context leaves out, and overrides those it gives', () => {
    withConversation({ conversationId: 'c1', userId: 'u1', tenantId: 'acme' }, () => {
      withConversation({ conversationId: 'c2' }, () => {
        expect(getConversation()).toEqual({ conversationId: 'c2', userId: 'u1', tenantId: 'acme' });
        withTool('inner', () => {});
      });
      withTool('outer', () => {});
    });
    expect(t.span('execute_tool inner').attributes['gen_ai.conversation.id']).toBe('c2');
    expect(t.span('execute_tool inner').attributes['user.id']).toBe('u1');
    expect(t.span('execute_tool outer').attributes['gen_ai.conversation.id']).toBe('c1');
    expect(getConversation()).toBeUndefined();
  });

  it('leaves an id the span already has (e.g. from the request) as it is', () => {
    withConversation({ conversationId: 'from-context' }, () => {
      t.foreignTracer()
        .startSpan('responses', { attributes: { 'gen_ai.conversation.id': 'from-request' } })
        .end();
    });
    expect(t.span('responses').attributes['gen_ai.conversation.id']).toBe('from-request');
  });

  it('stamps the innermost running agent on the spans it makes, its own name kept by a nested agent', async () => {
    await withAgent({ name: 'supervisor', id: 'sup-1' }, async () => {
      t.foreignTracer().startSpan('chat supervisor-call').end();
      await withTool('lookup', async () => {
        await withAgent('researcher', async () => {
          t.foreignTracer().startSpan('chat researcher-call').end();
        });
      });
      t.foreignTracer()
        .startSpan('chat set-by-instrumentation', { attributes: { 'gen_ai.agent.name': 'given' } })
        .end();
    });
    t.foreignTracer().startSpan('chat outside').end();
    expect(attributes(t.span('chat supervisor-call'))).toEqual({
      'gen_ai.agent.name': 'supervisor',
      'gen_ai.agent.id': 'sup-1',
    });
    expect(t.span('execute_tool lookup').attributes['gen_ai.agent.name']).toBe('supervisor');
    expect(t.span('invoke_agent researcher').attributes['gen_ai.agent.name']).toBe('researcher');
    // The nested agent has no id of its own: the outer agent's id is not borrowed for it.
    expect(t.span('invoke_agent researcher').attributes['gen_ai.agent.id']).toBeUndefined();
    expect(attributes(t.span('chat researcher-call'))).toEqual({
      'gen_ai.agent.name': 'researcher',
    });
    expect(t.span('chat set-by-instrumentation').attributes['gen_ai.agent.name']).toBe('given');
    expect(attributes(t.span('chat outside'))).toEqual({});
  });

  it('stamps nothing outside a conversation', () => {
    withAgent('a', () => {});
    expect(Object.keys(attributes(t.span('invoke_agent a')))).not.toContain(
      'gen_ai.conversation.id',
    );
  });

  it('keeps the values while a returned async generator is consumed', async () => {
    async function* chunks() {
      yield getConversation()?.conversationId;
      await Promise.resolve();
      yield getConversation()?.conversationId;
    }
    const seen: unknown[] = [];
    for await (const id of withConversation({ conversationId: 'gen' }, chunks)) seen.push(id);
    expect(seen).toEqual(['gen', 'gen']);
  });

  it('keeps the values while an async generator delivered through a promise is consumed', async () => {
    async function* chunks() {
      yield getConversation()?.conversationId;
      await Promise.resolve();
      withTool('inside', () => {});
      yield getConversation()?.conversationId;
    }
    const stream = await withConversation({ conversationId: 'via-promise' }, async () => chunks());
    const seen: unknown[] = [];
    for await (const id of stream) seen.push(id);
    expect(seen).toEqual(['via-promise', 'via-promise']);
    expect(t.span('execute_tool inside').attributes['gen_ai.conversation.id']).toBe('via-promise');
  });

  it('leaves a rejected promise’s rejection to the caller, unchanged', async () => {
    const error = new Error('nope');
    const returned = withConversation({ conversationId: 'c' }, () => Promise.reject(error));
    await expect(returned).rejects.toBe(error);
  });

  it('conversationContext() gives a context for code that manages its own', () => {
    const ctx = conversationContext({ conversationId: 'mw', tenantId: 't' }, ROOT_CONTEXT);
    context.with(ctx, () => withTool('x', () => {}));
    expect(t.span('execute_tool x').attributes['gen_ai.conversation.id']).toBe('mw');
    expect(t.span('execute_tool x').attributes['tenant.id']).toBe('t');
  });
});

describe('W3C baggage', () => {
  const t = useTracing();
  const baggage = new W3CBaggagePropagator();
  beforeEach(() => {
    propagation.setGlobalPropagator(baggage);
  });
  afterEach(() => {
    propagation.disable();
  });

  function outgoingHeaders(): Record<string, string> {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return carrier;
  }

  it('carries the conversation id to outgoing calls only when asked', () => {
    const quiet = withConversation({ conversationId: 'c-1', userId: 'u' }, outgoingHeaders);
    const loud = withConversation(
      { conversationId: 'c-2', userId: 'u', propagate: true },
      outgoingHeaders,
    );
    expect(quiet).toEqual({});
    // Only the conversation id: user and tenant ids stay in this process.
    expect(loud).toEqual({ baggage: 'gen_ai.conversation.id=c-2' });
  });

  it('propagates for every conversation when configured', () => {
    configureTracing({ propagateConversationId: true });
    expect(withConversation({ conversationId: 'c-3' }, outgoingHeaders)).toEqual({
      baggage: 'gen_ai.conversation.id=c-3',
    });
  });

  it('stamps the id an upstream service propagated, unless told not to', () => {
    const incoming = propagation.extract(ROOT_CONTEXT, { baggage: 'gen_ai.conversation.id=up-1' });
    context.with(incoming, () => t.foreignTracer().startSpan('server').end());
    expect(t.span('server').attributes['gen_ai.conversation.id']).toBe('up-1');

    const calls: unknown[] = [];
    const span = { attributes: {}, setAttribute: (k: string, v: unknown) => calls.push([k, v]) };
    new GenAIContextSpanProcessor({ fromBaggage: false }).onStart(span, incoming);
    new GenAIContextSpanProcessor().onStart(span, incoming);
    expect(calls).toEqual([['gen_ai.conversation.id', 'up-1']]);
  });

  it('ignores an upstream id that is too long or not a plain id', () => {
    const stamped = (value: string) => {
      const header = `gen_ai.conversation.id=${encodeURIComponent(value)}`;
      const incoming = propagation.extract(ROOT_CONTEXT, { baggage: header });
      const span = t.foreignTracer().startSpan('server', undefined, incoming);
      span.end();
      return t.spans().at(-1)?.attributes['gen_ai.conversation.id'];
    };
    const longest = `c-${'x'.repeat(254)}`;
    expect(longest).toHaveLength(256);
    expect(stamped(longest)).toBe(longest);
    expect(stamped(`${longest}y`)).toBeUndefined();
    expect(stamped('thread_Ab9.1700000000:tenant/7+x=y#z~@-')).toBe(
      'thread_Ab9.1700000000:tenant/7+x=y#z~@-',
    );
    for (const hostile of ['two words', '<script>', 'line\nbreak', 'quote"d', 'café', 'a;b']) {
      expect(stamped(hostile)).toBeUndefined();
    }
  });

  it('prefers the local conversation over the baggage', () => {
    const incoming = propagation.extract(ROOT_CONTEXT, { baggage: 'gen_ai.conversation.id=up-1' });
    context.with(incoming, () =>
      withConversation({ conversationId: 'local' }, () => withTool('t', () => {})),
    );
    expect(t.span('execute_tool t').attributes['gen_ai.conversation.id']).toBe('local');
  });
});
