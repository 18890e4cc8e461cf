import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  PEER_VERCEL_OPERATION_ID,
  PEER_VERCEL_TOOL_CALL_ID,
  PEER_VERCEL_TOOL_CALL_NAME,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { type Attributes, context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
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

  it('an outer model-call span without usage (@ai-sdk/otel’s embed) is marked, not counted', () => {
    const embedding = {
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
    };
    const outer = tracer.startSpan('embeddings text-embedding-3-small', { attributes: embedding });
    const inner = tracer.startSpan(
      'embeddings text-embedding-3-small',
      { attributes: { ...embedding, [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 3 } },
      trace.setSpan(context.active(), outer),
    );
    inner.end();
    outer.end();
    const [i, o] = tracing.spans();
    expect(i!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.00000006, 14);
    expect(o!.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(inner.spanContext().spanId);
    // A lone model-call span without usage is no one's duplicate: left as it is.
    tracer.startSpan('embeddings alone', { attributes: embedding }).end();
    expect(tracing.spans()[2]!.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBeUndefined();
  });

  it('an AI SDK ≤ 6 tool span (ai.toolCall) gets the execute_tool names', () => {
    tracer
      .startSpan('ai.toolCall', {
        attributes: {
          [PEER_VERCEL_OPERATION_ID]: 'ai.toolCall',
          [PEER_VERCEL_TOOL_CALL_NAME]: 'get_weather',
          [PEER_VERCEL_TOOL_CALL_ID]: 'call_1',
        },
      })
      .end();
    expect(tracing.spans()[0]!.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
      [ATTR_GEN_AI_TOOL_NAME]: 'get_weather',
      [ATTR_GEN_AI_TOOL_CALL_ID]: 'call_1',
    });
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

  // Explicit times (ms after T): the rule reads them.
  const T = 1_800_000_000_000;
  const at = (ms: number): [number, number] => [Math.floor((T + ms) / 1e3), ((T + ms) % 1e3) * 1e6];

  it('a framework’s span beside the call, not above it: the call (another scope) owns it', () => {
    const framework = tracing.tracerProvider.getTracer('framework');
    const client = tracing.tracerProvider.getTracer('client');
    // Apart, as OpenInference's LangChain tracer starts them: the call's span is another root,
    // which may even start first (LangChain's callbacks run in the background).
    const inner = client.startSpan('chat', { attributes: call, startTime: at(0) }, ROOT_CONTEXT);
    const llm = framework.startSpan(
      'ChatAnthropic',
      { attributes: call, startTime: at(2) },
      ROOT_CONTEXT,
    );
    inner.end(at(50));
    llm.end(at(51));
    const [i, l] = tracing.spans();
    expect(i!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.0045, 12);
    expect(l!.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(inner.spanContext().spanId);
    expect(l!.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeUndefined();
  });

  it('other counts, the same scope, ended before it started, or in another trace: separate calls', () => {
    const framework = tracing.tracerProvider.getTracer('framework');
    const client = tracing.tracerProvider.getTracer('client');
    const span = (
      tracer: typeof client,
      name: string,
      attributes: Attributes,
      from: number,
      to: number,
      ctx = ROOT_CONTEXT,
    ) => tracer.startSpan(name, { attributes, startTime: at(from) }, ctx).end(at(to));
    span(client, 'before', call, 0, 10);
    const outer = framework.startSpan(
      'outer',
      { attributes: call, startTime: at(20) },
      ROOT_CONTEXT,
    );
    span(client, 'other counts', { ...call, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 99 }, 21, 30);
    span(framework, 'same scope', call, 22, 24);
    const parent = trace.setSpan(ROOT_CONTEXT, tracer.startSpan('request'));
    span(client, 'another trace', call, 26, 32, parent);
    outer.end(at(40));
    const priced = tracing.spans().filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]);
    expect(priced.map((s) => s.name)).toEqual([
      'before',
      'other counts',
      'same scope',
      'another trace',
      'outer',
    ]);
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
