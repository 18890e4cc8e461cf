import { describe, expect, it } from 'vitest';
import { computeCost, emptyCost } from './compute-cost.js';
import { type ModelPrice, PricingTable } from './pricing-table.js';
import {
  emptyUsage,
  fromAnthropicUsage,
  SUBSET_REWRITE,
  toSubsetRule,
  type Usage,
} from './usage.js';

// Prices in USD per million tokens, as in the tables.
const GPT_4O: ModelPrice = { model: 'gpt-4o', input: 2.5, cache_read: 1.25, output: 10 };
const SONNET: ModelPrice = {
  model: 'claude-sonnet-4-5',
  input: 3,
  cache_read: 0.3,
  cache_write: 3.75,
  cache_write_1h: 6,
  output: 15,
};
const GEMINI_PRO: ModelPrice = {
  model: 'gemini-2.5-pro',
  input: 1.25,
  output: 10,
  tiers: [{ above_input_tokens: 200_000, input: 2.5, output: 15 }],
};

function usage(u: Partial<Usage>): Usage {
  return { ...emptyUsage(), ...u };
}

describe('computeCost', () => {
  it('OpenAI style: input includes cached tokens, output includes reasoning', () => {
    // 10,000 input of which 4,096 cached; 1,000 output of which 400 reasoning.
    const cost = emptyCost();
    expect(
      computeCost(
        usage({ input: 10_000, cacheRead: 4_096, output: 1_000, reasoning: 400 }),
        GPT_4O,
        cost,
      ),
    ).toBe(true);
    // uncached input 5,904 × $2.50/M = $0.01476; cached 4,096 × $1.25/M = $0.00512
    // output 600 × $10/M = $0.006; reasoning 400 × $10/M = $0.004 → total $0.02988
    expect(cost.input).toBeCloseTo(0.01476, 12);
    expect(cost.cacheRead).toBeCloseTo(0.00512, 12);
    expect(cost.output).toBeCloseTo(0.006, 12);
    expect(cost.reasoning).toBeCloseTo(0.004, 12);
    expect(cost.cacheWrite).toBe(0);
    expect(cost.total).toBeCloseTo(0.02988, 12);
  });

  it('Anthropic raw usage (additive), normalised to the subset rule, prices 5-minute and 1-hour writes apart', () => {
    const u = fromAnthropicUsage({
      input_tokens: 1_200, // excludes the cache in Anthropic's raw usage
      output_tokens: 500,
      cache_read_input_tokens: 20_000,
      cache_creation_input_tokens: 3_000,
      cache_creation: { ephemeral_5m_input_tokens: 1_000, ephemeral_1h_input_tokens: 2_000 },
    });
    expect(u).toEqual({
      input: 24_200,
      output: 500,
      cacheRead: 20_000,
      cacheWrite: 3_000,
      cacheWrite1h: 2_000,
      reasoning: 0,
      invalid: 0,
    });
    const cost = emptyCost();
    computeCost(u, SONNET, cost);
    // input 1,200 × $3/M = $0.0036; read 20,000 × $0.30/M = $0.006
    // writes 1,000 × $3.75/M + 2,000 × $6/M = $0.00375 + $0.012 = $0.01575
    // output 500 × $15/M = $0.0075 → total $0.03285
    expect(cost.input).toBeCloseTo(0.0036, 12);
    expect(cost.cacheRead).toBeCloseTo(0.006, 12);
    expect(cost.cacheWrite).toBeCloseTo(0.01575, 12);
    expect(cost.output).toBeCloseTo(0.0075, 12);
    expect(cost.total).toBeCloseTo(0.03285, 12);
  });

  it('additivity comes from the source: counts alone decide only when they cannot be subset counts', () => {
    // From a source known to report raw usage, cache counts are added to input…
    const raw = usage({ input: 5_000, output: 200, cacheWrite: 1_000 });
    expect(toSubsetRule(raw, true)).toBe(SUBSET_REWRITE.INPUT);
    expect(raw.input).toBe(6_000);
    // …from any other source the same plausible counts are subset counts, left alone.
    const subset = usage({ input: 5_000, output: 200, cacheWrite: 1_000 });
    expect(toSubsetRule(subset, false)).toBe(0);
    expect(subset.input).toBe(5_000);
    // input 1,200 < cache read 20,000 cannot be a subset count: read as additive, and flagged.
    const impossible = usage({ input: 1_200, output: 500, cacheRead: 20_000, cacheWrite: 3_000 });
    expect(toSubsetRule(impossible, false)).toBe(
      SUBSET_REWRITE.INPUT | SUBSET_REWRITE.INPUT_FROM_COUNTS,
    );
    expect(impossible.input).toBe(24_200);
    // Reasoning counted apart from output (Gemini's thoughts), from a source said to do so.
    const thoughts = usage({ input: 100, output: 50, reasoning: 20 });
    expect(toSubsetRule(thoughts, false, true)).toBe(SUBSET_REWRITE.OUTPUT);
    expect(thoughts.output).toBe(70);
    const notSaid = usage({ input: 100, output: 50, reasoning: 20 });
    expect(toSubsetRule(notSaid, false, false)).toBe(0);
    expect(notSaid.output).toBe(50);
  });

  it('tiers in any order: the highest threshold the input exceeds wins', () => {
    const shuffled: ModelPrice = {
      model: 'x',
      input: 1,
      output: 2,
      tiers: [
        { above_input_tokens: 500_000, input: 4, output: 8 },
        { above_input_tokens: 100_000, input: 2, output: 4 },
        { above_input_tokens: 200_000, input: 3, output: 6 },
      ],
    };
    const cost = emptyCost();
    // 150,000 × $2/M = $0.30 (only the 100k tier is exceeded)
    computeCost(usage({ input: 150_000 }), shuffled, cost);
    expect(cost.total).toBeCloseTo(0.3, 12);
    // 250,000 × $3/M = $0.75 (100k and 200k exceeded: the 200k tier)
    computeCost(usage({ input: 250_000 }), shuffled, cost);
    expect(cost.total).toBeCloseTo(0.75, 12);
    // 600,000 × $4/M = $2.40
    computeCost(usage({ input: 600_000 }), shuffled, cost);
    expect(cost.total).toBeCloseTo(2.4, 12);
    // Loaded through a table, the tiers are sorted by threshold (the given entry is left alone).
    const table = new PricingTable([], [shuffled]);
    expect(table.lookup(undefined, 'x')?.entry.tiers?.map((t) => t.above_input_tokens)).toEqual([
      100_000, 200_000, 500_000,
    ]);
    expect(shuffled.tiers?.[0]?.above_input_tokens).toBe(500_000);
  });

  it('long context: the whole request is priced at the tier its input falls in', () => {
    const cost = emptyCost();
    computeCost(usage({ input: 200_000, output: 1_000 }), GEMINI_PRO, cost);
    // at the threshold: base prices. 200,000 × $1.25/M + 1,000 × $10/M = $0.25 + $0.01
    expect(cost.total).toBeCloseTo(0.26, 12);
    computeCost(usage({ input: 200_001, output: 1_000 }), GEMINI_PRO, cost);
    // above: 200,001 × $2.50/M + 1,000 × $15/M = $0.5000025 + $0.015
    expect(cost.total).toBeCloseTo(0.5150025, 12);
  });

  it('embeddings: input only', () => {
    const cost = emptyCost();
    computeCost(
      usage({ input: 1_000_000 }),
      { model: 'text-embedding-3-small', input: 0.02 },
      cost,
    );
    expect(cost.total).toBeCloseTo(0.02, 12);
  });

  it('refuses a call using a token type the entry has no price for', () => {
    const cost = emptyCost();
    expect(computeCost(usage({ input: 10, output: 5 }), { model: 'embed', input: 0.1 }, cost)).toBe(
      false,
    );
  });

  it('reasoning reported apart from output (Gemini thoughts) is added to output first', () => {
    const u = usage({ input: 100, output: 50, reasoning: 200 });
    toSubsetRule(u, false, true);
    expect(u.output).toBe(250);
    const cost = emptyCost();
    computeCost(u, GPT_4O, cost);
    // 100 × 2.5 + 50 × 10 + 200 × 10 per million = $0.00275
    expect(cost.total).toBeCloseTo(0.00275, 12);
  });
});
