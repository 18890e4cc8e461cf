/**
 * collector-config/business-metrics.yaml on the RevOps example, as a user runs it: business
 * metrics from config alone (assessments by verdict, processing time by verdict, agents invoked per
 * assessment), and the per-request / per-conversation roll-ups — each value checked against the
 * spans the same run exported.
 */
import { fileURLToPath } from 'node:url';
import {
  type ExampleRun,
  type FlatDataPoint,
  type FlatMetric,
  type FlatSpan,
  freePort,
  runExample,
  traceOf,
} from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG = fileURLToPath(
  new URL('../../../collector-config/business-metrics.yaml', import.meta.url),
);

const seconds = (s: FlatSpan) =>
  Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e9;
const cost = (s: FlatSpan) => (s.attributes['gen_ai.usage.cost.amount'] as number | undefined) ?? 0;

describe('collector-config/business-metrics.yaml on examples/multi-agent-revops', () => {
  let example: ExampleRun;
  let roots: FlatSpan[];
  /** The last export of each metric: cumulative, so it holds the whole run. */
  const metric = (name: string): FlatMetric => {
    const found = example.metrics.filter((m) => m.name === name).at(-1);
    if (!found)
      throw new Error(`no metric ${name}; got ${[...new Set(example.metrics.map((m) => m.name))]}`);
    return found;
  };
  const point = (name: string, attributes: Record<string, unknown> = {}): FlatDataPoint => {
    const points = metric(name).dataPoints.filter((p) =>
      Object.entries(attributes).every(([k, v]) => p.attributes[k] === v),
    );
    expect(points, `${name} ${JSON.stringify(attributes)}`).toHaveLength(1);
    return points[0]!;
  };

  beforeAll(async () => {
    example = await runExample({
      dir: new URL('..', import.meta.url),
      config: { path: CONFIG, output: 'telemetry.jsonl' },
      env: { GENAI_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${await freePort()}` },
    });
    expect(example.run.stderr).toBe('');
    expect(example.run.code).toBe(0);
    roots = example.spans.filter((s) => s.parentSpanId === undefined);
  }, 60_000);
  afterAll(() => example?.cleanup());

  it('puts each trace totals on its root (genai_rollup)', () => {
    expect(roots).toHaveLength(3);
    for (const root of roots) {
      const spans = traceOf(example.spans, root.traceId);
      const chats = spans.filter((s) => s.name.startsWith('chat '));
      const tools = spans.filter((s) => s.name.startsWith('execute_tool '));
      expect(root.attributes).toMatchObject({
        'gen_ai.rollup.llm_calls': 5,
        'gen_ai.rollup.agent_invocations': 3,
        'gen_ai.rollup.spans': spans.length,
        'gen_ai.rollup.tool_calls': tools.length,
        'gen_ai.rollup.tool_errors': tools.filter((t) => t.status.code === 2).length,
        'gen_ai.rollup.handoffs': spans.filter((s) => s.name.startsWith('handoff ')).length,
        'gen_ai.rollup.usage.input_tokens': chats.reduce(
          (n, s) => n + (s.attributes['gen_ai.usage.input_tokens'] as number),
          0,
        ),
        'gen_ai.rollup.usage.output_tokens': chats.reduce(
          (n, s) => n + (s.attributes['gen_ai.usage.output_tokens'] as number),
          0,
        ),
        'gen_ai.rollup.conversation.first_turn': true,
      });
      const priced = chats.reduce((sum, s) => sum + cost(s), 0);
      expect(priced).toBeGreaterThan(0);
      expect(root.attributes['gen_ai.rollup.cost.amount']).toBeCloseTo(priced, 9);
    }
    // D-1002's call notes timed out once (an ERROR tool span), D-1003 went to the deal desk.
    const byConversation = Object.fromEntries(
      roots.map((r) => [r.attributes['gen_ai.conversation.id'], r.attributes]),
    );
    expect(byConversation['conv-revops-02']).toMatchObject({
      'gen_ai.rollup.tool_errors': 1,
      'gen_ai.rollup.tool_calls': 3,
      'gen_ai.rollup.errors': 1,
    });
    expect(byConversation['conv-revops-03']).toMatchObject({ 'gen_ai.rollup.handoffs': 3 });
  });

  it('counts assessments by verdict and times them by verdict, from the YAML alone', () => {
    const verdicts = roots.map((r) => r.attributes['revops.deal.verdict']).sort();
    expect(verdicts).toEqual(['at_risk', 'commit', 'commit']);
    const assessments = metric('revops.deal_assessments');
    expect(assessments).toMatchObject({
      type: 'sum',
      isMonotonic: true,
      aggregationTemporality: 2,
      unit: '{span}',
    });
    expect(point('revops.deal_assessments', { 'revops.deal.verdict': 'commit' }).value).toBe(2);
    expect(point('revops.deal_assessments', { 'revops.deal.verdict': 'at_risk' }).value).toBe(1);
    for (const verdict of ['commit', 'at_risk']) {
      const timed = roots.filter((r) => r.attributes['revops.deal.verdict'] === verdict);
      const p = point('revops.deal_assessment.duration', { 'revops.deal.verdict': verdict });
      expect(p.count).toBe(timed.length);
      expect(p.sum).toBeCloseTo(
        timed.reduce((n, r) => n + seconds(r), 0),
        6,
      );
    }
    expect(metric('revops.deal_assessment.duration').unit).toBe('s');
    // Three agents per assessment (supervisor, data, decision), from the roll-up.
    expect(point('revops.deal_assessment.agents')).toMatchObject({
      count: 3,
      sum: 9,
      explicitBounds: [1, 2, 3, 4, 6, 8],
      bucketCounts: [0, 0, 3, 0, 0, 0, 0],
    });
  });

  it('gives cost per request and per conversation as a division of two series', () => {
    expect(point('genai.conversations').value).toBe(3);
    const requestCost = point('genai.request.cost');
    expect(requestCost.count).toBe(3);
    const allCost = example.spans.reduce((sum, s) => sum + cost(s), 0);
    expect(requestCost.sum).toBeCloseTo(allCost, 9);
    // The same total the genai_metrics connector reports per call.
    const perCall = metric('gen_ai.client.cost').dataPoints.reduce(
      (n, p) => n + (p.value ?? p.sum ?? 0),
      0,
    );
    expect(requestCost.sum).toBeCloseTo(perCall, 9);
    expect(point('genai.request.llm_calls')).toMatchObject({ count: 3, sum: 15 });
    expect(example.llm.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(15);
  });

  it('makes no appointment metric where no appointment was made', () => {
    expect(
      example.metrics.some(
        (m) => m.name === 'scheduling.appointments.created' && m.dataPoints.length > 0,
      ),
    ).toBe(false);
  });
});
