/**
 * Every call counted once, end to end: our anthropic instrumentation beside the real Anthropic
 * SDK 1.x, which traces itself (scope `com.anthropic.sdk.typescript`, on by default), through
 * genai_cost and genai_metrics. The SDK's span is a child of ours: it owns the usage, ours is
 * marked. In a file of its own: the SDK module is patched once per test file.
 */
import { ANTHROPIC_MOCK_HEADERS } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
} from '@genai-otel/semantic-conventions';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anthropicClient,
  CACHED_SYSTEM,
  CALL_COST,
  type Pipeline,
  startPipeline,
} from '../../../test/anthropic-pipeline.js';

const SCOPE_SDK = 'com.anthropic.sdk.typescript';
const SCOPE_OURS = '@genai-otel/instrumentation-anthropic';

let p: Pipeline;
beforeAll(async () => {
  p = await startPipeline(['anthropic']);
});
afterAll(async () => {
  await p.otel.shutdown();
  await p.llm.close();
});

describe('the anthropic instrumentation beside the SDK’s own spans', () => {
  it('plain and streamed calls: one priced, counted span each (the SDK’s), ours marked', async () => {
    const client = anthropicClient(p.llm);
    const ask = {
      model: 'claude-sonnet-4-6',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      system: CACHED_SYSTEM,
      messages: [{ role: 'user', content: 'Hi there' }],
    };
    const options = { headers: { [ANTHROPIC_MOCK_HEADERS.cacheRead]: '4' } };
    await client.messages.create(ask, options);
    await client.messages.stream(ask, options).finalMessage();
    const stream = await client.messages.create({ ...ask, stream: true }, options);
    for await (const _ of stream) {
      // read to the end
    }
    await p.otel.forceFlush();

    const spans = p.spans();
    const traces = new Map<string, ReadableSpan[]>();
    for (const span of spans) {
      const id = span.spanContext().traceId;
      traces.set(id, [...(traces.get(id) ?? []), span]);
    }
    expect(traces.size).toBe(3);
    for (const call of traces.values()) {
      expect(call.map((s) => s.instrumentationScope.name).sort()).toEqual([SCOPE_OURS, SCOPE_SDK]);
      const [owner, ...marked] = [...call].sort(
        (a, b) =>
          Number(a.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined) -
          Number(b.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID] !== undefined),
      );
      // The innermost span owns the call: priced once, the other marked with its id.
      expect(owner!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(CALL_COST, 12);
      expect(marked).toHaveLength(1);
      const outer = marked[0]!;
      expect(outer.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(owner!.spanContext().spanId);
      expect(owner!.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
      expect(outer.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    }
    // A plain create: the SDK starts its span inside ours. messages.stream(): the SDK starts its
    // span first and hands it to create(); ours goes under it.
    const owners = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    expect(owners.map((s) => s.instrumentationScope.name).sort()).toEqual([
      SCOPE_OURS,
      SCOPE_SDK,
      SCOPE_SDK,
    ]);
    for (const span of spans.filter((s) => s.instrumentationScope.name === SCOPE_OURS)) {
      // Our counts, in the conventions' form, whichever span owns the call.
      expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(20);
      expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(17);
      expect(span.attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]).toBe(5);
    }

    const m = await p.metrics();
    expect(m.duration.reduce((n, d) => n + d.value.count, 0)).toBe(3);
    expect(m.cost).toBeCloseTo(3 * CALL_COST, 12);
    expect(m.tokens('input')).toBe(60);
    expect(m.tokens('output')).toBe(51);
    expect(p.logLines).toEqual([]);
  });
});
