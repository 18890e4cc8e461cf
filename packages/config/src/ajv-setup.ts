import { createRequire } from 'node:module';
import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import { isDurationWithinLimit } from './duration.js';

const require = createRequire(import.meta.url);

/**
 * The loader's ajv settings: all errors at once, no type coercion (a quoted "5" stays a string),
 * `verbose` so messages can quote the bad value and read the schema's own `errorMessage`.
 */
const OPTIONS: Options = {
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
};

/** The formats schemas may use, as ajv wants them (also what precompiled validators get). */
export const FORMATS = {
  uri: { type: 'string', validate: (value: string) => URL.canParse(value) },
  regex: { type: 'string', validate: isRegex },
  duration: { type: 'string', validate: isDurationWithinLimit },
} as const;

/** The name precompiled validators `require` the formats by. */
export const FORMATS_MODULE = '@genai-otel/config/formats';

/**
 * An ajv with the loader's settings, keywords and formats. ajv is required here, on first use,
 * not imported: a config whose schemas all have precompiled validators loads without it.
 */
export function createAjv(extra: Options = {}): Ajv2020 {
  const { Ajv2020 } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv2020({ ...OPTIONS, ...extra });
  // Annotations that editors (VS Code's JSON and YAML language servers) understand; ajv must
  // accept them as keywords. `errorMessage` also replaces our own message for value errors.
  for (const keyword of ['errorMessage', 'markdownDescription', 'deprecationMessage']) {
    ajv.addKeyword({ keyword, schemaType: 'string' });
  }
  ajv.addKeyword({ keyword: 'defaultSnippets', schemaType: 'array' });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value, 'u');
    return true;
  } catch {
    return false;
  }
}
