import { createTestTracing } from '@genai-otel/test-utils';
import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyConfig } from './config.js';
import { compilePolicies } from './policies.js';
import { TailSampler } from './tail-sampler.js';

const t = createTestTracing();
afterAll(() => t.shutdown());
const tracer = t.tracerProvider.getTracer('app');
const T0 = 1_700_000_000_000;

interface SpanSpec {
  name: string;
  attrs?: Record<string, string | number>;
  error?: boolean;
  /** ms after the trace's start */
  end?: number;
}

/** A trace: a root and children, with given attributes, statuses and end times. */
function traceOf(root: SpanSpec, children: SpanSpec[] = []): ReadableSpan[] {
  t.reset();
  const finish = (s: Span, spec: SpanSpec) => {
    if (spec.error) s.setStatus({ code: SpanStatusCode.ERROR });
    s.end(T0 + (spec.end ?? 100));
  };
  const r = tracer.startSpan(root.name, { attributes: root.attrs, startTime: T0 });
  const ctx = trace.setSpan(context.active(), r);
  for (const c of children)
    finish(tracer.startSpan(c.name, { attributes: c.attrs, startTime: T0 + 1 }, ctx), c);
  finish(r, root);
  return [...t.spans()];
}

const POLICIES: PolicyConfig[] = [
  { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
  { name: 'slow', type: 'latency', latency: { threshold_ms: 5000 } },
  {
    name: 'expensive',
    type: 'numeric_attribute',
    numeric_attribute: { key: 'gen_ai.rollup.cost.amount', min_value: 0.1 },
  },
  {
    name: 'human-handoff',
    type: 'string_attribute',
    string_attribute: { key: 'gen_ai.agent.handoff.target.type', values: ['human'] },
  },
  {
    name: 'tool-failure',
    type: 'ottl_condition',
    ottl_condition: {
      span: [
        'attributes["gen_ai.operation.name"] == "execute_tool" and status.code == STATUS_CODE_ERROR',
      ],
    },
  },
  {
    name: 'slow-vip',
    type: 'and',
    and: {
      and_sub_policy: [
        { type: 'string_attribute', string_attribute: { key: 'tenant.id', values: ['vip'] } },
        { type: 'latency', latency: { threshold_ms: 1000 } },
      ],
    },
  },
];

const chat = (cost: number) => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.usage.cost.amount': cost,
});
const turn = (cost: number, extra = {}) => ({ 'gen_ai.rollup.cost.amount': cost, ...extra });

function sampler(options: { numTraces?: number; decisionWaitMs?: number } = {}) {
  const clock = { now: 0 };
  const out: ReadableSpan[] = [];
  const lines: string[] = [];
  const seen = new Set<string>();
  const s = new TailSampler((span) => out.push(span), {
    policies: compilePolicies(POLICIES),
    decisionWaitMs: options.decisionWaitMs ?? 30_000,
    numTraces: options.numTraces ?? 100,
    sampledCacheSize: 100,
    nonSampledCacheSize: 100,
    log: {
      once: (k, level, m) => {
        if (seen.has(k)) return;
        seen.add(k);
        lines.push(`${level}: ${m}`);
      },
      info: (m) => lines.push(`info: ${m}`),
    },
    now: () => clock.now,
    timer: false,
  });
  return { s, clock, out, lines };
}

