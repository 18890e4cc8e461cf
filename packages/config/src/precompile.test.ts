import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precompiledValidatorsSource, usePrecompiledValidators } from './precompile.js';
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
const file = join(mkdtempSync(join(tmpdir(), 'precompiled-')), 'validators.cjs');

describe('precompiled validators', () => {
  // What ajv compiled at run time says, before any precompiled validator is registered.
  const expectedComponent = values.map((v) => validateWithSchema(componentSchema, v));
  const expectedStructure = documents.map((d) => validateWithSchema(configStructureSchema, d));

  it('are found by the content of their schema and say exactly what a run-time compile says', () => {
    writeFileSync(file, precompiledValidatorsSource([componentSchema, configStructureSchema]));
    expect(usePrecompiledValidators(file)).toBe(true);
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

  it('a missing file registers nothing', () => {
    expect(usePrecompiledValidators(join(tmpdir(), 'no-such-validators.cjs'))).toBe(false);
  });

  it('an invalid schema fails the build, as it would fail the loader', () => {
    expect(() => precompiledValidatorsSource([{ type: 'object', propertys: {} }])).toThrow(
      /unknown keyword: "propertys"/,
    );
  });
});
