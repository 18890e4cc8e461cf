/**
 * The LangChain/LangGraph e2e runs: an app under `node --import @genai-otel/register` with
 * genai_cost and genai_metrics, spans and metrics to JSON-lines files, read back as span trees
 * and metric sums.
 */
import { join } from 'node:path';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import {
  type FlatMetric,
  type FlatSpan,
  readJsonlMetrics,
  readJsonlSpans,
  sortTreeLines,
  spanTree,
} from '@genai-otel/test-utils';
import { expect } from 'vitest';
import { runApp, writeConfig } from './run-app.js';

export interface LangChainRun {
  spans: FlatSpan[];
  metrics: FlatMetric[];
  stdout: string;
  /** HTTP requests the app's mock server served. */
  httpCalls: number;
}

/**
 * Runs `fixture` against a mock server of its own (so runs can go at once), telemetry to files
 * in `dir`.
 */
export async function runLangChainApp(
  fixture: string,
  dir: string,
  env: Record<string, string> = {},
): Promise<LangChainRun> {
  const llm = await startMockLLMServer({ port: 0 });
  try {
    return { ...(await runAgainst(fixture, llm.url, dir, env)), httpCalls: llm.requests.length };
  } finally {
    await llm.close();
  }
}

async function runAgainst(
  fixture: string,
  url: string,
  dir: string,
  env: Record<string, string>,
): Promise<Omit<LangChainRun, 'httpCalls'>> {
  const spansFile = join(dir, 'spans.jsonl');
  const metricsFile = join(dir, 'metrics.jsonl');
  const config = await writeConfig(
    dir,
    `receivers:
  genai: {}
processors:
  genai_cost: {}
  batch: { timeout: 200ms }
connectors:
  genai_metrics: {}
exporters:
  file: { path: ${JSON.stringify(spansFile)} }
  file/metrics: { path: ${JSON.stringify(metricsFile)} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost, batch], exporters: [file, genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [file/metrics] }
`,
  );
  const run = await runApp(
    fixture,
    { GENAI_OTEL_CONFIG: config, MOCK_LLM_URL: url, ...env },
    { timeoutMs: 150_000 },
  );
  expect(run.stderr, run.stderr).toBe('');
  expect(run.code).toBe(0);
  return {
    spans: await readJsonlSpans(spansFile),
    metrics: await readJsonlMetrics(metricsFile),
    stdout: run.stdout,
  };
}

const SCOPES: Record<string, string> = {
  '@genai-otel/instrumentation-langchain': '',
  '@genai-otel/instrumentation-openai': ' (openai)',
  '@genai-otel/tracing': ' (tracing)',
  '@arizeai/openinference-instrumentation-langchain': ' (openinference)',
};

/** A span as a tree line shows it: its source when not the bridge, `$` when it is priced. */
function label(span: FlatSpan): string {
  const scope = SCOPES[span.scope.name] ?? ` (${span.scope.name})`;
  return `${scope}${span.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] === undefined ? '' : ' $'}`;
}

/** Every trace of `spans` from `scope`'s roots, each a tree (children in name order), sorted. */
export function traces(spans: FlatSpan[], scopes?: readonly string[]): string[][] {
  const kept = scopes ? spans.filter((s) => scopes.includes(s.scope.name)) : spans;
  return kept
    .filter((s) => s.parentSpanId === undefined)
    .map((root) =>
      spanTree(
        kept.filter((s) => s.traceId === root.traceId),
        root.spanId,
        label,
        'name',
      ),
    )
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a.length - b.length);
}

/** An expected tree as `traces` prints it (children in name order). */
export const tree = (...lines: string[]): string[] => sortTreeLines(lines);

/** The last export of a metric (cumulative: the totals). */
function last(metrics: FlatMetric[], name: string): FlatMetric | undefined {
  return metrics.filter((m) => m.name === name).at(-1);
}

/** genai_metrics' view: model calls counted, input and output tokens, cost. */
export function metricSums(metrics: FlatMetric[]) {
  const duration = last(metrics, METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name);
  const tokens = last(metrics, METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name);
  const cost = last(metrics, METRIC_GEN_AI_CLIENT_COST.name);
  const tokenSum = (type: string) =>
    (tokens?.dataPoints ?? [])
      .filter((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === type)
      .reduce((n, p) => n + (p.sum ?? 0), 0);
  return {
    calls: (duration?.dataPoints ?? []).reduce((n, p) => n + (p.count ?? 0), 0),
    input: tokenSum('input'),
    output: tokenSum('output'),
    cost: (cost?.dataPoints ?? []).reduce((n, p) => n + (p.sum ?? p.value ?? 0), 0),
  };
}

/** The points of a counter, summed, for the points whose attributes include `where`. */
export function counterSum(
  metrics: FlatMetric[],
  name: string,
  where: Record<string, unknown> = {},
): number {
  return (last(metrics, name)?.dataPoints ?? [])
    .filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v))
    .reduce((n, p) => n + (p.value ?? p.count ?? 0), 0);
}

/** The spans genai_cost priced: the ones that own their call. */
export function priced(spans: FlatSpan[]): FlatSpan[] {
  return spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
}

/** Every priced span's tokens and cost add up to genai_metrics' figures, and its calls are the HTTP calls. */
export function expectCountedOnce(run: LangChainRun, httpCalls: number): void {
  const owners = priced(run.spans);
  expect(owners).toHaveLength(httpCalls);
  const sum = (key: string) => owners.reduce((n, s) => n + (s.attributes[key] as number), 0);
  const m = metricSums(run.metrics);
  expect(m.calls).toBe(httpCalls);
  expect(m.input).toBe(sum(ATTR_GEN_AI_USAGE_INPUT_TOKENS));
  expect(m.output).toBe(sum(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS));
  expect(m.cost).toBeCloseTo(sum(ATTR_GEN_AI_USAGE_COST_AMOUNT), 12);
}

/** The LangChain chat spans: each names the openai span beneath it as the owner of its usage. */
export function expectChatOwnedBeneath(spans: FlatSpan[]): void {
  const chats = spans.filter(
    (s) =>
      s.scope.name === '@genai-otel/instrumentation-langchain' &&
      s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat',
  );
  expect(chats.length).toBeGreaterThan(0);
  for (const chat of chats) {
    expect(chat.attributes).toMatchObject({
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    });
    const child = spans.find((s) => s.parentSpanId === chat.spanId)!;
    expect(child.scope.name).toBe('@genai-otel/instrumentation-openai');
    expect(chat.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(child.spanId);
    expect(chat.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(
      child.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS],
    );
  }
}
