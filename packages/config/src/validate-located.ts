import { type Path, pathKey } from './positions.js';
import { pointerToPath, translateSchemaErrors } from './schema-messages.js';
import { runSchema } from './schema-validator.js';
import type { ValidationIssue } from './types.js';
import type { LocatedIssue, ParsedDocument } from './yaml-document.js';

/**
 * Validates the value found at `base` in the document. A value that came whole from `${env:…}`
 * was given its YAML type (`4318` → number); where the schema wants a string there, the variable's
 * own text is used instead and the value validated again, so `api_key: ${env:KEY}` with KEY=0123
 * stays "0123" — the collector's rule.
 */
export function validateAt(
  schema: object,
  value: unknown,
  base: Path,
  doc: ParsedDocument,
): { value: unknown; issues: ValidationIssue[] } {
  let current = value;
  for (;;) {
    const errors = runSchema(schema, current);
    if (errors.length === 0) return { value: current, issues: [] };
    let changed = false;
    for (const error of errors) {
      if (error.keyword !== 'type' || typeof error.data === 'string') continue;
      const wanted = (error.params as { type?: unknown }).type;
      if (!(Array.isArray(wanted) ? wanted.includes('string') : wanted === 'string')) continue;
      const rel = pointerToPath(error.instancePath, current);
      const text = doc.substitutions.get(pathKey([...base, ...rel]));
      if (text === undefined) continue;
      current = setAt(current, rel, text);
      // Each substitution is reverted at most once.
      doc.substitutions.delete(pathKey([...base, ...rel]));
      changed = true;
    }
    if (!changed) return { value: current, issues: translateSchemaErrors(errors, current) };
  }
}

/** Positions issues whose paths are relative to `base`. */
export function locate(
  issues: readonly ValidationIssue[],
  base: Path,
  doc: ParsedDocument,
): LocatedIssue[] {
  return issues.map((issue) => {
    const path = [...base, ...issue.path];
    const { line, column } = doc.positions.locate(path, issue.at ?? 'value');
    return { path, message: issue.message, line, column };
  });
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return root;
}
