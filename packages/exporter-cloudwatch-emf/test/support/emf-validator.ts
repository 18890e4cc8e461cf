/**
 * Validates an EMF event against test/emf.schema.json (written from the EMF specification), with
 * the cross-references a fixed schema cannot state — every dimension a directive names is a root
 * string, every metric it names is a root number, array or statistic set — added as a schema
 * derived per document from the same definitions.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const base = JSON.parse(readFileSync(new URL('../emf.schema.json', import.meta.url), 'utf8')) as {
  $id: string;
};
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(base);
const validateBase = ajv.getSchema(base.$id) as ValidateFunction;
const derived = new Map<string, ValidateFunction>();

export function emfErrors(line: string): string[] {
  let doc: {
    _aws?: { CloudWatchMetrics?: { Dimensions?: string[][]; Metrics?: { Name: string }[] }[] };
  };
  try {
    doc = JSON.parse(line);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (line.includes('\n')) return ['an event must be one line'];
  if (!validateBase(doc))
    return ajv.errorsText(validateBase.errors, { separator: '\n' }).split('\n');
  const dims = new Set<string>();
  const metrics = new Set<string>();
  for (const d of doc._aws?.CloudWatchMetrics ?? []) {
    for (const set of d.Dimensions ?? []) for (const k of set) dims.add(k);
    for (const m of d.Metrics ?? []) metrics.add(m.Name);
  }
  const problems: string[] = [];
  for (const m of metrics) if (dims.has(m)) problems.push(`${m} is both a dimension and a metric`);
  if (dims.has('_aws') || metrics.has('_aws'))
    problems.push('_aws cannot be a dimension or metric');
  const key = `${[...dims].sort().join('\u0001')}\u0000${[...metrics].sort().join('\u0001')}`;
  let check = derived.get(key);
  if (!check) {
    const properties: Record<string, object> = {};
    for (const d of dims) properties[d] = { $ref: `${base.$id}#/$defs/DimensionValue` };
    for (const m of metrics) properties[m] = { $ref: `${base.$id}#/$defs/MetricValue` };
    check = ajv.compile({ type: 'object', required: [...dims, ...metrics], properties });
    derived.set(key, check);
  }
  if (!check(doc)) problems.push(...ajv.errorsText(check.errors, { separator: '\n' }).split('\n'));
  return problems;
}
