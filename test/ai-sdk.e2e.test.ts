/**
 * The Vercel AI SDK under `node --import @genai-otel/register`, with no tracing code but the AI
 * SDK's own `experimental_telemetry: { isEnabled: true }`: `ai` 7 (our instrumentation registers
 * `@ai-sdk/otel`'s integration; or the app registers its own and ours stands aside) and `ai` 6
 * (its own `ai.*` spans), with `@ai-sdk/openai` against the mock server. Each model call is
 * priced once, on the one span that owns it; `genai_metrics` counts exactly the HTTP calls.
 */
import { join } from 'node:path';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import { type FlatMetric, readJsonlMetrics, readJsonlSpans } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { spansAndMetricsYaml } from './support/config.js';
import { runApp, useTempDirs, writeConfig } from './support/run-app.js';
import { useServers } from './support/servers.js';

const V7_SPANS = [
  'chat gpt-4o-mini',
  'chat gpt-4o-mini',
  'chat gpt-4o-mini',
  'embeddings text-embedding-3-small',
  'embeddings text-embedding-3-small',
  'execute_tool get_weather',
  'invoke_agent gpt-4o-mini',
  'invoke_agent gpt-4o-mini',
  'step 1',
  'step 1',
  'step 2',
];
const V6_SPANS = [
  'ai.embed',
  'ai.embed.doEmbed',
  'ai.generateText',
  'ai.generateText.doGenerate',
  'ai.generateText.doGenerate',
  'ai.streamText',
  'ai.streamText.doStream',
  'ai.toolCall',
];

interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  tokens?: number;
}

describe('Vercel AI SDK apps, no tracing code', () => {
  const servers = useServers();
  const tempDir = useTempDirs();

  it.each([
    [
      'ai 7, experimental_telemetry only',
      { AI_SDK_MAJOR: '7' },
      '@genai-otel/instrumentation-ai-sdk',
      V7_SPANS,
    ],
    [
      'ai 7, the app registers @ai-sdk/otel itself',
      { AI_SDK_MAJOR: '7', AI_SDK_OTEL: '1' },
      'gen_ai',
      V7_SPANS,
    ],
    ['ai 6, experimental_telemetry', { AI_SDK_MAJOR: '6' }, 'ai', V6_SPANS],
  ] as const)(
    '%s: one priced span per HTTP call, counted once',
    async (_name, env, scope, names) => {
      const dir = await tempDir();
      const config = await writeConfig(
        dir,
        spansAndMetricsYaml(join(dir, 'spans.jsonl'), join(dir, 'metrics.jsonl'), true),
      );
      const run = await runApp('ai-sdk-app.mjs', {
        ...env,
        GENAI_OTEL_CONFIG: config,
        MOCK_LLM_URL: servers.llm.url,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))!;
      const result = JSON.parse(line.slice(7)) as Record<
        'generate' | 'stream' | 'embed',
        { usage: Usage }
      >;
      // 2 model calls (tool call, then the answer), 1 streamed, 1 embedding.
      const calls = servers.llm.requests.map((r) => r.path);
      expect(calls.sort()).toEqual([
        '/v1/chat/completions',
        '/v1/chat/completions',
        '/v1/chat/completions',
        '/v1/embeddings',
      ]);

      const all = await readJsonlSpans(join(dir, 'spans.jsonl'));
      // The fetch of a model call made inside its span is left to that span (the http
      // instrumentation skips it). AI SDK 7's @ai-sdk/otel does not make its embed spans active
      // while embed() fetches, so that one request is an HTTP client span of its own, a root.
      const http = all.filter((s) => s.scope.name === '@opentelemetry/instrumentation-undici');
      expect(http.map((s) => [s.name, s.attributes['url.path'], s.parentSpanId])).toEqual(
        env.AI_SDK_MAJOR === '7' ? [['POST', '/v1/embeddings', undefined]] : [],
      );
      const spans = all.filter((s) => !http.includes(s));
      expect(spans.map((s) => s.name).sort()).toEqual([...names].sort());
      // Only the AI SDK's spans: @ai-sdk/openai calls fetch, not the openai SDK we instrument.
      expect(new Set(spans.map((s) => s.scope.name))).toEqual(new Set([scope]));
      // One trace per top-level call, one root each.
      expect(new Set(spans.map((s) => s.traceId)).size).toBe(3);
      expect(spans.filter((s) => s.parentSpanId === undefined)).toHaveLength(3);

      // One priced span per HTTP call; the spans around them are not priced nor counted.
      const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
      expect(priced).toHaveLength(calls.length);
      const input = priced.reduce(
        (n, s) => n + (s.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] as number),
        0,
      );
      const output = priced.reduce(
        (n, s) => n + (s.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] as number),
        0,
      );
      const { generate, stream, embed } = result;
      expect(input).toBe(
        generate.usage.inputTokens! + stream.usage.inputTokens! + embed.usage.tokens!,
      );
      expect(output).toBe(generate.usage.outputTokens! + stream.usage.outputTokens!);
      const inference = spans.filter(
        (s) =>
          ['chat', 'embeddings'].includes(s.attributes[ATTR_GEN_AI_OPERATION_NAME] as string) &&
          s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] === undefined,
      );
      expect(inference.map((s) => s.spanId).sort()).toEqual(priced.map((s) => s.spanId).sort());
      const cost = priced.reduce(
        (n, s) => n + (s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] as number),
        0,
      );
      expect(cost).toBeGreaterThan(0);

      // The tool call, in the generateText trace.
      const tools = spans.filter(
        (s) => s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'execute_tool',
      );
      expect(tools.map((s) => s.attributes[ATTR_GEN_AI_TOOL_NAME])).toEqual(['get_weather']);
      const generateTrace = priced.filter((s) => s.traceId === tools[0]!.traceId);
      expect(generateTrace).toHaveLength(2);

      // genai_metrics: the calls are the HTTP calls, the cost is the spans' cost, once.
      const metrics = await readJsonlMetrics(join(dir, 'metrics.jsonl'));
      const last = (name: string): FlatMetric => metrics.filter((m) => m.name === name).at(-1)!;
      const durations = last(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name).dataPoints;
      expect(durations.reduce((n, p) => n + p.count!, 0)).toBe(calls.length);
      const costs = last(METRIC_GEN_AI_CLIENT_COST.name).dataPoints;
      expect(costs.reduce((n, p) => n + p.value!, 0)).toBeCloseTo(cost, 12);
      expect(last(METRIC_GEN_AI_TOOL_DURATION.name).dataPoints.map((p) => p.count)).toEqual([1]);
    },
  );
});
