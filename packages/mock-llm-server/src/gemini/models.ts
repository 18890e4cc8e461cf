import { REASONING_TOKENS } from '../openai/models.js';

/**
 * `modelVersion` Gemini reports for an alias; other models are echoed as given. Vertex AI reports
 * the pinned `-001` versions of the 2.0 models, the Gemini API the name as asked.
 */
export const GEMINI_MODEL_VERSIONS: Readonly<Record<string, string>> = {
  'gemini-flash-latest': 'gemini-2.5-flash',
  'gemini-flash-lite-latest': 'gemini-2.5-flash-lite',
  'gemini-pro-latest': 'gemini-2.5-pro',
};
const VERTEX_VERSIONS: Readonly<Record<string, string>> = {
  'gemini-2.0-flash': 'gemini-2.0-flash-001',
  'gemini-2.0-flash-lite': 'gemini-2.0-flash-lite-001',
};

export function modelVersionOf(model: string, vertex: boolean): string {
  return (vertex ? VERTEX_VERSIONS[model] : undefined) ?? GEMINI_MODEL_VERSIONS[model] ?? model;
}

/** Thought tokens a thinking model spends when the request sets no budget (dynamic thinking). */
export const DEFAULT_THOUGHTS_TOKENS = 64;

/** Tokens counted once per image, audio, video or file part (Gemini bills a small image as 258). */
export const MEDIA_PART_TOKENS = 258;

/** Tokens of a cached content named by `cachedContent`, added to the prompt and reported cached. */
export const CACHED_CONTENT_TOKENS = 1024;

/** Tokens of tool results fed back per built-in tool (`googleSearch`, `codeExecution`, …). */
export const TOOL_USE_PROMPT_TOKENS = 32;

export const BUILT_IN_TOOLS = [
  'googleSearch',
  'googleSearchRetrieval',
  'codeExecution',
  'urlContext',
  'googleMaps',
  'fileSearch',
  'enterpriseWebSearch',
] as const;

/** The thought summary part a model returns with `thinkingConfig.includeThoughts`. */
export const THOUGHT_SUMMARY = '**Planning the reply**\n\nI will answer the last message.';

export interface ThinkingConfig {
  thinkingBudget?: number;
  thinkingLevel?: string;
  includeThoughts?: boolean;
}

/** 2.5 and 3.x models think (2.5 Flash-Lite only when given a budget); 1.x and 2.0 never do. */
function thinksByDefault(model: string): boolean {
  return /^gemini-(2\.5|3)/.test(model) && !/flash-lite/.test(model);
}

function canThink(model: string): boolean {
  return /^gemini-(2\.5|3)/.test(model);
}

/**
 * Thought tokens: `thinkingBudget` N > 0 → N (the model spends its whole budget), 0 → none,
 * -1 or unset → 64; `thinkingLevel` → the OpenAI reasoning-effort table (`low` 16, `medium` 64,
 * `high` 256). Returns an error message for a budget of 0 on a Pro model, which cannot stop
 * thinking, as Gemini does.
 */
export function thoughtsFor(model: string, config: ThinkingConfig | undefined): number | string {
  if (!canThink(model)) return 0;
  const budget = config?.thinkingBudget;
  if (budget === 0) {
    return /-pro/.test(model) ? 'Budget 0 is invalid. This model only works in thinking mode.' : 0;
  }
  if (typeof budget === 'number' && budget > 0) return Math.floor(budget);
  if (typeof config?.thinkingLevel === 'string') {
    return REASONING_TOKENS[config.thinkingLevel.toLowerCase()] ?? DEFAULT_THOUGHTS_TOKENS;
  }
  return thinksByDefault(model) || budget === -1 ? DEFAULT_THOUGHTS_TOKENS : 0;
}

/** Default embedding length per model; `outputDimensionality` overrides it. */
export const GEMINI_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'gemini-embedding-001': 3072,
  'text-embedding-004': 768,
  'text-embedding-005': 768,
  'text-multilingual-embedding-002': 768,
  'embedding-001': 768,
};

export function embeddingDimensions(model: string, requested: unknown): number {
  if (typeof requested === 'number' && requested > 0) return Math.floor(requested);
  return GEMINI_EMBEDDING_DIMENSIONS[model] ?? (model.startsWith('gemini') ? 3072 : 768);
}
