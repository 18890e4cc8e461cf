import { instrumentedModules } from '@genai-otel/sdk';
import { describe, expect, it } from 'vitest';
import { includeList } from './esm-hooks.js';

/** How import-in-the-middle matches an include entry against a resolved module. */
function matches(list: (string | RegExp)[], url: string, specifier: string): boolean {
  return list.some((each) =>
    each instanceof RegExp ? each.test(url) : each === specifier || each === url,
  );
}

describe('includeList', () => {
  const list = includeList(['openai', '@anthropic-ai/sdk', 'http']);
  const store = 'file:///app/node_modules/.pnpm/openai@7.55.0/node_modules';

  it('matches the package entry and its internal files, wherever the package manager put them', () => {
    expect(matches(list, `${store}/openai/index.mjs`, 'openai')).toBe(true);
    expect(
      matches(list, `${store}/openai/resources/chat/completions.mjs`, './completions.mjs'),
    ).toBe(true);
    expect(matches(list, 'file:///app/node_modules/openai/index.mjs', 'openai')).toBe(true);
    expect(
      matches(list, 'file:///app/node_modules/@anthropic-ai/sdk/index.mjs', '@anthropic-ai/sdk'),
    ).toBe(true);
  });

  it('leaves the app and unrelated packages alone', () => {
    expect(matches(list, 'file:///app/src/openai.mjs', './openai.mjs')).toBe(false);
    expect(matches(list, 'file:///app/node_modules/openai-compat/index.mjs', 'openai-compat')).toBe(
      false,
    );
    expect(matches(list, 'file:///app/node_modules/@anthropic-ai/sdk-extra/x.mjs', 'x')).toBe(
      false,
    );
    expect(matches(list, 'node:fs', 'node:fs')).toBe(false);
  });

  it('lists the built-ins by name', () => {
    expect(matches(list, 'node:http', 'http')).toBe(true);
    expect(list).toContain('http');
    expect(list.filter((each) => each instanceof RegExp)).toHaveLength(2);
  });

  it('by default hooks exactly the modules the installed instrumentations say they patch', () => {
    // undici is watched through Node's diagnostics channels: nothing to hook.
    expect(instrumentedModules()).toEqual([
      '@anthropic-ai/sdk',
      '@aws-sdk/client-bedrock-agent-runtime',
      '@aws-sdk/client-bedrock-runtime',
      '@google/genai',
      '@langchain/core',
      '@modelcontextprotocol/sdk',
      '@openai/agents-core',
      'ai',
      'http',
      'https',
      'openai',
    ]);
    expect(includeList()).toEqual([
      '@anthropic-ai/sdk',
      /\/node_modules\/@anthropic-ai\/sdk\//,
      '@aws-sdk/client-bedrock-agent-runtime',
      /\/node_modules\/@aws-sdk\/client-bedrock-agent-runtime\//,
      '@aws-sdk/client-bedrock-runtime',
      /\/node_modules\/@aws-sdk\/client-bedrock-runtime\//,
      '@google/genai',
      /\/node_modules\/@google\/genai\//,
      '@langchain/core',
      /\/node_modules\/@langchain\/core\//,
      '@modelcontextprotocol/sdk',
      /\/node_modules\/@modelcontextprotocol\/sdk\//,
      '@openai/agents-core',
      /\/node_modules\/@openai\/agents-core\//,
      'ai',
      /\/node_modules\/ai\//,
      'http',
      'https',
      'openai',
      /\/node_modules\/openai\//,
    ]);
  });
});
