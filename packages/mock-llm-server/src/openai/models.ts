import { fnv1a } from '../ids.js';
import type { HandlerRequest, HandlerResult } from '../types.js';
import { modelNotFound } from './errors.js';

/**
 * Aliases resolve to the dated snapshot OpenAI reports in `model`, as the real API does; models not
 * listed here are echoed back as given. Embedding models are reported as requested, as OpenAI does.
 */
export const MODEL_SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-4': 'gpt-4-0613',
  'gpt-4-turbo': 'gpt-4-turbo-2024-04-09',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  o1: 'o1-2024-12-17',
  'o1-mini': 'o1-mini-2024-09-12',
  o3: 'o3-2025-04-16',
  'o3-mini': 'o3-mini-2025-01-31',
  'o4-mini': 'o4-mini-2025-04-16',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
};

/** Default vector length per embedding model; others get 1536. */
export const EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Reasoning tokens a reasoning model spends per `reasoning_effort`; `medium` is the default. */
export const REASONING_TOKENS: Readonly<Record<string, number>> = {
  none: 0,
  minimal: 0,
  low: 16,
  medium: 64,
  high: 256,
  xhigh: 512,
};

export function snapshotOf(model: string): string {
  return MODEL_SNAPSHOTS[model] ?? model;
}

/** o-series and gpt-5 models reason (gpt-5-chat does not). */
export function isReasoningModel(model: string): boolean {
  return /^o\d/.test(model) || (/^gpt-5/.test(model) && !/^gpt-5(\.\d+)?-chat/.test(model));
}

export function reasoningTokensFor(model: string, effort: unknown): number {
  if (!isReasoningModel(model)) return 0;
  return (
    REASONING_TOKENS[typeof effort === 'string' ? effort : 'medium'] ?? REASONING_TOKENS.medium!
  );
}

/** `no-such-…` models answer 404 model_not_found; every other name is served. */
export function isUnknownModel(model: string): boolean {
  return model.startsWith('no-such-');
}

/** Stable per model, like a real backend build's fingerprint. */
export function fingerprintOf(model: string): string {
  return `fp_${fnv1a(model).toString(16).padStart(8, '0')}${(fnv1a(`${model}#`) & 0xff).toString(16).padStart(2, '0')}`;
}

const MODEL_CREATED = 1_686_935_002;

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

export function listModels(): HandlerResult {
  const ids = new Set<string>([
    ...Object.keys(MODEL_SNAPSHOTS),
    ...Object.values(MODEL_SNAPSHOTS),
    ...Object.keys(EMBEDDING_DIMENSIONS),
  ]);
  return { kind: 'json', status: 200, body: { object: 'list', data: [...ids].map(modelObject) } };
}

export function retrieveModel(req: HandlerRequest): HandlerResult {
  const id = req.params.model ?? '';
  if (isUnknownModel(id)) return modelNotFound(id);
  return { kind: 'json', status: 200, body: modelObject(id) };
}
