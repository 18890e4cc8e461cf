export {
  ANTHROPIC_MOCK_HEADERS,
  CACHED_SYSTEM_EXAMPLE,
  THINKING_TEXT,
} from './anthropic/messages.js';
export type {
  ActionGroupStep,
  AgentScenario,
  AgentStep,
  CollaboratorStep,
  FailureStep,
  KnowledgeBaseStep,
} from './bedrock/agent-scenario.js';
export {
  DEFAULT_AGENT_SCENARIO,
  DEFAULT_FOUNDATION_MODEL,
  SCENARIO_ATTRIBUTE,
} from './bedrock/agent-scenario.js';
export { STEP_MS } from './bedrock/agent-trace.js';
export { REASONING_TEXT } from './bedrock/converse.js';
export { EXCEPTION_STATUS } from './bedrock/errors.js';
export { BLOCKING_GUARDRAIL_PREFIX, GUARDRAIL_BLOCKED_MESSAGE } from './bedrock/guardrail.js';
export { TOKEN_HEADERS } from './bedrock/invoke.js';
export { DEFAULT_NUMBER_OF_RESULTS } from './bedrock/knowledge-base.js';
export {
  CACHED_CONTENT_TOKENS,
  DEFAULT_THOUGHTS_TOKENS,
  GEMINI_EMBEDDING_DIMENSIONS,
  GEMINI_MODEL_VERSIONS,
  MEDIA_PART_TOKENS,
  THOUGHT_SUMMARY,
  TOOL_USE_PROMPT_TOKENS,
} from './gemini/models.js';
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
