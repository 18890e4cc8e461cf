import { type DiagLogger, DiagLogLevel, diag, SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
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
      'gen_ai.agent.name': 'supervisor',
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
      'gen_ai.agent.name': 'support-bot',
    });
    expect(t.span('invoke_agent support-bot').attributes['gen_ai.agent.outcome']).toBe('handoff');
  });

  it('names the source given, and works outside any agent', () => {
    handoff({ to: 'billing', from: 'ivr' });
    handoff({ to: 'sales' });
    expect(t.span('handoff billing').attributes['gen_ai.agent.handoff.source.name']).toBe('ivr');
    expect(t.span('handoff sales').attributes['gen_ai.agent.handoff.source.name']).toBeUndefined();
  });

  describe('confidence outside [0, 1]', () => {
    afterEach(() => diag.disable());

    it('is not recorded, and is reported once with diag.warn', () => {
      const warnings: string[] = [];
      const logger: DiagLogger = {
        warn: (message: string) => {
          warnings.push(message);
        },
        error() {},
        info() {},
        debug() {},
        verbose() {},
      };
      diag.setLogger(logger, DiagLogLevel.WARN);
      for (const confidence of [1.5, -0.1, Number.NaN, 85]) {
        handoff({ to: `bad-${confidence}`, confidence });
      }
      handoff({ to: 'edge-0', confidence: 0 });
      handoff({ to: 'edge-1', confidence: 1 });
      const recorded = t
        .spans()
        .map((s) => [s.name, s.attributes['gen_ai.agent.handoff.confidence']]);
      expect(recorded).toEqual([
        ['handoff bad-1.5', undefined],
        ['handoff bad--0.1', undefined],
        ['handoff bad-NaN', undefined],
        ['handoff bad-85', undefined],
        ['handoff edge-0', 0],
        ['handoff edge-1', 1],
      ]);
      expect(warnings).toEqual([
        '@genai-otel/tracing: handoff confidence must be a number in [0, 1]; 1.5 is not recorded (warned once)',
      ]);
    });
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
