import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as conventions from './index.js';

// The README is the user's reference: every exported name and value must be documented there.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

function stringValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.values(value).flatMap(stringValues);
  }
  return [];
}

describe('README', () => {
  const exported = Object.entries(conventions).filter(([, v]) => typeof v !== 'function');
  it.each(exported)('documents %s', (name, value) => {
    expect(readme).toContain(`\`${name}\``);
    const names = stringValues(
      value && typeof value === 'object' && 'name' in value ? value.name : value,
    );
    for (const v of names) expect(readme).toContain(`\`${v}\``);
  });
});

describe('genAISpanName', () => {
  it('joins operation and target', () => {
    expect(conventions.genAISpanName('chat', 'gpt-4o')).toBe('chat gpt-4o');
  });
  it('falls back to the operation', () => {
    expect(conventions.genAISpanName('embeddings', undefined)).toBe('embeddings');
    expect(conventions.genAISpanName('embeddings', '')).toBe('embeddings');
  });
});
