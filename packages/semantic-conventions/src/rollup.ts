// genai-otel extensions: a local root span's totals (the genai_rollup processor). Integers unless
// said; a root carries every one of them (zero included), so a query can tell "none" from "not rolled up".

/** USD of every priced call under the root (the root's own included). */
export const ATTR_GEN_AI_ROLLUP_COST_AMOUNT = 'gen_ai.rollup.cost.amount';
/** Input tokens (cache reads and writes included, as the conventions count them). */
export const ATTR_GEN_AI_ROLLUP_INPUT_TOKENS = 'gen_ai.rollup.usage.input_tokens';
export const ATTR_GEN_AI_ROLLUP_OUTPUT_TOKENS = 'gen_ai.rollup.usage.output_tokens';
export const ATTR_GEN_AI_ROLLUP_CACHE_READ_INPUT_TOKENS =
  'gen_ai.rollup.usage.cache_read.input_tokens';
/** Inference calls (chat, completion, generate_content, embeddings), each counted once. */
export const ATTR_GEN_AI_ROLLUP_LLM_CALLS = 'gen_ai.rollup.llm_calls';
/** Inference calls without a price (their model is not in any table). */
export const ATTR_GEN_AI_ROLLUP_UNPRICED_CALLS = 'gen_ai.rollup.unpriced_calls';
export const ATTR_GEN_AI_ROLLUP_TOOL_CALLS = 'gen_ai.rollup.tool_calls';
export const ATTR_GEN_AI_ROLLUP_TOOL_ERRORS = 'gen_ai.rollup.tool_errors';
export const ATTR_GEN_AI_ROLLUP_AGENT_INVOCATIONS = 'gen_ai.rollup.agent_invocations';
export const ATTR_GEN_AI_ROLLUP_HANDOFFS = 'gen_ai.rollup.handoffs';
export const ATTR_GEN_AI_ROLLUP_RETRIEVALS = 'gen_ai.rollup.retrievals';
/** Retrievals that found nothing (`gen_ai.retrieval.outcome` = miss). */
export const ATTR_GEN_AI_ROLLUP_RETRIEVAL_MISSES = 'gen_ai.rollup.retrieval_misses';
/** Spans under the root that ended in error. */
export const ATTR_GEN_AI_ROLLUP_ERRORS = 'gen_ai.rollup.errors';
/** Spans rolled up (the root included). */
export const ATTR_GEN_AI_ROLLUP_SPANS = 'gen_ai.rollup.spans';
/**
 * `true` on the root of the first turn seen of a conversation (`gen_ai.conversation.id`): count
 * these roots for a conversation count, so that cost per conversation is a PromQL division.
 */
export const ATTR_GEN_AI_ROLLUP_CONVERSATION_FIRST_TURN = 'gen_ai.rollup.conversation.first_turn';
