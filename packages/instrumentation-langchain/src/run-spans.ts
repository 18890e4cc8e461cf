import { capContent } from '@genai-otel/instrumentation-core';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION,
  GEN_AI_TOOL_TYPE,
  GENAI_OTEL_OUTCOME,
  genAISpanName,
} from '@genai-otel/semantic-conventions';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { modelRequest } from './model-run.js';
import { asDict, classOf, isGraph, str } from './serialized.js';

/** LangGraph's default graph name: a graph named otherwise (by `compile({ name })`) is an agent. */
const DEFAULT_GRAPH_NAME = 'LangGraph';
/** LangGraph tags its plumbing runs (`__start__`) so tracers hide them. */
const HIDDEN_TAG = 'langsmith:hidden';
/** Legacy agent executors (`langchain/agents`): chains that are agents. */
const AGENT_CLASSES: ReadonlySet<string> = new Set(['AgentExecutor', 'AgentRunnableSequence']);

/** What kind of span a LangChain run becomes; `HIDDEN`: none, its children go to its parent. */
export const RUN_KIND = {
  HIDDEN: 0,
  WORKFLOW: 1,
  AGENT: 2,
  STEP: 3,
  MODEL: 4,
  RETRIEVAL: 5,
  TOOL: 6,
} as const;
export type RunKind = (typeof RUN_KIND)[keyof typeof RUN_KIND];

/** A run's span, as its start callback describes it. */
export interface RunSpec {
  readonly kind: RunKind;
  readonly name: string;
  readonly spanKind: SpanKind;
  readonly attributes: Attributes;
  /** The agent or graph node this run speaks for (a handoff's source), when it is one. */
  readonly agent: string | undefined;
}

const HIDDEN: RunSpec = {
  kind: RUN_KIND.HIDDEN,
  name: '',
  spanKind: SpanKind.INTERNAL,
  attributes: {},
  agent: undefined,
};

function runNameOf(serialized: unknown, runName: unknown): string {
  return str(runName) ?? str(asDict(serialized)?.name) ?? classOf(serialized) ?? 'unknown';
}

/**
 * A chain (any runnable, a LangGraph graph or node): a graph named by the app, a graph inside
 * another graph (a sub-agent) or a legacy agent executor → `invoke_agent {name}`; the default-
 * named graph or any top-level chain → `invoke_workflow {name}`; a chain inside another run → a
 * step span named after it (a LangGraph node, a sequence's step); LangGraph's hidden plumbing →
 * no span.
 */
export function chainSpec(
  serialized: unknown,
  runName: unknown,
  tags: unknown,
  metadata: unknown,
  hasParent: boolean,
  insideGraph: boolean,
): RunSpec {
  if (Array.isArray(tags) && tags.includes(HIDDEN_TAG)) return HIDDEN;
  const name = runNameOf(serialized, runName);
  const graph = isGraph(serialized);
  if (
    (graph && (name !== DEFAULT_GRAPH_NAME || insideGraph)) ||
    AGENT_CLASSES.has(classOf(serialized) ?? '')
  ) {
    return {
      kind: RUN_KIND.AGENT,
      name: genAISpanName(GEN_AI_OPERATION.INVOKE_AGENT, name),
      spanKind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_AGENT,
        [ATTR_GEN_AI_AGENT_NAME]: name,
        [ATTR_GEN_AI_AGENT_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
      },
      agent: name,
    };
  }
  if (graph || !hasParent) {
    return {
      kind: RUN_KIND.WORKFLOW,
      name: genAISpanName(GEN_AI_OPERATION.INVOKE_WORKFLOW, name),
      spanKind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: name,
      },
      agent: undefined,
    };
  }
  // A LangGraph node speaks for itself when it hands off (a supervisor node's Command).
  const node = str(asDict(metadata)?.langgraph_node);
  return {
    kind: RUN_KIND.STEP,
    name,
    spanKind: SpanKind.INTERNAL,
    attributes: {},
    agent: node === name ? node : undefined,
  };
}

/** A chat model (`chat {model}`) or a completion LLM (`text_completion {model}`): CLIENT. */
export function modelSpec(
  operation: string,
  serialized: unknown,
  extraParams: unknown,
  metadata: unknown,
): RunSpec {
  const { model, attributes } = modelRequest(operation, serialized, extraParams, metadata);
  return {
    kind: RUN_KIND.MODEL,
    name: genAISpanName(operation, model),
    spanKind: SpanKind.CLIENT,
    attributes,
    agent: undefined,
  };
}

/**
 * A retriever: `retrieval {data source}` (CLIENT, as the conventions have it), the data source
 * being the vector store LangChain names in `ls_vector_store_provider`, else the retriever.
 */
export function retrieverSpec(
  serialized: unknown,
  query: unknown,
  metadata: unknown,
  runName: unknown,
  captureContent: boolean,
  maxContentLength: number,
): RunSpec {
  const source = str(asDict(metadata)?.ls_vector_store_provider) ?? runNameOf(serialized, runName);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.RETRIEVAL,
    [ATTR_GEN_AI_DATA_SOURCE_ID]: source,
  };
  if (captureContent && typeof query === 'string') {
    const text = capContent(query, maxContentLength);
    if (text !== undefined) attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT] = text;
  }
  return {
    kind: RUN_KIND.RETRIEVAL,
    name: genAISpanName(GEN_AI_OPERATION.RETRIEVAL, source),
    spanKind: SpanKind.CLIENT,
    attributes,
    agent: undefined,
  };
}

/** A tool: `execute_tool {name}` (INTERNAL), its call id, the arguments with content capture on. */
export function toolSpec(
  serialized: unknown,
  input: unknown,
  runName: unknown,
  toolCallId: unknown,
  captureContent: boolean,
  maxContentLength: number,
): RunSpec {
  const name = runNameOf(serialized, runName);
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: name,
    [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE.FUNCTION,
    [ATTR_GEN_AI_TOOL_CALL_OUTCOME]: GENAI_OTEL_OUTCOME.SUCCESS,
  };
  const id = str(toolCallId);
  if (id !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = id;
  if (captureContent && input !== undefined) {
    const text = capContent(input, maxContentLength);
    if (text !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = text;
  }
  return {
    kind: RUN_KIND.TOOL,
    name: genAISpanName(GEN_AI_OPERATION.EXECUTE_TOOL, name),
    spanKind: SpanKind.INTERNAL,
    attributes,
    agent: undefined,
  };
}
