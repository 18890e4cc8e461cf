/**
 * Build-time compilation of JSON Schemas into validator code (ajv's standalone code), so that
 * loading a config compiles nothing: the first `ajv.compile` of a process costs tens of
 * milliseconds (the draft 2020-12 meta-schema, then each schema), paid at every start otherwise.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, FORMATS, FORMATS_MODULE } from './ajv-setup.js';

const require = createRequire(import.meta.url);

/** What a file written from `precompiledValidatorsSource` exports. */
type PrecompiledModule = (
  require: (id: string) => unknown,
) => ReadonlyArray<readonly [schemaJson: string, load: () => ValidateFunction]>;

/** Validators by the JSON text of their schema: the same content is the same validator. */
const precompiled = new Map<string, () => ValidateFunction>();

/**
 * The source of a CommonJS module holding a validator for each schema, compiled with the
 * loader's settings (write it to a `.cjs` file at build time, load it with
 * `usePrecompiledValidators`). Throws, as the loader would, on an invalid schema.
 */
export function precompiledValidatorsSource(schemas: readonly object[]): string {
  const { _ } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const standaloneCode = (
    require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')
  ).default;
  const ajv = createAjv({ code: { source: true, formats: _`require(${FORMATS_MODULE})` } });
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const schema of schemas) {
    const json = JSON.stringify(schema);
    if (seen.has(json)) continue;
    seen.add(json);
    const code = standaloneCode(ajv, ajv.compile(schema));
    // Each validator in its own scope, built when first used.
    entries.push(
      `  [${JSON.stringify(json)}, () => (function (module) {\n${code}\nreturn module.exports;\n})({ exports: {} })],`,
    );
  }
  return [
    '// Generated at build time by precompiledValidatorsSource() of @genai-otel/config. Do not edit.',
    "'use strict';",
    'module.exports = (require) => [',
    ...entries,
    '];',
    '',
  ].join('\n');
}

/**
 * Registers the validators of a file written from `precompiledValidatorsSource`: a schema with
 * the same content is then validated without compiling. Returns false (and changes nothing)
 * when the file does not exist, e.g. when running from sources before a build.
 */
export function usePrecompiledValidators(file: string | URL): boolean {
  const path = file instanceof URL ? fileURLToPath(file) : file;
  if (!existsSync(path)) return false;
  const load = require(path) as PrecompiledModule;
  // The validators' own `require`: ajv's small runtime helpers, and our formats.
  const requireForValidators = (id: string) => (id === FORMATS_MODULE ? FORMATS : require(id));
  for (const [json, validator] of load(requireForValidators)) {
    let built: ValidateFunction | undefined;
    precompiled.set(json, () => {
      built ??= validator();
      return built;
    });
  }
  return true;
}

/** The precompiled validator for a schema with this content, if one was registered. */
export function precompiledValidator(schema: object): ValidateFunction | undefined {
  return precompiled.size === 0 ? undefined : precompiled.get(JSON.stringify(schema))?.();
}
