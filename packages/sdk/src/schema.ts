import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildConfigSchema } from '@genai-otel/config';
import type { ComponentRegistry } from './registry.js';

/** The full JSON Schema of a config file with these components, as committed text. */
export function configSchemaText(registry: ComponentRegistry): string {
  return `${JSON.stringify(buildConfigSchema(registry), null, 2)}\n`;
}

/**
 * Writes the JSON Schema editors use for completion and validation
 * (`# yaml-language-server: $schema=…` on the first line of a config file).
 */
export function writeConfigSchema(registry: ComponentRegistry, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, configSchemaText(registry));
}
