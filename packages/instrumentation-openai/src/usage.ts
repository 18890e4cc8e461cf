import type { Dict } from '@genai-otel/instrumentation-core';
import { recordUsage as record } from '@genai-otel/instrumentation-core';
import type { Span } from '@opentelemetry/api';

function detail(details: unknown, field: string): unknown {
  return details !== null && typeof details === 'object' ? (details as Dict)[field] : undefined;
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
    record(
      span,
      u.input_tokens,
      u.output_tokens,
      detail(u.input_tokens_details, 'cached_tokens'),
      undefined,
      undefined,
      detail(u.output_tokens_details, 'reasoning_tokens'),
    );
    return;
  }
  record(
    span,
    u.prompt_tokens,
    u.completion_tokens,
    detail(u.prompt_tokens_details, 'cached_tokens'),
    undefined,
    undefined,
    detail(u.completion_tokens_details, 'reasoning_tokens'),
  );
}
