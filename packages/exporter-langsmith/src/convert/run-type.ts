import {
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION,
  GENAI_OTEL_OPERATION,
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
};

/** The run type of a span from `gen_ai.operation.name`; anything else (HTTP, DB …) is a `chain`. */
export function runTypeOf(attributes: Attributes): RunType {
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  return (typeof operation === 'string' && BY_OPERATION[operation]) || 'chain';
}
