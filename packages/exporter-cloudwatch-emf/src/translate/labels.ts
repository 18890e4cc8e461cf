import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { toDimensionName, toDimensionValue } from './names.js';

/** A data point's attributes as CloudWatch dimension candidates: valid names, string values. */
export interface Labels {
  /** Names in sorted order: dimension sets and the grouping key are built from it. */
  readonly keys: readonly string[];
  readonly values: Readonly<Record<string, string>>;
  /** Identity of the label set (sorted name/value pairs), used to group and to key delta state. */
  readonly key: string;
}

export const NO_LABELS: Labels = { keys: [], values: {}, key: '' };

/** What the caller wants to know about labels it had to drop. */
export type LabelIssue = (attribute: string, reason: string) => void;

/**
 * Point attributes over resource attributes (when converted), as strings: arrays and other
 * non-strings are JSON-encoded the way the collector's `AsString` does. Attributes whose name or
 * value cannot be a CloudWatch dimension (blank, `_aws`) are dropped and reported.
 */
export function toLabels(
  attributes: Attributes,
  base: Readonly<Record<string, string>> | undefined,
  onIssue: LabelIssue,
): Labels {
  const values: Record<string, string> = base ? { ...base } : {};
  let names = '';
  for (const name in attributes) {
    const raw = attributes[name];
    if (raw === undefined || raw === null) continue;
    const key = dimensionName(name);
    if (key === undefined) {
      onIssue(name, 'its name is not a valid CloudWatch dimension name');
      continue;
    }
    const value = toDimensionValue(typeof raw === 'string' ? raw : stringify(raw));
    if (value === undefined) {
      onIssue(name, 'its value is blank');
      delete values[key];
      continue;
    }
    values[key] = value;
    names += `${key}\u0000`;
  }
  const keys = base ? Object.keys(values).sort() : sortedNames(names, values);
  if (keys.length === 0) return NO_LABELS;
  let key = '';
  for (const k of keys) key += `${k}\u0001${values[k]}\u0002`;
  return { keys, values, key };
}

// Attribute names repeat endlessly (a handful per instrument): repairing and sorting them is done
// once per distinct name / name list. Both caches are bounded against unbounded key sets.
const NAME_CACHE_LIMIT = 4096;
const names = new Map<string, string | null>();
const orders = new Map<string, readonly string[]>();

function dimensionName(raw: string): string | undefined {
  let hit = names.get(raw);
  if (hit === undefined) {
    hit = toDimensionName(raw) ?? null;
    if (names.size >= NAME_CACHE_LIMIT) names.clear();
    names.set(raw, hit);
  }
  return hit ?? undefined;
}

function sortedNames(list: string, values: Record<string, string>): string[] {
  let hit = orders.get(list);
  if (hit === undefined) {
    hit = Object.keys(values).sort();
    if (orders.size >= NAME_CACHE_LIMIT) orders.clear();
    orders.set(list, hit);
  }
  // A later blank value may have removed a name after it was listed.
  return hit.length === Object.keys(values).length ? (hit as string[]) : Object.keys(values).sort();
}

/** Resource attributes prepared once per export for `resource_to_telemetry_conversion`. */
export function resourceLabels(
  attributes: Attributes,
  onIssue: LabelIssue,
): Record<string, string> {
  return { ...toLabels(attributes, undefined, onIssue).values };
}

function stringify(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
