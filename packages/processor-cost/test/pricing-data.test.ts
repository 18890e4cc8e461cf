/**
 * The shipped price data where it was corrected or completed by hand (scripts/manual-prices.json)
 * or by the importer's rules, priced with hand-computed figures; and proof that a re-import of the
 * source data gives exactly the shipped tables, so the corrections survive it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { computeCost, emptyCost } from '../src/compute-cost.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from '../src/pricing-table.js';
import { emptyUsage, type Usage } from '../src/usage.js';

const files = readPricingFiles(BUILTIN_PRICING_DIR);
const table = new PricingTable(files);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

function cost(provider: string | undefined, model: string, u: Partial<Usage>) {
  const found = table.lookup(provider, model);
  if (!found) throw new Error(`no price for ${model}`);
  const out = emptyCost();
  expect(computeCost({ ...emptyUsage(), ...u }, found.entry, out)).toBe(true);
  return { model: found.entry.model, ...out };
}

describe('DeepSeek: standard-hours rates, no off-peak discount', () => {
  it.each([
    // 1M uncached in, 1M cached in (2M input in all), 1M out
    // chat: 1 × 0.27 + 1 × 0.07 + 1 × 1.10 = $1.44
    ['deepseek-chat', 1.44],
    // reasoner: 1 × 0.55 + 1 × 0.14 + 1 × 2.19 = $2.88
    ['deepseek-reasoner', 2.88],
  ])('%s', (model, total) => {
    const c = cost('deepseek', model, {
      input: 2_000_000,
      cacheRead: 1_000_000,
      output: 1_000_000,
    });
    expect(c.total).toBeCloseTo(total, 12);
  });

  it('says in the entry which time-of-day rates are not applied', () => {
    const chat = table.lookup('deepseek', 'deepseek-chat')!.entry;
    expect(chat.note).toContain('UTC 00:30–16:30');
    expect(chat.note).toContain('input 0.135, cache_read 0.035, output 0.55) are not applied');
  });
});

describe('embeddings', () => {
  it.each([
    // [provider, model id, entry, USD for 1M input tokens]
    ['aws.bedrock', 'amazon.titan-embed-text-v2:0', 'amazon.titan-embed-text-v2:0', 0.02],
    ['aws.bedrock', 'amazon.titan-embed-text-v2', 'amazon.titan-embed-text-v2:0', 0.02],
    ['aws.bedrock', 'amazon.titan-embed-text-v1', 'amazon.titan-embed-text-v1', 0.1],
    ['aws.bedrock', 'amazon.titan-embed-text-v1:2', 'amazon.titan-embed-text-v1', 0.1],
    ['aws.bedrock', 'cohere.embed-english-v3', 'cohere.embed-english-v3', 0.1],
    ['aws.bedrock', 'us.cohere.embed-multilingual-v3', 'cohere.embed-multilingual-v3', 0.1],
    ['cohere', 'embed-english-v3.0', 'embed-english-v3.0', 0.1],
    ['cohere', 'embed-multilingual-v3.0', 'embed-multilingual-v3.0', 0.1],
    ['cohere', 'embed-english-light-v3.0', 'embed-english-light-v3.0', 0.1],
    ['cohere', 'embed-multilingual-light-v3.0', 'embed-multilingual-light-v3.0', 0.1],
  ])('%s %s → %s at $%s/M', (provider, model, entry, perMillion) => {
    const c = cost(provider, model, { input: 1_000_000 });
    expect(c.model).toBe(entry);
    expect(c.total).toBeCloseTo(perMillion, 12);
  });

  it('an unknown Titan embeddings version is not priced as v1', () => {
    expect(table.lookup('aws.bedrock', 'amazon.titan-embed-text-v3:0')).toBeUndefined();
  });
});

describe('Claude Sonnet 4 and 4.5: the long-context tier above 200k input tokens', () => {
  const big = { input: 300_000, cacheRead: 100_000, cacheWrite: 10_000, output: 2_000 };
  it.each([
    // Base $3 / $0.30 / $3.75 / $15 become $6 / $0.60 / $7.50 / $22.50:
    // uncached 190,000 × 6 = 1,140,000; read 100,000 × 0.6 = 60,000; write 10,000 × 7.5 = 75,000;
    // output 2,000 × 22.5 = 45,000 → 1,320,000 per million = $1.32
    ['anthropic', 'claude-sonnet-4-0', 1.32],
    ['anthropic', 'claude-sonnet-4-20250514', 1.32],
    ['anthropic', 'claude-sonnet-4-5-20250929', 1.32],
    ['aws.bedrock', 'global.anthropic.claude-sonnet-4-20250514-v1:0', 1.32],
    ['aws.bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', 1.32],
    ['aws.bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 1.32],
    ['gcp.vertex_ai', 'claude-sonnet-4@20250514', 1.32],
    ['gcp.vertex_ai', 'claude-sonnet-4-5@20250929', 1.32],
    // Regional Sonnet 4.5 on Bedrock is 10% over global: $6.60 / $0.66 / $8.25 / $24.75:
    // 190,000 × 6.6 + 100,000 × 0.66 + 10,000 × 8.25 + 2,000 × 24.75
    // = 1,254,000 + 66,000 + 82,500 + 49,500 = 1,452,000 → $1.452
    ['aws.bedrock', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 1.452],
  ])('%s %s', (provider, model, total) => {
    expect(cost(provider, model, big).total).toBeCloseTo(total, 12);
  });

  it('at 200k input exactly, the base prices', () => {
    // 200,000 × 3 + 1,000 × 15 = 600,000 + 15,000 → $0.615
    expect(
      cost('anthropic', 'claude-sonnet-4-0', { input: 200_000, output: 1_000 }).total,
    ).toBeCloseTo(0.615, 12);
  });

  it('1-hour cache writes scale too on the Anthropic API ($6 → $12)', () => {
    // 250,000 input of which 50,000 written to the 1-hour cache:
    // 200,000 × 6 + 50,000 × 12 = 1,200,000 + 600,000 → $1.80
    const c = cost('anthropic', 'claude-sonnet-4-0', {
      input: 250_000,
      cacheWrite: 50_000,
      cacheWrite1h: 50_000,
    });
    expect(c.total).toBeCloseTo(1.8, 12);
  });
});

describe('Mistral Medium 3 and fine-tuned OpenAI models', () => {
  it('mistral-medium-3 prices as Medium 3 ($0.40 / $2), not 3.5', () => {
    // 1M in × 0.4 + 1M out × 2 = $2.40
    const c = cost('mistral_ai', 'mistral-medium-3', { input: 1_000_000, output: 1_000_000 });
    expect(c.model).toBe('mistral-medium-3-1');
    expect(c.total).toBeCloseTo(2.4, 12);
    expect(cost('mistral_ai', 'mistral-medium-3.5', { input: 1_000_000 }).total).toBeCloseTo(
      1.5,
      12,
    );
  });

  it.each([
    // 1M uncached in, 1M cached in, 1M out, USD per million:
    ['ft:gpt-4.1-2025-04-14:acme::abc123', 'ft:gpt-4.1', 3 + 0.75 + 12],
    ['ft:gpt-4.1-mini-2025-04-14:acme:support:abc123', 'ft:gpt-4.1-mini', 0.8 + 0.2 + 3.2],
    ['ft:gpt-4o-2024-08-06:acme::abc123', 'ft:gpt-4o', 3.75 + 1.875 + 15],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123', 'ft:gpt-4o-mini', 0.3 + 0.15 + 1.2],
    // No cached price on its entry: cached input at the input price. 2M × 3 + 1M × 6 = $12
    ['ft:gpt-3.5-turbo-0125:acme::abc123', 'ft:gpt-3.5-turbo', 3 + 3 + 6],
  ])('%s → %s', (model, entry, total) => {
    const c = cost('openai', model, {
      input: 2_000_000,
      cacheRead: 1_000_000,
      output: 1_000_000,
    });
    expect(c.model).toBe(entry);
    expect(c.total).toBeCloseTo(total, 12);
  });

  it('a fine-tuned model is never priced as its base model', () => {
    expect(table.lookup('openai', 'ft:gpt-4.1-2025-04-14:acme::x')!.entry.input).toBe(3);
    expect(table.lookup('openai', 'gpt-4.1-2025-04-14')!.entry.input).toBe(2);
  });
});

describe('provenance', () => {
  it('every table is dated by its data source; every hand-made entry says so in a note', () => {
    const manual = JSON.parse(
      readFileSync(join(PACKAGE_DIR, 'scripts', 'manual-prices.json'), 'utf8'),
    ) as {
      ops: { table: string; op: string; model?: string; to?: string; entry?: { model: string } }[];
    };
    for (const f of files) expect(f.checked).toBe('2026-09-23');
    for (const op of manual.ops) {
      const id = op.entry?.model ?? op.to ?? op.model;
      const entry = files.find((f) => f.provider === op.table)?.models.find((m) => m.model === id);
      expect(entry?.note, `${op.table}/${id}`).toMatch(/by hand \(\d{4}-\d{2}-\d{2}\)/);
      expect(entry?.source, `${op.table}/${id}`).toMatch(/^https:\/\//);
    }
  });

  it('a re-import of the source data gives exactly the shipped tables', async () => {
    const out = mkdtempSync(join(tmpdir(), 'genai-prices-'));
    const result = await runNode([join(PACKAGE_DIR, 'scripts', 'import-genai-prices.mjs')], {
      cwd: PACKAGE_DIR,
      env: { PRICING_OUT: out, NODE_OPTIONS: undefined },
      timeoutMs: 20_000,
    });
    expect(result.code, result.stderr).toBe(0);
    for (const f of files) {
      const regenerated = JSON.parse(readFileSync(join(out, `${f.provider}.json`), 'utf8'));
      const shipped = JSON.parse(
        readFileSync(join(BUILTIN_PRICING_DIR, `${f.provider}.json`), 'utf8'),
      );
      expect(regenerated, f.provider).toEqual(shipped);
    }
  });
});
