/**
 * The bridge in-process, with the real `@langchain/core` 1.x and `@langchain/openai` (over the
 * real openai SDK, instrumented by our openai instrumentation) against the mock server: span
 * trees, the openai span inside the LangChain chat span for invoke and stream, errors, and no run
 * left behind. The child-process runs under `--import` (both LangChain majors, LangGraph,
 * OpenInference beside) are in the repository's test/ folder.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { langchain, llm, load, tracing, trees } from './helpers.js';

function model() {
  const { ChatOpenAI } = load('@langchain/openai');
  return new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: 'test-key',
    configuration: { baseURL: `${llm.server.url}/v1` },
    maxRetries: 0,
  });
}

function chain(m = model()) {
  const { ChatPromptTemplate } = load('@langchain/core/prompts');
  const { StringOutputParser } = load('@langchain/core/output_parsers');
  return ChatPromptTemplate.fromMessages([['human', '{question}']])
    .pipe(m)
    .pipe(new StringOutputParser());
}

const TREE = [
  'invoke_workflow RunnableSequence',
  '  ChatPromptTemplate',
  '  chat gpt-4o-mini',
  '    chat gpt-4o-mini',
  '  StrOutputParser',
];

// Generous: the first test loads LangChain, and CI runs every package at once on 2 cores.
describe('an LCEL chain', { timeout: 30_000 }, () => {
  it('invoke: one trace, the openai span inside the LangChain chat span, same usage', async () => {
    expect(await chain().invoke({ question: 'Hi there' })).toBe('Echo: Hi there');
    expect(trees()).toEqual(TREE);
    const [inner, outer] = tracing.spans().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(inner!.instrumentationScope.name).toBe('@genai-otel/instrumentation-openai');
    expect(outer!.instrumentationScope.name).toBe('@genai-otel/instrumentation-langchain');
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    for (const key of [ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS])
      expect(outer!.attributes[key]).toBe(inner!.attributes[key]);
    expect(langchain.handler.size).toBe(0);
  });

  it('stream: the streamed openai call nests too', async () => {
    let text = '';
    for await (const chunk of await chain().stream({ question: 'Hi there' })) text += chunk;
    expect(text).toBe('Echo: Hi there');
    expect(trees()).toEqual(TREE);
    expect(langchain.handler.size).toBe(0);
  });

  it('concurrent runs: one trace each', async () => {
    const c = chain();
    await Promise.all([c.invoke({ question: 'a' }), c.invoke({ question: 'b' })]);
    expect(trees()).toEqual([...TREE, ...TREE]);
    const roots = tracing.spans().filter((s) => s.parentSpanContext === undefined);
    expect(new Set(roots.map((s) => s.spanContext().traceId)).size).toBe(2);
  });

  it('a failing call: the chat and workflow spans say so, the app gets the SDK error as is', async () => {
    llm.server.failNext({ status: 429 });
    await expect(chain().invoke({ question: 'Hi there' })).rejects.toMatchObject({ status: 429 });
    const chat = tracing
      .spans()
      .find(
        (s) =>
          s.instrumentationScope.name === '@genai-otel/instrumentation-langchain' &&
          s.name === 'chat gpt-4o-mini',
      )!;
    expect(chat.status.code).toBe(SpanStatusCode.ERROR);
    expect(chat.attributes[ATTR_ERROR_TYPE]).toBe('429');
    const workflow = tracing.spans().find((s) => s.name === 'invoke_workflow RunnableSequence')!;
    expect(workflow.status.code).toBe(SpanStatusCode.ERROR);
    expect(langchain.handler.size).toBe(0);
  });

  it('disabled: no span of ours, the app works the same', async () => {
    langchain.disable();
    try {
      expect(await chain().invoke({ question: 'Hi there' })).toBe('Echo: Hi there');
      expect(trees()).toEqual(['chat gpt-4o-mini']);
    } finally {
      langchain.enable();
    }
  });
});
