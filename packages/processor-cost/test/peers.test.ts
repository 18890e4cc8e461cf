/**
 * "Reads spans made by other instrumentations", proven with the real packages: the OpenTelemetry
 * contrib, OpenLLMetry (Traceloop) and OpenInference (Arize) instrumentations of the real openai
 * SDK (v6, the newest all three support), and the Vercel AI SDK with its OpenAI provider and its
 * legacy `ai.*` telemetry — each in its own child process, calling the local mock OpenAI server,
 * with genai_cost as the first span processor.
 */
import { fileURLToPath } from 'node:url';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  PEER_OPENINFERENCE_LLM_MODEL_NAME,
  PEER_OPENINFERENCE_SPAN_KIND,
  PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT,
  PEER_TRACELOOP_USAGE_COMPLETION_TOKENS,
  PEER_TRACELOOP_USAGE_PROMPT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { runNode } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/peer-app.mjs', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

interface PeerSpan {
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
  /** The attributes as the peer left them, before genai_cost. */
  raw: Record<string, unknown>;
}

let mock: MockLLMServer;
beforeAll(async () => {
  mock = await startMockLLMServer({ port: 0 });
});
afterAll(() => mock.close());

async function run(peer: string) {
  const result = await runNode([FIXTURE], {
    cwd: PACKAGE_DIR,
    env: { PEER: peer, MOCK_LLM_URL: mock.url, NODE_OPTIONS: undefined },
    timeoutMs: 20_000,
  });
  const line = (tag: string) => {
    const found = result.stdout.split('\n').find((l) => l.startsWith(`${tag} `));
    if (!found)
      throw new Error(`no ${tag} line; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
    return JSON.parse(found.slice(tag.length + 1));
  };
  expect(result.code, result.stderr).toBe(0);
  return {
    spans: line('SPANS') as PeerSpan[],
    usage: line('USAGE') as { input: number; output: number },
    warnings: line('WARNINGS') as string[],
  };
}

// gpt-4o-mini in the shipped OpenAI table: $0.15 per million input tokens, $0.60 per million output.
const GPT_4O_MINI = { input: 0.15e-6, output: 0.6e-6 };

describe('genai_cost prices spans of other instrumentations', () => {
  it.each([
    ['contrib', '@opentelemetry/instrumentation-openai', 'chat gpt-4o-mini'],
    ['traceloop', '@traceloop/instrumentation-openai', 'chat gpt-4o-mini'],
    ['openinference', '@arizeai/openinference-instrumentation-openai', 'OpenAI Chat Completions'],
    ['vercel', 'ai', 'ai.generateText.doGenerate'],
  ])('%s (%s)', async (peer, scope, spanName) => {
    const { spans, usage, warnings } = await run(peer);
    expect(usage.input).toBeGreaterThan(0);
    expect(usage.output).toBeGreaterThan(0);
    const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    // Exactly the one model call is priced (the AI SDK's outer ai.generateText roll-up is not).
    expect(priced.map((s) => [s.scope, s.name])).toEqual([[scope, spanName]]);
    const a = priced[0]!.attributes;
    const input = usage.input * GPT_4O_MINI.input;
    const output = usage.output * GPT_4O_MINI.output;
    expect(a[ATTR_GEN_AI_USAGE_COST_INPUT]).toBeCloseTo(input, 15);
    expect(a[ATTR_GEN_AI_USAGE_COST_OUTPUT]).toBeCloseTo(output, 15);
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(input + output, 15);
    // The conventions' names are there for every exporter and genai_metrics, whatever the peer wrote.
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(usage.input);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(usage.output);
    expect(a[ATTR_GEN_AI_OPERATION_NAME]).toBe('chat');
    expect(a[ATTR_GEN_AI_PROVIDER_NAME]).toBe('openai');
    expect(warnings).toEqual([]);
  });
});

describe('what the peers emit themselves', () => {
  it("OpenLLMetry 0.27 writes the conventions' usage and operation names (no legacy prompt_tokens)", async () => {
    const { spans, usage } = await run('traceloop');
    const raw = spans[0]!.raw;
    expect(raw[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(usage.input);
    expect(raw[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(usage.output);
    expect(raw[ATTR_GEN_AI_OPERATION_NAME]).toBe('chat');
    expect(raw[ATTR_GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
    expect(raw[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini-2024-07-18');
    // Older releases wrote these; genai_cost still reads them (src/cost-span-processor.test.ts).
    expect(raw[PEER_TRACELOOP_USAGE_PROMPT_TOKENS]).toBeUndefined();
    expect(raw[PEER_TRACELOOP_USAGE_COMPLETION_TOKENS]).toBeUndefined();
  });

  it('OpenInference: its own names only; the request model from llm.invocation_parameters, the dated llm.model_name as the response model', async () => {
    const { spans, usage } = await run('openinference');
    const { raw, attributes } = spans[0]!;
    expect(raw[PEER_OPENINFERENCE_SPAN_KIND]).toBe('LLM');
    expect(raw[PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT]).toBe(usage.input);
    expect(raw[PEER_OPENINFERENCE_LLM_MODEL_NAME]).toBe('gpt-4o-mini-2024-07-18');
    expect(raw[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined();
    expect(raw[ATTR_GEN_AI_REQUEST_MODEL]).toBeUndefined();
    // Normalised as the contrib instrumentation names them, so metrics label alike.
    expect(attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBe('gpt-4o-mini');
    expect(attributes[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini-2024-07-18');
    expect(attributes[ATTR_GEN_AI_OPERATION_NAME]).toBe('chat');
  });
});

describe('roll-up spans of the peers carry usage but are never priced', () => {
  it.each([
    [
      'openinference-agent',
      '@arizeai/openinference-instrumentation-openai',
      'OpenAI Chat Completions',
      // OpenInference AGENT and CHAIN spans with the call's usage again (llm.token_count.*).
      [
        ['support-agent', 'AGENT'],
        ['support-chain', 'CHAIN'],
      ],
    ],
    [
      'traceloop-workflow',
      '@traceloop/instrumentation-openai',
      'chat gpt-4o-mini',
      // OpenLLMetry workflow and agent spans (traceloop.span.kind) with gen_ai.usage.* on them.
      [
        ['planner.agent', 'agent'],
        ['support.workflow', 'workflow'],
      ],
    ],
  ] as const)('%s', async (peer, scope, spanName, rollUps) => {
    const { spans, usage, warnings } = await run(peer);
    const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    expect(priced.map((s) => [s.scope, s.name])).toEqual([[scope, spanName]]);
    expect(priced[0]!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(
      usage.input * GPT_4O_MINI.input + usage.output * GPT_4O_MINI.output,
      15,
    );
    for (const [name] of rollUps) {
      const span = spans.find((s) => s.name === name);
      expect(span, name).toBeDefined();
      // The roll-up does carry the usage (so a kind-blind pricer would count the call again)…
      const input =
        span!.raw[PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT] ??
        span!.raw[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
      expect(input, name).toBe(usage.input);
      // …but is left as it was: no cost, no operation name for genai_metrics to count.
      expect(span!.attributes, name).toEqual(span!.raw);
    }
    expect(
      spans.map((s) => s.raw[PEER_OPENINFERENCE_SPAN_KIND] ?? s.raw['traceloop.span.kind']),
    ).toEqual(expect.arrayContaining(rollUps.map(([, kind]) => kind)));
    expect(warnings).toEqual([]);
  });
});
