import type { ErrorObject } from 'ajv/dist/2020.js';
import { describeValue } from './describe-value.js';
import { DURATION_TOO_LONG } from './duration.js';
import type { ValidationIssue } from './types.js';

/**
 * Turns ajv's errors into one readable issue per location, in the words a YAML user knows
 * ("mapping", "list", "unknown key"), quoting the bad value.
 */
export function translateSchemaErrors(
  errors: readonly ErrorObject[],
  root: unknown,
): ValidationIssue[] {
  const consumed = new Set<ErrorObject>();
  const out: ValidationIssue[] = [];

  // Combinators first, outermost first: they decide which of their branches' errors matter.
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const c of combinators) {
    if (consumed.has(c)) continue;
    consumed.add(c);
    const issue = translateCombinator(c, errors, consumed, root);
    if (issue !== undefined) out.push(issue);
  }

  for (const error of errors) {
    if (consumed.has(error)) continue;
    const issue = translateOne(error, root);
    if (issue !== undefined) out.push(issue);
  }
  return dedupe(out);
}

function translateCombinator(
  c: ErrorObject,
  errors: readonly ErrorObject[],
  consumed: Set<ErrorObject>,
  root: unknown,
): ValidationIssue | undefined {
  const path = instancePath(c, root);
  const custom = errorMessageOf(c.parentSchema);
  const prefix = `${c.schemaPath}/`;
  const subs = errors.filter((e) => e !== c && e.schemaPath.startsWith(prefix));

  if (c.keyword === 'oneOf' && c.params?.passingSchemas != null) {
    for (const s of subs) consumed.add(s);
    return {
      path,
      message: `${custom ?? 'matches more than one of the allowed forms'} (got ${describeValue(c.data)})`,
    };
  }
  if (custom !== undefined) {
    for (const s of subs) consumed.add(s);
    return { path, message: `${custom} (got ${describeValue(c.data)})` };
  }

  // Group the failures by branch; a branch that failed on the value's type is not what the user
  // meant, so only the others' errors are worth showing.
  const byBranch = new Map<string, ErrorObject[]>();
  for (const s of subs) {
    const branch = s.schemaPath.slice(prefix.length).split('/')[0] ?? '';
    const list = byBranch.get(branch) ?? [];
    list.push(s);
    byBranch.set(branch, list);
  }
  const typeFailed = (list: ErrorObject[]) =>
    list.some((e) => e.keyword === 'type' && e.instancePath === c.instancePath);
  const relevant = [...byBranch.values()].filter((list) => !typeFailed(list));

  if (relevant.length === 0) {
    const types: string[] = [];
    for (const s of subs) {
      consumed.add(s);
      if (s.keyword === 'type' && s.instancePath === c.instancePath) types.push(...typeList(s));
    }
    const wanted = types.length > 0 ? typeWords(types) : 'one of the allowed forms';
    return { path, message: `must be ${wanted} (got ${describeValue(c.data)})` };
  }
  for (const [, list] of byBranch) {
    if (typeFailed(list)) for (const s of list) consumed.add(s);
  }
  return undefined;
}

