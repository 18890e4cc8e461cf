import { describe, expect, it } from 'vitest';
import { validateWithSchema } from './schema-validator.js';

const exporterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoint'],
  properties: {
    endpoint: { type: 'string', format: 'uri' },
    timeout: { type: ['string', 'number'] },
    compression: { enum: ['gzip', 'none'] },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
    mode: { const: 'fast' },
    name: { type: 'string', pattern: '^[a-z]+$' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    target: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] },
    choice: {
      oneOf: [{ type: 'integer' }, { type: 'number', minimum: 10 }],
      errorMessage: 'must be a whole number, or a number of at least 10',
    },
    nested: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, level: { type: 'string' } },
      dependentRequired: { level: ['enabled'] },
    },
  },
};

describe('validateWithSchema', () => {
  it('accepts a valid value', () => {
    expect(
      validateWithSchema(exporterSchema, {
        endpoint: 'http://localhost:4318',
        timeout: '5s',
        tags: ['a'],
        target: [1, 2],
      }),
    ).toEqual([]);
  });

  it.each([
    [
      { endpoint: 'http://x', timout: 5 },
      [
        {
          path: ['timout'],
          at: 'key',
          message:
            'unknown key "timout" (valid keys: endpoint, timeout, compression, port, tags, mode, name, headers, target, choice, nested)',
        },
      ],
    ],
    [{}, [{ path: ['endpoint'], message: 'is required' }]],
    [{ endpoint: 5 }, [{ path: ['endpoint'], message: 'must be a string (got 5)' }]],
    [
      { endpoint: 'not a url' },
      [{ path: ['endpoint'], message: 'must be a valid uri (got "not a url")' }],
    ],
    [
      { endpoint: 'http://x', timeout: [] },
      [{ path: ['timeout'], message: 'must be a string or a number (got [])' }],
    ],
    [
      { endpoint: 'http://x', compression: 'zstd' },
      [{ path: ['compression'], message: 'must be one of: gzip, none (got "zstd")' }],
    ],
    [{ endpoint: 'http://x', port: 0 }, [{ path: ['port'], message: 'must be >= 1 (got 0)' }]],
    [
      { endpoint: 'http://x', port: 1.5 },
      [{ path: ['port'], message: 'must be an integer (got 1.5)' }],
    ],
    [
      { endpoint: 'http://x', tags: [] },
      [{ path: ['tags'], message: 'must have at least 1 item (got [])' }],
    ],
    [
      { endpoint: 'http://x', tags: ['a', 'a'] },
      [{ path: ['tags'], message: 'must not repeat items (items 0 and 1 are the same)' }],
    ],
    [
      { endpoint: 'http://x', tags: ['a', 2] },
      [{ path: ['tags', 1], message: 'must be a string (got 2)' }],
    ],
    [
      { endpoint: 'http://x', mode: 'slow' },
      [{ path: ['mode'], message: 'must be fast (got "slow")' }],
    ],
    [
      { endpoint: 'http://x', name: 'Bad' },
      [{ path: ['name'], message: 'must match the pattern ^[a-z]+$ (got "Bad")' }],
    ],
    [
      { endpoint: 'http://x', headers: { a: 1 } },
      [{ path: ['headers', 'a'], message: 'must be a string (got 1)' }],
    ],
    [
      { endpoint: 'http://x', headers: [] },
      [{ path: ['headers'], message: 'must be a mapping (got [])' }],
    ],
    // anyOf: every branch failed on type → one message naming the accepted types.
    [
      { endpoint: 'http://x', target: 5 },
      [{ path: ['target'], message: 'must be a string or a list (got 5)' }],
    ],
    // anyOf: the list branch matched the type, so its own error is the useful one.
    [
      { endpoint: 'http://x', target: ['x'] },
      [{ path: ['target', 0], message: 'must be an integer (got "x")' }],
    ],
    // errorMessage replaces the combinator's message; oneOf matching twice is reported too.
    [
      { endpoint: 'http://x', choice: 'x' },
      [
        {
          path: ['choice'],
          message: 'must be a whole number, or a number of at least 10 (got "x")',
        },
      ],
    ],
    [
      { endpoint: 'http://x', choice: 12 },
      [
        {
          path: ['choice'],
          message: 'must be a whole number, or a number of at least 10 (got 12)',
        },
      ],
    ],
    [
      { endpoint: 'http://x', nested: { level: 'x' } },
      [{ path: ['nested', 'enabled'], message: 'is required when "level" is set' }],
    ],
    [
      { endpoint: 'http://x', nested: { enabled: 'yes', extra: 1 } },
      [
        {
          path: ['nested', 'extra'],
          at: 'key',
          message: 'unknown key "extra" (valid keys: enabled, level)',
        },
        { path: ['nested', 'enabled'], message: 'must be a boolean (true or false) (got "yes")' },
      ],
    ],
  ])('%j', (value, issues) => {
    expect(validateWithSchema(exporterSchema, value)).toEqual(issues);
  });

  it('points property-name errors at the key', () => {
    const schema = {
      type: 'object',
      propertyNames: { pattern: '^x-', errorMessage: 'must start with x-' },
    };
    expect(validateWithSchema(schema, { 'x-ok': 1, bad: 2 })).toEqual([
      { path: ['bad'], at: 'key', message: 'must start with x- (got "bad")' },
    ]);
  });

  it('lists pattern keys among valid keys', () => {
    const schema = {
      type: 'object',
      properties: { a: {} },
      patternProperties: { '^x-': {} },
      additionalProperties: false,
    };
    expect(validateWithSchema(schema, { b: 1 })).toEqual([
      { path: ['b'], at: 'key', message: 'unknown key "b" (valid keys: a, keys matching ^x-)' },
    ]);
  });

  it('accepts the editor annotations components may use', () => {
    const schema = {
      type: 'string',
      markdownDescription: '**endpoint**',
      deprecationMessage: 'use url',
      defaultSnippets: [{ body: 'http://' }],
    };
    expect(validateWithSchema(schema, 'x')).toEqual([]);
  });

  it('throws on an invalid schema: a component bug, not a user error', () => {
    expect(() => validateWithSchema({ type: 'object', propertys: {} }, {})).toThrow(
      'strict mode: unknown keyword: "propertys"',
    );
  });

  it('compiles a schema once', () => {
    const schema = { type: 'string' };
    expect(validateWithSchema(schema, 1)).toHaveLength(1);
    expect(validateWithSchema(schema, 'a')).toEqual([]);
  });
});
