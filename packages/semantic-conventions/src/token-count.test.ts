import { describe, expect, it } from 'vitest';
import { isValidTokenCount, MAX_TOKEN_COUNT } from './token-count.js';

describe('isValidTokenCount', () => {
  it.each([0, 1, 12, 128_000, MAX_TOKEN_COUNT])('takes %s', (n) => {
    expect(isValidTokenCount(n)).toBe(true);
  });
  it.each([
    -1,
    -0.5,
    12.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    MAX_TOKEN_COUNT + 1,
    1e300,
    2 ** 53,
    '12',
    null,
    undefined,
    true,
  ])('refuses %s', (v) => {
    expect(isValidTokenCount(v)).toBe(false);
  });
});
