// Test scaffolding shared by the Anthropic pipeline tests (not part of the sdk).
import { createRequire } from 'node:module';
import {
  CACHED_SYSTEM_EXAMPLE,
  type MockLLMServer,
  startMockLLMServer,
} from '@genai-otel/mock-llm-server';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_TOKEN_TYPE,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GEN_AI_ERRORS,
} from '@genai-otel/semantic-conventions';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config, testComponents } from './helpers.js';

/** 10 tokens cached 5 minutes, 5 tokens cached 1 hour (see the mock server). */
export const CACHED_SYSTEM = CACHED_SYSTEM_EXAMPLE;

/**
 * The cost of one such call to claude-sonnet-4-6 with 4 tokens read from the cache, thinking on:
 * per million tokens $3 input, $0.30 cache read, $3.75 5-minute write, $6 1-hour write, $15 output.
 * 1 uncached × 3 + 4 × 0.3 + 10 × 3.75 + 5 × 6 + 17 output (12 of them thinking) × 15 = 326.7.
 */
export const CALL_COST = 326.7e-6;

export interface Pipeline {
  otel: GenAIOtel;
  llm: MockLLMServer;
  logLines: string[];
  spans(): ReadableSpan[];
  metrics(): Promise<{
    duration: DataPoint<Histogram>[];
    tokens: (type: string) => number;
    cost: number;
    /** `gen_ai.errors` counted with this `error.type`. */
    errors: (type: string) => number;
    /** Every data point of one metric (by name). */
    points: (name: string) => DataPoint<unknown>[];
  }>;
}

/** The genai receiver with the given instrumentations, genai_cost and genai_metrics, globals on. */
export async function startPipeline(instrumentations: string[]): Promise<Pipeline> {
  const llm = await startMockLLMServer();
  const t = testComponents();
  const log = captureLogger();
  const otel = startFromConfig(
    config(
      `
receivers: { genai: { instrumentations: [${instrumentations.join(', ')}] } }
processors: { genai_cost: {}, batch: { send_batch_size: 1 } }
connectors: { genai_metrics: }
exporters: { test_capture:, test_pull: }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost, batch], exporters: [test_capture, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [test_pull] }
`,
      t.registry,
    ),
    // Global: the Anthropic SDK's own tracing (1.x) uses the global tracer provider.
    { registry: t.registry, logger: log.logger, registerGlobals: true, env: {} },
  );
  return {
    otel,
    llm,
    logLines: log.lines,
    spans: () => t.captures.get('test_capture')!.spans,
    async metrics() {
      await otel.forceFlush();
      const { resourceMetrics } = await t.pullReaders.get('test_pull')!.collect();
      const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
      const points = (name: string): DataPoint<unknown>[] =>
        all.find((m) => m.descriptor.name === name)?.dataPoints ?? [];
      const tokens = points(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name) as DataPoint<Histogram>[];
      return {
        duration: points(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name) as DataPoint<Histogram>[],
        tokens: (type) =>
          tokens
            .filter((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === type)
            .reduce((sum, p) => sum + (p.value.sum ?? 0), 0),
        cost: (points(METRIC_GEN_AI_CLIENT_COST.name) as DataPoint<number>[]).reduce(
          (sum, p) => sum + p.value,
          0,
        ),
        errors: (type) =>
          (points(METRIC_GEN_AI_ERRORS.name) as DataPoint<number>[])
            .filter((p) => p.attributes[ATTR_ERROR_TYPE] === type)
            .reduce((sum, p) => sum + p.value, 0),
        points,
      };
    },
  };
}

/**
 * The real SDK, loaded after start so the hooks installed by start patch it: `@anthropic-ai/sdk`
 * (1.x) or `anthropic-v0` (0.137, an npm alias; it traces itself too).
 */
// biome-ignore lint/suspicious/noExplicitAny: the SDK is loaded by name.
export function anthropicClient(llm: MockLLMServer, pkg = '@anthropic-ai/sdk'): any {
  const { Anthropic } = createRequire(import.meta.url)(pkg);
  return new Anthropic({ apiKey: 'test-key', baseURL: llm.url, maxRetries: 0 });
}