describe('tail_sampling', () => {
  it('keeps whole traces by policy and drops the rest (table)', () => {
    const table: [string, ReadableSpan[], boolean][] = [
      [
        'fast, cheap, fine',
        traceOf({ name: 'turn', attrs: turn(0.02) }, [{ name: 'chat', attrs: chat(0.02) }]),
        false,
      ],
      ['an LLM call failed', traceOf({ name: 'turn' }, [{ name: 'chat', error: true }]), true],
      ['6 s long', traceOf({ name: 'turn', end: 6000 }, [{ name: 'chat' }]), true],
      [
        'cost $0.25 (roll-up on the root)',
        traceOf({ name: 'turn', attrs: turn(0.25) }, [{ name: 'chat', attrs: chat(0.25) }]),
        true,
      ],
      ['cost $0.05', traceOf({ name: 'turn', attrs: turn(0.05) }), false],
      [
        'handoff to a human',
        traceOf({ name: 'turn' }, [
          { name: 'handoff', attrs: { 'gen_ai.agent.handoff.target.type': 'human' } },
        ]),
        true,
      ],
      [
        'handoff to an agent',
        traceOf({ name: 'turn' }, [
          { name: 'handoff', attrs: { 'gen_ai.agent.handoff.target.type': 'agent' } },
        ]),
        false,
      ],
      [
        'a tool failed',
        traceOf({ name: 'turn' }, [
          { name: 'execute_tool', attrs: { 'gen_ai.operation.name': 'execute_tool' }, error: true },
        ]),
        true,
      ],
      [
        'a tool succeeded',
        traceOf({ name: 'turn' }, [
          { name: 'execute_tool', attrs: { 'gen_ai.operation.name': 'execute_tool' } },
        ]),
        false,
      ],
      [
        'vip tenant, 2 s',
        traceOf({ name: 'turn', attrs: { 'tenant.id': 'vip' }, end: 2000 }),
        true,
      ],
      [
        'vip tenant, 0.5 s',
        traceOf({ name: 'turn', attrs: { 'tenant.id': 'vip' }, end: 500 }),
        false,
      ],
      [
        'other tenant, 2 s',
        traceOf({ name: 'turn', attrs: { 'tenant.id': 'acme' }, end: 2000 }),
        false,
      ],
    ];
    const { s, clock, out } = sampler();
    for (const [, spans] of table) for (const span of spans) s.take(span);
    clock.now = 29_999;
    s.decideDue();
    expect(out).toHaveLength(0); // nothing before decision_wait
    clock.now = 30_000;
    s.decideDue();
    const keptTraces = new Set(out.map((x) => x.spanContext().traceId));
    expect(
      table.map(([name, spans]) => [name, keptTraces.has(spans[0]!.spanContext().traceId)]),
    ).toEqual(table.map(([name, , kept]) => [name, kept]));
    // Whole traces: every span of a kept trace, none of a dropped one.
    expect(out).toHaveLength(
      table.filter(([, , k]) => k).reduce((n, [, spans]) => n + spans.length, 0),
    );
    expect(s.stats).toMatchObject({ sampled: 6, notSampled: 6, held: 0, heldSpans: 0 });
  });

  it('a trace that outlives decision_wait: its late spans follow the decision', () => {
    const { s, clock, out } = sampler({ decisionWaitMs: 1000 });
    // Kept: an error child arrives first, its root (also late) after the decision.
    const kept = traceOf({ name: 'turn' }, [{ name: 'chat', error: true }]);
    // Dropped: a fine child first; the root fails only after the decision — too late (as in the collector).
    const dropped = traceOf({ name: 'turn', error: true, end: 40_000 }, [{ name: 'chat' }]);
    s.take(kept[0]!);
    s.take(dropped[0]!);
    clock.now = 1000;
    s.decideDue();
    expect(out.map((x) => x.name)).toEqual(['chat']);
    clock.now = 40_000;
    s.take(kept[1]!);
    s.take(dropped[1]!);
    expect(out.map((x) => x.name)).toEqual(['chat', 'turn']);
    expect(out[1]).toBe(kept[1]);
    expect(s.stats).toMatchObject({
      sampled: 1,
      notSampled: 1,
      lateSpansKept: 1,
      lateSpansDropped: 1,
    });
  });

  it('holds at most num_traces: the oldest is dropped undecided, counted and said once', async () => {
    const { s, clock, out, lines } = sampler({ numTraces: 3 });
    const traces = Array.from({ length: 5 }, () => traceOf({ name: 'turn', error: true }));
    for (const [i, spans] of traces.entries()) {
      clock.now = i;
      s.take(spans[0]!);
    }
    expect(s.stats).toMatchObject({ held: 3, droppedTooEarly: 2 });
    await s.shutdown(); // decides what it holds
    expect(out.map((x) => x.spanContext().traceId)).toEqual(
      traces.slice(2).map((spans) => spans[0]!.spanContext().traceId),
    );
    expect(lines).toEqual([
      'warn: more than num_traces (3) traces wait for a decision; the oldest are dropped undecided (counted in genai_otel.tail_sampling.traces.dropped_too_early); raise num_traces or shorten decision_wait',
      'info: 2 traces were dropped before their decision (num_traces 3 were waiting); 3 kept, 0 not sampled',
    ]);
  });

  it('passes spans of traces the head sampler dropped (recorded only) straight on', () => {
    const { s, out } = sampler();
    const [span] = traceOf({ name: 'turn' });
    const unsampled = Object.create(span!, {
      spanContext: { value: () => ({ ...span!.spanContext(), traceFlags: 0 }) },
    }) as ReadableSpan;
    s.take(unsampled);
    expect(out).toEqual([unsampled]);
    expect(s.stats.held).toBe(0);
  });

  it('probabilistic: the same trace id always gets the same answer, about the given share', () => {
    const [p] = compilePolicies([
      { type: 'probabilistic', probabilistic: { sampling_percentage: 25 } },
    ]);
    const ids = Array.from({ length: 4000 }, (_, i) => i.toString(16).padStart(32, '0'));
    const kept = ids.filter((id) => p!.sample([], id)).length;
    expect(kept / ids.length).toBeGreaterThan(0.2);
    expect(kept / ids.length).toBeLessThan(0.3);
    expect(ids.map((id) => p!.sample([], id))).toEqual(ids.map((id) => p!.sample([], id)));
  });
});
