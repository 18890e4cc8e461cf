/**
 * What a finished GenAI span is, as an event: its kind (one record per LLM call, agent run, tool
 * call, handoff, retrieval, workflow …) and the category exporters route on (the RevOps log
 * groups: conversation-trace, agent-collaboration, data-operations, decision-logic,
 * error-analysis). The reading of the operation is `genai_metrics`' (semantic-conventions'
 * `GEN_AI_INFERENCE_OPERATIONS`), so a call is the same call in metrics and logs.
 */
import {
  GEN_AI_INFERENCE_OPERATIONS,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_OPERATION,
} from '@genai-otel/semantic-conventions';

/** Values of the `event` field (and `genai.<event>` as the record's event name). */
export const EVENT_KIND = {
  LLM_CALL: 'llm_call',
  EMBEDDINGS: 'embeddings',
  AGENT_RUN: 'agent_run',
  AGENT_CREATE: 'agent_create',
  TOOL_CALL: 'tool_call',
  HANDOFF: 'handoff',
  RETRIEVAL: 'retrieval',
  RERANK: 'rerank',
  WORKFLOW: 'workflow',
  ERROR: 'error',
} as const;
export type EventKind = (typeof EVENT_KIND)[keyof typeof EVENT_KIND];

/** Values of the `category` field. */
export const EVENT_CATEGORY = {
  CONVERSATION: 'conversation',
  AGENT_COLLABORATION: 'agent_collaboration',
  DATA_OPERATION: 'data_operation',
  DECISION: 'decision',
  ERROR: 'error',
} as const;
export type EventCategory = (typeof EVENT_CATEGORY)[keyof typeof EVENT_CATEGORY];

/** The event kind of a GenAI operation; undefined for an operation this connector does not know. */
export function eventKindOf(operation: string): EventKind | undefined {
  if (operation === GEN_AI_OPERATION.EMBEDDINGS) return EVENT_KIND.EMBEDDINGS;
  if (GEN_AI_INFERENCE_OPERATIONS.has(operation)) return EVENT_KIND.LLM_CALL;
  switch (operation) {
    case GEN_AI_OPERATION.INVOKE_AGENT:
      return EVENT_KIND.AGENT_RUN;
    case GEN_AI_OPERATION.CREATE_AGENT:
      return EVENT_KIND.AGENT_CREATE;
    case GEN_AI_OPERATION.EXECUTE_TOOL:
      return EVENT_KIND.TOOL_CALL;
    case GENAI_OTEL_OPERATION.HANDOFF:
      return EVENT_KIND.HANDOFF;
    case GEN_AI_OPERATION.RETRIEVAL:
      return EVENT_KIND.RETRIEVAL;
    case GENAI_OTEL_OPERATION.RERANK:
      return EVENT_KIND.RERANK;
    case GEN_AI_OPERATION.INVOKE_WORKFLOW:
      return EVENT_KIND.WORKFLOW;
    default:
      return undefined;
  }
}

/**
 * The category of an event. A tool call is a decision the agent took (which action, with what
 * outcome) unless the tool is a datastore, which is a data operation like retrieval; a handoff
 * is collaboration between agents (or with a human).
 */
export function categoryOf(kind: EventKind, toolType: unknown): EventCategory {
  switch (kind) {
    case EVENT_KIND.LLM_CALL:
    case EVENT_KIND.WORKFLOW:
      return EVENT_CATEGORY.CONVERSATION;
    case EVENT_KIND.AGENT_RUN:
    case EVENT_KIND.AGENT_CREATE:
    case EVENT_KIND.HANDOFF:
      return EVENT_CATEGORY.AGENT_COLLABORATION;
    case EVENT_KIND.TOOL_CALL:
      return toolType === GEN_AI_TOOL_TYPE.DATASTORE
        ? EVENT_CATEGORY.DATA_OPERATION
        : EVENT_CATEGORY.DECISION;
    case EVENT_KIND.EMBEDDINGS:
    case EVENT_KIND.RETRIEVAL:
    case EVENT_KIND.RERANK:
      return EVENT_CATEGORY.DATA_OPERATION;
    case EVENT_KIND.ERROR:
      return EVENT_CATEGORY.ERROR;
  }
}
