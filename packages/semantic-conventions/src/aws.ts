/**
 * Amazon Bedrock and AWS SDK span attributes. The first three are the OpenTelemetry registry's
 * (`aws.*` namespace); the guardrail action is ours.
 */
export const ATTR_AWS_REQUEST_ID = 'aws.request_id';
export const ATTR_AWS_BEDROCK_GUARDRAIL_ID = 'aws.bedrock.guardrail.id';
export const ATTR_AWS_BEDROCK_KNOWLEDGE_BASE_ID = 'aws.bedrock.knowledge_base.id';
/** Ours: what a Bedrock guardrail did to the call, `INTERVENED` or `NONE` (Bedrock's values). */
export const ATTR_AWS_BEDROCK_GUARDRAIL_ACTION = 'aws.bedrock.guardrail.action';
/** Ours: the alias of a Bedrock agent an `invoke_agent` span calls (`TSTALIASID`, …). */
export const ATTR_AWS_BEDROCK_AGENT_ALIAS_ID = 'aws.bedrock.agent.alias.id';
/**
 * Ours: the span event a Bedrock agent's reasoning step becomes on its `invoke_agent` span (its
 * trace's `rationale`), recorded only with content capture on: it restates the user's request.
 */
export const EVENT_AWS_BEDROCK_AGENT_RATIONALE = 'aws.bedrock.agent.rationale';
/** Ours: the rationale's text, capped like all captured content. */
export const ATTR_AWS_BEDROCK_AGENT_RATIONALE_TEXT = 'aws.bedrock.agent.rationale.text';
/** Ours: the agent trace step (`traceId`) a rationale belongs to, as Bedrock numbers them. */
export const ATTR_AWS_BEDROCK_AGENT_TRACE_ID = 'aws.bedrock.agent.trace.id';
