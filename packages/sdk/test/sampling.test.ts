// Head sampling keeps metrics exact: dropped traces are still recorded in-process, so genai_cost
// and genai_metrics see every call while exporters get only the sampled traces.
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_TOKEN_TYPE,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { context, TraceFlags, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampler } from '../src/builder/sampler.js';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config, testComponents } from './helpers.js';

const TURNS = 200;

let llm: MockLLMServer;
// Several starts in one file: no globals but the context manager, so each run's receiver hooks
// the SDK with its own provider and the chat span still nests in its turn.
const contextManager = new AsyncLocalStorageContextManager();
beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  llm = await startMockLLMServer();
});
afterAll(async () => {
  context.disable();
  await llm.close();
});

interface Run {
  exported: { name: string; traceId: string; sampled: boolean }[];
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** What the app itself was told, response by response. */
  trueInput: number;
  trueOutput: number;
  log: string[];
  sampledTurns: number;
}

/** TURNS conversation turns, each its own trace: a `turn` span around one chat call. */
async function run(receiver: string, env: Record<string, string> = {}): Promise<Run> {
  const t = testComponents();
  const log = captureLogger();
  const otel: GenAIOtel = startFromConfig(
    config(
      `
receivers: { genai: ${receiver} }
processors: { genai_cost: {}, batch: { send_batch_size: 50, timeout: 10ms } }
connectors: { genai_metrics: }
exporters: { test_capture:, test_pull: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost, batch], exporters: [test_capture, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [test_pull] }
`,
      t.registry,
      env,
    ),
    { registry: t.registry, logger: log.logger, registerGlobals: false, env },
  );
  try {
    // Each run's receiver hooks the SDK's files as they load: load them afresh.
    const require = createRequire(import.meta.url);
    for (const file of Object.keys(require.cache))
      if (file.includes(`${sep}node_modules${sep}openai${sep}`)) delete require.cache[file];
    const { OpenAI } = require('openai');
    const client = new OpenAI({ apiKey: 'k', baseURL: `${llm.url}/v1`, maxRetries: 0 });
    const tracer = otel.tracerProvider.getTracer('app');
    let trueInput = 0;
    let trueOutput = 0;
    let sampledTurns = 0;
    for (let i = 0; i < TURNS; i++) {
      const turn = tracer.startSpan('turn');
      if (turn.spanContext().traceFlags & TraceFlags.SAMPLED) sampledTurns++;
      const res = await context.with(trace.setSpan(context.active(), turn), () =>
        client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: `question ${i}` }],
        }),
      );
      trueInput += res.usage.prompt_tokens;
      trueOutput += res.usage.completion_tokens;
      turn.end();
    }
    await otel.forceFlush();
    const { resourceMetrics } = await t.pullReaders.get('test_pull')!.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const points = (name: string) =>
      (all.find((m) => m.descriptor.name === name)?.dataPoints ?? []) as DataPoint<Histogram>[];
    const tokens = (type: string) =>
      points(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name)
        .filter((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === type)
        .reduce((sum, p) => sum + (p.value.sum ?? 0), 0);
    return {
      exported: t.captures.get('test_capture')!.spans.map((s) => ({
        name: s.name,
        traceId: s.spanContext().traceId,
        sampled: (s.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0,
      })),
      calls: points(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name).reduce(
        (n, p) => n + p.value.count,
        0,
      ),
      inputTokens: tokens('input'),
      outputTokens: tokens('output'),
      trueInput,
      trueOutput,
      log: log.lines,
      sampledTurns,
    };
  } finally {
    await otel.shutdown();
  }
}

