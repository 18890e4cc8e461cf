import { METRIC_GEN_AI_BUDGET_EXCEEDED } from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';
import { type Harness, harness } from './test-helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
});

const crossing = (name: string, scope: string, limit: number, id?: string) => ({
  'gen_ai.budget.name': name,
  'gen_ai.budget.scope': scope,
  'gen_ai.budget.limit': limit,
  'gen_ai.budget.spent': limit + 0.01,
  ...(id ? { 'gen_ai.budget.scope.id': id } : {}),
});

describe('gen_ai.budget.exceeded', () => {
  it("counts genai_budget's crossing events by budget, scope and limit (never by id)", async () => {
    h = harness(new GenAIMetricsConnector());
    const tracer = h.tracing.tracerProvider.getTracer('t');
    const call = (events: Record<string, string | number>[], extra = {}) => {
      const span = tracer.startSpan('chat m', {
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.cost.amount': 0.05, ...extra },
      });
      for (const e of events) span.addEvent('gen_ai.budget.exceeded', e);
      span.addEvent('other', { x: 1 });
      span.end();
    };
    call([crossing('conversation', 'conversation', 0.1, 'c1')]);
    call([]);
    call([crossing('conversation', 'conversation', 0.1, 'c2'), crossing('hourly', 'service', 5)]);
    // A duplicate report of a call (marked by genai_cost) is not counted, events included.
    call([crossing('hourly', 'service', 5)], { 'gen_ai.usage.owner_span_id': 'abc' });
    await h.collect();
    const points = h.sums(METRIC_GEN_AI_BUDGET_EXCEEDED.name);
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [
        {
          'gen_ai.budget.name': 'conversation',
          'gen_ai.budget.scope': 'conversation',
          'gen_ai.budget.limit': 0.1,
        },
        2,
      ],
      [
        {
          'gen_ai.budget.name': 'hourly',
          'gen_ai.budget.scope': 'service',
          'gen_ai.budget.limit': 5,
        },
        1,
      ],
    ]);
  });
});
