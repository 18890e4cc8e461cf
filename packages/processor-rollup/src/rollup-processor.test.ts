import type { ComponentLogger } from '@genai-otel/component';
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
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': model,
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
  ...(cost === undefined ? {} : { 'gen_ai.usage.cost.amount': cost }),
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
    { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.conversation.id': 'conv-1' },
    () => {
      within('invoke_agent supervisor', { 'gen_ai.operation.name': 'invoke_agent' }, () => {
        within('retrieval crm', {
          'gen_ai.operation.name': 'retrieval',
          'gen_ai.retrieval.outcome': 'hit',
        });
        within('retrieval notes', {
          'gen_ai.operation.name': 'retrieval',
          'gen_ai.retrieval.outcome': 'miss',
        });
        within(
          'chat gpt-4o',
          chat('gpt-4o', 1200, 300, 0.006, { 'gen_ai.usage.cache_read.input_tokens': 1000 }),
        );
        within('chat gpt-4o', chat('gpt-4o', 800, 100, 0.003));
        // The same call seen by a second instrumentation: marked, so counted once.
        within(
          'chat gpt-4o',
          chat('gpt-4o', 800, 100, 0.003, { 'gen_ai.usage.owner_span_id': 'abc' }),
        );
        within('handoff supervisor -> pricing', { 'gen_ai.operation.name': 'handoff' });
      });
      within('invoke_agent pricing', { 'gen_ai.operation.name': 'invoke_agent' }, () => {
        within(
          'execute_tool price_quote',
          { 'gen_ai.operation.name': 'execute_tool' },
          undefined,
          true,
        );
        within('execute_tool price_quote', { 'gen_ai.operation.name': 'execute_tool' });
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
      Object.entries(root.attributes).filter(([k]) => k.startsWith('gen_ai.rollup.')),
    );
    expect(rollup).toEqual({
      'gen_ai.rollup.cost.amount': 0.009, // 0.006 + 0.003; the marked duplicate and the unpriced call add nothing
      'gen_ai.rollup.usage.input_tokens': 2050, // 1200 + 800 + 50
      'gen_ai.rollup.usage.output_tokens': 420, // 300 + 100 + 20
      'gen_ai.rollup.usage.cache_read.input_tokens': 1000,
      'gen_ai.rollup.llm_calls': 3,
      'gen_ai.rollup.unpriced_calls': 1,
      'gen_ai.rollup.tool_calls': 2,
      'gen_ai.rollup.tool_errors': 1,
      'gen_ai.rollup.agent_invocations': 2,
      'gen_ai.rollup.handoffs': 1,
      'gen_ai.rollup.retrievals': 2,
      'gen_ai.rollup.retrieval_misses': 1,
      'gen_ai.rollup.errors': 1,
      'gen_ai.rollup.spans': 12,
      'gen_ai.rollup.conversation.first_turn': true,
    });
    // Only the root carries them; nothing stays in memory once the trace is done.
    expect(t.spans().filter((s) => s.attributes['gen_ai.rollup.spans'] !== undefined)).toHaveLength(
      1,
    );
    expect(processor.sizes).toEqual({ spans: 0, pendingTraces: 0, conversations: 1 });
    expect(log.lines).toEqual([]);
  });

  it("marks only a conversation's first turn; each turn is its own root", () => {
    const processor = new RollupSpanProcessor({ ...limits, maxConversations: 2, log: logger() });
    const { t, within } = setup(processor);
    for (const id of ['c1', 'c1', 'c2', 'c3', 'c1', 'c3'])
      within('turn', { 'gen_ai.conversation.id': id }, () =>
        within('chat m', chat('m', 1, 1, 0.5)),
      );
    const turns = t.spans().filter((s) => s.name === 'turn');
    expect(
      turns.map((s) => s.attributes['gen_ai.rollup.conversation.first_turn'] ?? false),
    ).toEqual([
      true,
      false,
      true,
      true,
      true, // c1 was forgotten (2 ids remembered: c2, c3), so it counts again — the documented bound
      false,
    ]);
    expect(turns.every((s) => s.attributes['gen_ai.rollup.cost.amount'] === 0.5)).toBe(true);
  });

  it('a root without a conversation (an HTTP request span) takes the one its spans served, and its turn counts', () => {
    const processor = new RollupSpanProcessor({ ...limits, log: logger() });
    const { t, within } = setup(processor);
    for (const id of ['c1', 'c1', 'c2'])
      within('POST /chat', { 'http.request.method': 'POST' }, () =>
        within('invoke_workflow turn', { 'gen_ai.conversation.id': id }, () =>
          within('chat m', chat('m', 1, 1, 0.5)),
        ),
      );
    // A request that served no conversation stays without one.
    within('GET /healthz', {}, () => within('chat m', chat('m', 1, 1, 0.5)));
    const roots = t.spans().filter((s) => s.name.startsWith('POST') || s.name.startsWith('GET'));
    expect(
      roots.map((s) => [
        s.name,
        s.attributes['gen_ai.conversation.id'],
        s.attributes['gen_ai.rollup.conversation.first_turn'],
        s.attributes['gen_ai.rollup.cost.amount'],
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
      'gen_ai.rollup.llm_calls': 1,
      'gen_ai.rollup.cost.amount': 0.25,
      'gen_ai.rollup.spans': 2,
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
      'gen_ai.rollup.spans': 12,
      'gen_ai.rollup.llm_calls': 3,
      'gen_ai.rollup.cost.amount': 0.009,
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
    expect(t.spans().at(-1)!.attributes['gen_ai.rollup.llm_calls']).toBe(4);
    expect(processor.sizes).toMatchObject({ spans: 0, pendingTraces: 0 });
    expect(log.lines).toEqual([
      'warn: processor genai_rollup: more than max_spans (3) spans in flight; further ones wait for their root by trace id (bounded by max_pending_traces)',
    ]);
    const finished: ReadableSpan[] = t.spans();
    expect(finished).toHaveLength(5);
  });
});
