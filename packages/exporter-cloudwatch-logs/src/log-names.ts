/**
 * CloudWatch Logs' rules for log group and log stream names. A name the service refuses fails
 * every PutLogEvents for it (InvalidParameterException) and makes the CloudWatch agent drop the
 * events, so a name built from data — the namespace, a resource attribute behind a placeholder —
 * is repaired, and a name written in the config is checked by `validate()`.
 */

/** Retention periods CloudWatch Logs accepts (days); 0 = never expire. */
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
  3288, 3653,
] as const;

/** Both kinds of name: 1–512 characters. */
export const LOG_NAME_MAX_LENGTH = 512;

/** The service's pattern for log group names (`[\.\-_/#A-Za-z0-9]+`). */
export const LOG_GROUP_NAME_PATTERN = '^[.\\-_/#A-Za-z0-9]+$';

/** The service's pattern for log stream names (`[^:*]*`, at least one character). */
export const LOG_STREAM_NAME_PATTERN = '^[^:*]+$';

/** The log stream when `log_stream_name` is empty. */
export const DEFAULT_LOG_STREAM_NAME = 'otel-stream';

const GROUP_BAD = /[^.\-_/#A-Za-z0-9]/g;
const STREAM_BAD = /[:*]/g;

/** A log group name the service accepts: each other character becomes `_`, cut at 512. */
export function toLogGroupName(raw: string): string {
  const name = raw.replace(GROUP_BAD, '_').slice(0, LOG_NAME_MAX_LENGTH);
  return name === '' ? '_' : name;
}

/** A log stream name the service accepts: `:` and `*` become `_`, cut at 512. */
export function toLogStreamName(raw: string): string {
  const name = raw.replace(STREAM_BAD, '_').slice(0, LOG_NAME_MAX_LENGTH);
  return name === '' ? '_' : name;
}

export type LogNameKind = 'group' | 'stream';

/**
 * What is wrong with a configured name, placeholders aside (their values are repaired when
 * substituted), or undefined. `placeholders` are the known `{Name}`s.
 */
export function logNameProblem(
  kind: LogNameKind,
  template: string,
  placeholders: readonly string[] = [],
): string | undefined {
  const unknown = [...template.matchAll(/\{(\w*)\}/g)]
    .map((m) => m[1] as string)
    .filter((name) => !placeholders.includes(name));
  if (unknown.length > 0 && placeholders.length === 0) {
    return `has a placeholder {${unknown[0]}}, which this name does not take (got ${JSON.stringify(template)})`;
  }
  if (unknown.length > 0) {
    return `has an unknown placeholder {${unknown[0]}} (known: ${placeholders.map((p) => `{${p}}`).join(', ')})`;
  }
  const literal = template.replace(/\{\w+\}/g, '');
  const bad = [...new Set(literal.match(kind === 'group' ? GROUP_BAD : STREAM_BAD) ?? [])];
  if (bad.length > 0) {
    const allowed =
      kind === 'group' ? 'letters, digits and . - _ / #' : 'any character but : and *';
    return `contains ${bad.map((c) => JSON.stringify(c)).join(', ')}, not allowed in a CloudWatch Logs log ${kind} name (allowed: ${allowed}) (got ${JSON.stringify(template)})`;
  }
  if (kind === 'group' && template.startsWith('aws/')) {
    return `must not start with "aws/": CloudWatch Logs reserves it for AWS services (got ${JSON.stringify(template)})`;
  }
  return undefined;
}
