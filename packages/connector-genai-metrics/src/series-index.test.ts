import { describe, expect, it } from 'vitest';
import { SeriesIndex } from './series-index.js';

describe('SeriesIndex', () => {
  it('finds each series by its values, the last one found and any other, through one reused key array', () => {
    const index = new SeriesIndex<string>(3);
    const k: unknown[] = [];
    const put = (a: unknown, b: unknown, c: unknown, s: string) => {
      k[0] = a;
      k[1] = b;
      k[2] = c;
      index.set(k, s);
    };
    const get = (a: unknown, b: unknown, c: unknown) => {
      k[0] = a;
      k[1] = b;
      k[2] = c;
      return index.get(k);
    };
    put('chat', 'openai', 'gpt-4o', 'A');
    put('chat', 'openai', 'o4-mini', 'B');
    put('chat', 'openai', undefined, 'C');
    put('embeddings', Number.NaN, 443, 'D');
    expect(get('chat', 'openai', 'gpt-4o')).toBe('A');
    // The same values again (the last-found shortcut), then others: the scratch array was
    // rewritten in between, so the shortcut must have kept the values, not the array.
    expect(get('chat', 'openai', 'gpt-4o')).toBe('A');
    expect(get('chat', 'openai', 'o4-mini')).toBe('B');
    expect(get('chat', 'openai', 'gpt-4o')).toBe('A');
    expect(get('chat', 'openai', undefined)).toBe('C');
    expect(get('chat', 'openai', 'unknown')).toBeUndefined();
    expect(get('chat', 'openai', undefined)).toBe('C');
    // NaN is never `===` itself: the Map (SameValueZero) still finds it, every time.
    expect(get('embeddings', Number.NaN, 443)).toBe('D');
    expect(get('embeddings', Number.NaN, 443)).toBe('D');
    expect(get('embeddings', Number.NaN, 80)).toBeUndefined();
    expect(index.size).toBe(4);
  });
});
