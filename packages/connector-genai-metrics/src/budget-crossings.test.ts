import {
  ATTR_GEN_AI_BUDGET_LIMIT,
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
  ATTR_GEN_AI_BUDGET_SCOPE_ID,
  ATTR_GEN_AI_BUDGET_SPENT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  EVENT_GEN_AI_BUDGET_EXCEEDED,
  METRIC_GEN_AI_BUDGET_EXCEEDED,
} from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';
import { type Harness, harness } from './test-helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.shutdown();
  h = undefined;
});

const crossing = (name: string, scope: string, limit: number, id?: string) => ({
  [ATTR_GEN_AI_BUDGET_NAME]: name,
  [ATTR_GEN_AI_BUDGET_SCOPE]: scope,
  [ATTR_GEN_AI_BUDGET_LIMIT]: limit,
  [ATTR_GEN_AI_BUDGET_SPENT]: limit + 0.01,
  ...(id ? { [ATTR_GEN_AI_BUDGET_SCOPE_ID]: id } : {}),
});

describe(METRIC_GEN_AI_BUDGET_EXCEEDED.name, () => {
  it("counts genai_budget's crossing events by budget, scope and limit (never by id)", async () => {
    h = harness(new GenAIMetricsConnector());
    const tracer = h.tracing.tracerProvider.getTracer('t');
    const call = (events: Record<string, string | number>[], extra = {}) => {
      const span = tracer.startSpan('chat m', {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
          [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 0.05,
          ...extra,
        },
      });
      for (const e of events) span.addEvent(EVENT_GEN_AI_BUDGET_EXCEEDED, e);
      span.addEvent('other', { x: 1 });
      span.end();
    };
    call([crossing('conversation', 'conversation', 0.1, 'c1')]);
    call([]);
    call([crossing('conversation', 'conversation', 0.1, 'c2'), crossing('hourly', 'service', 5)]);
    // A duplicate report of a call (marked by genai_cost) is not counted, events included.
    call([crossing('hourly', 'service', 5)], { [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: 'abc' });
    await h.collect();
    const points = h.sums(METRIC_GEN_AI_BUDGET_EXCEEDED.name);
    expect(points.map((p) => [p.attributes, p.value])).toEqual([
      [
        {
          [ATTR_GEN_AI_BUDGET_NAME]: 'conversation',
          [ATTR_GEN_AI_BUDGET_SCOPE]: 'conversation',
          [ATTR_GEN_AI_BUDGET_LIMIT]: 0.1,
        },
        2,
      ],
      [
        {
          [ATTR_GEN_AI_BUDGET_NAME]: 'hourly',
          [ATTR_GEN_AI_BUDGET_SCOPE]: 'service',
          [ATTR_GEN_AI_BUDGET_LIMIT]: 5,
        },
        1,
      ],
    ]);
  });
});
