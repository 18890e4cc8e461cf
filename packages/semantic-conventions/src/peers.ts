/**
 * Attribute names OTHER instrumentations write, which genai-otel only READS (to price and count
 * spans it did not make). Never emitted by genai-otel itself.
 */

// OpenLLMetry / Traceloop: legacy usage names beside `gen_ai.*`.
export const PEER_TRACELOOP_USAGE_PROMPT_TOKENS = 'gen_ai.usage.prompt_tokens';
export const PEER_TRACELOOP_USAGE_COMPLETION_TOKENS = 'gen_ai.usage.completion_tokens';
export const PEER_TRACELOOP_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read_input_tokens';
export const PEER_TRACELOOP_USAGE_CACHE_CREATION_INPUT_TOKENS =
  'gen_ai.usage.cache_creation_input_tokens';
export const PEER_TRACELOOP_USAGE_REASONING_TOKENS = 'gen_ai.usage.reasoning_tokens';
/** `chat`, `completion`, `embedding`, … */
export const PEER_TRACELOOP_LLM_REQUEST_TYPE = 'llm.request.type';

// The Anthropic SDK's own spans (scope `com.anthropic.sdk.typescript`, @anthropic-ai/sdk 1.x).
/** The GenAI conventions' newer name for cache creation, which the Anthropic SDK writes. */
export const PEER_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
/** The 1-hour part of the cache writes, on the Anthropic SDK's own spans. */
export const PEER_ANTHROPIC_USAGE_CACHE_CREATION_1H_INPUT_TOKENS =
  'anthropic.usage.cache_creation.ephemeral_1h_input_tokens';

// OpenInference (Arize).
export const PEER_OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
export const PEER_OPENINFERENCE_LLM_MODEL_NAME = 'llm.model_name';
export const PEER_OPENINFERENCE_LLM_PROVIDER = 'llm.provider';
export const PEER_OPENINFERENCE_LLM_SYSTEM = 'llm.system';
/** The request's parameters as JSON (its `model` is the requested model). */
export const PEER_OPENINFERENCE_LLM_INVOCATION_PARAMETERS = 'llm.invocation_parameters';
export const PEER_OPENINFERENCE_TOKEN_COUNT_PROMPT = 'llm.token_count.prompt';
export const PEER_OPENINFERENCE_TOKEN_COUNT_COMPLETION = 'llm.token_count.completion';
export const PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_READ =
  'llm.token_count.prompt_details.cache_read';
export const PEER_OPENINFERENCE_TOKEN_COUNT_CACHE_WRITE =
  'llm.token_count.prompt_details.cache_write';
export const PEER_OPENINFERENCE_TOKEN_COUNT_REASONING =
  'llm.token_count.completion_details.reasoning';
/** Values of `openinference.span.kind`: LLM and EMBEDDING are one model call each. */
export const PEER_OPENINFERENCE_KIND = {
  LLM: 'LLM',
  EMBEDDING: 'EMBEDDING',
  RETRIEVER: 'RETRIEVER',
} as const;
/**
 * A RETRIEVER span's documents, flattened: `retrieval.documents.<i>.document.<field>`, the fields
 * below (OpenInference's `document.id`, `document.content`, `document.score`).
 */
export const PEER_OPENINFERENCE_RETRIEVAL_DOCUMENTS = 'retrieval.documents';
export const PEER_OPENINFERENCE_DOCUMENT_ID = 'document.id';
export const PEER_OPENINFERENCE_DOCUMENT_CONTENT = 'document.content';
export const PEER_OPENINFERENCE_DOCUMENT_SCORE = 'document.score';

// Vercel AI SDK (`ai`): its own `ai.*` names (legacy telemetry and `LegacyOpenTelemetry`).
/** `ai.generateText` (a roll-up of all steps) or `ai.generateText.doGenerate` (one model call). */
export const PEER_VERCEL_OPERATION_ID = 'ai.operationId';

/**
 * The model call an AI SDK span stands for, from its `ai.operationId`: `embeddings` for
 * `ai.*.doEmbed`, `chat` for `ai.*.doGenerate` / `ai.*.doStream`; undefined for a roll-up
 * (`ai.generateText`), a tool call or anything else. The one reading of it: genai_cost prices
 * these spans, and the http instrumentations leave the request made inside one alone.
 */
export function vercelModelCallOperation(operationId: unknown): 'chat' | 'embeddings' | undefined {
  if (typeof operationId !== 'string') return undefined;
  if (operationId.endsWith('.doEmbed')) return 'embeddings';
  if (operationId.endsWith('.doGenerate') || operationId.endsWith('.doStream')) return 'chat';
  return undefined;
}
export const PEER_VERCEL_MODEL_ID = 'ai.model.id';
/** `openai.chat`, `anthropic.messages`, `amazon-bedrock`, … */
export const PEER_VERCEL_MODEL_PROVIDER = 'ai.model.provider';
export const PEER_VERCEL_RESPONSE_MODEL = 'ai.response.model';
export const PEER_VERCEL_USAGE_INPUT_TOKENS = 'ai.usage.inputTokens';
export const PEER_VERCEL_USAGE_OUTPUT_TOKENS = 'ai.usage.outputTokens';
/** AI SDK ≤ 4. */
export const PEER_VERCEL_USAGE_PROMPT_TOKENS = 'ai.usage.promptTokens';
/** AI SDK ≤ 4. */
export const PEER_VERCEL_USAGE_COMPLETION_TOKENS = 'ai.usage.completionTokens';
/** Embedding calls. */
export const PEER_VERCEL_USAGE_TOKENS = 'ai.usage.tokens';
export const PEER_VERCEL_USAGE_CACHED_INPUT_TOKENS = 'ai.usage.cachedInputTokens';
export const PEER_VERCEL_USAGE_CACHE_READ_TOKENS = 'ai.usage.inputTokenDetails.cacheReadTokens';
export const PEER_VERCEL_USAGE_CACHE_WRITE_TOKENS = 'ai.usage.inputTokenDetails.cacheWriteTokens';
export const PEER_VERCEL_USAGE_REASONING_TOKENS = 'ai.usage.reasoningTokens';
/** The `ai.operationId` of a tool execution span (AI SDK ≤ 6, `LegacyOpenTelemetry`). */
export const PEER_VERCEL_TOOL_CALL_OPERATION = 'ai.toolCall';
export const PEER_VERCEL_TOOL_CALL_NAME = 'ai.toolCall.name';
export const PEER_VERCEL_TOOL_CALL_ID = 'ai.toolCall.id';
