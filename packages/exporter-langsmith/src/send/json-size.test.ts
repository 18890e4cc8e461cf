import { describe, expect, it } from 'vitest';
import { jsonBytes, jsonBytesAtMost } from './json-size.js';

const values: [string, unknown][] = [
  ['ascii', { id: 'abc', n: 1.5, ok: true, none: null, list: [1, 'two', false] }],
  ['multi-byte text', { text: '€ 👋 héllo'.repeat(40) }],
  ['control characters', { text: '\u0000\u001f\n\t"\\'.repeat(50) }],
  ['numbers', [-1.2345678901234567e-308, Number.MAX_SAFE_INTEGER, 0]],
  [
    'a date and skipped values',
    { at: new Date(0), gone: undefined, fn: () => 1, arr: [undefined] },
  ],
  ['nested', { a: { b: { c: [{ d: 'e'.repeat(1_000) }] } } }],
];

describe('JSON sizes', () => {
  it.each(values)('the bound is never below the exact UTF-8 length: %s', (_, value) => {
    expect(jsonBytesAtMost(value)).toBeGreaterThanOrEqual(jsonBytes(value));
  });

  it('measures bytes, not UTF-16 units', () => {
    expect(jsonBytes({ t: '€' })).toBe(`{"t":""}`.length + 3);
    expect(jsonBytes('👋')).toBe(2 + 4);
  });
});
