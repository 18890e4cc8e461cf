/**
 * A span file written by the real pipeline (`genai_cost` with the prices below, the `file`
 * exporter), from spans with fixed times and usage, so every figure of a report can be computed
 * by hand. The conversation and tenant are set on the root spans only: the report must find them
 * on the ancestors of each call.
 *
 * Prices (USD per million tokens): fixture-small input 1, cache_read 0.5, output 2;
 * fixture-large input 10, cache_read 5, output 30; fixture-unpriced has none.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, startFromConfig } from '@genai-otel/sdk';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
} from '@genai-otel/semantic-conventions';
import { type Attributes, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

/** Epoch milliseconds of the fixture's time 0. */
export const T0 = 1_800_000_000_000;

interface Spec {
  name: string;
  start: number;
  end: number;
  attributes: Attributes;
  error?: string;
  children?: Spec[];
}

const chat = (model: string, start: number, end: number, usage: Attributes, op = 'chat'): Spec => ({
  name: `${op} ${model}`,
  start,
  end,
  attributes: {
    [ATTR_GEN_AI_OPERATION_NAME]: op,
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: model,
    ...usage,
  },
});
const usage = (input: number, output: number, cacheRead?: number): Attributes => ({
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output,
  ...(cacheRead === undefined ? {} : { [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: cacheRead }),
});
const agent = (
  name: string,
  start: number,
  end: number,
  outcome: string,
  children: Spec[],
  extra: Attributes = {},
): Spec => ({
  name: `invoke_agent ${name}`,
  start,
  end,
  attributes: {
    [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
    [ATTR_GEN_AI_AGENT_NAME]: name,
    [ATTR_GEN_AI_AGENT_OUTCOME]: outcome,
    ...extra,
  },
  children,
});
const handoff = (from: string, to: string, type: string, reason: string, start: number): Spec => ({
  name: `handoff ${to}`,
  start,
  end: start + 1,
  attributes: {
    [ATTR_GEN_AI_OPERATION_NAME]: 'handoff',
    [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: from,
    [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: to,
    [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]: type,
    [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: reason,
  },
});
const retrieval = (source: string, outcome: string, start: number): Spec => ({
  name: `retrieval ${source}`,
  start,
  end: start + 10,
  attributes: {
    [ATTR_GEN_AI_OPERATION_NAME]: 'retrieval',
    [ATTR_GEN_AI_DATA_SOURCE_ID]: source,
    [ATTR_GEN_AI_RETRIEVAL_OUTCOME]: outcome,
  },
});

export const TRACES: Spec[] = [
  {
    name: 'invoke_workflow triage',
    start: 0,
    end: 1000,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_workflow',
      [ATTR_GEN_AI_WORKFLOW_NAME]: 'triage',
      [ATTR_GEN_AI_CONVERSATION_ID]: 'c-1',
      [ATTR_TENANT_ID]: 't-a',
      [ATTR_USER_ID]: 'u-1',
    },
    children: [
      agent('router', 10, 900, 'success', [
        chat('fixture-small', 20, 120, usage(1000, 100)),
        handoff('router', 'billing', 'agent', 'routing', 130),
        agent('billing', 140, 800, 'success', [
          chat('fixture-large', 150, 450, usage(2000, 200, 1000)),
          {
            name: 'execute_tool lookup',
            start: 460,
            end: 470,
            attributes: {
              [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
              [ATTR_GEN_AI_TOOL_NAME]: 'lookup',
              [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: 'error',
              [ATTR_ERROR_TYPE]: 'TimeoutError',
            },
            error: 'lookup timed out',
          },
          retrieval('kb-1', 'hit', 480),
          chat('fixture-small', 500, 550, usage(500, 50)),
        ]),
      ]),
    ],
  },
  agent(
    'router',
    2000,
    2600,
    'handoff',
    [
      chat('fixture-small', 2010, 2410, usage(3000, 300)),
      retrieval('kb-1', 'miss', 2420),
      retrieval('kb-2', 'hit', 2430),
      handoff('router', 'support', 'human', 'retrieval_miss', 2450),
      chat('fixture-unpriced', 2460, 2560, usage(10, 10)),
    ],
    { [ATTR_GEN_AI_CONVERSATION_ID]: 'c-2', [ATTR_TENANT_ID]: 't-b' },
  ),
  chat('fixture-small', 3000, 3200, { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100 }, 'embeddings'),
  {
    ...chat('fixture-small', 3300, 3310, {}),
    error: 'rate limited',
    attributes: {
      ...chat('fixture-small', 0, 0, {}).attributes,
      [ATTR_ERROR_TYPE]: 'RateLimitError',
    },
  },
];

const CONFIG = (path: string) => `receivers:
  genai: { instrumentations: [] }
processors:
  genai_cost:
    prices:
      - { model: fixture-small, input: 1, cache_read: 0.5, output: 2 }
      - { model: fixture-large, input: 10, cache_read: 5, output: 30 }
exporters:
  file: { path: ${JSON.stringify(path)} }
service:
  pipelines:
    traces: { receivers: [genai], processors: [genai_cost], exporters: [file] }
`;

/** Writes the fixture's spans to `dir/spans.jsonl` through the real pipeline; returns the path. */
export async function writeSpanFixture(dir: string): Promise<string> {
  const spansFile = join(dir, 'spans.jsonl');
  const configFile = join(dir, 'fixture.yaml');
  await writeFile(configFile, CONFIG(spansFile));
  const otel = startFromConfig(loadConfig(configFile, { env: {} }), {
    env: { OTEL_SERVICE_NAME: 'cli-fixture' },
    registerGlobals: false,
  });
  const tracer = otel.tracerProvider.getTracer('cli-fixture');
  const emit = (spec: Spec, parent: Span | undefined) => {
    const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
    const span = tracer.startSpan(
      spec.name,
      { attributes: spec.attributes, startTime: T0 + spec.start },
      ctx,
    );
    for (const child of spec.children ?? []) emit(child, span);
    if (spec.error) span.setStatus({ code: SpanStatusCode.ERROR, message: spec.error });
    span.end(T0 + spec.end);
  };
  for (const root of TRACES) emit(root, undefined);
  await otel.shutdown();
  return spansFile;
}
