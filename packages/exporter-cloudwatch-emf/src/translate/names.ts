/**
 * CloudWatch's naming rules, applied to whatever OpenTelemetry hands us: a bad name would make
 * CloudWatch drop the whole event's metrics, so names are repaired rather than passed through.
 */

/** CloudWatch limits, from the EMF specification and PutMetricData. */
export const LIMITS = {
  namespaceLength: 256,
  metricNameLength: 255,
  dimensionNameLength: 250,
  dimensionValueLength: 1024,
  dimensionsPerSet: 30,
  metricsPerDirective: 100,
  valuesPerMetric: 100,
} as const;

export const NAMESPACE_PATTERN = '^(?=.*\\S)[a-zA-Z0-9 ._#:/-]+$';

/** `_aws` is EMF's metadata; `__proto__` cannot be a plain JSON member name in JavaScript. */
const RESERVED: ReadonlySet<string> = new Set(['_aws', '__proto__']);

const NAMESPACE_BAD = /[^a-zA-Z0-9 ._#:/-]/g;
// Printable ASCII only: CloudWatch rejects control characters and is ASCII-only for dimensions.
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/g;

/** A namespace CloudWatch accepts: invalid characters become `_`, cut at 256 characters. */
export function toNamespace(raw: string): string {
  const cleaned = raw.replace(NAMESPACE_BAD, '_').slice(0, LIMITS.namespaceLength);
  return cleaned.trim() === '' ? 'default' : cleaned;
}

/**
 * A metric name CloudWatch accepts (1–255 printable ASCII characters), or undefined when nothing
 * usable is left. `_aws` is the EMF metadata key and can never be a metric.
 */
export function toMetricName(raw: string): string | undefined {
  const name = raw.replace(NOT_PRINTABLE_ASCII, '_').slice(0, LIMITS.metricNameLength);
  if (name.trim() === '' || RESERVED.has(name)) return undefined;
  return name;
}

/** A dimension name (≤ 250 printable ASCII, not starting with `:`), or undefined. */
export function toDimensionName(raw: string): string | undefined {
  let name = raw.replace(NOT_PRINTABLE_ASCII, '_');
  if (name.startsWith(':')) name = `_${name.slice(1)}`;
  name = name.slice(0, LIMITS.dimensionNameLength);
  if (name.trim() === '' || RESERVED.has(name)) return undefined;
  return name;
}

// Printable ASCII with at least one non-space: the common case, checked without allocating.
const PLAIN_VALUE = /^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$/;

/** A dimension value (≤ 1024 printable ASCII, not blank), or undefined. */
export function toDimensionValue(raw: string): string | undefined {
  if (raw.length <= LIMITS.dimensionValueLength && PLAIN_VALUE.test(raw)) return raw;
  const value = raw.replace(NOT_PRINTABLE_ASCII, '_').slice(0, LIMITS.dimensionValueLength);
  return value.trim() === '' ? undefined : value;
}
