import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fakeCatalog } from '../test/fake-catalog.js';
import { buildConfigSchema } from './build-config-schema.js';
import { configStructureSchema } from './structure-schema.js';

const fixture = (name: string) =>
  parse(readFileSync(new URL(`../testdata/${name}`, import.meta.url), 'utf8'));

/** A fresh ajv, as an editor or another tool would use the generated schema. */
function compile(schema: object) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(schema);
}

describe('buildConfigSchema', () => {
  const schema = buildConfigSchema(fakeCatalog());
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const patternsOf = (section: string) =>
    properties[section]!.patternProperties as Record<string, unknown>;

  it('is a draft 2020-12 schema built on the structure schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:genai-otel:config');
    expect(Object.keys(properties)).toEqual(
      Object.keys(configStructureSchema.properties as object),
    );
    // The structure schema itself is not modified.
    expect((configStructureSchema.properties as Record<string, unknown>).exporters).toMatchObject({
      $ref: '#/$defs/componentSection',
    });
  });

  it('maps every type and alias of a section to its component schema', () => {
    expect(Object.keys(properties.exporters?.patternProperties as object)).toEqual([
      '^debug(/[\\s\\S]+)?$',
      '^file(/[\\s\\S]+)?$',
      '^otlp_http(/[\\s\\S]+)?$',
      '^otlphttp(/[\\s\\S]+)?$',
    ]);
    expect(Object.keys(properties.processors?.patternProperties as object)).toEqual([
      '^batch(/[\\s\\S]+)?$',
      '^genai_cost(/[\\s\\S]+)?$',
    ]);
    expect(properties.exporters?.additionalProperties).toBe(false);
    const debug = patternsOf('exporters')['^debug(/[\\s\\S]+)?$'];
    expect(debug).toEqual({ anyOf: [{ type: 'null' }, { $ref: '#/$defs/exporter.debug' }] });
    const defs = schema.$defs as Record<string, unknown>;
    expect(defs['exporter.debug']).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { verbosity: { enum: ['basic', 'normal', 'detailed'] } },
    });
    // One definition per type, shared by its aliases; local references point into it.
    const patterns = patternsOf('exporters');
    expect(patterns['^otlphttp(/[\\s\\S]+)?$']).toBe(patterns['^otlp_http(/[\\s\\S]+)?$']);
    expect(defs['exporter.otlp_http']).toMatchObject({
      properties: { retry_on_failure: { $ref: '#/$defs/exporter.otlp_http/$defs/retry' } },
    });
    expect(defs['exporter.otlp_http']).not.toHaveProperty('$schema');
    // A type without a schema accepts any mapping.
    expect(patternsOf('extensions')['^health_check(/[\\s\\S]+)?$']).toEqual({
      type: ['object', 'null'],
    });
  });

  it('accepts the good fixtures', () => {
    const validate = compile(schema);
    for (const name of ['config.yaml', 'minimal.yaml']) {
      expect(validate(fixture(name)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('rejects unknown types, unknown keys and wrong values', () => {
    const validate = compile(schema);
    expect(validate(fixture('unknown-type.yaml'))).toBe(false);
    expect(validate(fixture('unknown-key.yaml'))).toBe(false);
    expect(validate(fixture('wrong-type.yaml'))).toBe(false);
    // A component schema with local $refs (otlp_http's retry_on_failure) still resolves.
    expect(
      validate({ exporters: { 'otlp_http/x': { retry_on_failure: { enabled: 'no' } } } }),
    ).toBe(false);
    expect(
      validate({ exporters: { 'otlp_http/x': { retry_on_failure: { enabled: false } } } }),
    ).toBe(true);
  });
});

describe('configStructureSchema', () => {
  it('is the shipped schema file', () => {
    const file = JSON.parse(
      readFileSync(new URL('../schema/config-structure.schema.json', import.meta.url), 'utf8'),
    );
    expect(configStructureSchema).toEqual(file);
  });

  it('accepts every good fixture and compiles in a plain ajv', () => {
    const validate = compile(configStructureSchema);
    expect(validate(fixture('config.yaml'))).toBe(true);
    expect(validate(fixture('unknown-top-level.yaml'))).toBe(false);
  });
});
