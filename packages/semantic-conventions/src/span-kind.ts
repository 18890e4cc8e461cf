/**
 * How a finished GenAI span is read by every connector that turns spans into other signals
 * (`genai_metrics`, `genai_events`): which operations are model calls, and what the span's error
 * type is. One rule, so a span counts as the same call and the same error in metrics and logs.
 */
import { ERROR_TYPE_OTHER, GEN_AI_OPERATION } from './values.js';

/** Operations that are one call to a model (what tokens, cost and `genai_cost`'s owner mark apply to). */
export const GEN_AI_INFERENCE_OPERATIONS: ReadonlySet<string> = new Set<string>([
  GEN_AI_OPERATION.CHAT,
  GEN_AI_OPERATION.TEXT_COMPLETION,
  GEN_AI_OPERATION.GENERATE_CONTENT,
  GEN_AI_OPERATION.EMBEDDINGS,
]);

/**
 * A span's error type: its `error.type` when it says something, `_OTHER` when it has none but
 * its status is ERROR, else undefined (an empty `error.type` says nothing: the status decides).
 */
export function spanErrorType<T>(
  errorType: T | undefined,
  failed: boolean,
): T | string | undefined {
  if (errorType === undefined || errorType === '') return failed ? ERROR_TYPE_OTHER : undefined;
  return errorType;
}
