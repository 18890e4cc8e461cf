import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_ROLLUP_AGENT_INVOCATIONS,
  ATTR_GEN_AI_ROLLUP_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN,
  ATTR_GEN_AI_ROLLUP_COST_AMOUNT,
  ATTR_GEN_AI_ROLLUP_ERRORS,
  ATTR_GEN_AI_ROLLUP_HANDOFFS,
  ATTR_GEN_AI_ROLLUP_INPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_LLM_CALLS,
  ATTR_GEN_AI_ROLLUP_OUTPUT_TOKENS,
  ATTR_GEN_AI_ROLLUP_RETRIEVAL_MISSES,
  ATTR_GEN_AI_ROLLUP_RETRIEVALS,
  ATTR_GEN_AI_ROLLUP_SPANS,
  ATTR_GEN_AI_ROLLUP_TOOL_CALLS,
  ATTR_GEN_AI_ROLLUP_TOOL_ERRORS,
  ATTR_GEN_AI_ROLLUP_UNPRICED_CALLS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan, Span as SdkSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { RollupSpanProcessor } from './rollup-processor.js';

function logger(): ComponentLogger & { lines: string[] } {
  const lines: string[] = [];
  const seen = new Set<string>();
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    once(key, level, m) {
      if (!seen.has(key)) {
        seen.add(key);
        lines.push(`${level}: ${m}`);
      }
    },
  };
}

/** What every rollup attribute's name starts with. */
const ROLLUP_PREFIX = ATTR_GEN_AI_ROLLUP_SPANS.slice(
  0,
  ATTR_GEN_AI_ROLLUP_SPANS.lastIndexOf('.') + 1,
);

const limits = { maxSpans: 1000, maxPendingTraces: 100, maxConversations: 100 };
let shutdown: (() => Promise<void>) | undefined;
afterEach(async () => {
  await shutdown?.();
  shutdown = undefined;
});

function setup(processor: SpanProcessor) {
  const t = createTestTracing({ spanProcessors: [processor] });
  shutdown = t.shutdown;
  const tracer = t.tracerProvider.getTracer('app');
  /** A child of the active span, run inside it. */
  const within = <R>(
    name: string,
    attributes: Record<string, unknown>,
    fn?: () => R,
    error = false,
  ) =>
    tracer.startActiveSpan(name, { attributes: attributes as never }, (span: Span) => {
      const r = fn?.();
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      return r;
    });
  return { t, tracer, within };
}

const chat = (model: string, input: number, output: number, cost?: number, extra = {}) => ({
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_REQUEST_MODEL]: model,
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output,
  ...(cost === undefined ? {} : { [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost }),
  ...extra,
});

/**
 * A RevOps deal assessment: a supervisor agent retrieves (one hit, one miss), calls the model
 * twice, hands off to a pricing agent that calls a tool (fails once, retried) and the model;
 * one call is double-reported by a second instrumentation (marked by genai_cost) and one model
 * has no price.
 */
