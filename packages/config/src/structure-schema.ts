import { readFileSync } from 'node:fs';

/**
 * The static JSON Schema of the file's layout (sections, ids, service, pipelines) without
 * component bodies: `schema/config-structure.schema.json`, shipped with the package. Read
 * synchronously once, because the loader runs before the app starts.
 */
export const configStructureSchema: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../schema/config-structure.schema.json', import.meta.url), 'utf8'),
);

/** The top-level sections, in the order the schema lists them. */
export const TOP_LEVEL_KEYS: readonly string[] = Object.keys(
  configStructureSchema.properties as Record<string, unknown>,
);
