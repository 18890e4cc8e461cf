import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_GEN_AI_BUDGET_LIMIT,
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
  ATTR_GEN_AI_BUDGET_SCOPE_ID,
  ATTR_GEN_AI_BUDGET_SPENT,
  ATTR_GEN_AI_BUDGET_WINDOW,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  EVENT_GEN_AI_BUDGET_EXCEEDED,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import {
  BudgetExceededError,
  budgetExceeded,
  budgetStatus,
  checkBudget,
  currentCost,
  GenAIContextSpanProcessor,
  getSpend,
  remainingBudget,
  spendLedger,
  withConversation,
} from '@genai-otel/tracing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetSpanProcessor } from './budget-processor.js';

const HOUR = 3600_000;

function logger(): ComponentLogger & { lines: string[] } {
  const lines: string[] = [];
  const seen = new Set<string>();
  const push = (l: string) => lines.push(l);
  return {
    lines,
    info: (m) => push(`info: ${m}`),
    warn: (m) => push(`warn: ${m}`),
    error: (m) => push(`error: ${m}`),
    once(key, level, m) {
      if (seen.has(key)) return;
      seen.add(key);
      push(`${level}: ${m}`);
    },
  };
}

let shutdown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
  spendLedger().reset();
});

/** $0.10 per conversation, $0.25 per user, $0.30 per clock hour for the whole service. */
function setup(extra: Partial<ConstructorParameters<typeof BudgetSpanProcessor>[0]> = {}) {
  const clock = { now: 5 * HOUR + 60_000 }; // 05:01 UTC
  const log = logger();
  const processor = new BudgetSpanProcessor({
    budgets: [
      { name: 'conversation', scope: 'conversation', limit: 0.1 },
      { name: 'user', scope: 'user', limit: 0.25 },
      { name: 'hourly', scope: 'service', limit: 0.3, windowMs: HOUR },
    ],
    maxEntries: 100,
    idleTtlMs: 24 * HOUR,
    log,
    now: () => clock.now,
    ...extra,
  });
  const t = createTestTracing({ spanProcessors: [new GenAIContextSpanProcessor(), processor] });
  shutdown = t.shutdown;
  const tracer = t.tracerProvider.getTracer('app');
  /** One conversation turn: a priced chat call (cost as genai_cost writes it). */
  const turn = (cost: number, extraAttrs: Record<string, string> = {}) =>
    tracer
      .startSpan('chat gpt-4o', {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
          [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost,
          ...extraAttrs,
        },
      })
      .end();
  return { t, clock, log, processor, turn };
}

const crossings = (spans: readonly ReadableSpan[]): Record<string, unknown>[] =>
  spans.flatMap((s, i) =>
    s.events
      .filter((e) => e.name === EVENT_GEN_AI_BUDGET_EXCEEDED)
      .map((e) => ({ span: i, ...e.attributes })),
  );

