import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInstrumentations, installedInstrumentations } from './discover.js';

describe('installed instrumentations', () => {
  it('finds the instrumentation packages beside the sdk, each describing itself', () => {
    const found = installedInstrumentations();
    expect(found.map((d) => [d.name, d.module])).toEqual([
      ['ai_sdk', 'ai'],
      ['anthropic', '@anthropic-ai/sdk'],
      ['bedrock', '@aws-sdk/client-bedrock-runtime'],
      ['google_genai', '@google/genai'],
      ['http', 'http'],
      ['langchain', '@langchain/core'],
      ['mcp', '@modelcontextprotocol/sdk'],
      ['openai', 'openai'],
      ['openai_agents', '@openai/agents-core'],
      ['undici', 'undici'],
    ]);
    for (const d of found) {
      // The descriptor tells the truth about the module its instrumentation patches.
      const built = d.create({ enabled: false, captureMessageContent: false, options: d.defaults });
      // In any order; undici patches nothing (it listens on Node's diagnostics channels).
      expect(
        built
          .getModuleDefinitions()
          .map((m) => m.name)
          .sort(),
      ).toEqual(d.moduleOptional ? [] : [...(d.modules ?? [d.module])].sort());
      expect(d.optionsSchema).toMatchObject({ type: 'object', additionalProperties: false });
    }
  });

  it('finds a community package by its name and field, and reports one that cannot load', () => {
    const root = mkdtempSync(join(tmpdir(), 'genai-otel-discover-'));
    const add = (name: string, pkg: object, main: string) => {
      const dir = join(root, 'node_modules', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.cjs', ...pkg }));
      writeFileSync(join(dir, 'index.cjs'), main);
    };
    const descriptor = `exports.descriptor = { name: 'mistral', module: '@mistralai/mistralai', versionRange: '>=1 <2', optionsSchema: { type: 'object' }, defaults: {}, create() { throw new Error('unused'); } };`;
    add(
      'genai-otel-instrumentation-mistral',
      { 'genai-otel': { instrumentation: true } },
      descriptor,
    );
    // Named by the convention but not declaring itself: ignored.
    add('genai-otel-instrumentation-other', {}, descriptor);
    add(
      'genai-otel-instrumentation-broken',
      { 'genai-otel': { instrumentation: true } },
      'throw new Error("broken")',
    );
    const errors: string[] = [];
    const found = discoverInstrumentations([root], (pkg, error) =>
      errors.push(`${pkg}: ${(error as Error).message}`),
    );
    expect(found.map((d) => d.name)).toEqual(['mistral']);
    expect(errors).toEqual(['genai-otel-instrumentation-broken: broken']);
  });
});
