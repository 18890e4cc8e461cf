import { KINDS, lookupType } from './catalog.js';
import { SECTION_OF_KIND } from './components.js';
import { configStructureSchema } from './structure-schema.js';
import type { ComponentCatalog } from './types.js';

/**
 * The JSON Schema (draft 2020-12) of a whole config file for the given catalog: the structure
 * schema with each section's components spelled out, `^otlp_http(/.+)?$` → that component's
 * schema (aliases included), so editors complete and check component settings. Unknown types
 * are rejected there as they are by the loader. Component schemas live once under `$defs`
 * (`exporter.otlp_http`), their local `#/…` references rewritten to stay valid there.
 */
export function buildConfigSchema(catalog: ComponentCatalog): Record<string, unknown> {
  const schema = structuredClone(configStructureSchema) as Record<string, unknown>;
  schema.$id = 'urn:genai-otel:config';
  schema.title = 'genai-otel configuration';
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const defs = schema.$defs as Record<string, unknown>;

  for (const kind of KINDS) {
    const section = SECTION_OF_KIND[kind];
    const patternProperties: Record<string, unknown> = {};
    for (const type of [...new Set(catalog.types(kind))].sort()) {
      const info = lookupType(catalog, kind, type);
      if (info === undefined) continue;
      let body: unknown = { type: ['object', 'null'] };
      if (info.schema !== undefined) {
        const defKey = `${kind}.${info.type}`;
        defs[defKey] = embed(info.schema, `#/$defs/${defKey}`);
        // An empty body (`debug:`) means the defaults.
        body = { anyOf: [{ type: 'null' }, { $ref: `#/$defs/${defKey}` }] };
      }
      for (const name of [info.type, ...(info.aliases ?? [])]) {
        patternProperties[`^${escapeRegExp(name)}(/[\\s\\S]+)?$`] = body;
      }
    }
    const { $ref: _structural, ...rest } = properties[section] ?? {};
    properties[section] = {
      ...rest,
      type: ['object', 'null'],
      propertyNames: { $ref: '#/$defs/componentId' },
      patternProperties,
      additionalProperties: false,
    };
  }
  return schema;
}

/** A copy of a component schema that works at `base` inside another document. */
function embed(schema: object, base: string): unknown {
  const { $schema: _dialect, ...own } = structuredClone(schema) as Record<string, unknown>;
  // With its own $id the schema is a resource of its own: its references resolve against it.
  return own.$id === undefined ? rebase(own, base) : own;
}

function rebase(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rebase(item, base));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${base}${value.slice(1)}`
        : rebase(value, base);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
