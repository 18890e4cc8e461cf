/**
 * LangGraph in-process (the real `@langchain/langgraph` 1.x on `@langchain/core` 1.x): a handoff
 * from inside a sub-graph agent to a sibling agent of the parent graph, the way handoff tools of
 * supervisor libraries do it (`Command({ goto, graph: Command.PARENT })`, which LangGraph raises
 * through the sub-graph as a `ParentCommand`): one handoff span, the sub-graph not failed.
 */
import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
} from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { langchain, load, tracing, trees } from './helpers.js';

describe('a LangGraph sub-graph handing off to its parent’s agent', { timeout: 30_000 }, () => {
  it('one handoff span from the sub-graph agent, no error', async () => {
    const { Command, END, MessagesAnnotation, START, StateGraph } = load('@langchain/langgraph');
    const triage = new StateGraph(MessagesAnnotation)
      .addNode('route', async () => new Command({ goto: 'billing', graph: Command.PARENT }))
      .addEdge(START, 'route')
      .compile({ name: 'triage' });
    const billing = new StateGraph(MessagesAnnotation)
      .addNode('answer', async () => ({ messages: [{ role: 'assistant', content: 'refunded' }] }))
      .addEdge(START, 'answer')
      .compile({ name: 'billing' });
    const team = new StateGraph(MessagesAnnotation)
      .addNode('triage', triage, { ends: ['billing'] })
      .addNode('billing', billing)
      .addEdge(START, 'triage')
      .addEdge('billing', END)
      .compile();
    const out = await team.invoke({ messages: [{ role: 'user', content: 'refund please' }] });
    expect(out.messages.at(-1).content).toBe('refunded');
    expect(trees()).toEqual([
      'invoke_workflow LangGraph',
      '  triage',
      '    invoke_agent triage',
      '      route',
      '        handoff billing',
      '  billing',
      '    invoke_agent billing',
      '      answer',
    ]);
    const handoffs = tracing.spans().filter((s) => s.name === 'handoff billing');
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]!.attributes[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]).toBe('triage');
    expect(handoffs[0]!.attributes[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]).toBe('billing');
    for (const s of tracing.spans()) expect(s.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(langchain.handler.size).toBe(0);
  });
});
