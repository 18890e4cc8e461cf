import { type Dict, recordUsage as record, tokenCount } from '@genai-otel/instrumentation-core';
import type { Span } from '@opentelemetry/api';

function num(value: unknown): number {
  return tokenCount(value) ?? 0;
}

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

/**
 * Anthropic's usage in the conventions' subset form. The API's `input_tokens` is only the
 * uncached part: the conventions' input is `input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens`. Cache writes split by TTL (`cache_creation.ephemeral_1h_input_tokens`
 * is the 1-hour part, priced apart); thinking tokens (`output_tokens_details.thinking_tokens`)
 * are part of `output_tokens` already.
 */
export function recordUsage(span: Span, usage: unknown): void {
  if (!isDict(usage)) return;
  const raw = usage.input_tokens;
  const cacheRead = usage.cache_read_input_tokens;
  const split = isDict(usage.cache_creation) ? usage.cache_creation : undefined;
  const write1h = split?.ephemeral_1h_input_tokens;
  let cacheWrite = usage.cache_creation_input_tokens;
  if (typeof cacheWrite !== 'number' && split !== undefined)
    cacheWrite = num(split.ephemeral_5m_input_tokens) + num(write1h);
  // Only a numeric uncached count makes an input total; the core checks every count.
  const input = typeof raw === 'number' ? raw + num(cacheRead) + num(cacheWrite) : undefined;
  const thinking = isDict(usage.output_tokens_details)
    ? usage.output_tokens_details.thinking_tokens
    : undefined;
  record(
    span,
    input,
    usage.output_tokens,
    cacheRead ?? undefined,
    cacheWrite ?? undefined,
    write1h ?? undefined,
    thinking ?? undefined,
  );
}

/** A stream's usage so far: `message_delta` carries cumulative totals that overwrite, never add. */
export function mergeUsage(into: Dict | undefined, delta: unknown): Dict | undefined {
  if (!isDict(delta)) return into;
  const merged: Dict = { ...into };
  for (const [key, value] of Object.entries(delta)) if (value != null) merged[key] = value;
  return merged;
}
