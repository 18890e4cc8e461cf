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
  const own: string[] = [];
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
    if (values[key] === undefined) own.push(key);
    values[key] = value;
  }
  const keys =
    base || own.length !== Object.keys(values).length ? Object.keys(values).sort() : sorted(own);
  if (keys.length === 0) return NO_LABELS;
  let key = '';
  for (const k of keys) key += `${k}\u0001${values[k]}\u0002`;
  return { keys, values, key };
}

// Attribute names repeat endlessly (a handful per instrument): each is repaired once. Bounded
// against unbounded key sets.
const NAME_CACHE_LIMIT = 4096;
const names = new Map<string, string | null>();

function dimensionName(raw: string): string | undefined {
  let hit = names.get(raw);
  if (hit === undefined) {
    hit = toDimensionName(raw) ?? null;
    if (names.size >= NAME_CACHE_LIMIT) names.clear();
    names.set(raw, hit);
  }
  return hit ?? undefined;
}

/** In place; a few keys, usually already in order: insertion sort beats `Array#sort` here. */
function sorted(keys: string[]): string[] {
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
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
