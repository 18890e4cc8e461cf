/**
 * genai-otel's EXTENSIONS for agents, handoffs, tools, RAG stages and request context: names the
 * OpenTelemetry GenAI conventions do not (yet) define. Each follows an open upstream proposal where
 * one exists, so a rename later is mechanical; the README says which proposal.
 */

// Handoffs. Source/target names: open PR semantic-conventions-genai#98. Target type, reason and
// confidence are ours, in the same namespace (reviewers of #98 asked for non-agent targets).
export const ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME = 'gen_ai.agent.handoff.source.name';
export const ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME = 'gen_ai.agent.handoff.target.name';
/** `agent` or `human`: values in `GENAI_OTEL_HANDOFF_TARGET_TYPE`. */
export const ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE = 'gen_ai.agent.handoff.target.type';
/** Low-cardinality reason; suggested values in `GENAI_OTEL_HANDOFF_REASON`. */
export const ATTR_GEN_AI_AGENT_HANDOFF_REASON = 'gen_ai.agent.handoff.reason';
/** The source's confidence (0–1) when it decided to hand off. */
export const ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE = 'gen_ai.agent.handoff.confidence';

// Guardrails: checks run beside an agent (the OpenAI Agents SDK's input/output guardrails). No
// GenAI convention names them yet; ours, in the `gen_ai` namespace like the handoff ones.
/** The guardrail's name; also the span name `guardrail {name}`. */
export const ATTR_GEN_AI_GUARDRAIL_NAME = 'gen_ai.guardrail.name';
/** true when the guardrail's tripwire fired (the agent's run was stopped). */
export const ATTR_GEN_AI_GUARDRAIL_TRIGGERED = 'gen_ai.guardrail.triggered';

// Outcomes, so handoffs and failures can be counted without reading span status.
/** How an agent invocation ended: values in `GENAI_OTEL_OUTCOME`. */
export const ATTR_GEN_AI_AGENT_OUTCOME = 'gen_ai.agent.outcome';
/** How a tool call ended: `success` or `error` from `GENAI_OTEL_OUTCOME`. */
export const ATTR_GEN_AI_TOOL_CALL_OUTCOME = 'gen_ai.tool.call.outcome';

// Retrieval.
export const ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT = 'gen_ai.retrieval.document.count';
/** `hit` or `miss` (zero documents): values in `GENAI_OTEL_RETRIEVAL_OUTCOME`. */
export const ATTR_GEN_AI_RETRIEVAL_OUTCOME = 'gen_ai.retrieval.outcome';

// Rerank: open proposal semantic-conventions-genai#253 (the model is `gen_ai.request.model`).
export const ATTR_GEN_AI_RERANK_TOP_N = 'gen_ai.rerank.top_n';
export const ATTR_GEN_AI_RERANK_CANDIDATE_COUNT = 'gen_ai.rerank.candidate.count';
/** Relevance scores of the kept documents, best first. */
export const ATTR_GEN_AI_RERANK_SCORES = 'gen_ai.rerank.scores';
/** JSON `[{id, score}]` of the kept documents, best first (`content` only with content capture). */
export const ATTR_GEN_AI_RERANK_DOCUMENTS = 'gen_ai.rerank.documents';

// Request context stamped on every span of a conversation.
/** General convention (registry `user`); `enduser.id` is deprecated. */
export const ATTR_USER_ID = 'user.id';
/** General convention (registry `session`): a user's session, across conversations. */
export const ATTR_SESSION_ID = 'session.id';
/** Ours: no convention names a tenant. Kept generic, like `user.id`, as it is not GenAI-specific. */
export const ATTR_TENANT_ID = 'tenant.id';

/** Operation names (`gen_ai.operation.name`) that are genai-otel extensions, not in `GEN_AI_OPERATION`. */
export const GENAI_OTEL_OPERATION = {
  HANDOFF: 'handoff',
  RERANK: 'rerank',
  GUARDRAIL: 'guardrail',
} as const;
export type GenAIOtelOperationName =
  (typeof GENAI_OTEL_OPERATION)[keyof typeof GENAI_OTEL_OPERATION];

/** Values of `gen_ai.agent.handoff.target.type`. */
export const GENAI_OTEL_HANDOFF_TARGET_TYPE = {
  AGENT: 'agent',
  HUMAN: 'human',
} as const;
export type GenAIOtelHandoffTargetType =
  (typeof GENAI_OTEL_HANDOFF_TARGET_TYPE)[keyof typeof GENAI_OTEL_HANDOFF_TARGET_TYPE];

/** Suggested values of `gen_ai.agent.handoff.reason` (any low-cardinality string is allowed). */
export const GENAI_OTEL_HANDOFF_REASON = {
  /** Routing: the source decided another agent owns the request. */
  ROUTING: 'routing',
  LOW_CONFIDENCE: 'low_confidence',
  RETRIEVAL_MISS: 'retrieval_miss',
  CUSTOMER_REQUEST: 'customer_request',
  POLICY: 'policy',
  TOOL_FAILURE: 'tool_failure',
} as const;

/** Values of `gen_ai.agent.outcome` and `gen_ai.tool.call.outcome`. */
export const GENAI_OTEL_OUTCOME = {
  SUCCESS: 'success',
  ERROR: 'error',
  /** Agents only: the invocation ended by handing the conversation to a human. */
  HANDOFF: 'handoff',
} as const;
export type GenAIOtelOutcome = (typeof GENAI_OTEL_OUTCOME)[keyof typeof GENAI_OTEL_OUTCOME];

/** Values of `gen_ai.retrieval.outcome`. */
export const GENAI_OTEL_RETRIEVAL_OUTCOME = {
  HIT: 'hit',
  MISS: 'miss',
} as const;
