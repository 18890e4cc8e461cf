/**
 * The OpenAI Agents SDK (`@openai/agents` 0.20, the real package) under
 * `node --import @genai-otel/register`, no tracing code in the app: a triage agent with a tool, a
 * handoff to a specialist and an input guardrail, run twice (the guardrail trips the second time),
 * against the mock server's Responses API; spans and genai_metrics to one `file`.
 */
import { join } from 'node:path';
import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_GUARDRAIL_TRIGGERED,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import {
  type FlatMetric,
  type FlatSpan,
  readJsonlMetrics,
  readJsonlSpans,
  sortTreeLines,
  spanTree,
} from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { TRIAGE_TREE } from '../packages/instrumentation-openai-agents/test/fixtures/triage.mjs';
import { pipelineYaml } from './support/config.js';
import { runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';

const BRIDGE = '@genai-otel/instrumentation-openai-agents';
const OPENAI = '@genai-otel/instrumentation-openai';

interface AppResult {
  lastAgent: string;
  usage: { input: number; output: number }[];
  tripped: boolean;
}

describe('@openai/agents under node --import @genai-otel/register', () => {
  const servers = useServers();
  const tempDir = useTempDirs();
  // vitest sets NODE_ENV=test, under which the Agents SDK switches its tracing off.
  const env = () => ({ MOCK_LLM_URL: servers.llm.url, NODE_ENV: undefined });

  it('one trace per run: agents, model calls, tool, handoff, guardrail; each call counted once', async () => {
    const dir = await tempDir();
    const out = join(dir, 'telemetry.jsonl');
    const cfg = await writeConfig(dir, pipelineYaml({ file: out, genaiMetrics: true }));
    // The same app without us, at the same time (the machine is shared: one wait, not two).
    const [plain, run] = await Promise.all([
      runApp('openai-agents-app.mjs', { ...env(), APP_RUN: 'plain' }, { register: false }),
      runApp('openai-agents-app.mjs', { ...env(), APP_RUN: 'traced', GENAI_OTEL_CONFIG: cfg }),
    ]);

    expect(run.code).toBe(0);
    // The SDK's own exporter to OpenAI's backend is untouched: it says what it says without us
    // (no tracing key here), and we add not a line.
    expect(run.stderrLines).toEqual(plain.stderrLines);
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))!;
    const result = JSON.parse(line.slice('RESULT '.length)) as AppResult;
    expect(result).toMatchObject({ lastAgent: 'specialist', tripped: true });
    // Two model calls (triage, specialist) with us as without; the tripped run stops before any.
    const sentBy = (app: string) =>
      servers.llm.requests.filter((r) => r.headers['x-app-run'] === app);
    expect(sentBy('plain')).toHaveLength(2);
    const requests = sentBy('traced');
    const calls = requests.length;
    expect(calls).toBe(2);

    const spans = await readJsonlSpans(out);
    const roots = spans.filter((s) => s.parentSpanId === undefined);
    expect(roots.map((r) => r.name)).toEqual([
      'invoke_workflow Agent workflow',
      'invoke_workflow Agent workflow',
    ]);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(2);
    const [first, second] = roots.sort((a, b) =>
      a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1,
    );
    // Siblings by name: the SDK starts some within one millisecond of each other.
    expect(spanTree(spans, first!.spanId, () => '', 'name')).toEqual(sortTreeLines(TRIAGE_TREE));
    expect(spanTree(spans, second!.spanId)).toEqual([
      'invoke_workflow Agent workflow',
      '  invoke_agent triage',
      '    guardrail no_secrets',
    ]);
    const named = (name: string, traceId = first!.traceId): FlatSpan[] =>
      spans.filter((s) => s.name === name && s.traceId === traceId);

    // The handoff: source and target, and the receiving agent's span links to it.
    const [handoff] = named('handoff specialist');
    expect(handoff!.attributes).toMatchObject({
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'specialist',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: 'agent',
    });
    const [specialist] = named('invoke_agent specialist');
    expect(specialist!.links.map((l) => l.spanId)).toEqual([handoff!.spanId]);

    // The tool span carries the id the model gave the call.
    const sentIds = requests.flatMap((r) =>
      (r.body as { input: Record<string, unknown>[] }).input
        .filter((i) => i.type === 'function_call' && i.name === 'get_weather')
        .map((i) => i.call_id),
    );
    expect(sentIds).toContain(
      named('execute_tool get_weather')[0]!.attributes[ATTR_GEN_AI_TOOL_CALL_ID],
    );

    // Guardrails: passed, then tripped (the run's agent and workflow failed with it).
    expect(named('guardrail no_secrets')[0]!.attributes[ATTR_GEN_AI_GUARDRAIL_TRIGGERED]).toBe(
      false,
    );
    const tripped = spans.filter((s) => s.traceId === second!.traceId);
    expect(tripped.find((s) => s.name === 'guardrail no_secrets')!.attributes).toMatchObject({
      [ATTR_GEN_AI_GUARDRAIL_TRIGGERED]: true,
    });
    expect(
      tripped
        .filter((s) => s.status.code === 2)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['invoke_agent triage', 'invoke_workflow Agent workflow']);

    // Tokens and cost once per HTTP call: on the openai SDK's span, with exactly the usage the
    // app was handed; the SDK's response span above it points at it and is not priced.
    const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    expect(priced.map((s) => s.scope.name)).toEqual(Array(calls).fill(OPENAI));
    const byStart = priced.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
    expect(
      byStart.map((s) => ({
        input: s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS],
        output: s.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
      })),
    ).toEqual(result.usage);
    for (const outer of named('chat gpt-4o-mini-2024-07-18')) {
      expect(outer.scope.name).toBe(BRIDGE);
      const inner = spans.find((s) => s.parentSpanId === outer.spanId)!;
      expect(outer.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(inner.spanId);
    }

    // genai_metrics: calls = HTTP calls, cost = the spans' cost, the handoff by route.
    const metrics = await readJsonlMetrics(out);
    const last = (name: string): FlatMetric => metrics.filter((m) => m.name === name).at(-1)!;
    const durations = last(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name).dataPoints;
    expect(durations.reduce((n, p) => n + p.count!, 0)).toBe(calls);
    const cost = last(METRIC_GEN_AI_CLIENT_COST.name).dataPoints;
    const spanCost = priced.reduce(
      (sum, s) => sum + (s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] as number),
      0,
    );
    expect(spanCost).toBeGreaterThan(0);
    expect(cost.reduce((sum, p) => sum + (p.sum ?? p.value!), 0)).toBeCloseTo(spanCost, 12);
    expect(last(METRIC_GEN_AI_AGENT_HANDOFFS.name).dataPoints).toEqual([
      expect.objectContaining({
        attributes: {
          [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'specialist',
          [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: 'agent',
        },
        value: 1,
      }),
    ]);
    expect(last(METRIC_GEN_AI_TOOL_DURATION.name).dataPoints.map((p) => p.count)).toEqual([1]);
    const agents = spans.filter((s) => s.attributes[ATTR_GEN_AI_AGENT_NAME] !== undefined);
    expect(
      agents
        .map(
          (s) =>
            `${s.attributes[ATTR_GEN_AI_AGENT_NAME]}:${s.attributes[ATTR_GEN_AI_AGENT_OUTCOME]}`,
        )
        .sort(),
    ).toEqual(['specialist:success', 'triage:error', 'triage:success']);
  });
});
