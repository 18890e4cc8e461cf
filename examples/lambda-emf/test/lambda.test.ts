/**
 * The Lambda example run as the Lambda runtime would run it (one process, five invocations, killed
 * after the last): stdout must hold the function's own log lines and, after each, that
 * invocation's metrics as valid EMF — every metric the CloudWatch dashboard and alarms in
 * collector-config/ read, with the dimension sets they read.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { type RunNodeResult, runNode } from '@genai-otel/test-utils';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alarmReferences,
  dashboardReferences,
} from '../../../packages/exporter-cloudwatch-emf/test/support/cloudwatch-references.js';

const EXAMPLE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = (path: string) => new URL(`../../../${path}`, import.meta.url);

type Doc = Record<string, unknown> & {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
};
type Stats = { Count: number; Sum: number; Values?: number[] };

describe('examples/lambda-emf', () => {
  let llm: MockLLMServer;
  let run: RunNodeResult;
  let lines: string[];
  let docs: Doc[];

  beforeAll(async () => {
    llm = await startMockLLMServer();
    run = await runNode(['src/invoke-local.mjs'], {
      cwd: EXAMPLE_DIR,
      timeoutMs: 30_000,
      env: {
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_API_KEY: 'sk-test',
        OTEL_SERVICE_NAME: 'checkout-bot',
        GENAI_OTEL_CONFIG: undefined,
        GENAI_OTEL_EMF_OUTPUT: undefined,
        OTEL_SDK_DISABLED: undefined,
        NODE_OPTIONS: undefined,
      },
    });
    lines = run.stdout.trimEnd().split('\n');
    docs = lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
  });
  afterAll(async () => {
    await llm?.close();
  });

  /** Every value of `metric` in the run, with the labels of its event. */
  const points = (metric: string) =>
    docs.filter((d) => metric in d).map((d) => ({ labels: d, value: d[metric] as number | Stats }));
  const count = (metric: string, where: Record<string, string> = {}) =>
    points(metric)
      .filter((p) => Object.entries(where).every(([k, v]) => p.labels[k] === v))
      .reduce((n, p) => n + (typeof p.value === 'number' ? p.value : p.value.Count), 0);

  it('answers the five invocations; the driver ran them all', () => {
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      'r-1 → 200',
      'r-2 → 200',
      'r-3 → 200',
      'r-4 → 200',
      'r-5 → 502',
    ]);
    expect(llm.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(4);
  });

  it('prints only the function log and valid EMF on stdout, each invocation flushing its own metrics', () => {
    const schema = JSON.parse(
      readFileSync(repo('packages/exporter-cloudwatch-emf/test/emf.schema.json'), 'utf8'),
    );
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const appLines = lines.filter((l) => !l.includes('"_aws"')).map((l) => JSON.parse(l));
    expect(appLines.map((l) => `${l.requestId} ${l.message}`)).toEqual([
      'r-1 answered',
      'r-2 answered',
      'r-3 answered',
      'r-4 answered',
      'r-5 failed',
    ]);
    for (const d of docs) expect(validate(d), JSON.stringify(validate.errors)).toBe(true);
    // Metrics follow the log line of the invocation that produced them (flushed before returning).
    const segments = lines
      .join('\n')
      .split(/^\{"level".*$/m)
      .slice(1);
    expect(segments).toHaveLength(5);
    for (const segment of segments) expect(segment).toContain('"gen_ai.agent.duration"');
    expect(segments[3]).toContain('"gen_ai.agent.handoff.target.type":"human"');
    expect(segments[4]).toContain('"gen_ai.errors"');
  });

  it('carries the GenAI metrics of the genai_metrics connector, with the right counts', () => {
    const duration = 'gen_ai.client.operation.duration';
    expect(count(duration)).toBe(4);
    expect(count(duration, { 'gen_ai.request.model': 'gpt-4o' })).toBe(1);
    expect(count('gen_ai.client.operation.time_to_first_chunk')).toBe(1);
    expect(count('gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' })).toBe(3);
    expect(count('gen_ai.agent.duration', { 'gen_ai.agent.name': 'support-triage' })).toBe(5);
    expect(count('gen_ai.agent.duration', { 'gen_ai.agent.name': 'billing' })).toBe(1);
    expect(count('gen_ai.agent.handoffs', { 'gen_ai.agent.handoff.target.type': 'agent' })).toBe(1);
    expect(count('gen_ai.agent.handoffs', { 'gen_ai.agent.handoff.target.type': 'human' })).toBe(1);
    expect(count('gen_ai.errors', { 'gen_ai.operation.name': 'chat' })).toBe(1);
    const spend = points('gen_ai.client.cost').reduce((n, p) => n + (p.value as number), 0);
    expect(spend).toBeGreaterThan(0);
    for (const d of docs) {
      expect(d._aws.CloudWatchMetrics.every((c) => c.Namespace === 'GenAI')).toBe(true);
      expect(d['service.name']).toBe('checkout-bot');
    }
    const unit = (name: string) =>
      docs
        .flatMap((d) => d._aws.CloudWatchMetrics.flatMap((c) => c.Metrics))
        .find((m) => m.Name === name)?.Unit;
    expect([unit(duration), unit('gen_ai.client.token.usage'), unit('gen_ai.client.cost')]).toEqual(
      ['Seconds', 'Count', 'None'],
    );
  });

  it('emits every metric and dimension set the dashboard and the alarms read', () => {
    const emitted = new Set<string>();
    for (const d of docs) {
      for (const c of d._aws.CloudWatchMetrics) {
        for (const m of c.Metrics) {
          for (const set of c.Dimensions)
            emitted.add(`${c.Namespace} ${m.Name} [${[...set].sort()}]`);
        }
      }
    }
    const refs = [
      ...dashboardReferences(
        JSON.parse(readFileSync(repo('collector-config/cloudwatch-dashboard.json'), 'utf8')),
      ),
      ...alarmReferences(
        JSON.parse(readFileSync(repo('collector-config/cloudwatch-alarms.json'), 'utf8')).alarms,
      ),
    ];
    const missing = refs
      // AWS's own namespaces (`AWS/Bedrock`), shown beside ours, are CloudWatch's to emit.
      .filter((r) => !r.namespace.startsWith('AWS/'))
      .map((r) => `${r.namespace} ${r.metric} [${r.dimensions}]`)
      .filter((key) => !emitted.has(key));
    // Unpriced calls only appear for a model missing from the pricing table, retrieval metrics
    // for a RAG app, tool metrics for an app with tools, the RED row for a service that serves
    // HTTP (a Lambda is invoked by its runtime: no server span) and conversations for one that
    // names them: none in this run (collector-config's own test and
    // test/cloudwatch-dashboard.e2e.test.ts cover them).
    expect([...new Set(missing)]).toEqual([
      'GenAI gen_ai.client.cost.unpriced [service.name]',
      'GenAI gen_ai.retrieval.calls [service.name]',
      'GenAI gen_ai.retrieval.top_score [gen_ai.data_source.id,service.name]',
      'GenAI gen_ai.retrieval.calls [gen_ai.retrieval.outcome,service.name]',
      'GenAI http.server.request.duration [service.name]',
      'GenAI http.server.request.errors [service.name]',
      'GenAI genai.conversations [service.name]',
      'GenAI gen_ai.tool.duration [gen_ai.tool.call.outcome,gen_ai.tool.name,service.name]',
    ]);
  });
});
