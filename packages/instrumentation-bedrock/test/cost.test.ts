import {
  BUILTIN_PRICING_DIR,
  CostSpanProcessor,
  PricingTable,
  readPricingFiles,
} from '@genai-otel/processor-cost';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentation, provider, runtimeSDK, useHarness } from './helpers.js';

// genai_cost's processor before the exporter, as in a pipeline: the spans leave priced.
const warnings: string[] = [];
const log = {
  once: (_key: string, _level: string, message: string) => void warnings.push(message),
};
const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
const priced = createTestTracing({ spanProcessors: [new CostSpanProcessor({ table, log })] });

const HI = [{ role: 'user', content: [{ text: 'Hello there, world!' }] }];

describe('Bedrock calls priced by genai_cost', () => {
  const h = useHarness();
  beforeAll(() => instrumentation.setTracerProvider(priced.tracerProvider));
  afterAll(() => instrumentation.setTracerProvider(provider));

  async function converse(modelId: string, extra: Record<string, unknown> = {}) {
    const { ConverseCommand } = runtimeSDK();
    priced.exporter.reset();
    await h.runtime().send(new ConverseCommand({ modelId, messages: HI, ...extra }));
    return priced.onlySpan().attributes;
  }

  it('Claude 3.7 Sonnet through the us. profile, with a 5-minute cache write', async () => {
    const system = [
      { text: 'You are a terse assistant for scheduling questions.' },
      { cachePoint: { type: 'default' } },
    ];
    const a = await converse('us.anthropic.claude-3-7-sonnet-20250219-v1:0', { system });
    // 5 fresh input + 9 cache-write tokens (the system text), 7 output (the mock's counts).
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(14);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(9);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(7);
    // $3 input, $3.75 cache write, $15 output per million: 5×3 + 9×3.75 + 7×15 = 153.75 µ$.
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00015375, 12);
  });

  it('Claude Sonnet 4.5: a regional profile costs 10 % more than the global one', async () => {
    const regional = await converse('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const global = await converse('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    // 5 input, 7 output. Global $3 / $15: 15 + 105 = 120 µ$; regional $3.30 / $16.50: 132 µ$.
    expect(global[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00012, 12);
    expect(regional[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.000132, 12);
  });

  it('Nova Lite through an inference-profile ARN', async () => {
    const a = await converse(
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0',
    );
    // $0.06 input, $0.24 output per million: 5×0.06 + 7×0.24 = 1.98 µ$.
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00000198, 12);
  });

  it('Titan Text Embeddings V2', async () => {
    const { InvokeModelCommand } = runtimeSDK();
    priced.exporter.reset();
    await h.runtime().send(
      new InvokeModelCommand({
        modelId: 'amazon.titan-embed-text-v2:0',
        body: JSON.stringify({ inputText: 'one two three four five six seven eight nine ten' }),
      }),
    );
    const a = priced.onlySpan().attributes;
    // 10 tokens at $0.02 per million.
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(10);
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0000002, 12);
  });

  it('a provisioned-throughput ARN (the model hidden) is left unpriced, said once by name', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz';
    const { InvokeModelCommand } = runtimeSDK();
    priced.exporter.reset();
    await h.runtime().send(
      new InvokeModelCommand({
        modelId: arn,
        body: JSON.stringify({
          schemaVersion: 'messages-v1',
          messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
        }),
      }),
    );
    const a = priced.onlySpan().attributes;
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(1);
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    expect(warnings.filter((w) => w.includes(arn))).toHaveLength(1);
  });
});
