import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from './ajv-setup.js';
import { precompiledValidator, usePrecompiledValidators } from './precompile.js';
import { translateSchemaErrors } from './schema-messages.js';
import type { ValidationIssue } from './types.js';

/** One ajv instance for every schema without a precompiled validator, created on first need. */
let ajv: Ajv2020 | undefined;

const compiled = new WeakMap<object, ValidateFunction>();

let ownPrecompiled = false;

/**
 * Compiles once per schema object (the catalog hands the same objects on every load). A schema
 * precompiled at build time (the structure schema: ours, next to this file in `dist/`; component
 * schemas: registered by whoever built them) is not compiled at all.
 */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    if (!ownPrecompiled) {
      ownPrecompiled = true;
      usePrecompiledValidators(new URL('./validators/', import.meta.url));
    }
    validate = precompiledValidator(schema) ?? compileWithAjv(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function compileWithAjv(schema: object): ValidateFunction {
  ajv ??= createAjv();
  const id = (schema as { $id?: unknown }).$id;
  return (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
}

/** Raw ajv errors; internal callers translate them with positions of their own. */
export function runSchema(schema: object, value: unknown): ErrorObject[] {
  const validate = compileSchema(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/**
 * Validates `value` against a JSON Schema (draft 2020-12) with the loader's own settings and
 * returns readable issues (`unknown key "timout" (valid keys: …)`, `must be a string (got 5)`),
 * each with a path relative to `value`. Throws only if the schema itself is invalid.
 */
export function validateWithSchema(schema: object, value: unknown): ValidationIssue[] {
  return translateSchemaErrors(runSchema(schema, value), value);
}
