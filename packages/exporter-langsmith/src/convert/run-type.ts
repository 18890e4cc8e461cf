import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_TEMPLATE,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
  GENAI_OTEL_OPERATION_RENDER_PROMPT,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';

/** LangSmith's run types. */
export type RunType = 'llm' | 'chain' | 'tool' | 'retriever' | 'embedding' | 'prompt' | 'parser';

const BY_OPERATION: Readonly<Record<string, RunType>> = {
  [GEN_AI_OPERATION.CHAT]: 'llm',
  [GEN_AI_OPERATION.TEXT_COMPLETION]: 'llm',
  [GEN_AI_OPERATION.GENERATE_CONTENT]: 'llm',
  [GEN_AI_OPERATION.EMBEDDINGS]: 'embedding',
  [GEN_AI_OPERATION.RETRIEVAL]: 'retriever',
  // A reranker returns documents, which LangSmith renders only for retriever runs.
  [GENAI_OTEL_OPERATION.RERANK]: 'retriever',
  [GEN_AI_OPERATION.EXECUTE_TOOL]: 'tool',
  // LangChain and the OpenAI Agents SDK model a handoff as a tool the agent calls.
  [GENAI_OTEL_OPERATION.HANDOFF]: 'tool',
  [GEN_AI_OPERATION.INVOKE_AGENT]: 'chain',
  [GEN_AI_OPERATION.CREATE_AGENT]: 'chain',
  [GEN_AI_OPERATION.INVOKE_WORKFLOW]: 'chain',
  [GENAI_OTEL_OPERATION_RENDER_PROMPT]: 'prompt',
};

/**
 * The run type of a span from `gen_ai.operation.name`. A span without one that records a prompt
 * template (a template rendered in a span of the app's own) is a `prompt`; anything else
 * (HTTP, DB …) is a `chain`.
 */
export function runTypeOf(attributes: Attributes): RunType {
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string') {
    return Object.hasOwn(BY_OPERATION, operation) ? BY_OPERATION[operation]! : 'chain';
  }
  return attributes[ATTR_GEN_AI_PROMPT_TEMPLATE] === undefined ? 'chain' : 'prompt';
}
