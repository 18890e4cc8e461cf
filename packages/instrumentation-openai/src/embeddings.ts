import type { ApiHandler, Dict, StreamAccumulator } from '@genai-otel/instrumentation-core';
import { setString } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import { recordUsage } from './usage.js';

const FLOAT32_BYTES = 4;

/** Length of an embedding: a number array, or base64 of little-endian float32s. */
function dimensionCount(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding !== 'string') return undefined;
  const padding = embedding.endsWith('==') ? 2 : embedding.endsWith('=') ? 1 : 0;
  return ((embedding.length * 3) / 4 - padding) / FLOAT32_BYTES;
}

const NO_STREAM: StreamAccumulator = {
  onChunk: () => false,
  finish: () => {},
};

/** `embeddings.create`. */
export const embeddings: ApiHandler = {
  operation: GEN_AI_OPERATION.EMBEDDINGS,

  requestAttributes(params, attrs) {
    if (typeof params.encoding_format === 'string') {
      attrs[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [params.encoding_format];
    }
  },

  onResult(span, result) {
    if (result === null || typeof result !== 'object') return;
    const r = result as Dict;
    setString(span, ATTR_GEN_AI_RESPONSE_MODEL, r.model);
    recordUsage(span, r.usage);
    const first = Array.isArray(r.data) ? (r.data[0] as Dict | undefined) : undefined;
    if (first !== null && typeof first === 'object') {
      const count = dimensionCount(first.embedding);
      if (count !== undefined) span.setAttribute(ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, count);
    }
  },

  newAccumulator() {
    return NO_STREAM;
  },
};
