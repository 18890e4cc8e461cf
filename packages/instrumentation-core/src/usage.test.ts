import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  MAX_TOKEN_COUNT,
} from '@genai-otel/semantic-conventions';
import type { AttributeValue, Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { recordUsage, tokenCount } from './usage.js';

function recorded(...args: unknown[]): Record<string, AttributeValue> {
  const attrs: Record<string, AttributeValue> = {};
  const span = {
    setAttribute: (k: string, v: AttributeValue) => (attrs[k] = v),
  } as unknown as Span;
  (recordUsage as (...a: unknown[]) => void)(span, ...args);
  return attrs;
}

describe('tokenCount', () => {
  it('takes whole numbers from 0 to MAX_TOKEN_COUNT', () => {
    expect(tokenCount(0)).toBe(0);
    expect(tokenCount(1234)).toBe(1234);
    expect(tokenCount(MAX_TOKEN_COUNT)).toBe(MAX_TOKEN_COUNT);
  });

  it.each([
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    MAX_TOKEN_COUNT + 1,
    '12',
    null,
    undefined,
  ])('refuses %s', (value) => {
    expect(tokenCount(value)).toBeUndefined();
  });
});

describe('recordUsage', () => {
  it('records the subset-form counts, details only above zero', () => {
    expect(recorded(1500, 40, 1000, 200, 150, 12)).toEqual({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1500,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 40,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1000,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 200,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]: 150,
      [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 12,
    });
    expect(recorded(10, 5, 0, 0, 0, 0)).toEqual({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 5,
    });
  });

  it('never copies a negative, fractional, NaN or absurd count, keeping the valid ones', () => {
    expect(recorded(-3, 5)).toEqual({ [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 5 });
    expect(recorded(10, 2.5)).toEqual({ [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10 });
    expect(recorded(Number.NaN, 1e12)).toEqual({});
  });

  it('drops details larger than the total they are part of', () => {
    expect(recorded(10, 5, 50, undefined, undefined, 9)).toEqual({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 10,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 5,
    });
    // A 1-hour part above the writes it belongs to.
    expect(recorded(100, 5, 0, 20, 30)).toEqual({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 5,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: 20,
    });
  });
});
