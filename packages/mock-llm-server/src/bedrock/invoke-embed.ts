import { randomUUID } from 'node:crypto';
import { vectorFor } from '../openai/embeddings.js';
import { countTokens } from '../tokens.js';
import type { HandlerResult } from '../types.js';
import { bedrockError } from './errors.js';
import type { InvokeOutcome } from './invoke.js';
import { missingKey } from './invoke.js';
import type { ResolvedModel } from './model-id.js';

const TITAN_V2_DIMENSIONS = [256, 512, 1024];

/**
 * Titan Text Embeddings: v2 `{inputText, dimensions?: 256|512|1024, embeddingTypes?}` →
 * `{embedding, embeddingsByType, inputTextTokenCount}`; v1 → 1536 floats, no `embeddingsByType`.
 */
export function titanEmbed(
  body: Record<string, unknown>,
  model: ResolvedModel,
): InvokeOutcome | HandlerResult {
  if (typeof body.inputText !== 'string') return missingKey('inputText');
  const v1 = model.base === 'amazon.titan-embed-text-v1';
  const dims = v1 ? 1536 : ((body.dimensions as number | undefined) ?? 1024);
  if (!v1 && !TITAN_V2_DIMENSIONS.includes(dims)) {
    return bedrockError(
      'ValidationException',
      `Malformed input request: #/dimensions: ${dims} is not a valid enum value, please reformat your input and try again.`,
    );
  }
  const embedding = Array.from(vectorFor(body.inputText, dims));
  const tokens = countTokens(body.inputText);
  return {
    inputTokens: tokens,
    outputTokens: 0,
    body: v1
      ? { embedding, inputTextTokenCount: tokens }
      : { embedding, embeddingsByType: { float: embedding }, inputTextTokenCount: tokens },
  };
}

/**
 * Cohere Embed: `{texts, input_type, embedding_types?}` → `{id, texts, embeddings,
 * response_type}`; 1024 floats (v3) or 1536 (v4). Usage only in the token-count header.
 */
export function cohereEmbed(
  body: Record<string, unknown>,
  model: ResolvedModel,
): InvokeOutcome | HandlerResult {
  const texts = body.texts;
  if (!Array.isArray(texts)) return missingKey('texts');
  if (typeof body.input_type !== 'string') return missingKey('input_type');
  const dims = model.base?.startsWith('cohere.embed-v4') ? 1536 : 1024;
  const vectors = texts.map((t) => Array.from(vectorFor(String(t), dims)));
  const byType = Array.isArray(body.embedding_types);
  return {
    inputTokens: texts.reduce((n: number, t) => n + countTokens(String(t)), 0),
    outputTokens: 0,
    body: {
      id: randomUUID(),
      texts,
      embeddings: byType ? { float: vectors } : vectors,
      response_type: byType ? 'embeddings_by_type' : 'embeddings_floats',
    },
  };
}
