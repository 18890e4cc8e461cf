import { type Dict, recordUsage, tokenCount } from '@genai-otel/instrumentation-core';
import type { Span } from '@opentelemetry/api';
import { isDict } from './converse-messages.js';

/**
 * Converse / Nova usage → the conventions' subset form. Bedrock's `inputTokens` excludes cache
 * reads and writes (total input is the three summed); `cacheDetails` splits the writes by TTL,
 * and the `1h` part is what the 1-hour price applies to.
 */
export function recordConverseUsage(span: Span, usage: unknown): void {
  if (!isDict(usage)) return;
  recordAdditiveUsage(
    span,
    usage.inputTokens,
    usage.outputTokens,
    usage.cacheReadInputTokens ?? usage.cacheReadInputTokenCount,
    usage.cacheWriteInputTokens ?? usage.cacheWriteInputTokenCount,
    oneHourWrites(usage.cacheDetails),
  );
}

/** Input that excludes the cache (Bedrock's and Anthropic's raw counts), recorded as a subset. */
export function recordAdditiveUsage(
  span: Span,
  inputValue: unknown,
  output: unknown,
  cacheReadValue?: unknown,
  cacheWriteValue?: unknown,
  cacheWrite1h?: number,
): void {
  const input = tokenCount(inputValue);
  const read = tokenCount(cacheReadValue);
  const write = tokenCount(cacheWriteValue);
  const total = input === undefined ? undefined : input + (read ?? 0) + (write ?? 0);
  recordUsage(span, total, output, read, write, cacheWrite1h);
}

function oneHourWrites(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  let sum = 0;
  for (const d of details as Dict[]) {
    const n = isDict(d) && d.ttl === '1h' ? tokenCount(d.inputTokens) : undefined;
    if (n !== undefined) sum += n;
  }
  return sum > 0 ? sum : undefined;
}
