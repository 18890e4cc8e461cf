/**
 * Received spans reach the GenAI backends: the official OTLP exporters (protobuf, JSON, gRPC) in
 * child processes send the spans Python's OpenLLMetry, OpenInference and OTel GenAI
 * instrumentations send; the collector (the sdk, in this process) prices them with genai_cost,
 * sends them to LangSmith as runs (a local LangSmith API) and counts them with genai_metrics into
 * CloudWatch EMF (awsemf, file destination). The OTLP and Prometheus ends of the same path are in
 * otlp-receiver.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
// The LangSmith API the langsmith exporter's own tests use (one copy of it).
import { startLangSmithServer } from '../../exporter-langsmith/test/langsmith-server.js';
import { loadConfig } from '../src/load-config.js';
import { startFromConfig } from '../src/start.js';
// @ts-expect-error: a plain .mjs fixture shared with the client processes
import { FIXTURES } from './fixtures/python-genai-spans.mjs';
import { captureLogger } from './helpers.js';

const fixtures = FIXTURES as Record<
  string,
  { service: string; name: string; cost: number; attributes: Record<string, unknown> }
>;
const here = fileURLToPath(new URL('.', import.meta.url));
const COPIES = 2;
/** Fixture, the exporter its service uses, the model it is priced as, input and output tokens. */
const SENDS: [string, 'proto' | 'json' | 'grpc', string, number, number][] = [
  ['openllmetry', 'proto', 'gpt-4o-mini', 1000, 250],
  ['openinference', 'json', 'gpt-4o', 2000, 500],
  ['otel-genai', 'grpc', 'gpt-4.1-mini', 3000, 400],
];

type Dict = Record<string, unknown>;

describe('received Python GenAI spans → LangSmith runs and CloudWatch EMF', () => {
  it('each call is one priced LangSmith llm run, and its cost and tokens are in the EMF lines', async () => {
    const langsmith = await startLangSmithServer();
    const [h, g] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'otlp-backends-'));
    const emf = join(dir, 'emf.log');
    const config = join(dir, 'backends.yaml');
    writeFileSync(
      config,
      `receivers:
  otlp:
    protocols:
      http: { endpoint: "127.0.0.1:${h}" }
      grpc: { endpoint: "127.0.0.1:${g}" }
processors: { genai_cost: {} }
connectors: { genai_metrics: {} }
exporters:
  langsmith: { endpoint: "${langsmith.url}", api_key: lsv2_e2e, project: python-services }
  awsemf:
    namespace: GenAI
    output_destination: file
    path: ${JSON.stringify(emf)}
    dimension_rollup_option: NoDimensionRollup
service:
  pipelines:
    traces: { receivers: [otlp], processors: [genai_cost], exporters: [langsmith, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [awsemf] }
`,
    );
    const log = captureLogger();
    const otel = startFromConfig(loadConfig(config, { env: {} }), {
      logger: log.logger,
      registerGlobals: false,
    });
    try {
      await otel.ready;
      const results = await Promise.all(
        SENDS.map(([fixture, protocol]) =>
          runNode([join(here, 'fixtures/otlp-client.mjs')], {
            env: {
              FIXTURE: fixture,
              PROTOCOL: protocol,
              COUNT: String(COPIES),
              URL:
                protocol === 'grpc' ? `http://127.0.0.1:${g}` : `http://127.0.0.1:${h}/v1/traces`,
            },
            timeoutMs: 20_000,
          }),
        ),
      );
      for (const r of results) expect(r.stdout + r.stderr).toBe('sent\n');
    } finally {
      await otel.shutdown();
      await langsmith.close();
    }

    // LangSmith: one llm run per span, named as sent, priced with genai_cost's figures.
    const runs = [...langsmith.runs.values()];
    expect(runs).toHaveLength(SENDS.length * COPIES);
    for (const [name, , , input, output] of SENDS) {
      const f = fixtures[name]!;
      const mine = runs.filter((r) => r.name === f.name);
      expect(mine, name).toHaveLength(COPIES);
      for (const run of mine) {
        expect(run.run_type).toBe('llm');
        expect(run.session_name).toBe('python-services');
        const usage = (run.outputs as Dict).usage_metadata as Dict;
        expect(usage).toMatchObject({ input_tokens: input, output_tokens: output });
        expect(usage.total_cost as number).toBeCloseTo(f.cost, 15);
      }
    }

    // EMF: per model, the cost (a counter: delta values, summed over the lines) and the token
    // usage histogram as CloudWatch's statistic set (Sum, Count) by token type.
    const lines = readFileSync(emf, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Dict);
    const of = (model: string) => lines.filter((l) => l['gen_ai.request.model'] === model);
    for (const [name, , model, input, output] of SENDS) {
      const cost = of(model).reduce(
        (sum, l) =>
          sum + (typeof l['gen_ai.client.cost'] === 'number' ? l['gen_ai.client.cost'] : 0),
        0,
      );
      expect(cost, model).toBeCloseTo(COPIES * fixtures[name]!.cost, 15);
      const tokens = (type: string) =>
        of(model)
          .filter((l) => l['gen_ai.token.type'] === type && l['gen_ai.client.token.usage'])
          .map((l) => l['gen_ai.client.token.usage']);
      expect(tokens('input'), model).toEqual([
        { Max: input, Min: input, Count: COPIES, Sum: COPIES * input },
      ]);
      expect(tokens('output'), model).toEqual([
        { Max: output, Min: output, Count: COPIES, Sum: COPIES * output },
      ]);
    }
    expect(log.lines.filter((l) => !l.includes('listening'))).toEqual([]);
  }, 60_000);
});
