/**
 * LangChain.js with no code change: the real `@langchain/core` (1.x here, 0.3 in
 * fixtures/langchain-v0) and `@langchain/openai` against the mock server, in child processes
 * under `node --import @genai-otel/register` with genai_cost and genai_metrics (the three runs go
 * at once, each with its own mock server). Exact span trees (`$` marks the span that was priced:
 * one per HTTP call our spans see), one trace per top-level run, the openai SDK's span inside the
 * LangChain `chat` and `retrieval` spans, genai_metrics' sums equal to the priced spans'.
 * LangGraph: langgraph.e2e.test.ts.
 */
import {
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  PEER_OPENINFERENCE_KIND,
  PEER_OPENINFERENCE_SPAN_KIND,
} from '@genai-otel/semantic-conventions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  counterSum,
  expectChatOwnedBeneath,
  expectCountedOnce,
  type LangChainRun,
  runLangChainApp,
  traces,
  tree,
} from './support/langchain.js';
import { useTempDirs } from './support/run-app.js';

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
/** The app's runs: the documents' embedding (outside any chain), three questions, the last in withAgent. */
const RAG_TRACES = [
  tree('embeddings text-embedding-3-small (openai) $'),
  tree('invoke_agent support (tracing)', ...RAG_RUN.map((l) => `  ${l}`)),
  tree(...RAG_RUN),
  tree(...RAG_RUN),
];

let v1: LangChainRun;
let withOpenInference: LangChainRun;
let withTraceloop: LangChainRun;
let v0: LangChainRun;
beforeAll(async () => {
  [v1, withOpenInference, withTraceloop, v0] = await Promise.all([
    runLangChainApp('langchain-rag-app.mjs', await tempDir()),
    runLangChainApp('langchain-rag-app.mjs', await tempDir(), { WITH_OPENINFERENCE: '1' }),
    runLangChainApp('langchain-rag-app.mjs', await tempDir(), { WITH_TRACELOOP: '1' }),
    runLangChainApp('langchain-v0/rag-app.mjs', await tempDir()),
  ]);
}, 300_000);

describe('LangChain.js 1.x: an LCEL RAG chain', () => {
  it('one trace per run, the SDK spans inside retrieval and chat, counted once; nests in withAgent', () => {
    expect(traces(v1.spans)).toEqual(RAG_TRACES);
    expectChatOwnedBeneath(v1.spans);
    expect(v1.httpCalls).toBe(7);
    expectCountedOnce(v1, 7);
    const retrievals = v1.spans.filter((s) => s.name === 'retrieval VectorStoreRetriever');
    expect(retrievals.map((r) => r.attributes[ATTR_GEN_AI_RETRIEVAL_OUTCOME])).toEqual([
      'hit',
      'hit',
      'hit',
    ]);
    expect(counterSum(v1.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(3);
  });

  it('with OpenInference’s LangChain instrumentation registered too: each call and retrieval counted once', () => {
    const run = withOpenInference;
    expect(traces(run.spans, OURS)).toEqual(RAG_TRACES);
    // Each OpenInference LLM span names one of our openai chat spans, a different one each.
    const kind = (k: string) =>
      run.spans.filter((s) => s.attributes[PEER_OPENINFERENCE_SPAN_KIND] === k);
    const llm = kind(PEER_OPENINFERENCE_KIND.LLM);
    expect(llm).toHaveLength(3);
    const openaiChats = run.spans.filter(
      (s) => s.scope.name === '@genai-otel/instrumentation-openai' && s.name.startsWith('chat'),
    );
    expect(new Set(llm.map((s) => s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]))).toEqual(
      new Set(openaiChats.map((s) => s.spanId)),
    );
    expect(run.httpCalls).toBe(7);
    expectCountedOnce(run, 7);
    // Its RETRIEVER spans are twins of our retrieval spans: three retrievals, not six.
    const retrievers = kind(PEER_OPENINFERENCE_KIND.RETRIEVER);
    expect(retrievers).toHaveLength(3);
    for (const r of retrievers) expect(r.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]).toBeDefined();
    expect(counterSum(run.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(3);
  });
});

describe('with OpenLLMetry’s LangChain instrumentation registered too', () => {
  it('each call counted once (its chat spans marked), nothing printed', () => {
    const run = withTraceloop;
    // OpenLLMetry's `_configureSync` drops LangChain's parent callback manager, so every run is
    // a top-level run for every handler (ours too): its trees are flat, but the calls are the
    // same seven, priced on our openai spans only.
    const theirs = run.spans.filter(
      (s) =>
        s.scope.name === '@traceloop/instrumentation-langchain' && s.name === 'chat gpt-4o-mini',
    );
    expect(theirs).toHaveLength(3);
    const openaiChats = run.spans.filter(
      (s) => s.scope.name === '@genai-otel/instrumentation-openai' && s.name.startsWith('chat'),
    );
    expect(new Set(theirs.map((s) => s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]))).toEqual(
      new Set(openaiChats.map((s) => s.spanId)),
    );
    expect(run.httpCalls).toBe(7);
    expectCountedOnce(run, 7);
  });
});

describe('LangChain.js 0.3 (the previous major)', () => {
  it('the same chain: the LangChain chat span owns each call (its openai 5 is not instrumented)', () => {
    const run = v0;
    // openai 5 is not instrumented: its chat request is left to the LangChain chat span (the
    // http instrumentation skips a request made inside an LLM call's span), its embeddings
    // requests (LangChain has no embedding callbacks) are plain HTTP client spans.
    const POST = 'POST (@opentelemetry/instrumentation-undici)';
    const v0Run = RAG_RUN.filter((l) => !l.includes('(openai) $') || l.includes('embeddings')).map(
      (l) =>
        l === '  chat gpt-4o-mini'
          ? '  chat gpt-4o-mini $'
          : l.includes('embeddings')
            ? `        ${POST}`
            : l,
    );
    const sorted = (t: string[][]) => [...t].sort((a, b) => a.join().localeCompare(b.join()));
    expect(sorted(traces(run.spans))).toEqual(sorted([tree(...v0Run), tree(...v0Run), tree(POST)]));
    // Five HTTP calls, three of them embeddings (no LLM span, HTTP spans only): the two chat
    // calls are counted, once each.
    expect(run.httpCalls).toBe(5);
    expectCountedOnce(run, 2);
    expect(counterSum(run.metrics, METRIC_GEN_AI_RETRIEVAL_CALLS.name)).toBe(2);
  });
});
