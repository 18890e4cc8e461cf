import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { context, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { CostSpanProcessor } from './cost-span-processor.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from './pricing-table.js';
import { UsageOwners } from './usage-owners.js';

const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
const tracing = createTestTracing({ spanProcessors: [new CostSpanProcessor({ table })] });
const tracer = tracing.tracerProvider.getTracer('test');
afterEach(() => tracing.reset());

const call = {
  [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
  [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
  [ATTR_GEN_AI_REQUEST_MODEL]: 'claude-sonnet-4-6',
  [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1_000,
  [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 100,
};

describe('the Anthropic SDK’s own spans', () => {
  it('price cache writes from gen_ai.usage.cache_write.input_tokens and the 1-hour split', () => {
    tracer
      .startSpan('anthropic.messages.create', {
        attributes: {
          ...call,
          [PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS]: 600,
          [PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]: 200,
        },
      })
      .end();
    const a = tracing.spans()[0]!.attributes;
    // claude-sonnet-4-6 per million: $3 in, $3.75 5-minute write, $6 1-hour write, $15 out.
    // 400 × 3.75 + 200 × 6 = 2,700 → write; 400 uncached × 3 = 1,200; 100 × 15 = 1,500.
    expect(a[ATTR_GEN_AI_USAGE_COST_CACHE_WRITE]).toBeCloseTo(0.0027, 12);
    expect(a[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0054, 12);
    // The released conventions' names are added beside, for every backend.
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(600);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]).toBe(200);
  });
});

describe('one call, one owner', () => {
  it('the innermost model-call span owns the usage; the outer ones are marked with its id', () => {
    const outer = tracer.startSpan('chat claude-sonnet-4-6', { attributes: call });
    const middle = tracer.startSpan(
      'chat claude-sonnet-4-6',
      { attributes: call },
      trace.setSpan(context.active(), outer),
    );
    const inner = tracer.startSpan(
      'anthropic.messages.create',
      { attributes: call },
      trace.setSpan(context.active(), middle),
    );
    inner.end();
    middle.end();
    outer.end();
    const [i, m, o] = tracing.spans();
    expect(i!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0045, 12);
    expect(i!.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBeUndefined();
    for (const dup of [m!, o!]) {
      expect(dup.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(inner.spanContext().spanId);
      expect(dup.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
    }
  });

  it('siblings are separate calls: both priced', () => {
    const agent = tracer.startSpan('invoke_agent');
    const ctx = trace.setSpan(context.active(), agent);
    tracer.startSpan('chat a', { attributes: call }, ctx).end();
    tracer.startSpan('chat b', { attributes: call }, ctx).end();
    agent.end();
    const priced = tracing.spans().filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]);
    expect(priced.map((s) => s.name)).toEqual(['chat a', 'chat b']);
  });

  it('keeps at most `limit` pending claims', () => {
    const owners = new UsageOwners(2);
    owners.settle('a', 'p1');
    owners.settle('b', 'p2');
    owners.settle('c', 'p3');
    expect(owners.size).toBe(2);
    // p1's claim was the oldest and is gone; p3's holds.
    expect(owners.settle('p1', undefined)).toBeUndefined();
    expect(owners.settle('p3', undefined)).toBe('c');
  });
});
