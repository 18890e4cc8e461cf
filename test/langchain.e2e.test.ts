/**
 * LangChain.js and LangGraph with no code change: the real `@langchain/core` (1.x, and 0.3 in
 * fixtures/langchain-v0), `@langchain/openai` and `@langchain/langgraph` against the mock server,
 * in child processes under `node --import @genai-otel/register` with genai_cost and
 * genai_metrics. Exact span trees (`$` marks the span that was priced: one per HTTP call), one
 * trace per top-level run, the openai SDK's span inside the LangChain `chat` span, and
 * genai_metrics' sums equal to what the mock server served.
 */
import {
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import type { FlatSpan } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import {
  counterSum,
  type LangChainRun,
  metricSums,
  priced,
  runLangChainApp,
  traces,
  tree,
} from './support/langchain.js';
import { useTempDirs } from './support/run-app.js';
import { useServers } from './support/servers.js';

const servers = useServers();
const tempDir = useTempDirs();
const OURS = [
  '@genai-otel/instrumentation-langchain',
  '@genai-otel/instrumentation-openai',
  '@genai-otel/tracing',
];

/** One question of the RAG chain: workflow, retrieval (its embedding inside), chat (openai inside). */
const RAG_RUN = [
  'invoke_workflow RunnableSequence',
  '  RunnableMap',
  '    RunnableLambda',
  '      retrieval VectorStoreRetriever',
  '        embeddings text-embedding-3-small (openai) $',
  '  RunnableLambda',
  '  ChatPromptTemplate',
  '  chat gpt-4o-mini',
  '    chat gpt-4o-mini (openai) $',
  '  StrOutputParser',
];

/** Every priced span's tokens and cost add up to genai_metrics' figures, and its calls are the HTTP calls. */
function expectCountedOnce(run: LangChainRun, httpCalls: number): void {
  const owners = priced(run.spans);
  expect(owners).toHaveLength(httpCalls);
  const sum = (key: string) => owners.reduce((n, s) => n + (s.attributes[key] as number), 0);
  const m = metricSums(run.metrics);
  expect(m.calls).toBe(httpCalls);
  expect(m.input).toBe(sum(ATTR_GEN_AI_USAGE_INPUT_TOKENS));
  expect(m.output).toBe(sum(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS));
  expect(m.cost).toBeCloseTo(sum(ATTR_GEN_AI_USAGE_COST_AMOUNT), 12);
}

/** The LangChain chat spans: each names the openai span beneath it as the owner of its usage. */
function expectChatOwnedBeneath(spans: FlatSpan[]): void {
  const chats = spans.filter(
    (s) =>
      s.scope.name === '@genai-otel/instrumentation-langchain' &&
      s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'chat',
  );
  expect(chats.length).toBeGreaterThan(0);
  for (const chat of chats) {
    expect(chat.attributes).toMatchObject({
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    });
    const child = spans.find((s) => s.parentSpanId === chat.spanId)!;
    expect(child.scope.name).toBe('@genai-otel/instrumentation-openai');
    expect(chat.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBe(child.spanId);
    expect(chat.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(
      child.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS],
    );
  }
}

describe('LangChain.js 1.x: an LCEL RAG chain', () => {
  it('one trace per run, retrieval and chat with the SDK spans inside, counted once; nests in withAgent', {
    timeout: 30_000,
  }, async () => {
    const run = await runLangChainApp('langchain-rag-app.mjs', servers.llm.url, await tempDir());
    // The documents' embedding (outside any chain: a trace of its own), then three questions.
    expect(traces(run.spans)).toEqual([
      tree('embeddings text-embedding-3-small (openai) $'),
      tree('invoke_agent support (tracing)', ...RAG_RUN.map((l) => `  ${l}`)),
      tree(...RAG_RUN),
      tree(...RAG_RUN),
    ]);
    expectChatOwnedBeneath(run.spans);
    expectCountedOnce(run, 7);
    expect(servers.llm.requests).toHaveLength(7);
    const retrievals = run.spans.filter((s) => s.name === 'retrieval VectorStoreRetriever');
    for (const r of retrievals) expect(r.attributes[ATTR_GEN_AI_RETRIEVAL_OUTCOME]).toBe('hit');
    expect(counterSum(run.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(3);
  });

  it('with OpenInference’s LangChain instrumentation registered too: still counted once', {
    timeout: 30_000,
  }, async () => {
    const run = await runLangChainApp('langchain-rag-app.mjs', servers.llm.url, await tempDir(), {
      WITH_OPENINFERENCE: '1',
    });
    // Ours are unchanged by it.
    expect(traces(run.spans, OURS)).toEqual([
      tree('embeddings text-embedding-3-small (openai) $'),
      tree('invoke_agent support (tracing)', ...RAG_RUN.map((l) => `  ${l}`)),
      tree(...RAG_RUN),
      tree(...RAG_RUN),
    ]);
    // Each OpenInference LLM span names one of our openai spans, a different one each.
    const llm = run.spans.filter((s) => s.attributes['openinference.span.kind'] === 'LLM');
    expect(llm).toHaveLength(3);
    const owners = new Set(llm.map((s) => s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]));
    const openaiChats = run.spans.filter(
      (s) => s.scope.name === '@genai-otel/instrumentation-openai' && s.name.startsWith('chat'),
    );
    expect(owners).toEqual(new Set(openaiChats.map((s) => s.spanId)));
    expectCountedOnce(run, 7);
    expect(counterSum(run.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(3);
  });
});

describe('LangChain.js 0.3 (the previous major)', () => {
  it('the same chain: the LangChain chat span owns each call (its openai 5 is not instrumented)', {
    timeout: 30_000,
  }, async () => {
    const run = await runLangChainApp('langchain-v0/rag-app.mjs', servers.llm.url, await tempDir());
    const v0Run = RAG_RUN.filter((l) => !l.includes('(openai)')).map((l) =>
      l === '  chat gpt-4o-mini' ? '  chat gpt-4o-mini $' : l,
    );
    expect(traces(run.spans)).toEqual([tree(...v0Run), tree(...v0Run)]);
    // Five HTTP calls (three embeddings no span sees: LangChain has no embedding callbacks).
    expect(servers.llm.requests).toHaveLength(5);
    expectCountedOnce(run, 2);
    expect(counterSum(run.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(2);
  });
});

describe('LangGraph 1.x', () => {
  it('an agent node and a ToolNode: invoke_agent, nodes as steps, execute_tool', {
    timeout: 30_000,
  }, async () => {
    const run = await runLangChainApp('langgraph-agent-app.mjs', servers.llm.url, await tempDir());
    expect(JSON.parse(run.stdout.split('RESULT ')[1]!)).toEqual({ answer: 'Echo: Sunny in Paris' });
    expect(traces(run.spans)).toEqual([
      tree(
        'invoke_agent weather_agent',
        '  agent',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    RunnableLambda',
        '  tools',
        '    execute_tool get_weather',
        '  agent',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    RunnableLambda',
      ),
    ]);
    const toolSpan = run.spans.find((s) => s.name === 'execute_tool get_weather')!;
    expect(toolSpan.attributes[ATTR_GEN_AI_TOOL_NAME]).toBe('get_weather');
    expect(toolSpan.attributes[ATTR_GEN_AI_TOOL_CALL_ID]).toMatch(/^call_/);
    expectChatOwnedBeneath(run.spans);
    expectCountedOnce(run, 2);
    const tools = run.metrics.filter((m) => m.name === METRIC_GEN_AI_TOOL_DURATION.name).at(-1);
    expect(tools?.dataPoints.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(1);
  });

  it('a supervisor handing off with Command({ goto }) to a sub-graph agent: a handoff span', {
    timeout: 30_000,
  }, async () => {
    const run = await runLangChainApp(
      'langgraph-supervisor-app.mjs',
      servers.llm.url,
      await tempDir(),
    );
    expect(traces(run.spans)).toEqual([
      tree(
        'invoke_workflow LangGraph',
        '  supervisor',
        '    chat gpt-4o-mini',
        '      chat gpt-4o-mini (openai) $',
        '    handoff researcher',
        '  researcher',
        '    invoke_agent researcher',
        '      research',
        '        chat gpt-4o-mini',
        '          chat gpt-4o-mini (openai) $',
      ),
    ]);
    const handoff = run.spans.find((s) => s.name === 'handoff researcher')!;
    expect(handoff.attributes).toMatchObject({
      [ATTR_GEN_AI_OPERATION_NAME]: 'handoff',
      [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'supervisor',
      [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'researcher',
    });
    expectCountedOnce(run, 2);
    expect(
      counterSum(run.metrics, METRIC_GEN_AI_AGENT_HANDOFFS.name, {
        [ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME]: 'supervisor',
        [ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME]: 'researcher',
      }),
    ).toBe(1);
  });
});
