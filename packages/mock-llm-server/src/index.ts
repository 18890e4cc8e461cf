export {
  ANTHROPIC_MOCK_HEADERS,
  CACHED_SYSTEM_EXAMPLE,
  THINKING_TEXT,
} from './anthropic/messages.js';
export {
  EMBEDDING_DIMENSIONS,
  MODEL_SNAPSHOTS,
  REASONING_TOKENS,
} from './openai/models.js';
export {
  CACHE_MIN_TOKENS,
  CACHE_STEP_TOKENS,
  EMPTY_PROMPT_REPLY,
  IMAGE_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMING_TOKENS,
} from './openai/reply.js';
export { FAULT_HEADERS, startMockLLMServer } from './server.js';
export { countTokens } from './tokens.js';
export type {
  FailNextOptions,
  MockLLMServer,
  MockLLMServerOptions,
  RecordedRequest,
} from './types.js';
