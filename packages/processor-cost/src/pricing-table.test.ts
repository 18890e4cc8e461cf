import { describe, expect, it } from 'vitest';
import { modelIdCandidates, stripSnapshot } from './model-id.js';
import { BUILTIN_PRICING_DIR, PricingTable, readPricingFiles } from './pricing-table.js';

const files = readPricingFiles(BUILTIN_PRICING_DIR);
const table = new PricingTable(files);

function price(provider: string | undefined, model: string) {
  const found = table.lookup(provider, model);
  return (
    found && {
      model: found.entry.model,
      table: found.table,
      input: found.entry.input,
      output: found.entry.output,
    }
  );
}

describe('shipped pricing tables', () => {
  it('cover every provider the issue names, each with a checked date and a source per entry', () => {
    expect(files.map((f) => f.provider).sort()).toEqual([
      'anthropic',
      'aws-bedrock',
      'cohere',
      'deepseek',
      'google',
      'mistral',
      'openai',
      'xai',
    ]);
    for (const f of files) {
      expect(f.checked).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(f.models.length).toBeGreaterThan(5);
      for (const m of f.models) expect(m.source, `${f.provider} ${m.model}`).toMatch(/^https:\/\//);
    }
  });

  it.each([
    // [provider, model id on the span, table entry]
    ['openai', 'gpt-4o-mini', 'gpt-4o-mini'],
    ['openai', 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini'], // dated snapshot (alias)
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'o4-mini-2025-04-16', 'o4-mini'],
    ['openai', 'text-embedding-3-small', 'text-embedding-3-small'],
    [undefined, 'openai/gpt-4o', 'gpt-4o'], // provider prefix
    ['openai', 'ft:gpt-4o-mini-2024-07-18:acme::abc123', 'ft:gpt-4o-mini'], // fine-tuned
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-3-5-haiku-latest', 'claude-3-5-haiku-latest'],
    ['gcp.vertex_ai', 'claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ['gcp.gemini', 'models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gcp.gemini', 'gemini-2.5-flash', 'gemini-2.5-flash'],
    ['mistral_ai', 'mistral-large-2512', 'mistral-large-2512'],
    ['cohere', 'command-r-plus', 'command-r-plus'],
    ['deepseek', 'deepseek-chat', 'deepseek-chat'],
    ['x_ai', 'grok-4-0709', 'grok-4-0709'],
  ] as const)('%s %s → %s', (provider, model, entry) => {
    expect(price(provider, model)?.model).toBe(entry);
  });

  it('Bedrock cross-region ids: regional prefixes price as regional, global. as global', () => {
    const regional = price('aws.bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const eu = price('aws.bedrock', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const global = price('aws.bedrock', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(regional).toMatchObject({ table: 'aws-bedrock', input: 3.3, output: 16.5 });
    expect(eu).toEqual(regional);
    expect(global).toMatchObject({ table: 'aws-bedrock', input: 3, output: 15 });
    // Without a provider name the id's shape still says Bedrock.
    expect(price(undefined, 'apac.anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual(regional);
    expect(price('aws.bedrock', 'amazon.nova-pro-v1:0')).toMatchObject({ input: 0.8, output: 3.2 });
  });

  it('Bedrock ids as apps write them: ARNs that name the model price, ARNs that hide it do not', () => {
    const profile = price('aws.bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(
      price(
        'aws.bedrock',
        'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      ),
    ).toEqual(profile);
    expect(
      price('aws.bedrock', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'),
    ).toMatchObject({ input: 0.06, output: 0.24 });
    // Application inference profiles and provisioned throughput hide the model: unpriced.
    for (const hidden of [
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz',
      'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123xyz',
    ])
      expect(price('aws.bedrock', hidden)).toBeUndefined();
    // Bedrock's own prices, not the vendor API's (added by hand, 2026-12-06).
    expect(price('aws.bedrock', 'mistral.mistral-large-2407-v1:0')).toMatchObject({
      table: 'aws-bedrock',
      input: 3,
      output: 9,
    });
    expect(price('aws.bedrock', 'cohere.embed-v4:0')).toMatchObject({
      table: 'aws-bedrock',
      input: 0.12,
    });
  });

  it('an exact id wins over a pattern, and overrides win over the tables', () => {
    const withOverride = new PricingTable(files, [
      { model: 'gpt-4o', input: 1, output: 2 },
      { model: 'acme-llm', pattern: '^acme-', input: 5, output: 6 },
    ]);
    expect(withOverride.lookup('openai', 'gpt-4o-2024-11-20')?.entry.input).toBe(1);
    expect(withOverride.lookup('openai', 'acme-llm-v2')?.entry.model).toBe('acme-llm');
    expect(withOverride.lookup('openai', 'gpt-4o-mini')?.entry.input).toBe(0.15);
  });

  it('an unknown model is undefined, and the answer is cached', () => {
    expect(table.lookup('openai', 'no-such-model')).toBeUndefined();
    expect(table.lookup('openai', 'no-such-model')).toBeUndefined();
  });
});

describe('model ids', () => {
  it('strips dated snapshots and version suffixes', () => {
    expect(stripSnapshot('claude-3-5-sonnet-20241022-v2:0')).toBe('claude-3-5-sonnet');
    expect(stripSnapshot('gpt-4-0613')).toBe('gpt-4');
    expect(stripSnapshot('gemini-1.5-pro-002')).toBe('gemini-1.5-pro');
    expect(stripSnapshot('claude-3-5-sonnet@20240620')).toBe('claude-3-5-sonnet');
  });
  it('tries the most specific id first', () => {
    expect(modelIdCandidates('us.anthropic.claude-3-5-haiku-20241022-v1:0')).toEqual([
      'us.anthropic.claude-3-5-haiku-20241022-v1:0',
      'us.anthropic.claude-3-5-haiku',
      'anthropic.claude-3-5-haiku-20241022-v1:0',
      'claude-3-5-haiku-20241022-v1:0',
      'claude-3-5-haiku',
    ]);
  });
});
