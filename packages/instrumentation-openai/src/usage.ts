import {
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import type { Attributes, Span } from '@opentelemetry/api';
import type { Dict } from './internal-types.js';

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

function detail(details: unknown, key: string): unknown {
  return details !== null && typeof details === 'object' ? (details as Dict)[key] : undefined;
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
    setNumber(
      span,
      ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      detail(u.input_tokens_details, 'cached_tokens'),
    );
    setNumber(
      span,
      ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      detail(u.output_tokens_details, 'reasoning_tokens'),
    );
    return;
  }
  setNumber(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.prompt_tokens);
  setNumber(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.completion_tokens);
  setNumber(
    span,
    ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
    detail(u.prompt_tokens_details, 'cached_tokens'),
  );
  setNumber(
    span,
    ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
    detail(u.completion_tokens_details, 'reasoning_tokens'),
  );
}