describe('genai_budget', () => {
  it('crosses each budget at the hand-computed turn, once, and the app reads its spend mid-run', () => {
    const { t, clock, log, turn } = setup();
    const seen: unknown[] = [];
    // Conversation c1 (user u1): four turns at $0.04 — $0.04, $0.08, $0.12 (> $0.10: turn 3), $0.16.
    withConversation({ conversationId: 'c1', userId: 'u1', tenantId: 'acme' }, () => {
      for (let i = 0; i < 4; i++) {
        turn(0.04);
        seen.push([currentCost(), remainingBudget(), budgetExceeded()]);
      }
    });
    expect(
      seen.map((s) => (s as number[]).map((v) => (typeof v === 'number' ? +v.toFixed(4) : v))),
    ).toEqual([
      [0.04, 0.06, false], // remaining: min(conversation 0.06, user 0.21, hour 0.26)
      [0.08, 0.02, false],
      [0.12, 0, true],
      [0.16, 0, true],
    ]);
    // Conversation c2 (user u1): $0.05 a turn. User u1: 0.16 + 0.05 = 0.21, 0.26 (> 0.25: c2 turn 2);
    // conversation c2: 0.05, 0.10 (not above), 0.15 (c2 turn 3); service this hour: 0.26, 0.31 (c2 turn 3).
    withConversation({ conversationId: 'c2', userId: 'u1' }, () => {
      for (let i = 0; i < 3; i++) turn(0.05);
    });
    // The next clock hour: the hourly spend starts again, nothing crosses.
    clock.now += HOUR;
    withConversation({ conversationId: 'c3', userId: 'u2' }, () => turn(0.05));

    const got = crossings(t.spans()).map((c) => ({
      ...c,
      [ATTR_GEN_AI_BUDGET_SPENT]: +(c[ATTR_GEN_AI_BUDGET_SPENT] as number).toFixed(4),
    }));
    expect(got).toEqual([
      {
        span: 2,
        [ATTR_GEN_AI_BUDGET_NAME]: 'conversation',
        [ATTR_GEN_AI_BUDGET_SCOPE]: 'conversation',
        [ATTR_GEN_AI_BUDGET_LIMIT]: 0.1,
        [ATTR_GEN_AI_BUDGET_SPENT]: 0.12,
        [ATTR_GEN_AI_BUDGET_SCOPE_ID]: 'c1',
      },
      {
        span: 5,
        [ATTR_GEN_AI_BUDGET_NAME]: 'user',
        [ATTR_GEN_AI_BUDGET_SCOPE]: 'user',
        [ATTR_GEN_AI_BUDGET_LIMIT]: 0.25,
        [ATTR_GEN_AI_BUDGET_SPENT]: 0.26,
        [ATTR_GEN_AI_BUDGET_SCOPE_ID]: 'u1',
      },
      {
        span: 6,
        [ATTR_GEN_AI_BUDGET_NAME]: 'conversation',
        [ATTR_GEN_AI_BUDGET_SCOPE]: 'conversation',
        [ATTR_GEN_AI_BUDGET_LIMIT]: 0.1,
        [ATTR_GEN_AI_BUDGET_SPENT]: 0.15,
        [ATTR_GEN_AI_BUDGET_SCOPE_ID]: 'c2',
      },
      {
        span: 6,
        [ATTR_GEN_AI_BUDGET_NAME]: 'hourly',
        [ATTR_GEN_AI_BUDGET_SCOPE]: 'service',
        [ATTR_GEN_AI_BUDGET_LIMIT]: 0.3,
        [ATTR_GEN_AI_BUDGET_SPENT]: 0.31,
        [ATTR_GEN_AI_BUDGET_WINDOW]: 3600,
      },
    ]);
    const spend = getSpend({ conversationId: 'c2', userId: 'u1', tenantId: 'acme' });
    expect(Object.fromEntries(Object.entries(spend).map(([k, v]) => [k, +v!.toFixed(4)]))).toEqual({
      conversation: 0.15,
      user: 0.31,
      tenant: 0.16,
      service: 0.36,
    });
    expect(
      budgetStatus({ userId: 'u2' }).map((s) => [s.name, +s.spent.toFixed(4), s.exceeded]),
    ).toEqual([
      ['user', 0.05, false],
      ['hourly', 0.05, false], // the new hour
    ]);
    expect(log.lines).toHaveLength(3); // said once per budget, not per crossing
  });

  it('stops an agent loop: budgetExceeded() as the loop condition, checkBudget() throwing', () => {
    const { turn } = setup();
    let steps = 0;
    withConversation({ conversationId: 'loop' }, () => {
      while (!budgetExceeded() && steps < 50 /* a bug must not hang the test */) {
        turn(0.03);
        steps++;
      }
    });
    expect(steps).toBe(4); // 0.03, 0.06, 0.09, 0.12 > 0.10
    const error = withConversation({ conversationId: 'loop' }, () => {
      try {
        checkBudget();
      } catch (e) {
        return e as BudgetExceededError;
      }
    });
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error!.budgets.map((b) => [b.name, b.id])).toEqual([['conversation', 'loop']]);
    expect(error!.message).toMatch(
      /^budget exceeded: conversation \(conversation loop: spent 0\.12/,
    );
    // Outside any conversation: no id, so no conversation budget applies.
    expect(currentCost()).toBeUndefined();
    expect(() => checkBudget()).not.toThrow();
  });

  it('spends a call once: not the marked duplicate, not twice when two pipelines list it', () => {
    const ledger = spendLedger();
    const second = new BudgetSpanProcessor({
      budgets: [{ name: 'conversation', scope: 'conversation', limit: 0.1 }],
      maxEntries: 100,
      idleTtlMs: HOUR,
      log: logger(),
    });
    const { t, turn } = setup({ maxEntries: 100, idleTtlMs: HOUR });
    withConversation({ conversationId: 'd' }, () => {
      turn(0.07);
      turn(0.07, { [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: 'abc' }); // the same call seen twice: counted by its owner
    });
    // Re-run the first span through the second processor, as a second pipeline would.
    second.onEnding(t.spans()[0] as never);
    expect(ledger.spent('conversation', 'd')).toBe(0.07);
  });

  it('keeps memory bounded: least recently used ids and idle ones are forgotten', () => {
    const { clock, turn } = setup({ maxEntries: 2, idleTtlMs: HOUR });
    for (const id of ['a', 'b', 'c']) withConversation({ conversationId: id }, () => turn(0.01));
    expect(getSpend({ conversationId: 'a' }).conversation).toBe(0); // forgotten: starts again
    expect(getSpend({ conversationId: 'c' }).conversation).toBe(0.01);
    clock.now += 2 * HOUR;
    expect(getSpend({ conversationId: 'c' }).conversation).toBe(0); // idle past idle_ttl
    expect(spendLedger().sizes.spend).toBeLessThanOrEqual(2 * 4);
  });
});
