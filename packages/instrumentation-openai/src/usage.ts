import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import type { Dict } from './internal-types.js';

// Response attributes go straight to the span, one `setAttribute` each: the SDK's
// `setAttributes` is a loop over `setAttribute`, so gathering them into a record first only
// adds an object per call.

/** Sets `key` when `value` is a number: request params and responses are read, not trusted. */
export function putNumber(attrs: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number') attrs[key] = value;
}

export function setNumber(span: Span, key: string, value: unknown): void {
  if (typeof value === 'number') span.setAttribute(key, value);
}

export function setString(span: Span, key: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') span.setAttribute(key, value);
}

/**
 * A usage detail count, only when the API reported more than zero: absent means none reported
 * or zero. Most calls have neither cached nor reasoning tokens, and every attribute costs the
 * SDK's checks and the exporter's serialisation.
 */
function setDetail(span: Span, key: string, details: unknown, field: string): void {
  if (details === null || typeof details !== 'object') return;
  const value = (details as Dict)[field];
  if (typeof value === 'number' && value > 0) span.setAttribute(key, value);
}

/**
 * Token usage of chat completions and embeddings (`prompt_tokens`…) or of the Responses API
 * (`input_tokens`…). OpenAI's counts already follow the conventions' subset rule: cached tokens
 * are part of the input, reasoning tokens part of the output.
 */
export function recordUsage(span: Span, usage: unknown): void {
  if (usage === null || typeof usage !== 'object') return;
  const u = usage as Dict;
  if (u.input_tokens !== undefined || u.output_tokens !== undefined) {
    setNumber(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.input_tokens);
    setNumber(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.output_tokens);
    setDetail(
      span,
      ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      u.input_tokens_details,
      'cached_tokens',
    );
    setDetail(
      span,
      ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      u.output_tokens_details,
      'reasoning_tokens',
    );
    return;
  }
  setNumber(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.prompt_tokens);
  setNumber(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.completion_tokens);
  setDetail(
    span,
    ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
    u.prompt_tokens_details,
    'cached_tokens',
  );
  setDetail(
    span,
    ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
    u.completion_tokens_details,
    'reasoning_tokens',
  );
}
