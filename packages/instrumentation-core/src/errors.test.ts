import { describe, expect, it } from 'vitest';
import { errorType } from './errors.js';

class APIConnectionError extends Error {}

describe('errorType', () => {
  it('prefers an HTTP status, then the class name, then the name', () => {
    expect(errorType(Object.assign(new Error('x'), { status: 429 }))).toBe('429');
    expect(errorType(new APIConnectionError('x'))).toBe('APIConnectionError');
    expect(errorType(new TypeError('x'))).toBe('TypeError');
    expect(errorType(new DOMException('x', 'AbortError'))).toBe('AbortError');
    expect(errorType(new Error('x'))).toBe('Error');
  });

  it('falls back to _OTHER for values that are not errors', () => {
    expect(errorType('oops')).toBe('_OTHER');
    expect(errorType(undefined)).toBe('_OTHER');
    expect(errorType(Object.create(null))).toBe('_OTHER');
  });
});