function translateOne(e: ErrorObject, root: unknown): ValidationIssue | undefined {
  const path = instancePath(e, root);
  const params = e.params as Record<string, unknown>;
  const got = ` (got ${describeValue(e.data)})`;

  // Errors about a property *name* (propertyNames) carry the name: point at that key.
  if (typeof (e as { propertyName?: unknown }).propertyName === 'string') {
    const name = (e as { propertyName: string }).propertyName;
    const custom = errorMessageOf(e.parentSchema);
    return {
      path: [...path, name],
      at: 'key',
      message: `${custom ?? `invalid key: ${e.message ?? 'not allowed'}`} (got ${JSON.stringify(name)})`,
    };
  }

  switch (e.keyword) {
    case 'propertyNames':
    case 'if':
      // Summaries of errors reported on their own.
      return undefined;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const key = String(params.additionalProperty ?? params.unevaluatedProperty);
      return {
        path: [...path, key],
        at: 'key',
        message: `unknown key ${JSON.stringify(key)}${validKeys(e.parentSchema)}`,
      };
    }
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required' };
    case 'dependentRequired':
      return {
        path: [...path, String(params.missingProperty)],
        message: `is required when ${JSON.stringify(params.property)} is set`,
      };
  }

  // A well-formed duration that is too long: say that, not the shape it already has.
  if (
    (e.keyword === 'format' && params.format === 'duration') ||
    (e.keyword === 'maximum' && (e.parentSchema as { format?: unknown })?.format === 'duration')
  ) {
    return { path, message: `${DURATION_TOO_LONG}${got}` };
  }

  const custom = errorMessageOf(e.parentSchema);
  if (custom !== undefined) return { path, message: `${custom}${got}` };

  switch (e.keyword) {
    case 'type':
      return { path, message: `must be ${typeWords(typeList(e))}${got}` };
    case 'enum':
      return {
        path,
        message: `must be one of: ${(params.allowedValues as unknown[]).map(plain).join(', ')}${got}`,
      };
    case 'const':
      return { path, message: `must be ${plain(params.allowedValue)}${got}` };
    case 'pattern':
      return { path, message: `must match the pattern ${String(params.pattern)}${got}` };
    case 'format':
      return { path, message: `must be a valid ${String(params.format)}${got}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        path,
        message: `must be ${String(params.comparison)} ${String(params.limit)}${got}`,
      };
    case 'multipleOf':
      return { path, message: `must be a multiple of ${String(params.multipleOf)}${got}` };
    case 'minLength':
      return { path, message: `must be at least ${count(params.limit, 'character')} long${got}` };
    case 'maxLength':
      return { path, message: `must be at most ${count(params.limit, 'character')} long${got}` };
    case 'minItems':
      return { path, message: `must have at least ${count(params.limit, 'item')}${got}` };
    case 'maxItems':
      return { path, message: `must have at most ${count(params.limit, 'item')}${got}` };
    case 'minProperties':
      return { path, message: `must have at least ${count(params.limit, 'key')}` };
    case 'maxProperties':
      return { path, message: `must have at most ${count(params.limit, 'key')}` };
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return { path, message: `must not repeat items (items ${first} and ${second} are the same)` };
    }
    case 'not':
    case 'false schema':
      return { path, message: `is not allowed here${got}` };
    default:
      return { path, message: `${e.message ?? 'is invalid'}${got}` };
  }
}

function instancePath(e: ErrorObject, root: unknown): (string | number)[] {
  return pointerToPath(e.instancePath, root);
}

/** A JSON pointer as path segments: numbers where the data there is a list. */
export function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const segment of pointer.slice(1).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node =
        node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : node;
    }
  }
  return path;
}

function errorMessageOf(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const message = (schema as { errorMessage?: unknown }).errorMessage;
  return typeof message === 'string' ? message : undefined;
}

function validKeys(schema: unknown): string {
  if (schema === null || typeof schema !== 'object') return '';
  const { properties, patternProperties } = schema as {
    properties?: Record<string, unknown>;
    patternProperties?: Record<string, unknown>;
  };
  const names = Object.keys(properties ?? {});
  const patterns = Object.keys(patternProperties ?? {}).map((p) => `keys matching ${p}`);
  const all = [...names, ...patterns];
  return all.length === 0 ? ' (no keys are allowed here)' : ` (valid keys: ${all.join(', ')})`;
}

function typeList(e: ErrorObject): string[] {
  const type = (e.params as { type?: unknown }).type;
  if (Array.isArray(type)) return type.map(String);
  return String(type).split(',');
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  null: 'empty',
};

function typeWords(types: readonly string[]): string {
  const unique = [...new Set(types)];
  // `integer` is implied by `number`.
  const shown = unique.includes('number') ? unique.filter((t) => t !== 'integer') : unique;
  const words = shown.map((t) => TYPE_WORDS[t] ?? t);
  if (words.length <= 1) return words[0] ?? 'valid';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function plain(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function count(limit: unknown, noun: string): string {
  return `${String(limit)} ${noun}${limit === 1 ? '' : 's'}`;
}

/** One issue per location: the first (most specific) explanation wins. */
function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.at ?? 'value'}\u0000${JSON.stringify(issue.path)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
