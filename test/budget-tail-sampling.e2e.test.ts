/**
 * Budgets and tail sampling under `node --import @genai-otel/register`, from the YAML alone
 * (fixtures/budget-tail-sampling.yaml): an agent loop stops on its conversation's budget reading
 * its running cost mid-run; the file gets only the traces tail_sampling kept (a failed tool)
 * while genai_metrics, on its own pipeline, counts every call, its cost and each budget crossing.
 */
import { join } from 'node:path';
import { readJsonlMetrics, readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runApp, useTempDirs } from './support/run-app.js';
import { useServers } from './support/servers.js';

interface Report {
  conversations: { conversationId: string; costs: number[] }[];
  service: number;
}

describe('genai_budget and tail_sampling from the YAML', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  it('stops each loop at its budget; exports the kept traces only; metrics stay exact', async () => {
    const dir = await tempDir();
    const run = await runApp('budget-app.mjs', {
      GENAI_OTEL_CONFIG: join(FIXTURES, 'budget-tail-sampling.yaml'),
      GENAI_OTEL_OUT_DIR: dir,
      MOCK_LLM_URL: servers.llm.url,
    });
    // Said once per budget, not once per crossing.
    expect(run.stderrLines).toEqual([
      'genai-otel: processor genai_budget: budget "conversation" (0.5 USD per conversation) was exceeded by conversation conv-budget-0; each crossing is a gen_ai.budget.exceeded span event and counts in the gen_ai.budget.exceeded metric (said once per budget)',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Report;
    const file = join(dir, 'telemetry.jsonl');
    const spans = await readJsonlSpans(file);
    const metrics = await readJsonlMetrics(file);

    // Every call costs the same (same prompt, same answer, $0.01 a token): the running cost read
    // after call n is n × that, and the loop stops at the first call that takes it over $0.50.
    const perCall = report.conversations[0]!.costs[0]!;
    expect(perCall).toBeGreaterThan(0);
    const steps = Math.floor(0.5 / perCall) + 1;
    for (const c of report.conversations) {
      expect(c.costs).toHaveLength(steps);
      c.costs.forEach((cost, n) => {
        expect(cost).toBeCloseTo((n + 1) * perCall, 9);
      });
    }
    const calls = report.conversations.length * steps;
    expect(servers.llm.requests).toHaveLength(calls);
    expect(report.service).toBeCloseTo(calls * perCall, 9);

    // Exported: the whole traces of conversations 0 and 3 (their tool failed), nothing else.
    const exported = new Map<string, Set<string>>();
    for (const s of spans) {
      const ids = exported.get(s.traceId) ?? new Set();
      const conversation = s.attributes['gen_ai.conversation.id'];
      if (typeof conversation === 'string') ids.add(conversation);
      exported.set(s.traceId, ids);
    }
    expect([...exported.values()].map((ids) => [...ids].join()).sort()).toEqual([
      'conv-budget-0',
      'conv-budget-3',
    ]);
    expect(spans).toHaveLength(2 * (1 + steps + 1)); // agent, its calls, the tool
    // The crossing is an event on the call that crossed the limit (the last of each loop).
    const crossing = spans.flatMap((s) =>
      s.events.filter((e) => e.name === 'gen_ai.budget.exceeded'),
    );
    expect(crossing.map((e) => e.attributes['gen_ai.budget.scope.id']).sort()).toEqual([
      'conv-budget-0',
      'conv-budget-3',
    ]);

    // Metrics saw 100 %: every call, the whole cost, all six crossings.
    const last = (name: string) => metrics.filter((m) => m.name === name).at(-1)!;
    const tokenCalls = last('gen_ai.client.token.usage')
      .dataPoints.filter((p) => p.attributes['gen_ai.token.type'] === 'input')
      .reduce((n, p) => n + (p.count ?? 0), 0);
    expect(tokenCalls).toBe(calls);
    const cost = last('gen_ai.client.cost').dataPoints.reduce((sum, p) => sum + (p.value ?? 0), 0);
    expect(cost).toBeCloseTo(report.service, 9);
    expect(last('gen_ai.budget.exceeded').dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [
        {
          'gen_ai.budget.name': 'conversation',
          'gen_ai.budget.scope': 'conversation',
          'gen_ai.budget.limit': 0.5,
        },
        6,
      ],
    ]);
  });
});
