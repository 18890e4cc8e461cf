import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';
import { type Harness, harness } from './test-helpers.js';

let h: Harness | undefined;
afterEach(() => h?.shutdown());

const chat = (input: unknown, output: unknown, cost?: number) =>
  ({
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output,
    ...(cost === undefined ? {} : { [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost }),
  }) as never;

describe('genai_metrics: token counts that are no counts', () => {
  it('leaves negative, fractional, NaN and absurd counts and costs out, and says so once', async () => {
    const warnings: string[] = [];
    const seen = new Set<string>();
    const log = {
      once(key: string, _level: string, message: string) {
        if (!seen.has(key)) {
          seen.add(key);
          warnings.push(message);
        }
      },
    };
    h = harness(new GenAIMetricsConnector({ log }));
    h.span('chat', chat(100, 20, 0.001));
    h.span('chat', chat(-5, 12.5, -1));
    h.span('chat', chat(Number.NaN, 1e300, Number.NaN));
    h.span('chat', chat(-7, 3));
    await h.collect();
    const tokens = h.histograms(METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name);
    const input = tokens.find((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === 'input')!;
    const output = tokens.find((p) => p.attributes[ATTR_GEN_AI_TOKEN_TYPE] === 'output')!;
    expect(input.value.count).toBe(1);
    expect(input.value.sum).toBe(100);
    expect(output.value.count).toBe(2);
    expect(output.value.sum).toBe(23);
    const cost = h.sums(METRIC_GEN_AI_CLIENT_COST.name);
    expect(cost).toHaveLength(1);
    expect(cost[0]!.value).toBeCloseTo(0.001, 12);
    // One line per (scope, attribute), not one per span.
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`${ATTR_GEN_AI_USAGE_INPUT_TOKENS} = -5`);
    expect(warnings[1]).toContain(`${ATTR_GEN_AI_USAGE_OUTPUT_TOKENS} = 12.5`);
  });
});
