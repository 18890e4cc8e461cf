import { fnv1a } from '../ids.js';
import { countTokens } from '../tokens.js';
import type { HandlerRequest, HandlerResult } from '../types.js';
import { missingModel, missingParameter, modelNotFound, openAIError } from './errors.js';
import { EMBEDDING_DIMENSIONS, isUnknownModel } from './models.js';

const DEFAULT_DIMENSIONS = 1536;

interface EmbeddingsRequest {
  model?: unknown;
  input?: unknown;
  dimensions?: number;
  encoding_format?: 'float' | 'base64';
}

/**
 * `POST /v1/embeddings`. Each vector is derived from a hash of its input (same input, same
 * vector), has unit length like OpenAI's, and holds float32 values so the `float` and `base64`
 * encodings decode to identical numbers.
 */
export function embeddings(req: HandlerRequest): HandlerResult {
  const body = req.body as EmbeddingsRequest;
  if (typeof body.model !== 'string' || body.model === '') return missingModel();
  if (body.input === undefined || body.input === null) return missingParameter('input');
  const model = body.model;
  if (isUnknownModel(model)) return modelNotFound(model);
  if (body.dimensions !== undefined && model === 'text-embedding-ada-002') {
    return openAIError(
      400,
      'This model does not support specifying dimensions.',
      'invalid_request_error',
      'dimensions',
    );
  }
  const inputs = normalizeInput(body.input);
  if (inputs.length === 0) {
    return openAIError(400, "'$.input' is invalid.", 'invalid_request_error', 'input');
  }
  const dims =
    typeof body.dimensions === 'number' && body.dimensions > 0
      ? Math.floor(body.dimensions)
      : (EMBEDDING_DIMENSIONS[model] ?? DEFAULT_DIMENSIONS);
  const base64 = body.encoding_format === 'base64';
  let tokens = 0;
  const data = inputs.map((input, index) => {
    tokens += input.tokens;
    const vector = vectorFor(input.key, dims);
    return {
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector),
    };
  });
  return {
    kind: 'json',
    status: 200,
    body: { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } },
  };
}

/** string | string[] | token ids (number[]) | number[][]; token ids count one token each. */
function normalizeInput(input: unknown): { key: string; tokens: number }[] {
  if (typeof input === 'string') return [{ key: input, tokens: countTokens(input) }];
  if (!Array.isArray(input) || input.length === 0) return [];
  if (input.every((v) => typeof v === 'number')) {
    return [{ key: `#${input.join(',')}`, tokens: input.length }];
  }
  return input.map((v) =>
    Array.isArray(v)
      ? { key: `#${v.join(',')}`, tokens: v.length }
      : { key: String(v), tokens: countTokens(String(v)) },
  );
}

/** Unit-length float32 vector from a mulberry32 stream seeded by the input's hash. */
export function vectorFor(text: string, dims: number): Float32Array {
  let seed = fnv1a(text);
  const out = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const v = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    out[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dims; i++) out[i] = out[i]! * scale;
  return out;
}
