/**
 * Every call counted once, end to end: OpenInference's LangChain instrumentation beside our
 * openai instrumentation, with the real `@langchain/openai` (over the real openai SDK 7) against
 * the mock server, through genai_cost and genai_metrics. OpenInference's tracer starts its spans
 * without making them active (and LangChain runs it in the background, so its LLM span may start
 * after ours), so our openai span is not under its LLM span (here each is the root of a trace of
 * its own): genai_cost pairs them as twins (see processor-cost's "One call, one owner"), ours owns
 * the call, OpenInference's is marked. Its RETRIEVER spans count as
 * retrievals. In a file of its own: the SDK module is patched once per test file.
 */
import { createRequire } from 'node:module';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  METRIC_GEN_AI_RAG_STAGE_DURATION,
  METRIC_GEN_AI_RETRIEVAL_CALLS,
  PEER_OPENINFERENCE_SPAN_KIND,
} from '@genai-otel/semantic-conventions';
import type { DataPoint, Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Pipeline, startPipeline } from '../../../test/anthropic-pipeline.js';

const require = createRequire(import.meta.url);
const SCOPE_OURS = '@genai-otel/instrumentation-openai';
const SCOPE_OPENINFERENCE = '@arizeai/openinference-instrumentation-langchain';
// gpt-4o-mini: $0.15 per million input tokens, $0.60 output; the mock answers "Hi there" with
// 9 prompt tokens and 4 completion tokens.
const CALL_COST = 9 * 0.15e-6 + 4 * 0.6e-6;

let p: Pipeline;
beforeAll(async () => {
  p = await startPipeline(['openai']);
  const { LangChainInstrumentation } = require('@arizeai/openinference-instrumentation-langchain');
  new LangChainInstrumentation({ tracerProvider: p.otel.tracerProvider }).manuallyInstrument(
    require('@langchain/core/callbacks/manager'),
  );
});
afterAll(async () => {
  await p.otel.shutdown();
  await p.llm.close();
});

describe('OpenInference’s LangChain instrumentation beside our openai spans', () => {
  it('prices and counts each call once (ours), marks OpenInference’s LLM span', {
    timeout: 20_000,
  }, async () => {
    const { ChatOpenAI } = require('@langchain/openai');
    const { ChatPromptTemplate } = require('@langchain/core/prompts');
    const model = new ChatOpenAI({
      model: 'gpt-4o-mini',
      apiKey: 'test-key',
      configuration: { baseURL: `${p.llm.url}/v1` },
      maxRetries: 0,
    });
    // A prompt template before the model: the LLM span is under a CHAIN span, ours is a root.
    const chain = ChatPromptTemplate.fromMessages([['human', '{question}']]).pipe(model);
    const ask = { question: 'Hi there' };
    await chain.invoke(ask);
    for await (const _ of await chain.stream(ask)) {
      // read to the end
    }
    // Concurrent calls: each OpenInference span finds its own twin.
    await Promise.all([chain.invoke(ask), chain.invoke(ask), model.invoke('Hi there')]);
    await p.otel.forceFlush();

    const spans = p.spans();
    const ours = spans.filter((s) => s.instrumentationScope.name === SCOPE_OURS);
    const llm = spans.filter(
      (s) =>
        s.instrumentationScope.name === SCOPE_OPENINFERENCE &&
        s.attributes[PEER_OPENINFERENCE_SPAN_KIND] === 'LLM',
    );
    expect(ours).toHaveLength(5);
    expect(llm).toHaveLength(5);
    const priced = spans.filter((s) => s.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined);
    expect(priced.map((s) => s.instrumentationScope.name)).toEqual(Array(5).fill(SCOPE_OURS));
    for (const span of priced) {
      expect(span.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeCloseTo(CALL_COST, 15);
      expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(9);
      expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(4);
    }
    // Each LLM span names one of our spans, each a different one, that ran inside it.
    const owners = llm.map((s) => s.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID]);
    expect(new Set(owners)).toEqual(new Set(ours.map((s) => s.spanContext().spanId)));
    for (const span of llm) {
      const owner = ours.find(
        (o) => o.spanContext().spanId === span.attributes[ATTR_GEN_AI_USAGE_OWNER_SPAN_ID],
      )!;
      expect(owner.parentSpanContext).toBeUndefined();
      expect(span.attributes[ATTR_GEN_AI_OPERATION_NAME]).toBeUndefined();
    }

    const m = await p.metrics();
    expect(m.duration.reduce((n, d) => n + d.value.count, 0)).toBe(5);
    expect(m.cost).toBeCloseTo(5 * CALL_COST, 15);
    expect(m.tokens('input')).toBe(45);
    expect(m.tokens('output')).toBe(20);
  });

  it('counts its RETRIEVER spans as retrievals: hit, miss, stage duration', {
    timeout: 20_000,
  }, async () => {
    const { BaseRetriever } = require('@langchain/core/retrievers');
    const { Document } = require('@langchain/core/documents');
    class Shelf extends BaseRetriever {
      lc_namespace = ['test'];
      async _getRelevantDocuments(query: string) {
        return query === 'nothing' ? [] : [new Document({ pageContent: 'refunds take 5 days' })];
      }
    }
    const shelf = new Shelf();
    await shelf.invoke('refunds');
    await shelf.invoke('refunds again');
    await shelf.invoke('nothing');
    await p.otel.forceFlush();

    const m = await p.metrics();
    const calls = m.points(METRIC_GEN_AI_RETRIEVAL_CALLS.name) as DataPoint<number>[];
    const byOutcome = (o: string) =>
      calls
        .filter((d) => d.attributes[ATTR_GEN_AI_RETRIEVAL_OUTCOME] === o)
        .reduce((n, d) => n + d.value, 0);
    expect(byOutcome('hit')).toBe(2);
    expect(byOutcome('miss')).toBe(1);
    const stages = m.points(METRIC_GEN_AI_RAG_STAGE_DURATION.name) as DataPoint<Histogram>[];
    const retrievals = stages.filter(
      (d) => d.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'retrieval',
    );
    expect(retrievals.reduce((n, d) => n + d.value.count, 0)).toBe(3);
  });
});
