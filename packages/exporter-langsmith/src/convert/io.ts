import {
  ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_RERANK_CANDIDATE_COUNT,
  ATTR_GEN_AI_RERANK_DOCUMENTS,
  ATTR_GEN_AI_RERANK_TOP_N,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  GENAI_OTEL_OPERATION,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { inputMessages, openAITools, outputChoices, parseJson } from './messages.js';
import { invocationParams } from './metadata.js';
import { promptIO } from './prompt.js';
import type { RunType } from './run-type.js';
import { usageMetadata } from './usage.js';

type Dict = Record<string, unknown>;

export interface RunIO {
  inputs: Dict;
  outputs: Dict;
}

function set(target: Dict, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

// The messages a span captured (content capture on), in the OpenAI shape LangSmith renders.
const spanInputMessages = (a: Attributes) =>
  inputMessages(
    parseJson(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]),
    parseJson(a[ATTR_GEN_AI_INPUT_MESSAGES]),
  );
const spanOutputChoices = (a: Attributes) =>
  outputChoices(parseJson(a[ATTR_GEN_AI_OUTPUT_MESSAGES]));

function llmIO(a: Attributes): RunIO {
  const inputs: Dict = {};
  set(inputs, 'messages', spanInputMessages(a));
  Object.assign(inputs, invocationParams(a));
  set(inputs, 'tools', openAITools(parseJson(a[ATTR_GEN_AI_TOOL_DEFINITIONS])));
  const outputs: Dict = {};
  set(outputs, 'id', a[ATTR_GEN_AI_RESPONSE_ID]);
  set(outputs, 'model', a[ATTR_GEN_AI_RESPONSE_MODEL]);
  set(outputs, 'choices', spanOutputChoices(a));
  set(outputs, 'usage_metadata', usageMetadata(a));
  return { inputs, outputs };
}

function embeddingIO(a: Attributes): RunIO {
  const inputs: Dict = invocationParams(a);
  const outputs: Dict = {};
  set(outputs, 'dimensions', a[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]);
  set(outputs, 'usage_metadata', usageMetadata(a));
  return { inputs, outputs };
}

/** `[{id, score, content?}]` → LangSmith retriever documents (`page_content` + `metadata`). */
function documents(json: unknown): Dict[] | undefined {
  const docs = parseJson(json);
  if (!Array.isArray(docs)) return undefined;
  return docs.map((d: Dict | null) => {
    const metadata: Dict = {};
    if (d && d.id !== undefined) metadata.id = d.id;
    if (d && d.score !== undefined) metadata.score = d.score;
    return {
      type: 'Document',
      page_content: typeof d?.content === 'string' ? d.content : '',
      metadata,
    };
  });
}

function retrieverIO(a: Attributes): RunIO {
  const inputs: Dict = {};
  const outputs: Dict = {};
  if (a[ATTR_GEN_AI_OPERATION_NAME] === GENAI_OTEL_OPERATION.RERANK) {
    set(inputs, 'model', a[ATTR_GEN_AI_REQUEST_MODEL]);
    set(inputs, 'top_n', a[ATTR_GEN_AI_RERANK_TOP_N]);
    set(inputs, 'candidate_count', a[ATTR_GEN_AI_RERANK_CANDIDATE_COUNT]);
    set(outputs, 'documents', documents(a[ATTR_GEN_AI_RERANK_DOCUMENTS]));
    return { inputs, outputs };
  }
  set(inputs, 'query', a[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]);
  set(inputs, 'data_source', a[ATTR_GEN_AI_DATA_SOURCE_ID]);
  set(inputs, 'top_k', a[ATTR_GEN_AI_REQUEST_TOP_K]);
  set(outputs, 'documents', documents(a[ATTR_GEN_AI_RETRIEVAL_DOCUMENTS]));
  if (outputs.documents === undefined)
    set(outputs, 'document_count', a[ATTR_GEN_AI_RETRIEVAL_DOCUMENT_COUNT]);
  return { inputs, outputs };
}

function toolIO(a: Attributes): RunIO {
  if (a[ATTR_GEN_AI_OPERATION_NAME] === GENAI_OTEL_OPERATION.HANDOFF) {
    const inputs: Dict = {};
    set(inputs, 'from', a[ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]);
    set(inputs, 'to', a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]);
    set(inputs, 'target_type', a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE]);
    set(inputs, 'reason', a[ATTR_GEN_AI_AGENT_HANDOFF_REASON]);
    set(inputs, 'confidence', a[ATTR_GEN_AI_AGENT_HANDOFF_CONFIDENCE]);
    const outputs: Dict = {};
    set(outputs, 'output', a[ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]);
    return { inputs, outputs };
  }
  const args = a[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS];
  const parsedArgs = parseJson(args);
  const inputs: Dict =
    parsedArgs !== null && typeof parsedArgs === 'object' && !Array.isArray(parsedArgs)
      ? { ...(parsedArgs as Dict) }
      : args === undefined
        ? {}
        : { input: parsedArgs ?? args };
  const result = a[ATTR_GEN_AI_TOOL_CALL_RESULT];
  const outputs: Dict = result === undefined ? {} : { output: parseJson(result) ?? result };
  return { inputs, outputs };
}

function chainIO(a: Attributes): RunIO {
  // Agents may record the conversation they were given and the messages they produced.
  const inputs: Dict = {};
  set(inputs, 'messages', spanInputMessages(a));
  const outputs: Dict = {};
  const choices = spanOutputChoices(a);
  if (choices) outputs.messages = choices.map((c) => c.message);
  // No usage here even if the span has some: LangSmith sums the trace's llm runs, and an agent's
  // total would count every token twice.
  return { inputs, outputs };
}

/** The run's inputs and outputs, shaped as LangSmith renders its run type. */
export function runIO(attributes: Attributes, runType: RunType): RunIO {
  switch (runType) {
    case 'llm':
      return llmIO(attributes);
    case 'embedding':
      return embeddingIO(attributes);
    case 'retriever':
      return retrieverIO(attributes);
    case 'tool':
      return toolIO(attributes);
    case 'prompt':
      return promptIO(attributes);
    default:
      return chainIO(attributes);
  }
}