// 200 calls per run: seconds on a loaded CI machine, more than vitest's default 5 s.
describe('head sampling', { timeout: 60_000 }, () => {
  it('parentbased_traceidratio 0.1 from the YAML: ~10 % of traces exported whole, metrics equal the true totals', async () => {
    const r = await run('{ sampler: { type: parentbased_traceidratio, ratio: 0.1 } }');
    expect(r.calls).toBe(TURNS);
    expect(r.inputTokens).toBe(r.trueInput);
    expect(r.outputTokens).toBe(r.trueOutput);
    expect(r.trueInput).toBeGreaterThan(TURNS);
    // Binomial(200, 0.1): mean 20, sd 4.2; outside 3..45 has a probability below one in a million.
    expect(r.sampledTurns).toBeGreaterThanOrEqual(3);
    expect(r.sampledTurns).toBeLessThanOrEqual(45);
    // Whole traces: each sampled turn and its chat span, nothing of the others.
    expect(r.exported).toHaveLength(2 * r.sampledTurns);
    expect(r.exported.every((s) => s.sampled)).toBe(true);
    const perTrace = new Map<string, string[]>();
    for (const s of r.exported)
      perTrace.set(s.traceId, [...(perTrace.get(s.traceId) ?? []), s.name]);
    expect(perTrace.size).toBe(r.sampledTurns);
    for (const names of perTrace.values())
      expect(names.sort()).toEqual(['chat gpt-4o-mini', 'turn']);
    expect(r.log).toContain(
      'genai-otel: traces are head-sampled: parentbased_traceidratio 0.1 (dropped traces still recorded for metrics)',
    );
  });

  it('OTEL_TRACES_SAMPLER=always_off: nothing exported, every call still counted', async () => {
    const r = await run('{}', { OTEL_TRACES_SAMPLER: 'always_off' });
    expect(r.exported).toEqual([]);
    expect(r.calls).toBe(TURNS);
    expect(r.inputTokens).toBe(r.trueInput);
    expect(r.outputTokens).toBe(r.trueOutput);
  });

  it('the YAML wins over OTEL_TRACES_SAMPLER; record_unsampled: false counts only sampled calls', async () => {
    const r = await run(
      '{ sampler: { type: parentbased_traceidratio, ratio: 0.5, record_unsampled: false } }',
      { OTEL_TRACES_SAMPLER: 'always_on' },
    );
    // Binomial(200, 0.5): outside 50..150 has a probability far below one in a million.
    expect(r.sampledTurns).toBeGreaterThan(50);
    expect(r.sampledTurns).toBeLessThan(150);
    expect(r.exported).toHaveLength(2 * r.sampledTurns);
    // The undercount this setting trades for not recording dropped traces.
    expect(r.calls).toBe(r.sampledTurns);
    expect(r.log).toContain('genai-otel: traces are head-sampled: parentbased_traceidratio 0.5');
  });
});

describe('buildSampler', () => {
  const warnings: string[] = [];
  const log = { warn: (m: string) => warnings.push(m) };

  it('reads OTEL_TRACES_SAMPLER and _ARG, and reports and ignores bad values', () => {
    expect(
      buildSampler(
        undefined,
        { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' },
        log,
      ).description,
    ).toBe('traceidratio 0.25 (dropped traces still recorded for metrics)');
    expect(buildSampler(undefined, {}, log)).toMatchObject({
      description: 'parentbased_always_on',
      isDefault: true,
    });
    expect(buildSampler(undefined, { OTEL_TRACES_SAMPLER: 'jaeger_remote' }, log).description).toBe(
      'parentbased_always_on',
    );
    expect(
      buildSampler(
        undefined,
        { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '7' },
        log,
      ).description,
    ).toBe('traceidratio 1 (dropped traces still recorded for metrics)');
    expect(warnings).toEqual([
      'OTEL_TRACES_SAMPLER="jaeger_remote" is not supported (valid values: always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio); using parentbased_always_on',
      'OTEL_TRACES_SAMPLER_ARG="7" is not a ratio between 0 and 1; using 1',
    ]);
  });

  it('refuses a ratio on a sampler that takes none, naming file:line:col and key', () => {
    expect(() =>
      config(`receivers: { genai: { sampler: { type: always_on, ratio: 0.5 } } }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], exporters: [debug] } } }
`),
    ).toThrow(
      /<inline>:1:\d+: receivers\.genai\.sampler\.ratio: applies only to the traceidratio samplers, not to "always_on"/,
    );
    expect(() =>
      config(`receivers: { genai: { sampler: { type: sometimes } } }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], exporters: [debug] } } }
`),
    ).toThrow(/<inline>:1:\d+: receivers\.genai\.sampler\.type: .*sometimes/);
  });
});
