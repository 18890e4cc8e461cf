import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { attributes, isChildOf, tree, useTracing } from '../test/helpers.js';
import { configureTracing, handoff, withAgent } from './index.js';

describe('handoff', () => {
  const t = useTracing();

  it('is its own span under the source agent, and the receiving agent links to it', async () => {
    const token = await withAgent('supervisor', async () =>
      handoff({ to: 'data', reason: 'routing', confidence: 0.92 }),
    );
    await withAgent({ name: 'data', handoffFrom: token }, async () => 'rows');

    expect(tree(t.spans())).toEqual([
      'invoke_agent supervisor',
      '  handoff data',
      'invoke_agent data',
    ]);
    const span = t.span('handoff data');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(attributes(span)).toEqual({
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'supervisor',
      'gen_ai.agent.handoff.target.name': 'data',
      'gen_ai.agent.handoff.target.type': 'agent',
      'gen_ai.agent.handoff.reason': 'routing',
      'gen_ai.agent.handoff.confidence': 0.92,
    });
    expect(token).toEqual({
      spanContext: span.spanContext(),
      from: 'supervisor',
      to: 'data',
      targetType: 'agent',
      reason: 'routing',
      confidence: 0.92,
    });
    const receiver = t.span('invoke_agent data');
    expect(receiver.links).toEqual([{ context: span.spanContext() }]);
    // An agent-to-agent handoff does not change how the source ended.
    expect(t.span('invoke_agent supervisor').attributes['gen_ai.agent.outcome']).toBe('success');
  });

  it('links a receiving agent that runs nested in the source agent', async () => {
    await withAgent('supervisor', async () => {
      const h = handoff({ to: 'decision' });
      await withAgent({ name: 'decision', handoffFrom: h }, async () => {});
    });
    const receiver = t.span('invoke_agent decision');
    expect(isChildOf(receiver, t.span('invoke_agent supervisor'))).toBe(true);
    expect(receiver.links.map((l) => l.context.spanId)).toEqual([
      t.span('handoff decision').spanContext().spanId,
    ]);
  });

  it('to a human: target type human, and the source agent ends with outcome handoff', () => {
    withAgent('support-bot', () =>
      handoff({
        to: 'tier-2-support',
        targetType: 'human',
        reason: 'low_confidence',
        confidence: 0.31,
      }),
    );
    expect(attributes(t.span('handoff tier-2-support'))).toEqual({
      'gen_ai.operation.name': 'handoff',
      'gen_ai.agent.handoff.source.name': 'support-bot',
      'gen_ai.agent.handoff.target.name': 'tier-2-support',
      'gen_ai.agent.handoff.target.type': 'human',
      'gen_ai.agent.handoff.reason': 'low_confidence',
      'gen_ai.agent.handoff.confidence': 0.31,
    });
    expect(t.span('invoke_agent support-bot').attributes['gen_ai.agent.outcome']).toBe('handoff');
  });

  it('names the source given, and works outside any agent', () => {
    handoff({ to: 'billing', from: 'ivr' });
    handoff({ to: 'sales' });
    expect(t.span('handoff billing').attributes['gen_ai.agent.handoff.source.name']).toBe('ivr');
    expect(t.span('handoff sales').attributes['gen_ai.agent.handoff.source.name']).toBeUndefined();
  });

  it('adds no link for a handoff made without a recording tracer', async () => {
    const provider = t.tracing().tracerProvider;
    configureTracing({ tracerProvider: undefined }); // the global provider: none registered
    const h = handoff({ to: 'data' });
    configureTracing({ tracerProvider: provider });
    await withAgent({ name: 'data', handoffFrom: h }, async () => {});
    expect(t.span('invoke_agent data').links).toEqual([]);
  });
});
