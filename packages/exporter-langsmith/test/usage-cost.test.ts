import {
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  GEN_AI_PROVIDER,
  GENAI_OTEL_OPERATION,
} from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import type { LangSmithSpanExporterOptions } from '../src/index.js';
import { costProcessor, type Harness, startHarness } from './harness.js';
import type { Run } from './langsmith-server.js';

type Dict = Record<string, unknown>;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * A Claude call that wrote 1,500 tokens to the prompt cache and read 200 of its 2,000 input
 * tokens from it (subsets, as the conventions count them), priced by the real `genai_cost`, and
 * a handoff whose reason is free text; exported with `exporter` options.
 */
async function cachedCallAndHandoff(exporter: LangSmithSpanExporterOptions = {}) {
  h = await startHarness({ processors: [costProcessor()], exporter });
  const tracer = h.provider.getTracer('app');
  tracer
    .startSpan('chat claude-sonnet-4-5', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
        [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER.ANTHROPIC,
        [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-5',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2_000,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 200,
        [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 1_500,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
        [ATTR_GEN_AI_INPUT_MESSAGES]: JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'secret prompt' }] },
        ]),
        [ATTR_GEN_AI_OUTPUT_MESSAGES]: JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'secret reply' }] },
        ]),
      },
    })
    .end();
  tracer
    .startSpan('handoff billing', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GENAI_OTEL_OPERATION.HANDOFF,
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'triage',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'billing',
        [ATTR_GEN_AI_AGENT_HANDOFF_REASON]: 'customer says secret account 12345',
      },
    })
    .end();
  await h.provider.forceFlush();
  await h.exporter.forceFlush();
  return { chat: h.byName('chat claude-sonnet-4-5'), handoff: h.byName('handoff billing') };
}

// claude-sonnet-4-5 per million tokens: input $3, cache read $0.30, cache write $3.75, output $15.
const USAGE = {
  input_tokens: 2_000,
  output_tokens: 300,
  total_tokens: 2_300,
  input_token_details: { cache_read: 200, cache_creation: 1_500 },
};
// 300 uncached × 3 + 200 × 0.3 + 1,500 × 3.75 = 900 + 60 + 5,625 → $0.006585; 300 × 15 → $0.0045
const COST = {
  input_cost: 0.006585,
  output_cost: 0.0045,
  total_cost: 0.011085,
  input_cost_details: { cache_read: 0.00006, cache_creation: 0.005625 },
};

function expectPriced(run: Run) {
  const usage = (run.outputs as Dict).usage_metadata as Dict;
  expect(usage).toMatchObject(USAGE);
  for (const key of ['input_cost', 'output_cost', 'total_cost'] as const) {
    expect(usage[key]).toBeCloseTo(COST[key], 12);
  }
  const details = usage.input_cost_details as Dict;
  expect(details.cache_read).toBeCloseTo(COST.input_cost_details.cache_read, 12);
  expect(details.cache_creation).toBeCloseTo(COST.input_cost_details.cache_creation, 12);
}

describe('usage, cost and hidden content in LangSmith', () => {
  it('carries cache creation tokens and their price end to end', async () => {
    const { chat } = await cachedCallAndHandoff();
    expectPriced(chat);
    const span = h!.memory.getFinishedSpans().find((s) => s.name === 'chat claude-sonnet-4-5')!;
    expect(span.attributes[ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]).toBeCloseTo(0.005625, 12);
  });

  it('hide_outputs keeps token counts and cost; only the content is hidden', async () => {
    const { chat } = await cachedCallAndHandoff({ hideOutputs: true });
    expect(Object.keys(chat.outputs as Dict)).toEqual(['usage_metadata']);
    expectPriced(chat);
    expect(JSON.stringify(chat)).not.toContain('secret reply');
    expect(JSON.stringify(chat)).toContain('secret prompt');
  });

  it('hide_inputs hides inputs and the metadata that repeats them (the handoff reason)', async () => {
    const { chat, handoff } = await cachedCallAndHandoff({ hideInputs: true });
    expect(chat.inputs).toEqual({});
    expect(handoff.inputs).toEqual({});
    expect(JSON.stringify([chat, handoff])).not.toMatch(/secret prompt|secret account/);
    expect(JSON.stringify(chat.outputs)).toContain('secret reply');
    expect((handoff.extra as { metadata: Dict }).metadata).toMatchObject({
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'billing',
    });
    expectPriced(chat);
  });
});
