/**
 * Concurrent conversations share one process: ids, parents and agents must never leak from one
 * into another, whatever the interleaving (awaits of different lengths, Promise.all, async
 * generators consumed in alternation).
 */
import { context, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import {
  currentAgent,
  getConversation,
  handoff,
  withAgent,
  withConversation,
  withTool,
} from '../src/index.js';
import { isChildOf, turns, useTracing } from './helpers.js';

const N = 24;

describe('concurrent conversations', () => {
  const t = useTracing();

  function ids(i: number) {
    return { conversationId: `conv-${i}`, userId: `user-${i}`, tenantId: `tenant-${i % 3}` };
  }

  function conversation(i: number): Promise<string | undefined> {
    return withConversation(ids(i), () =>
      withAgent(`agent-${i}`, async () => {
        await turns(i % 4);
        const seen = await withTool(`tool-${i}`, async () => {
          await turns((i * 7) % 5);
          return getConversation()?.conversationId;
        });
        // An instrumentation's span, started after the awaits.
        t.foreignTracer().startSpan(`chat-${i}`).end();
        await Promise.all([
          withTool(`par-${i}-a`, () => turns(2)),
          withTool(`par-${i}-b`, () => turns(1)),
        ]);
        const h = handoff({ to: `next-${i}` });
        await withAgent({ name: `next-${i}`, handoffFrom: h }, () => turns(i % 3));
        return seen;
      }),
    );
  }

  it('interleaved awaits and Promise.all: every span keeps its own conversation and parent', async () => {
    const results = await Promise.all(Array.from({ length: N }, (_, i) => conversation(i)));
    expect(results).toEqual(Array.from({ length: N }, (_, i) => `conv-${i}`));

    const spans = t.spans();
    expect(spans).toHaveLength(N * 7);
    const byName = new Map(spans.map((s) => [s.name, s]));
    const get = (name: string) => byName.get(name) as ReadableSpan;
    for (let i = 0; i < N; i++) {
      const agent = get(`invoke_agent agent-${i}`);
      const children = [
        `execute_tool tool-${i}`,
        `chat-${i}`,
        `execute_tool par-${i}-a`,
        `execute_tool par-${i}-b`,
        `handoff next-${i}`,
        `invoke_agent next-${i}`,
      ].map(get);
      expect(agent.parentSpanContext).toBeUndefined();
      for (const span of [agent, ...children]) {
        expect({ name: span.name, ...pick(span) }).toEqual({ name: span.name, ...ids(i) });
      }
      for (const child of children) expect(isChildOf(child, agent)).toBe(true);
      expect(get(`invoke_agent next-${i}`).links[0]?.context.spanId).toBe(
        get(`handoff next-${i}`).spanContext().spanId,
      );
      expect(get(`handoff next-${i}`).attributes['gen_ai.agent.handoff.source.name']).toBe(
        `agent-${i}`,
      );
    }
    // Nothing leaked out into the caller's context.
    expect(getConversation()).toBeUndefined();
    expect(currentAgent()).toBeUndefined();
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('async generators consumed in alternation keep their own span and conversation', async () => {
    function stream(i: number) {
      return withConversation(ids(i), () =>
        withAgent(`streamer-${i}`, async function* () {
          for (let step = 0; step < 3; step++) {
            await turns((i + step) % 2);
            withTool(`step-${i}-${step}`, () => {});
            yield `${getConversation()?.conversationId}/${currentAgent()?.name}`;
          }
        }),
      );
    }
    const a = stream(1);
    const b = stream(2);
    const seen: string[] = [];
    for (let step = 0; step < 4; step++) {
      // b first on even steps: the order of next() calls alternates.
      const [first, second] = step % 2 === 0 ? [b, a] : [a, b];
      const [r1, r2] = await Promise.all([first.next(), second.next()]);
      if (!r1.done) seen.push(r1.value);
      if (!r2.done) seen.push(r2.value);
    }
    expect(seen.sort()).toEqual([
      'conv-1/streamer-1',
      'conv-1/streamer-1',
      'conv-1/streamer-1',
      'conv-2/streamer-2',
      'conv-2/streamer-2',
      'conv-2/streamer-2',
    ]);
    for (const i of [1, 2]) {
      const agent = t.spans().find((s) => s.name === `invoke_agent streamer-${i}`)!;
      expect(pick(agent)).toEqual(ids(i));
      for (let step = 0; step < 3; step++) {
        const tool = t.spans().find((s) => s.name === `execute_tool step-${i}-${step}`)!;
        expect(isChildOf(tool, agent)).toBe(true);
        expect(pick(tool)).toEqual(ids(i));
      }
    }
    expect(getConversation()).toBeUndefined();
  });
});

function pick(span: ReadableSpan) {
  return {
    conversationId: span.attributes['gen_ai.conversation.id'],
    userId: span.attributes['user.id'],
    tenantId: span.attributes['tenant.id'],
  };
}
