import { type Dict, recordUsage as record, tokenCount } from '@genai-otel/instrumentation-core';
import type { Span } from '@opentelemetry/api';

/** A count that is part of a sum: absent is 0 (proto3 JSON drops zeros), invalid spoils the sum. */
function part(value: unknown): number {
  return value == null ? 0 : (tokenCount(value) ?? Number.NaN);
}

/**
 * Gemini's `usageMetadata` in the conventions' subset form:
 * - input = `promptTokenCount` + `toolUsePromptTokenCount`: the prompt already includes the
 *   cached tokens; the tool-use prompt (what built-in tools such as Google Search fed back to the
 *   model) is counted apart by Gemini but is input the model read, billed at the input rate, and
 *   part of `totalTokenCount`;
 * - cache read = `cachedContentTokenCount` (inside the input);
 * - output = `candidatesTokenCount` + `thoughtsTokenCount`: Gemini counts thoughts apart from the
 *   candidates and bills them as output; reasoning = `thoughtsTokenCount` (inside the output), so
 *   genai_cost prices them once, at the output rate, with no `additive_reasoning_scopes` entry.
 * An invalid count leaves its sum out (the core drops NaN); the other counts are still recorded.
 */
export function recordUsage(span: Span, usage: unknown): void {
  if (usage === null || typeof usage !== 'object') return;
  const u = usage as Dict;
  const input =
    u.promptTokenCount == null && u.toolUsePromptTokenCount == null
      ? undefined
      : part(u.promptTokenCount) + part(u.toolUsePromptTokenCount);
  // Gemini leaves `candidatesTokenCount` out when nothing was generated: still 0 output.
  const output = part(u.candidatesTokenCount) + part(u.thoughtsTokenCount);
  record(
    span,
    input,
    output,
    u.cachedContentTokenCount ?? undefined,
    undefined,
    undefined,
    u.thoughtsTokenCount ?? undefined,
  );
}
