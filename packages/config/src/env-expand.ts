import type { EnvSource } from './types.js';

/**
 * The collector's environment expansion, applied to one YAML string scalar:
 * `${env:VAR}`, `${env:VAR:-default}`, bare `${VAR}` (and `${VAR:-default}`), `$$` for a literal
 * `$`. Any other `$` is kept as written.
 */
export type EnvExpansion =
  /** The scalar had nothing to expand. */
  | { kind: 'unchanged' }
  /** Expanded inside a longer text (or escapes only): the result is a string. */
  | { kind: 'string'; value: string }
  /** The scalar was exactly one `${…}`: the caller gives the text its YAML type. */
  | { kind: 'whole'; text: string }
  | { kind: 'error'; messages: string[] };

/** The variable names the collector and OTel's declarative config accept. */
export const ENV_NAME_PATTERN = '^[a-zA-Z_][a-zA-Z0-9_]*$';
const ENV_NAME_RE = new RegExp(ENV_NAME_PATTERN);
// Same limit as the collector: longer names are almost certainly not meant as variables.
const MAX_NAME_LENGTH = 200;
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?!-)/;

export function expandEnv(input: string, env: EnvSource): EnvExpansion {
  if (!input.includes('$')) return { kind: 'unchanged' };
  const errors: string[] = [];
  let out = '';
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== '{') {
      out += '$';
      i++;
      continue;
    }
    const close = input.indexOf('}', i + 2);
    if (close < 0) {
      errors.push(
        `unterminated reference ${JSON.stringify(input.slice(i))} (close it with "}", or write "$$" for a literal "$")`,
      );
      break;
    }
    const reference = input.slice(i, close + 1);
    const resolved = resolveReference(input.slice(i + 2, close), reference, env);
    if (typeof resolved === 'string') {
      if (i === 0 && close === input.length - 1) return { kind: 'whole', text: resolved };
      out += resolved;
    } else {
      errors.push(resolved.error);
    }
    i = close + 1;
  }
  return errors.length > 0 ? { kind: 'error', messages: errors } : { kind: 'string', value: out };
}

function resolveReference(
  body: string,
  reference: string,
  env: EnvSource,
): string | { error: string } {
  let rest = body;
  if (body.startsWith('env:')) {
    rest = body.slice(4);
  } else {
    const scheme = SCHEME_RE.exec(body);
    if (scheme !== null) {
      return {
        error: `unsupported scheme "${scheme[1]}" in ${JSON.stringify(reference)} (only \${env:VAR} is supported; write "$$" for a literal "$")`,
      };
    }
  }
  const split = rest.indexOf(':-');
  const name = split < 0 ? rest : rest.slice(0, split);
  const fallback = split < 0 ? undefined : rest.slice(split + 2);
  if (!ENV_NAME_RE.test(name) || name.length > MAX_NAME_LENGTH) {
    return {
      error: `invalid environment variable reference ${JSON.stringify(reference)}: a name must match ${ENV_NAME_PATTERN} (write "$$" for a literal "$")`,
    };
  }
  const value = env[name];
  if (value !== undefined) return value;
  if (fallback !== undefined) return fallback;
  return {
    error: `environment variable "${name}" is not set (use \${env:${name}:-default} to give a default)`,
  };
}
