import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConfigSchema, validateWithSchema } from '@genai-otel/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDefaultRegistry } from '../src/default-registry.js';
import { DEFAULT_CONFIG_YAML } from '../src/load-config.js';
import { configSchemaText } from '../src/schema.js';

const committed = fileURLToPath(new URL('../schema/genai-otel.schema.json', import.meta.url));
const components = fileURLToPath(new URL('../src/components/', import.meta.url));

describe('generated JSON schema', () => {
  it('is up to date (else run `pnpm --filter @genai-otel/sdk gen:schema`)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(configSchemaText(createDefaultRegistry()));
  });

  const schema = buildConfigSchema(createDefaultRegistry());
  const examples: [string, string][] = [
    ['DEFAULT_CONFIG_YAML', DEFAULT_CONFIG_YAML],
    ...readdirSync(components).map((dir): [string, string] => [
      `${dir}/testdata/config.yaml`,
      readFileSync(`${components}${dir}/testdata/config.yaml`, 'utf8'),
    ]),
  ];

  it.each(examples)('accepts %s as an editor would, before env expansion', (_name, text) => {
    expect(validateWithSchema(schema, parse(text))).toEqual([]);
  });

  it('flags what the loader flags: an unknown key and an unknown type', () => {
    const issues = validateWithSchema(
      schema,
      parse('exporters:\n  otlp_http: { timout: 5s }\n  zipkin:\nservice: {}'),
    );
    expect(issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['exporters.otlp_http', 'exporters.zipkin']),
    );
  });
});
