import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { translateSchemaErrors } from './schema-messages.js';
import type { ValidationIssue } from './types.js';

/**
 * One ajv instance for the structure schema and every component schema: all errors at once, no
 * type coercion (a quoted "5" stays a string), and `verbose` so messages can quote the bad value
 * and read the schema's own `errorMessage`.
 */
const ajv = new Ajv2020({
  allErrors: true,
  verbose: true,
  coerceTypes: false,
  useDefaults: false,
  strict: true,
  // Union types (`type: [string, number]`) and `properties` without `type: object` are normal in
  // hand-written component schemas; strict mode would otherwise log or reject them.
  strictTypes: false,
  strictTuples: false,
  allowUnionTypes: true,
});

// Annotations that editors (VS Code's JSON and YAML language servers) understand; ajv must accept
// them as keywords. `errorMessage` also replaces our own message for value errors.
for (const keyword of ['errorMessage', 'markdownDescription', 'deprecationMessage']) {
  ajv.addKeyword({ keyword, schemaType: 'string' });
}
ajv.addKeyword({ keyword: 'defaultSnippets', schemaType: 'array' });
ajv.addFormat('uri', { type: 'string', validate: isUri });
ajv.addFormat('regex', { type: 'string', validate: isRegex });

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles once per schema object; the catalog hands the same objects on every load. */
export function compileSchema(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const id = (schema as { $id?: unknown }).$id;
    validate =
      (typeof id === 'string' ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema as object);
    compiled.set(schema, validate);
  }
  return validate;
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

function isUri(value: string): boolean {
  return URL.canParse(value);
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
}
