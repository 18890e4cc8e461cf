import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { usageMetadata } from './usage.js';

describe('usage_metadata', () => {
  it('is left out of a span whose call another span counts (the genai_cost owner mark)', () => {
    expect(
      usageMetadata({
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
        [ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]: '00f067aa0ba902b7',
      }),
    ).toBeUndefined();
  });

  it('copies cache and reasoning counts as subsets, never adding them', () => {
    expect(
      usageMetadata({
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1000,
        [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 100,
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 200,
      }),
    ).toEqual({
      input_tokens: 1200,
      output_tokens: 300,
      total_tokens: 1500,
      input_token_details: { cache_read: 1000, cache_creation: 100 },
      output_token_details: { reasoning: 200 },
    });
  });

  it('shows absent cached and reasoning counts of OpenAI chat calls as 0, as wrapOpenAI does', () => {
    const tokens = { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 9, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 4 };
    expect(
      usageMetadata({
        ...tokens,
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 64,
      }),
    ).toEqual({
      input_tokens: 9,
      output_tokens: 4,
      total_tokens: 13,
      input_token_details: { cache_read: 0 },
      output_token_details: { reasoning: 64 },
    });
    // Other providers and operations: absent stays absent.
    for (const [operation, provider] of [
      ['chat', 'anthropic'],
      ['embeddings', 'openai'],
    ]) {
      expect(
        usageMetadata({
          ...tokens,
          [ATTR_GEN_AI_OPERATION_NAME]: operation,
          [ATTR_GEN_AI_PROVIDER_NAME]: provider,
        }),
      ).toEqual({ input_tokens: 9, output_tokens: 4, total_tokens: 13 });
    }
  });

  it('carries the genai_cost figures: cache costs on the input side', () => {
    expect(
      usageMetadata({
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1200,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 300,
        [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'USD',
        [ATTR_GEN_AI_USAGE_COST_INPUT]: 0.25,
        [ATTR_GEN_AI_USAGE_COST_CACHE_READ]: 0.125,
        [ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]: 0.5,
        [ATTR_GEN_AI_USAGE_COST_OUTPUT]: 1,
        [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 1.875,
      }),
    ).toMatchObject({
      input_cost: 0.875,
      output_cost: 1,
      total_cost: 1.875,
      input_cost_details: { cache_read: 0.125, cache_creation: 0.5 },
    });
  });

  it('leaves out costs in another currency, and spans without token counts', () => {
    const usage = usageMetadata({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1,
      [ATTR_GEN_AI_USAGE_COST_CURRENCY]: 'EUR',
      [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 3,
    });
    expect(usage).toEqual({ input_tokens: 1, output_tokens: 0, total_tokens: 1 });
    expect(usageMetadata({ [ATTR_GEN_AI_USAGE_COST_AMOUNT]: 3 })).toBeUndefined();
  });
});
