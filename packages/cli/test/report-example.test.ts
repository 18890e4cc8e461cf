/**
 * The RevOps debugging flow on a real run: `examples/multi-agent-revops` under
 * `node --import @genai-otel/register`, priced by `genai_cost`, written by the `file` exporter.
 * The report's figures are checked against sums over the same file read by test-utils' decoder
 * (the official protobuf message types), and against what the example is known to do.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { type FlatSpan, readJsonlSpans, runNode } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { percentile } from '../src/report/percentile.js';
import type { Report } from '../src/report/summarize.js';
import { bufferIO } from './buffer-io.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/multi-agent-revops', import.meta.url));

let dir: string;
let file: string;
let spans: FlatSpan[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'genai-otel-cli-revops-'));
  file = join(dir, 'spans.jsonl');
  const config = join(dir, 'otel.yaml');
  await writeFile(
    config,
    `receivers: { genai: {} }
processors:
  genai_cost: {}
  batch: { timeout: 200ms }
exporters:
  file: { path: ${JSON.stringify(file)} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost, batch], exporters: [file] }
`,
  );
  // No OPENAI_BASE_URL: the example starts its own mock OpenAI server in-process.
  const run = await runNode(['--import', '@genai-otel/register', 'src/app.mjs'], {
    cwd: EXAMPLE,
    env: {
      GENAI_OTEL_CONFIG: config,
      OTEL_SERVICE_NAME: 'multi-agent-revops',
      OPENAI_BASE_URL: undefined,
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: undefined,
      NODE_OPTIONS: undefined,
    },
  });
  expect(run.code, run.stderr).toBe(0);
  spans = await readJsonlSpans(file);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const ms = (s: FlatSpan) => Number(BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

describe('report on the multi-agent RevOps example', () => {
  it('cost, tokens, calls and percentiles equal the sums over the file', async () => {
    const io = bufferIO();
    expect(await main(['report', file, '--json'], io)).toBe(0);
    const r = JSON.parse(io.stdout()) as Report;
    const calls = spans.filter((s) => s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat');
    expect(calls).toHaveLength(15); // 5 per deal: routing ×2, data agent ×2, decision
    expect(r.spans).toBe(spans.length);
    expect(r.totals.calls).toBe(15);
    expect(r.totals.tokens.input).toBe(
      calls.reduce((n, s) => n + num(s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]), 0),
    );
    expect(r.totals.tokens.output).toBe(
      calls.reduce((n, s) => n + num(s.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]), 0),
    );
    const cost = calls.reduce((n, s) => n + num(s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]), 0);
    expect(cost).toBeGreaterThan(0);
    expect(r.totals.costUsd).toBeCloseTo(cost, 12);
    expect(r.totals.unpricedCalls).toBe(0);
    const sorted = calls.map(ms).sort((a, b) => a - b);
    // Nearest rank over 15: ranks 8, 15, 15.
    expect(r.totals.latencyMs.p50).toBeCloseTo(sorted[7] as number, 6);
    expect(r.totals.latencyMs.p95).toBeCloseTo(sorted[14] as number, 6);
    expect(percentile(sorted, 0.99)).toBe(sorted[14]);

    for (const model of ['gpt-4o-mini', 'gpt-4o']) {
      const mine = calls.filter((s) => s.attributes[ATTR_GEN_AI_REQUEST_MODEL] === model);
      const row = r.byModel.find((m) => m.key === model);
      expect(row?.calls).toBe(model === 'gpt-4o' ? 3 : 12);
      expect(row?.costUsd).toBeCloseTo(
        mine.reduce((n, s) => n + num(s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]), 0),
        12,
      );
    }
    expect(r.byConversation.map((c) => [c.key, c.calls]).sort()).toEqual([
      ['conv-revops-01', 5],
      ['conv-revops-02', 5],
      ['conv-revops-03', 5],
    ]);
    expect(r.byTenant.map((t) => [t.key, t.calls])).toEqual(
      expect.arrayContaining([
        ['revops-amer', 10],
        ['revops-emea', 5],
      ]),
    );
    const agents = Object.fromEntries(r.byAgent.map((a) => [a.key, a]));
    expect(agents.supervisor).toMatchObject({
      invocations: 3,
      calls: 6,
      outcomes: { success: 2, handoff: 1 },
    });
    expect(agents['data-agent']).toMatchObject({ invocations: 3, calls: 6 });
    expect(agents['decision-agent']).toMatchObject({ invocations: 3, calls: 3 });
    // Two routing handoffs per deal, and D-1003 escalated to the deal desk.
    expect(r.handoffs).toMatchObject({
      total: 7,
      toHuman: 1,
      conversations: 3,
      conversationsWithHumanHandoff: 1,
      humanHandoffRate: 1 / 3,
      byReason: [
        { key: 'routing', count: 6 },
        { key: 'policy', count: 1 },
      ],
    });
    expect(r.errors.byType).toEqual([
      { key: 'CallNotesTimeoutError', count: 1, operations: ['execute_tool'] },
    ]);
  });

  it('--conversation follows conv-revops-02 across agents, tools and the retried call', async () => {
    const io = bufferIO();
    expect(await main(['report', file, '--conversation', 'conv-revops-02'], io)).toBe(0);
    const names = io
      .stdout()
      .split('\n')
      .slice(3)
      .filter(Boolean)
      .map(
        (l) =>
          l
            .slice(22)
            .replace(/^[│├└─ ]+/, '')
            .split('  ')[0],
      );
    expect(names).toEqual([
      'invoke_workflow deal-assessment',
      'invoke_agent supervisor',
      'chat gpt-4o-mini',
      'handoff data-agent',
      'invoke_agent data-agent',
      'chat gpt-4o-mini',
      'execute_tool query_crm',
      'execute_tool get_call_notes',
      'execute_tool get_call_notes',
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'handoff decision-agent',
      'invoke_agent decision-agent',
      'chat gpt-4o',
    ]);
    expect(io.stdout()).toMatch(/├─ execute_tool get_call_notes {2}ERROR CallNotesTimeoutError/);
  });
});
