import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  isValidTokenCount,
} from '@genai-otel/semantic-conventions';
import { writeAttribute } from '@genai-otel/span-attributes';
import type { Attributes, Span } from '@opentelemetry/api';

// Response attributes go straight to the span, one write each: gathering them into a record
// first only adds an object per call. `writeAttribute` leaves the span as `setAttribute` would,
// without the SDK's per-value checks, which these values (checked here) do not need.

/** Sets `key` when `value` is a number: request params and responses are read, not trusted. */
export function putNumber(attrs: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number') attrs[key] = value;
}

export function setNumber(span: Span, key: string, value: unknown): void {
  if (typeof value === 'number') writeAttribute(span, key, value);
}

export function setString(span: Span, key: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') writeAttribute(span, key, value);
}

/**
 * A provider's token count as the span may carry it, by the project's one validity rule
 * (`isValidTokenCount` of `@genai-otel/semantic-conventions`, which genai_cost and genai_metrics
 * apply too): a whole number from 0 to `MAX_TOKEN_COUNT` (10⁹). Negative, fractional, NaN,
 * infinite, absurdly large or non-number values give `undefined`, and are never copied onto a span.
 */
export function tokenCount(value: unknown): number | undefined {
  return isValidTokenCount(value) ? value : undefined;
}

function setCount(span: Span, key: string, value: number | undefined): void {
  if (value !== undefined) writeAttribute(span, key, value);
}

/**
 * A detail count only when more than zero: absent means none reported or zero. Most calls have
 * neither cache nor reasoning tokens, and every attribute costs the SDK's checks and the
 * exporter's serialisation.
 */
function setDetail(span: Span, key: string, value: number | undefined): void {
  if (value !== undefined && value > 0) writeAttribute(span, key, value);
}

/**
 * The ONE usage normalisation every provider ends in. A provider handler reads its API's usage
 * object and passes the counts in the conventions' SUBSET form: `input` includes cache reads and
 * writes, `output` includes reasoning, `cacheWrite1h` is the part of `cacheWrite` written to a
 * 1-hour cache (the rest a 5-minute one). Positional, so a call allocates nothing.
 *
 * Every count goes through `tokenCount`: an invalid one is left out and the others are still
 * recorded. Details are recorded only above zero, and never above the total they are part of (a
 * cache count above its input says the counts are not what the handler thinks they are).
 */
export function recordUsage(
  span: Span,
  inputValue: unknown,
  outputValue: unknown,
  cacheReadValue?: unknown,
  cacheWriteValue?: unknown,
  cacheWrite1hValue?: unknown,
  reasoningValue?: unknown,
): void {
  const input = tokenCount(inputValue);
  const output = tokenCount(outputValue);
  setCount(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, input);
  setCount(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, output);
  if (cacheReadValue !== undefined || cacheWriteValue !== undefined) {
    const cacheRead = tokenCount(cacheReadValue);
    const cacheWrite = tokenCount(cacheWriteValue);
    if (input === undefined || (cacheRead ?? 0) + (cacheWrite ?? 0) <= input) {
      setDetail(span, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
      setDetail(span, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrite);
      const write1h = tokenCount(cacheWrite1hValue);
      if (write1h !== undefined && (cacheWrite === undefined || write1h <= cacheWrite))
        setDetail(span, ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS, write1h);
    }
  }
  if (reasoningValue !== undefined) {
    const reasoning = tokenCount(reasoningValue);
    if (output === undefined || (reasoning ?? 0) <= output)
      setDetail(span, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
  }
}
