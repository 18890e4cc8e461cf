import {
  type ApiHandler,
  type Dict,
  putNumber,
  recordUsage,
  setNumber,
} from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Span } from '@opentelemetry/api';

function isDict(value: unknown): value is Dict {
  return value !== null && typeof value === 'object';
}

/**
 * The input tokens of an embedding response: Vertex AI's `usageMetadata.promptTokenCount`
 * (`:embedContent`), else the sum of its per-embedding `statistics.tokenCount` (`:predict`).
 * The Gemini API reports none.
 */
function inputTokens(result: Dict): unknown {
  if (isDict(result.usageMetadata) && result.usageMetadata.promptTokenCount != null)
    return result.usageMetadata.promptTokenCount;
  if (!Array.isArray(result.embeddings)) return undefined;
  let sum: number | undefined;
  for (const e of result.embeddings) {
    const count = isDict(e) && isDict(e.statistics) ? e.statistics.tokenCount : undefined;
    if (typeof count === 'number') sum = (sum ?? 0) + count;
  }
  return sum;
}

/** `Models.embedContentInternal`: behind `models.embedContent`. */
export const embedContent: ApiHandler = {
  operation: GEN_AI_OPERATION.EMBEDDINGS,

  requestAttributes(params, attrs) {
    const config = isDict(params.config) ? params.config : undefined;
    putNumber(attrs, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, config?.outputDimensionality);
  },

  onResult(span: Span, result: unknown) {
    if (!isDict(result)) return;
    const first = Array.isArray(result.embeddings) ? result.embeddings[0] : undefined;
    if (isDict(first) && Array.isArray(first.values))
      setNumber(span, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, first.values.length);
    const input = inputTokens(result);
    if (input !== undefined) recordUsage(span, input, undefined);
  },

  newAccumulator() {
    // Never streamed.
    return { onChunk: () => false, finish() {} };
  },
};
