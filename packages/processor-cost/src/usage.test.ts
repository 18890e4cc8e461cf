import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
  PEER_TRACELOOP_USAGE_COMPLETION_TOKENS,
  PEER_TRACELOOP_USAGE_PROMPT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import type { Attributes } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { CostSpanProcessor } from './cost-span-processor.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from './pricing-table.js';
import { emptyUsage, fromAnthropicUsage, INVALID_COUNT, readUsage } from './usage.js';

describe('readUsage: conventionsOnly (a genai-otel instrumentation span)', () => {
  it("reads the conventions' names as the full search does, and no peer name", () => {
    const ours = {
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 30,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 100,
    };
    const full = emptyUsage();
    const fast = emptyUsage();
    expect(readUsage(ours, fast, true)).toBe(readUsage(ours, full));
    expect(fast).toEqual(full);
    expect(fast).toMatchObject({ input: 120, output: 30, cacheRead: 100, cacheWrite: 0 });
    const peers = {
      [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: 40,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
    };
    expect(readUsage(peers, full)).toBeGreaterThanOrEqual(0);
    expect(full.input).toBe(40);
    readUsage(peers, fast, true);
    expect(fast.input).toBe(0);
  });
});

describe('readUsage: counts that are no token counts', () => {
  it.each([
    ['negative', -5],
    ['fractional', 12.5],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['absurdly large', 1e15],
    ['a negative numeric string', '-5'],
    ['a fractional numeric string', '3.5'],
  ])('flags a %s input count and reads it as 0', (_label, bad) => {
    const out = emptyUsage();
    const present = readUsage(
      { [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: bad, [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 7 } as Attributes,
      out,
    );
    expect(present).toBeGreaterThanOrEqual(0);
    expect(out.invalid).toBe(INVALID_COUNT.INPUT);
    expect(out.input).toBe(0);
    expect(out.output).toBe(7);
  });

  it('an invalid count stops the search: a peer name behind it is not read instead', () => {
    const out = emptyUsage();
    readUsage(
      {
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: -1,
        [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: 40,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
      },
      out,
    );
    expect(out.invalid).toBe(INVALID_COUNT.INPUT);
    expect(out.input).toBe(0);
  });

  it('returns -2 when the only counts are invalid, -1 when there are none', () => {
    const out = emptyUsage();
    expect(
      readUsage(
        { [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: -3, [PEER_TRACELOOP_USAGE_COMPLETION_TOKENS]: 0.5 },
        out,
      ),
    ).toBe(-2);
    expect(out.invalid).toBe(INVALID_COUNT.INPUT | INVALID_COUNT.OUTPUT);
    expect(readUsage({}, out)).toBe(-1);
    expect(out.invalid).toBe(0);
  });

  it('flags cache counts too', () => {
    const out = emptyUsage();
    readUsage(
      {
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 3,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: -50,
      },
      out,
    );
    expect(out.invalid).toBe(INVALID_COUNT.CACHE_READ);
    expect(out.cacheRead).toBe(0);
  });

  it('fromAnthropicUsage flags what the SDK returned that is no count', () => {
    const u = fromAnthropicUsage({ input_tokens: -10, output_tokens: 2.5 });
    expect(u.invalid).toBe(INVALID_COUNT.INPUT | INVALID_COUNT.OUTPUT);
    expect(u.input).toBe(0);
    expect(u.output).toBe(0);
    expect(fromAnthropicUsage({ input_tokens: 10, output_tokens: 2 }).invalid).toBe(0);
  });
});

describe('CostSpanProcessor with invalid counts', () => {
  const table = new PricingTable(readPricingFiles(BUILTIN_PRICING_DIR));
  let tracing: ReturnType<typeof createTestTracing> | undefined;
  afterEach(() => tracing?.shutdown());

  function run(spans: { attrs: Attributes; scope: string }[]) {
    const warnings: string[] = [];
    const seen = new Set<string>();
    const log = {
      once(key: string, _level: string, message: string) {
        if (seen.has(key)) return;
        seen.add(key);
        warnings.push(message);
      },
    };
    tracing = createTestTracing({ spanProcessors: [new CostSpanProcessor({ table, log })] });
    for (const { attrs, scope } of spans)
      tracing.tracerProvider.getTracer(scope).startSpan('chat', { attributes: attrs }).end();
    return { spans: tracing.spans().map((s) => s.attributes), warnings };
  }

  const chat = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
  };

  it('prices nothing, copies nothing, and warns once per source', () => {
    const bad = {
      ...chat,
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: -100,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10,
    };
    const { spans, warnings } = run([
      { attrs: bad, scope: 'provider-a' },
      { attrs: bad, scope: 'provider-a' },
      {
        attrs: {
          ...chat,
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 1e300,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 1,
        },
        scope: 'provider-b',
      },
      {
        attrs: {
          ...chat,
          [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: 12.5,
          [PEER_TRACELOOP_USAGE_COMPLETION_TOKENS]: 4,
        },
        scope: 'provider-c',
      },
      {
        attrs: {
          ...chat,
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10,
        },
        scope: 'provider-a',
      },
    ]);
    expect(spans.slice(0, 4).map((a) => a[ATTR_GEN_AI_USAGE_COST_AMOUNT])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // The peer's bad count is not copied to the conventions' name (as 0 or otherwise).
    expect(spans[3]![ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
    expect(spans[3]![ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined();
    // The valid call still priced: 100 × 0.15 + 10 × 0.6 = 21 → $0.000021
    expect(spans[4]![ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(0.000021, 12);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('instrumentation "provider-a" reported input token counts');
    expect(warnings[0]).toContain('no cost');
    expect(warnings[1]).toContain('"provider-b"');
    expect(warnings[2]).toContain('"provider-c"');
  });
});
