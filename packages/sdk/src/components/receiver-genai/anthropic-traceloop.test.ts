/**
 * Every call counted once, end to end: @traceloop/instrumentation-anthropic beside the real
 * Anthropic SDK's own spans (0.137, which traces itself; traceloop 0.27 cannot patch 1.x, which
 * has no legacy `Completions`), through genai_cost and genai_metrics: two spans per call, one
 * priced and counted. In a file of its own: the SDK module is patched once per test file.
 */
import { ANTHROPIC_MOCK_HEADERS } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { AnthropicInstrumentation as TraceloopAnthropic } from '@traceloop/instrumentation-anthropic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anthropicClient,
  CACHED_SYSTEM,
  CALL_COST,
  type Pipeline,
  startPipeline,
} from '../../../test/anthropic-pipeline.js';

const SCOPE_SDK = 'com.anthropic.sdk.typescript';
const SCOPE_TRACELOOP = '@traceloop/instrumentation-anthropic';

let p: Pipeline;
let unregister: () => void;
beforeAll(async () => {
  // The genai receiver with no instrumentation of its own: traceloop is the app's choice here.
  p = await startPipeline([]);
  unregister = registerInstrumentations({
    instrumentations: [new TraceloopAnthropic()],
    tracerProvider: p.otel.tracerProvider,
  });
});
afterAll(async () => {
  unregister();
  await p.otel.shutdown();
  await p.llm.close();
});

describe('@traceloop/instrumentation-anthropic beside the SDK’s own spans', () => {
  it('gives two spans per call, prices the innermost (the SDK’s), marks the other, counts once', async () => {
    const client = anthropicClient(p.llm, 'anthropic-v0');
    const ask = {
      model: 'claude-sonnet-4-6',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      system: CACHED_SYSTEM,
      messages: [{ role: 'user', content: 'Hi there' }],
    };
    const options = { headers: { [ANTHROPIC_MOCK_HEADERS.cacheRead]: '4' } };
    for (let i = 0; i < 5; i++) await client.messages.create(ask, options);
    await p.otel.forceFlush();

    const spans = p.spans();
    const scopes = spans.map((s) => s.instrumentationScope.name);
    expect(scopes.filter((s) => s === SCOPE_SDK)).toHaveLength(5);
    expect(scopes.filter((s) => s === SCOPE_TRACELOOP)).toHaveLength(5);
    const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    expect(priced.map((s) => s.instrumentationScope.name)).toEqual(Array(5).fill(SCOPE_SDK));
    for (const span of priced) {
      const a = span.attributes;
      expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(CALL_COST, 12);
      // 10 × 3.75 + 5 × 6: the 1-hour writes at their own price.
      expect(a[ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]).toBeCloseTo(67.5e-6, 12);
      expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(20);
      expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(15);
      expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]).toBe(5);
      expect(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(4);
      expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(17);
      expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(12);
    }
    // Each traceloop span is the parent of its call's SDK span, and names it as the owner.
    for (const span of spans.filter((s) => s.instrumentationScope.name === SCOPE_TRACELOOP)) {
      const owner = priced.find(
        (o) => o.spanContext().spanId === span.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID],
      );
      expect(owner?.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    }

    const m = await p.metrics();
    expect(m.duration.reduce((n, d) => n + d.value.count, 0)).toBe(5);
    expect(m.cost).toBeCloseTo(5 * CALL_COST, 12);
    expect(m.tokens('input')).toBe(100);
    expect(m.tokens('output')).toBe(85);
  });
});