function dealAssessment(within: ReturnType<typeof setup>['within']) {
  within(
    'invoke_workflow deal_assessment',
    { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow', [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-1' },
    () => {
      within('invoke_agent supervisor', { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent' }, () => {
        within('retrieval crm', {
          [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
          [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'hit',
        });
        within('retrieval notes', {
          [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
          [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: 'miss',
        });
        within(
          'chat gpt-4o',
          chat('gpt-4o', 1200, 300, 0.006, { [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1000 }),
        );
        within('chat gpt-4o', chat('gpt-4o', 800, 100, 0.003));
        // The same call seen by a second instrumentation: marked, so counted once.
        within(
          'chat gpt-4o',
          chat('gpt-4o', 800, 100, 0.003, { [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: 'abc' }),
        );
        within('handoff supervisor -> pricing', { [ATTR_GEN_AI_OPERATION_NAME]: 'handoff' });
      });
      within('invoke_agent pricing', { [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent' }, () => {
        within(
          'execute_tool price_quote',
          { [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool' },
          undefined,
          true,
        );
        within('execute_tool price_quote', { [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool' });
        within('chat acme-internal', chat('acme-internal', 50, 20));
      });
    },
  );
}

describe('genai_rollup', () => {
  it('puts the hand-computed totals of a multi-agent trace on its root', () => {
    const log = logger();
    const processor = new RollupSpanProcessor({ ...limits, log });
    const { t, within } = setup(processor);
    dealAssessment(within);
    const root = t.spans().find((s) => s.name === 'invoke_workflow deal_assessment')!;
    const rollup = Object.fromEntries(
      Object.entries(root.attributes).filter(([k]) => k.startsWith(ROLLUP_PREFIX)),
    );
    expect(rollup).toEqual({
      [ATTR_GEN_AI_ROLLUP_COST_AMOUNT]: 0.009, // 0.006 + 0.003; the marked duplicate and the unpriced call add nothing
      [ATTR_GEN_AI_ROLLUP_INPUT_TOKENS]: 2050, // 1200 + 800 + 50
      [ATTR_GEN_AI_ROLLUP_OUTPUT_TOKENS]: 420, // 300 + 100 + 20
      [ATTR_GEN_AI_ROLLUP_CACHE_READ_INPUT_TOKENS]: 1000,
      [ATTR_GEN_AI_ROLLUP_LLM_CALLS]: 3,
      [ATTR_GEN_AI_ROLLUP_UNPRICED_CALLS]: 1,
      [ATTR_GEN_AI_ROLLUP_TOOL_CALLS]: 2,
      [ATTR_GEN_AI_ROLLUP_TOOL_ERRORS]: 1,
      [ATTR_GEN_AI_ROLLUP_AGENT_INVOCATIONS]: 2,
      [ATTR_GEN_AI_ROLLUP_HANDOFFS]: 1,
      [ATTR_GEN_AI_ROLLUP_RETRIEVALS]: 2,
      [ATTR_GEN_AI_ROLLUP_RETRIEVAL_MISSES]: 1,
      [ATTR_GEN_AI_ROLLUP_ERRORS]: 1,
      [ATTR_GEN_AI_ROLLUP_SPANS]: 12,
      [ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN]: true,
    });
    // Only the root carries them; nothing stays in memory once the trace is done.
    expect(
      t.spans().filter((s) => s.attributes[ATTR_GEN_AI_ROLLUP_SPANS] !== undefined),
    ).toHaveLength(1);
    expect(processor.sizes).toEqual({ spans: 0, pendingTraces: 0, conversations: 1 });
    expect(log.lines).toEqual([]);
  });

  it("marks only a conversation's first turn; each turn is its own root", () => {
    const processor = new RollupSpanProcessor({ ...limits, maxConversations: 2, log: logger() });
    const { t, within } = setup(processor);
    for (const id of ['c1', 'c1', 'c2', 'c3', 'c1', 'c3'])
      within('turn', { [ATTR_GEN_AI_CONVERSATION_ID]: id }, () =>
        within('chat m', chat('m', 1, 1, 0.5)),
      );
    const turns = t.spans().filter((s) => s.name === 'turn');
    expect(
      turns.map((s) => s.attributes[ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN] ?? false),
    ).toEqual([
      true,
      false,
      true,
      true,
      true, // c1 was forgotten (2 ids remembered: c2, c3), so it counts again — the documented bound
      false,
    ]);
    expect(turns.every((s) => s.attributes[ATTR_GEN_AI_ROLLUP_COST_AMOUNT] === 0.5)).toBe(true);
  });

  it('a root without a conversation (an HTTP request span) takes the one its spans served, and its turn counts', () => {
    const processor = new RollupSpanProcessor({ ...limits, log: logger() });
    const { t, within } = setup(processor);
    for (const id of ['c1', 'c1', 'c2'])
      within('POST /chat', { 'http.request.method': 'POST' }, () =>
        within('invoke_workflow turn', { [ATTR_GEN_AI_CONVERSATION_ID]: id }, () =>
          within('chat m', chat('m', 1, 1, 0.5)),
        ),
      );
    // A request that served no conversation stays without one.
    within('GET /healthz', {}, () => within('chat m', chat('m', 1, 1, 0.5)));
    const roots = t.spans().filter((s) => s.name.startsWith('POST') || s.name.startsWith('GET'));
    expect(
      roots.map((s) => [
        s.name,
        s.attributes[ATTR_GEN_AI_CONVERSATION_ID],
        s.attributes[ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN],
        s.attributes[ATTR_GEN_AI_ROLLUP_COST_AMOUNT],
      ]),
    ).toEqual([
      ['POST /chat', 'c1', true, 0.5],
      ['POST /chat', 'c1', undefined, 0.5],
      ['POST /chat', 'c2', true, 0.5],
      ['GET /healthz', undefined, undefined, 0.5],
    ]);
  });

  it('a remote parent makes a local root; a span ending after its root is not in its totals', () => {
    const processor = new RollupSpanProcessor({ ...limits, log: logger() });
    const { t, tracer } = setup(processor);
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
    const request = tracer.startSpan('POST /assess', {}, remote);
    const inner = trace.setSpan(context.active(), request);
    tracer.startSpan('chat m', { attributes: chat('m', 10, 5, 0.25) }, inner).end();
    const straggler = tracer.startSpan('chat late', { attributes: chat('m', 99, 99, 9) }, inner);
    request.end();
    straggler.end();
    const root = t.spans().find((s) => s.name === 'POST /assess')!;
    expect(root.attributes).toMatchObject({
      [ATTR_GEN_AI_ROLLUP_LLM_CALLS]: 1,
      [ATTR_GEN_AI_ROLLUP_COST_AMOUNT]: 0.25,
      [ATTR_GEN_AI_ROLLUP_SPANS]: 2,
    });
    expect(processor.sizes.spans).toBe(0);
  });

  it('received spans (never started here) wait for their root by trace id, within max_pending_traces', async () => {
    const log = logger();
    const processor = new RollupSpanProcessor({ ...limits, maxPendingTraces: 2, log });
    // As a receiver hands them over: onEnding and onEnd only.
    const received: SpanProcessor = {
      onStart: () => {},
      onEnding: (s: SdkSpan) => processor.onEnding(s),
      onEnd: () => {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const { t, within } = setup(received);
    dealAssessment(within);
    const root = t.spans().find((s) => s.name === 'invoke_workflow deal_assessment')!;
    expect(root.attributes).toMatchObject({
      [ATTR_GEN_AI_ROLLUP_SPANS]: 12,
      [ATTR_GEN_AI_ROLLUP_LLM_CALLS]: 3,
      [ATTR_GEN_AI_ROLLUP_COST_AMOUNT]: 0.009,
    });
    expect(processor.sizes.pendingTraces).toBe(0);

    // Three traces whose roots never come: the oldest is evicted, counted and said once.
    const { tracer } = setup(received);
    for (let i = 0; i < 3; i++) {
      const orphanParent = tracer.startSpan('never ends');
      tracer
        .startSpan(
          'chat m',
          { attributes: chat('m', 1, 1) },
          trace.setSpan(context.active(), orphanParent),
        )
        .end();
    }
    expect(processor.sizes.pendingTraces).toBe(2);
    await processor.shutdown();
    expect(log.lines).toEqual([
      'warn: processor genai_rollup: more than max_pending_traces (2) received traces wait for their root; the oldest are dropped from the roll-up (counted)',
      "info: processor genai_rollup: the waiting spans of 1 traces were evicted before their root ended; those roots' totals miss them",
    ]);
  });

  it('max_spans bounds the spans tracked in flight; the others still reach their root by trace id', () => {
    const log = logger();
    const processor = new RollupSpanProcessor({ ...limits, maxSpans: 3, log });
    const { t, tracer } = setup(processor);
    const root = tracer.startSpan('root');
    const ctx = trace.setSpan(context.active(), root);
    const open = Array.from({ length: 4 }, () =>
      tracer.startSpan('chat m', { attributes: chat('m', 1, 1, 1) }, ctx),
    );
    expect(processor.sizes.spans).toBe(3);
    for (const s of open) s.end();
    root.end();
    expect(t.spans().at(-1)!.attributes[ATTR_GEN_AI_ROLLUP_LLM_CALLS]).toBe(4);
    expect(processor.sizes).toMatchObject({ spans: 0, pendingTraces: 0 });
    expect(log.lines).toEqual([
      'warn: processor genai_rollup: more than max_spans (3) spans in flight; further ones wait for their root by trace id (bounded by max_pending_traces)',
    ]);
    const finished: ReadableSpan[] = t.spans();
    expect(finished).toHaveLength(5);
  });
});
