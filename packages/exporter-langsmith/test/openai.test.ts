import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { startMockLLMServer } from '@genai-otel/mock-llm-server';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_COST_REASONING,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATION,
} from '@genai-otel/semantic-conventions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costProcessor, type Harness, PROJECT, startHarness } from './harness.js';
import type { Run } from './langsmith-server.js';
import { outline, runTreeProblems } from './run-tree-rules.js';

// Enabled before the SDK is required, so require-in-the-middle patches it on load.
const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
const require = createRequire(import.meta.url);
const { OpenAI } = require('openai') as typeof import('openai');

type Dict = Record<string, unknown>;
const meta = (run: Run) => (run.extra as { metadata: Dict }).metadata;

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ` → microseconds since the epoch. */
function micros(iso: string): number {
  const [whole, fraction] = iso.slice(0, -1).split('.');
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction);
}

/** The calls of examples/openai-chat, as that app makes them (each its own trace). */
describe('the OpenAI example in LangSmith', () => {
  let h: Harness;
  let mock: Awaited<ReturnType<typeof startMockLLMServer>>;
  const got: Dict = {};

  beforeAll(async () => {
    // Priced by genai_cost before the exporter sees the spans, as in a configured pipeline.
    h = await startHarness({ processors: [costProcessor()] });
    instrumentation.setTracerProvider(h.provider);
    mock = await startMockLLMServer();
    const client = new OpenAI({ baseURL: `${mock.url}/v1`, apiKey: 'sk-local', maxRetries: 0 });

    got.chat = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise support assistant.' },
        { role: 'user', content: 'How do I reset my password?' },
      ],
      temperature: 0.2,
      max_tokens: 200,
    });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Write a two-line haiku about tracing.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    got.streamText = text;
    got.tool = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Use get_weather: what is the weather in Paris?' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
        },
      ],
    });
    got.responses = await client.responses.create({
      model: 'o4-mini',
      instructions: 'Answer in one sentence.',
      input: 'Why do LLM apps need tracing?',
    });
    got.embeddings = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['reset password', 'billing address'],
    });
    await client.chat.completions
      .create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hello' }] })
      .catch((error: unknown) => {
        got.error = error;
      });
    await h.provider.forceFlush();
  });

  afterAll(async () => {
    instrumentation.disable();
    await h.close();
    await mock.close();
  });

  it('stores one valid root run per call, through multipart ingestion', () => {
    expect(outline(h.server.runs.values()).sort()).toEqual([
      'embedding embeddings text-embedding-3-small',
      'llm chat gpt-4o-mini',
      'llm chat gpt-4o-mini',
      'llm chat gpt-4o-mini',
      'llm chat no-such-model',
      'llm chat o4-mini',
    ]);
    expect(runTreeProblems(h.server.runs.values())).toEqual([]);
    for (const run of h.server.runs.values()) {
      expect(run.session_name).toBe(PROJECT);
      expect(run.trace_id).toBe(run.id);
      expect(run.parent_run_id).toBeUndefined();
    }
    expect(new Set(h.server.ingests.map((i) => i.path))).toEqual(new Set(['/runs/multipart']));
    expect(h.server.ingests.every((i) => i.status === 202 && i.gzip)).toBe(true);
    expect(h.server.ingests.every((i) => i.apiKey === 'lsv2_test_key')).toBe(true);
  });

  it('renders a chat: messages, params, choices, usage and the ls_* metadata', () => {
    const chat = got.chat as import('openai').OpenAI.ChatCompletion;
    const span = h.memory
      .getFinishedSpans()
      .find((s) => s.attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] === 0.2)!;
    const run = [...h.server.runs.values()].find((r) => (r.inputs as Dict).temperature === 0.2)!;
    expect(run.run_type).toBe('llm');
    expect(run.inputs).toEqual({
      messages: [
        { role: 'system', content: 'You are a concise support assistant.' },
        { role: 'user', content: 'How do I reset my password?' },
      ],
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 200,
    });
    expect(run.outputs).toEqual({
      id: chat.id,
      model: chat.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: chat.choices[0]!.message.content },
          finish_reason: 'stop',
        },
      ],
      usage_metadata: {
        input_tokens: chat.usage!.prompt_tokens,
        output_tokens: chat.usage!.completion_tokens,
        total_tokens: chat.usage!.total_tokens,
        input_token_details: { cache_read: 0 },
        output_token_details: { reasoning: 0 },
        input_cost: span.attributes[ATTR_GEN_AI_USAGE_COST_INPUT],
        output_cost: span.attributes[ATTR_GEN_AI_USAGE_COST_OUTPUT],
        total_cost: span.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT],
      },
    });
    // gpt-4o-mini is in the pricing table: the run carries the price, LangSmith need not re-price.
    expect(span.attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT]).toBeGreaterThan(0);
    const m = meta(run);
    expect(m).toMatchObject({
      ls_provider: 'openai',
      ls_model_name: 'gpt-4o-mini',
      ls_model_type: 'chat',
      ls_temperature: 0.2,
      ls_max_tokens: 200,
      ls_invocation_params: { model: 'gpt-4o-mini', temperature: 0.2, max_tokens: 200 },
      'service.name': 'support-bot',
      'service.version': '1.4.2',
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT,
    });
    expect(m['host.name']).toBeUndefined();
    // Content lives in inputs/outputs only (where hide_inputs/hide_outputs apply).
    expect(m[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(m[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
    expect(m.otel_span_id).toBe(span.spanContext().spanId);
    expect(run.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('marks time to first token of a stream with a new_token event', () => {
    const run = [...h.server.runs.values()].find(
      (r) =>
        ((r.inputs as Dict).messages as Dict[] | undefined)?.[0]?.content ===
        'Write a two-line haiku about tracing.',
    )!;
    const span = h.memory
      .getFinishedSpans()
      .find((s) => s.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] !== undefined)!;
    const ttft = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] as number;
    expect(ttft).toBeGreaterThan(0);
    const events = run.events as { name: string; time: string }[];
    expect(events[0]!.name).toBe('new_token');
    // LangSmith's time to first token: the event's time minus the run's start.
    const measured = micros(events[0]!.time) - micros(String(run.start_time));
    expect(Math.abs(measured - ttft * 1e6)).toBeLessThanOrEqual(1_000);
    expect(events[0]!.time <= String(run.end_time)).toBe(true);
    const choices = (run.outputs as Dict).choices as Dict[];
    expect((choices[0]!.message as Dict).content).toBe(got.streamText);
    expect(((run.outputs as Dict).usage_metadata as Dict).output_tokens).toBeGreaterThan(0);
  });

  it('keeps tool definitions and the tool call the model made', () => {
    const tool = got.tool as import('openai').OpenAI.ChatCompletion;
    const run = [...h.server.runs.values()].find((r) => (r.inputs as Dict).tools !== undefined)!;
    expect((run.inputs as Dict).tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ]);
    const call = tool.choices[0]!.message.tool_calls![0]! as {
      id: string;
      function: { name: string; arguments: string };
    };
    const choice = ((run.outputs as Dict).choices as Dict[])[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect((choice.message as Dict).tool_calls).toEqual([
      {
        id: call.id,
        type: 'function',
        function: {
          name: 'get_weather',
          arguments: JSON.stringify(JSON.parse(call.function.arguments)),
        },
      },
    ]);
  });

  it('carries reasoning tokens of a Responses call and the instructions as a system message', () => {
    const response = got.responses as import('openai').OpenAI.Responses.Response;
    const run = h.byName('chat o4-mini');
    const a = h.memory.getFinishedSpans().find((s) => s.name === 'chat o4-mini')!.attributes;
    expect(((run.inputs as Dict).messages as Dict[])[0]).toEqual({
      role: 'system',
      content: 'Answer in one sentence.',
    });
    expect((run.outputs as Dict).usage_metadata).toEqual({
      input_tokens: response.usage!.input_tokens,
      output_tokens: response.usage!.output_tokens,
      total_tokens: response.usage!.total_tokens,
      input_token_details: { cache_read: response.usage!.input_tokens_details.cached_tokens },
      output_token_details: { reasoning: response.usage!.output_tokens_details.reasoning_tokens },
      // Reasoning is priced apart and belongs to the output side.
      input_cost: a[ATTR_GEN_AI_USAGE_COST_INPUT],
      output_cost:
        (a[ATTR_GEN_AI_USAGE_COST_OUTPUT] as number) +
        (a[ATTR_GEN_AI_USAGE_COST_REASONING] as number),
      output_cost_details: { reasoning: a[ATTR_GEN_AI_USAGE_COST_REASONING] },
      total_cost: a[ATTR_GEN_AI_USAGE_COST_AMOUNT],
    });
    expect(a[ATTR_GEN_AI_USAGE_COST_REASONING]).toBeGreaterThan(0);
    expect(a[ATTR_GEN_AI_USAGE_COST_CACHE_READ]).toBeUndefined();
    expect(response.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(
      response.usage!.output_tokens_details.reasoning_tokens,
    );
  });

  it('records embeddings as an embedding run with usage', () => {
    const result = got.embeddings as import('openai').OpenAI.CreateEmbeddingResponse;
    const run = h.byName('embeddings text-embedding-3-small');
    expect(run.run_type).toBe('embedding');
    expect((run.outputs as Dict).usage_metadata).toMatchObject({
      input_tokens: result.usage.prompt_tokens,
    });
    expect(meta(run)).toMatchObject({
      ls_provider: 'openai',
      ls_model_name: 'text-embedding-3-small',
    });
  });

  it('records a failed call as the run error', () => {
    const run = h.byName('chat no-such-model');
    expect((got.error as { status: number }).status).toBe(404);
    expect(run.error).toMatch(/^404: /);
    expect(run.outputs).toEqual({});
  });
});
