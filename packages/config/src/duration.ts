/**
 * Durations as the collector writes them (Go's `time.ParseDuration`: `200ms`, `5s`, `1m30s`,
 * `1.5h`) or a plain number of milliseconds.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * The longest duration a setting may hold: 2^31-1 ms (24.8 days), the longest a Node.js timer
 * waits — past it `setTimeout` fires at once, so `timeout: 99999999999h` would mean "no wait".
 */
export const MAX_DURATION_MS = 2_147_483_647;

/** The error of a duration over `MAX_DURATION_MS`. */
export const DURATION_TOO_LONG =
  'must be at most 596h31m23.647s (2147483647 ms, 24.8 days: the longest a timer can wait)';

/** Anchored pattern of a duration string (a sequence of `<number><unit>`, or `0`). */
export const DURATION_PATTERN = '^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$';

const DURATION_RE = new RegExp(DURATION_PATTERN, 'u');
const PART_RE = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/gu;

/**
 * JSON Schema of a duration setting. Components use it as a property schema
 * (`timeout: durationSchema`); validation failures read
 * `must be a duration like "5s" or a number of milliseconds (got "fast")`.
 * `errorMessage` is understood by this package and by VS Code's YAML/JSON language servers.
 */
export const durationSchema = {
  type: ['string', 'number'],
  pattern: DURATION_PATTERN,
  // The `duration` format checks a string's length against MAX_DURATION_MS, `maximum` a number's.
  format: 'duration',
  minimum: 0,
  maximum: MAX_DURATION_MS,
  errorMessage: 'must be a duration like "5s" or a number of milliseconds',
  description: 'A duration such as "200ms", "5s", "1m30s" or "1h", or a number of milliseconds.',
} as const;

/**
 * Milliseconds of a duration. Accepts what `durationSchema` accepts; throws a `RangeError` naming
 * the value otherwise, so a component that skipped validation still fails loudly.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS) return value;
    throw new RangeError(
      value > MAX_DURATION_MS
        ? `invalid duration ${value}: ${DURATION_TOO_LONG}`
        : `invalid duration ${value}: must be a non-negative number of milliseconds`,
    );
  }
  if (typeof value !== 'string' || !DURATION_RE.test(value)) {
    throw new RangeError(
      `invalid duration ${JSON.stringify(value)}: must be like "200ms", "5s", "1m" or "1h"`,
    );
  }
  const total = durationMs(value);
  if (total > MAX_DURATION_MS) {
    throw new RangeError(`invalid duration ${JSON.stringify(value)}: ${DURATION_TOO_LONG}`);
  }
  return total;
}

/** Milliseconds of a string that matches DURATION_PATTERN, however large. */
function durationMs(value: string): number {
  if (value === '0') return 0;
  let total = 0;
  for (const match of value.matchAll(PART_RE)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  // Fractions like `1.1s` would otherwise surface float noise (1100.0000000000002).
  return Math.round(total * 1e6) / 1e6;
}

/**
 * The `duration` format: a string that is a duration no longer than MAX_DURATION_MS. A string of
 * another shape passes here: the schema's `pattern` already says what is wrong with it.
 */
export function isDurationWithinLimit(value: string): boolean {
  return !DURATION_RE.test(value) || durationMs(value) <= MAX_DURATION_MS;
}
