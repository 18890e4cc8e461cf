/**
 * The flat fields of an event record: snake_case keys without dots, so a CloudWatch Logs
 * Insights query (`filter correlation_id = "…"`), a metric filter (`$.duration_ms`) or a routing
 * rule names them as written. Only fields with a value are set.
 */
export const FIELD = {
  /** `llm_call`, `agent_run`, … (`EVENT_KIND`). */
  EVENT: 'event',
  /** `conversation`, `agent_collaboration`, … (`EVENT_CATEGORY`): what exporters route on. */
  CATEGORY: 'category',
  TRACE_ID: 'trace_id',
  SPAN_ID: 'span_id',
  PARENT_SPAN_ID: 'parent_span_id',
  /** The conversation id when the span has one, else the trace id: one key for every group. */
  CORRELATION_ID: 'correlation_id',
  CONVERSATION_ID: 'conversation_id',
  /** `session.id` when set, else the conversation id. */
  SESSION_ID: 'session_id',
  USER_ID: 'user_id',
  TENANT_ID: 'tenant_id',
  SERVICE: 'service',
  SPAN_NAME: 'span_name',
  OPERATION: 'operation',
  PROVIDER: 'provider',
  /** The response model when known, else the requested one. */
  MODEL: 'model',
  REQUEST_MODEL: 'request_model',
  AGENT: 'agent',
  AGENT_ID: 'agent_id',
  WORKFLOW: 'workflow',
  TOOL: 'tool',
  TOOL_TYPE: 'tool_type',
  TOOL_CALL_ID: 'tool_call_id',
  DATA_SOURCE: 'data_source',
  HANDOFF_SOURCE: 'handoff_source',
  HANDOFF_TARGET: 'handoff_target',
  HANDOFF_TARGET_TYPE: 'handoff_target_type',
  HANDOFF_REASON: 'handoff_reason',
  HANDOFF_CONFIDENCE: 'handoff_confidence',
  RETRIEVAL_OUTCOME: 'retrieval_outcome',
  DOCUMENT_COUNT: 'document_count',
  INPUT_TOKENS: 'input_tokens',
  OUTPUT_TOKENS: 'output_tokens',
  TOTAL_TOKENS: 'total_tokens',
  COST: 'cost',
  COST_CURRENCY: 'cost_currency',
  DURATION_MS: 'duration_ms',
  TIME_TO_FIRST_CHUNK_MS: 'time_to_first_chunk_ms',
  FINISH_REASONS: 'finish_reasons',
  /** `success`, `error`, or (agents) `handoff`. */
  OUTCOME: 'outcome',
  ERROR_TYPE: 'error_type',
  ERROR_MESSAGE: 'error_message',
  /** On an `error` record: the kind of the event that failed. */
  FAILED_EVENT: 'failed_event',
  // Content: only with content capture on.
  SYSTEM_INSTRUCTIONS: 'system_instructions',
  INPUT_MESSAGES: 'input_messages',
  OUTPUT_MESSAGES: 'output_messages',
  TOOL_ARGUMENTS: 'tool_arguments',
  TOOL_RESULT: 'tool_result',
  QUERY_TEXT: 'query_text',
} as const;
export type Field = (typeof FIELD)[keyof typeof FIELD];

/** The fields that carry message content, set only when content capture is on. */
export const CONTENT_FIELDS: readonly Field[] = [
  FIELD.SYSTEM_INSTRUCTIONS,
  FIELD.INPUT_MESSAGES,
  FIELD.OUTPUT_MESSAGES,
  FIELD.TOOL_ARGUMENTS,
  FIELD.TOOL_RESULT,
  FIELD.QUERY_TEXT,
];
