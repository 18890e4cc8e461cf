import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_WORKFLOW_NAME,
} from '@genai-otel/semantic-conventions';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { handoffTargets } from './handoff.js';
import { providerOf } from './provider.js';
import { chainSpec, modelSpec, RUN_KIND, retrieverSpec, toolSpec } from './run-spans.js';

const GRAPH = { id: ['langgraph', 'pregel', 'CompiledStateGraph'] };
const SEQUENCE = { id: ['langchain_core', 'runnables', 'RunnableSequence'] };
const CHAT_OPENAI = { id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'] };

describe('chainSpec', () => {
  it('a top-level chain is a workflow, a chain inside a run a step', () => {
    const top = chainSpec(SEQUENCE, undefined, [], {}, false, false);
    expect(top).toMatchObject({
      kind: RUN_KIND.WORKFLOW,
      name: 'invoke_workflow RunnableSequence',
    });
    expect(top.attributes[ATTR_GEN_AI_WORKFLOW_NAME]).toBe('RunnableSequence');
    const step = chainSpec(SEQUENCE, 'format_docs', [], {}, true, false);
    expect(step).toMatchObject({ kind: RUN_KIND.STEP, name: 'format_docs', agent: undefined });
    expect(step.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined();
  });

  it('graphs: the default-named one a workflow, a named one or a sub-graph an agent', () => {
    expect(chainSpec(GRAPH, 'LangGraph', [], {}, false, false)).toMatchObject({
      kind: RUN_KIND.WORKFLOW,
      name: 'invoke_workflow LangGraph',
    });
    const named = chainSpec(GRAPH, 'weather_agent', [], {}, false, false);
    expect(named).toMatchObject({ kind: RUN_KIND.AGENT, name: 'invoke_agent weather_agent' });
    expect(named.attributes[ATTR_GEN_AI_AGENT_NAME]).toBe('weather_agent');
    expect(chainSpec(GRAPH, 'LangGraph', [], {}, true, true).kind).toBe(RUN_KIND.AGENT);
    const executor = { id: ['langchain', 'agents', 'AgentExecutor'] };
    expect(chainSpec(executor, undefined, [], {}, false, false).name).toBe(
      'invoke_agent AgentExecutor',
    );
  });

  it('a LangGraph node speaks for itself (handoff source); hidden plumbing has no span', () => {
    const node = chainSpec(
      SEQUENCE,
      'supervisor',
      [],
      { langgraph_node: 'supervisor' },
      true,
      true,
    );
    expect(node).toMatchObject({ kind: RUN_KIND.STEP, agent: 'supervisor' });
    const start = chainSpec(
      SEQUENCE,
      '__start__',
      ['graph:step:0', 'langsmith:hidden'],
      {},
      true,
      true,
    );
    expect(start.kind).toBe(RUN_KIND.HIDDEN);
  });
});

describe('modelSpec', () => {
  it('provider from the class, model and parameters from the ls_* metadata', () => {
    const spec = modelSpec(
      'chat',
      CHAT_OPENAI,
      { invocation_params: { model: 'gpt-4o' } },
      {
        ls_provider: 'openai',
        ls_model_name: 'gpt-4o-mini',
        ls_temperature: 0.2,
        ls_max_tokens: 100,
      },
    );
    expect(spec).toMatchObject({
      kind: RUN_KIND.MODEL,
      name: 'chat gpt-4o-mini',
      spanKind: SpanKind.CLIENT,
    });
    expect(spec.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.2,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
    });
  });

  it('falls back to invocation_params, then the constructor kwargs', () => {
    expect(
      modelSpec('chat', CHAT_OPENAI, { invocation_params: { model: 'o4-mini' } }, {}).name,
    ).toBe('chat o4-mini');
    const kw = { ...CHAT_OPENAI, kwargs: { model: 'gpt-4.1' } };
    expect(modelSpec('text_completion', kw, undefined, undefined).name).toBe(
      'text_completion gpt-4.1',
    );
    expect(modelSpec('chat', {}, undefined, undefined).name).toBe('chat');
  });
});

describe('providerOf', () => {
  it.each([
    ['ChatOpenAI', undefined, 'openai'],
    ['AzureChatOpenAI', 'azure', 'azure.ai.openai'],
    ['ChatAnthropic', undefined, 'anthropic'],
    ['ChatBedrockConverse', undefined, 'aws.bedrock'],
    ['ChatGoogleGenerativeAI', undefined, 'gcp.gemini'],
    ['ChatVertexAI', undefined, 'gcp.vertex_ai'],
    ['ChatMistralAI', undefined, 'mistral_ai'],
    ['ChatOllama', 'ollama', 'ollama'],
    ['MyChat', 'google_genai', 'gcp.gemini'],
    [undefined, undefined, undefined],
  ])('%s (ls_provider %s) → %s', (cls, ls, expected) => {
    expect(providerOf(cls, ls)).toBe(expected);
  });
});

describe('retrieverSpec and toolSpec', () => {
  it('retrieval {data source}: the vector store LangChain names, the query only with capture', () => {
    const r = retrieverSpec(
      { id: ['x', 'VectorStoreRetriever'] },
      'refunds?',
      {
        ls_vector_store_provider: 'PGVectorStore',
      },
      undefined,
      false,
      100,
    );
    expect(r).toMatchObject({ kind: RUN_KIND.RETRIEVAL, name: 'retrieval PGVectorStore' });
    expect(r.attributes[ATTR_GEN_AI_DATA_SOURCE_ID]).toBe('PGVectorStore');
    expect(r.attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]).toBeUndefined();
    const captured = retrieverSpec({}, 'refunds?', {}, 'kb', true, 100);
    expect(captured.name).toBe('retrieval kb');
    expect(captured.attributes[ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT]).toBe('refunds?');
  });

  it('execute_tool {name} with its call id; arguments only with capture', () => {
    const t = toolSpec({ name: 'lookup' }, '{"a":1}', undefined, 'call_1', false, 100);
    expect(t).toMatchObject({ kind: RUN_KIND.TOOL, name: 'execute_tool lookup' });
    expect(t.attributes[ATTR_GEN_AI_TOOL_CALL_ID]).toBe('call_1');
    expect(t.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]).toBeUndefined();
    expect(toolSpec({}, '{"a":1}', 'x', undefined, true, 100).attributes).toMatchObject({
      [ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]: '{"a":1}',
    });
  });
});

describe('handoffTargets', () => {
  it('reads a Command’s goto: a name, Sends, lists; not the end node, not other objects', () => {
    expect(handoffTargets({ lg_name: 'Command', goto: 'researcher' })).toEqual(['researcher']);
    expect(
      handoffTargets({ lg_name: 'Command', goto: [{ node: 'a' }, 'b', 'a', '__end__'] }),
    ).toEqual(['a', 'b']);
    expect(handoffTargets({ lg_name: 'Command', update: {} })).toEqual([]);
    expect(handoffTargets({ goto: 'x' })).toEqual([]);
    expect(handoffTargets(undefined)).toEqual([]);
  });
});
