/**
 * collector-config/business-metrics.yaml on a scheduling agent run with
 * `node --import @genai-otel/register`: appointments created, conversations and the cost per
 * request, from the YAML alone — checked against the spans the same run exported.
 */
import { join } from 'node:path';
import {
  type FlatMetric,
  freePort,
  readJsonlMetrics,
  readJsonlSpans,
} from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runApp, useTempDirs } from './support/run-app.js';
import { useServers } from './support/servers.js';

const CONFIG = join(PACKAGE_DIR, '..', 'collector-config', 'business-metrics.yaml');

describe('collector-config/business-metrics.yaml: the scheduling agent', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  it('counts the appointments created (not the failed booking), conversations and cost per turn', async () => {
    const dir = await tempDir();
    const run = await runApp('scheduling-app.mjs', {
      GENAI_OTEL_CONFIG: CONFIG,
      GENAI_OTEL_OUT_DIR: dir,
      GENAI_OTEL_PROMETHEUS_ENDPOINT: `127.0.0.1:${await freePort()}`,
      MOCK_LLM_URL: servers.llm.url,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('BOOKED 3');
    const file = join(dir, 'telemetry.jsonl');
    const spans = await readJsonlSpans(file);
    const metrics = await readJsonlMetrics(file);
    const last = (name: string): FlatMetric => metrics.filter((m) => m.name === name).at(-1)!;

    const tools = spans.filter((s) => s.name === 'execute_tool create_appointment');
    expect(tools.map((s) => s.status.code).sort()).toEqual([0, 0, 0, 2]);
    expect(last('scheduling.appointments.created').dataPoints.map((p) => p.value)).toEqual([3]);
    // Four turns (each agent run is a root), three conversations.
    expect(last('genai.conversations').dataPoints.map((p) => p.value)).toEqual([3]);
    const roots = spans.filter((s) => s.parentSpanId === undefined);
    expect(
      roots.map((r) => r.attributes['gen_ai.rollup.conversation.first_turn'] ?? false),
    ).toEqual([true, true, true, false]);
    const turnCost = last('genai.request.cost').dataPoints[0]!;
    expect(turnCost.count).toBe(4);
    const chatCost = spans.reduce(
      (sum, s) => sum + ((s.attributes['gen_ai.usage.cost.amount'] as number) ?? 0),
      0,
    );
    expect(chatCost).toBeGreaterThan(0);
    expect(turnCost.sum).toBeCloseTo(chatCost, 9);
    expect(last('genai.request.llm_calls').dataPoints[0]).toMatchObject({ count: 4, sum: 4 });
    // No assessment ran: the RevOps metrics have no points.
    expect(
      metrics
        .filter((m) => m.name === 'revops.deal_assessments')
        .every((m) => m.dataPoints.length === 0),
    ).toBe(true);
  });
});
