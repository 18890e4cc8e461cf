/**
 * Build-time compilation of JSON Schemas into validator code (ajv's standalone code), so that
 * loading a config compiles nothing: the first `ajv.compile` of a process costs tens of
 * milliseconds (the draft 2020-12 meta-schema, then each schema), paid at every start otherwise.
 */

import { hash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv, FORMATS, FORMATS_MODULE } from './ajv-setup.js';

const require = createRequire(import.meta.url);

/** What a file written by `writePrecompiledValidators` exports. */
interface PrecompiledModule {
  /** The JSON text of the schema it validates: a content-key collision is told apart by it. */
  schema: string;
  load(require: (id: string) => unknown): ValidateFunction;
}

/** The folders `usePrecompiledValidators` registered. */
const folders: string[] = [];
/** Validators found (or known absent: `null`) by the JSON text of their schema. */
const found = new Map<string, ValidateFunction | null>();

/**
 * A short key of a schema's JSON text, the name of its validator file: 64 bits of its SHA-256 (a
 * collision costs a run-time compile, never a wrong validator: the file holds the text).
 */
export function schemaKey(json: string): string {
  return hash('sha256', json, 'hex').slice(0, 16);
}

/** Non-ASCII as `\uXXXX`: V8 keeps an all-ASCII source as one byte per character, not two. */
function asciiOnly(source: string): string {
  return source.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Writes a CommonJS validator for each schema into `folder` (`<schemaKey>.cjs`), compiled with
 * the loader's settings (ajv's standalone code), for `usePrecompiledValidators` to find at run
 * time: one file per schema, so a config loads the code of the components it names and no other
 * (the sdk's 20 built-in schemas are 460 KB of code, the demo's nine 170 KB). Throws, as the
 * loader would, on an invalid schema. Returns the files' names.
 */
export function writePrecompiledValidators(folder: string, schemas: readonly object[]): string[] {
  const { _ } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const standaloneCode = (
    require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')
  ).default;
  const ajv = createAjv({ code: { source: true, formats: _`require(${FORMATS_MODULE})` } });
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const names = new Set<string>();
  for (const schema of schemas) {
    const json = JSON.stringify(schema);
    const name = `${schemaKey(json)}.cjs`;
    if (names.has(name)) continue;
    names.add(name);
    const code = standaloneCode(ajv, ajv.compile(schema));
    const source = [
      '// Generated at build time by writePrecompiledValidators() of @genai-otel/config. Do not edit.',
      "'use strict';",
      `exports.schema = ${JSON.stringify(json)};`,
      // The validator's own scope and `require`, built when first used.
      'exports.load = (require) => (function (module) {',
      code,
      'return module.exports;',
      '})({ exports: {} });',
      '',
    ].join('\n');
    writeFileSync(join(folder, name), asciiOnly(source));
  }
  return [...names];
}

/**
 * Registers a folder written by `writePrecompiledValidators`: a schema with the same content is
 * then validated without compiling, its file loaded when it is first asked for. Returns false
 * (and changes nothing) when the folder does not exist, e.g. when running from sources before a
 * build.
 */
export function usePrecompiledValidators(folder: string | URL): boolean {
  const path = folder instanceof URL ? fileURLToPath(folder) : folder;
  if (!existsSync(path)) return false;
  if (!folders.includes(path)) folders.push(path);
  found.clear();
  return true;
}

/** The validators' own `require`: ajv's small runtime helpers, and our formats. */
const requireForValidators = (id: string) => (id === FORMATS_MODULE ? FORMATS : require(id));

/** The precompiled validator for a schema with this content, if one was registered. */
export function precompiledValidator(schema: object): ValidateFunction | undefined {
  if (folders.length === 0) return undefined;
  const json = JSON.stringify(schema);
  let validate = found.get(json);
  if (validate === undefined) {
    validate = null;
    const name = `${schemaKey(json)}.cjs`;
    for (const folder of folders) {
      const file = join(folder, name);
      if (!existsSync(file)) continue;
      const module = require(file) as PrecompiledModule;
      if (module.schema !== json) continue;
      validate = module.load(requireForValidators);
      break;
    }
    found.set(json, validate);
  }
  return validate ?? undefined;
}
