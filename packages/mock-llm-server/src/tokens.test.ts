import { describe, expect, it } from 'vitest';
import { countTokens, splitTokens, truncateTokens } from './tokens.js';

describe('tokens', () => {
  it('counts word runs and single punctuation marks', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('Hello, world!')).toBe(4);
    expect(countTokens('  día  número 42 ')).toBe(3);
    expect(countTokens('{"a":1}')).toBe(7);
  });

  it('splits into pieces that join back and match the count', () => {
    for (const text of ['Echo: Hello, world!', '  lead', 'trail  ', 'a\nb', '']) {
      const pieces = splitTokens(text);
      expect(pieces.join('')).toBe(text);
      expect(pieces.length).toBe(text.trim() === '' ? (text === '' ? 0 : 1) : countTokens(text));
    }
    expect(splitTokens('Echo: Hi')).toEqual(['Echo', ':', ' Hi']);
  });

  it('truncates to the first N tokens', () => {
    expect(truncateTokens('Echo: Hello, world!', 3)).toBe('Echo: Hello');
    expect(truncateTokens('Echo: Hello', 0)).toBe('');
  });
});
