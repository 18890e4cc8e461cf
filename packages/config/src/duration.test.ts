import { describe, expect, it } from 'vitest';
import { DURATION_TOO_LONG, durationSchema, MAX_DURATION_MS, parseDuration } from './duration.js';
import { validateWithSchema } from './schema-validator.js';

describe('parseDuration', () => {
  it.each([
    ['200ms', 200],
    ['5s', 5000],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['1.1s', 1100],
    ['500us', 0.5],
    ['250µs', 0.25],
    ['1000000ns', 1],
    ['0', 0],
    [0, 0],
    [1500, 1500],
  ] as const)('%s → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['fast', '5', '5 s', '-1s', '1d', '', 's'])('rejects %j', (input) => {
    expect(() => parseDuration(input)).toThrow(
      new RangeError(
        `invalid duration ${JSON.stringify(input)}: must be like "200ms", "5s", "1m" or "1h"`,
      ),
    );
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-1)).toThrow('invalid duration -1');
    expect(() => parseDuration(Number.NaN)).toThrow('invalid duration NaN');
  });

  it('takes up to the longest a timer waits and nothing beyond', () => {
    expect(parseDuration(MAX_DURATION_MS)).toBe(MAX_DURATION_MS);
    expect(parseDuration('596h31m23.647s')).toBe(MAX_DURATION_MS);
    expect(parseDuration('24h')).toBe(86_400_000);
    for (const absurd of ['99999999999h', '596h31m23.648s', '597h', '1000h']) {
      expect(() => parseDuration(absurd)).toThrow(
        `invalid duration "${absurd}": ${DURATION_TOO_LONG}`,
      );
    }
    expect(() => parseDuration(MAX_DURATION_MS + 1)).toThrow(DURATION_TOO_LONG);
    expect(() => parseDuration(Number.POSITIVE_INFINITY)).toThrow('invalid duration Infinity');
  });
});

describe('durationSchema', () => {
  const schema = { type: 'object', properties: { timeout: durationSchema } };

  it.each(['5s', '1m30s', 0, 250])('accepts %j', (timeout) => {
    expect(validateWithSchema(schema, { timeout })).toEqual([]);
  });

  it.each([
    ['fast', '"fast"'],
    [[1], '[1]'],
    [-5, '-5'],
    [true, 'true'],
    [null, 'null'],
  ])('rejects %j with one message', (timeout, got) => {
    expect(validateWithSchema(schema, { timeout })).toEqual([
      {
        path: ['timeout'],
        message: `must be a duration like "5s" or a number of milliseconds (got ${got})`,
      },
    ]);
  });

  it('agrees with parseDuration on what is valid', () => {
    for (const input of ['5s', '1.5h', '10us', 'fast', '5', '1d']) {
      const valid = validateWithSchema(durationSchema, input).length === 0;
      expect(valid, input).toBe(
        (() => {
          try {
            parseDuration(input);
            return true;
          } catch {
            return false;
          }
        })(),
      );
    }
  });
});
