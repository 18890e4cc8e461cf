import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaKey, usePrecompiledValidators, writePrecompiledValidators } from './precompile.js';
import { compileSchema, validateWithSchema } from './schema-validator.js';
import { configStructureSchema } from './structure-schema.js';

/** Uses what needs ajv's runtime helpers (string length, equality) and our formats. */
const componentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoint'],
  properties: {
    endpoint: { type: 'string', format: 'uri', minLength: 1 },
    pattern: { type: 'string', format: 'regex' },
    tags: { type: 'array', items: { type: 'object' }, uniqueItems: true },
    mode: { enum: ['a', 'b'], errorMessage: 'must be a or b' },
    timeout: { type: ['string', 'number'] },
  },
};

const values: unknown[] = [
  { endpoint: 'http://x' },
  {},
  { endpoint: '' },
  { endpoint: 'not a url', timout: 1 },
  { endpoint: 'http://x', pattern: '(' },
  { endpoint: 'http://x', tags: [{ a: 1 }, { a: 1 }] },
  { endpoint: 'http://x', mode: 'c', timeout: [] },
  'not an object',
];

const documents: unknown[] = [
  { receivers: { genai: null }, service: { pipelines: { traces: { receivers: ['genai'] } } } },
  { receiverz: {}, exporters: { 'Bad/x': {} } },
  { service: { pipelines: { spans: {} }, telemetry: { logs: { level: 'loud' } } } },
];

/** Written and registered once for the whole file (registration is process-wide, like the loader's). */
const folder = join(mkdtempSync(join(tmpdir(), 'precompiled-')), 'validators');

describe('precompiled validators', () => {
  // What ajv compiled at run time says, before any precompiled validator is registered.
  const expectedComponent = values.map((v) => validateWithSchema(componentSchema, v));
  const expectedStructure = documents.map((d) => validateWithSchema(configStructureSchema, d));

  it('are found by the content of their schema and say exactly what a run-time compile says', () => {
    const names = writePrecompiledValidators(folder, [
      componentSchema,
      configStructureSchema,
      structuredClone(componentSchema),
    ]);
    // One file per distinct schema, named by its content.
    expect(names).toEqual([
      `${schemaKey(JSON.stringify(componentSchema))}.cjs`,
      `${schemaKey(JSON.stringify(configStructureSchema))}.cjs`,
    ]);
    expect(readdirSync(folder).sort()).toEqual([...names].sort());
    expect(usePrecompiledValidators(folder)).toBe(true);
    // New objects with the same content: not the ones compiled above.
    const component = structuredClone(componentSchema);
    const structure = structuredClone(configStructureSchema);
    // An ajv-compiled function carries its schema environment; a precompiled one does not.
    expect('schemaEnv' in compileSchema(componentSchema)).toBe(true);
    expect('schemaEnv' in compileSchema(component)).toBe(false);
    expect('schemaEnv' in compileSchema(structure)).toBe(false);
    expect(values.map((v) => validateWithSchema(component, v))).toEqual(expectedComponent);
    expect(documents.map((d) => validateWithSchema(structure, d))).toEqual(expectedStructure);
    expect(expectedComponent.flat().map((i) => i.message)).toContain(
      'must be a valid uri (got "not a url")',
    );
  });

  it('a changed schema is not matched: it is compiled at run time', () => {
    const changed = { ...componentSchema, required: [] };
    expect('schemaEnv' in compileSchema(changed)).toBe(true);
    expect(validateWithSchema(changed, {})).toEqual([]);
  });

  it('a missing folder registers nothing', () => {
    expect(usePrecompiledValidators(join(tmpdir(), 'no-such-validators'))).toBe(false);
  });

  it('files are ASCII (one byte per character in V8), and hold the same schema text', () => {
    const withUnicode = { type: 'string', description: 'price in € — per 1 M tokens', const: 'µ' };
    const dir = join(mkdtempSync(join(tmpdir(), 'precompiled-')), 'v');
    const [name] = writePrecompiledValidators(dir, [withUnicode]);
    const source = readFileSync(join(dir, name as string), 'utf8');
    expect(source).not.toMatch(/[\u0080-\uffff]/);
    expect(source).toContain('\\u20ac');
    usePrecompiledValidators(dir);
    const validate = compileSchema(structuredClone(withUnicode));
    expect('schemaEnv' in validate).toBe(false);
    expect(validate('µ')).toBe(true);
    expect(validate('u')).toBe(false);
  });

  it('content keys differ for different schemas and are 16 hex digits', () => {
    const keys = new Set(
      Array.from({ length: 2000 }, (_, i) => schemaKey(JSON.stringify({ maxLength: i }))),
    );
    expect(keys.size).toBe(2000);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{16}$/);
  });

  it('an invalid schema fails the build, as it would fail the loader', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'precompiled-')), 'v');
    expect(() => writePrecompiledValidators(dir, [{ type: 'object', propertys: {} }])).toThrow(
      /unknown keyword: "propertys"/,
    );
  });
});
