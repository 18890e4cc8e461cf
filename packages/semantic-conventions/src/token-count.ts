/**
 * What a token count can be. The conventions' `gen_ai.usage.*` counts are non-negative integers;
 * a provider (or a span received from another service) can still send -5, 12.5, NaN or 1e300,
 * and one such value would poison every cost sum and token histogram downstream. Every reader of
 * counts (pricing, metrics, the instrumentation core) uses this one rule.
 */

/**
 * The largest count taken as real: a billion tokens in one span, about a hundred times the
 * largest context window offered today (10M) — an agent span summing its calls stays far below.
 */
export const MAX_TOKEN_COUNT = 1_000_000_000;

/** True when `value` is a usable token count: a safe integer from 0 to `MAX_TOKEN_COUNT`. */
export function isValidTokenCount(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= 0 &&
    value <= MAX_TOKEN_COUNT
  );
}
