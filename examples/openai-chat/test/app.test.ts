/**
 * The chat app run as a user runs it (`node --import @genai-otel/register`, no telemetry code in
 * the app): one CLIENT span per SDK call, in call order, each with exactly the attributes the
 * GenAI conventions give it — and no message content unless the environment asks for it.
 */

import { type ExampleRun, type FlatSpan, runExample } from '@genai-otel/test-utils';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The example's folder: `runExample` runs `src/app.mjs` there. */
const EXAMPLE_DIR = new URL('..', import.meta.url);
const CONTENT_KEYS = [
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
];

describe('examples/openai-chat', () => {
  let example: ExampleRun;
  let spans: FlatSpan[];
  beforeAll(async () => {
    example = await runExample({ dir: EXAMPLE_DIR });
    spans = example.spans;
  }, 60_000);
  afterAll(() => example?.cleanup());

  /** What every span of a call to the mock server carries. */
  const server = () => ({
    'gen_ai.provider.name': 'openai',
    'server.address': '127.0.0.1',
    'server.port': example.llm.port,
  });

  it('runs cleanly, prints each answer and calls the API six times', () => {
    expect(example.run.stderr).toBe('');
    expect(example.run.code).toBe(0);
    expect(example.run.stdout.trim().split('\n')).toEqual([
      'chat         → Echo: How do I reset my password?',
      'stream       → Echo: Write a two-line haiku about tracing.',
      'tool call    → get_weather({"city":"city_value"})',
      'responses    → Echo: Why do LLM apps need tracing?',
      'embeddings   → 2 vectors of 1536 dims',
      'api error    → 404 NotFoundError (expected: recorded as an error span)',
    ]);
    expect(example.llm.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/chat/completions',
      '/v1/responses',
      '/v1/embeddings',
      '/v1/chat/completions',
    ]);
  });

  it('makes six CLIENT spans, one root each, in call order', () => {
    expect(spans.map((s) => s.name)).toEqual([
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'chat gpt-4o-mini',
      'chat o4-mini',
      'embeddings text-embedding-3-small',
      'chat no-such-model',
    ]);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.parentSpanId).toBeUndefined();
      expect(span.scope.name).toBe('@genai-otel/instrumentation-openai');
      expect(span.resource['service.name']).toBe('example-under-test');
    }
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(6);
  });

  it('chat: request settings, response model and usage', () => {
    expect(spans[0]?.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(spans[0]?.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/),
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': expect.stringMatching(/^fp_[0-9a-f]{10}$/),
      'gen_ai.usage.input_tokens': 25,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('streamed chat: the usage of the final chunk and the time to the first one', () => {
    const streamed = spans[1]!;
    expect(streamed.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.stream': true,
      'gen_ai.response.time_to_first_chunk': expect.any(Number),
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/),
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': expect.stringMatching(/^fp_[0-9a-f]{10}$/),
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 11,
      'gen_ai.response.finish_reasons': ['stop'],
    });
    const ttfc = streamed.attributes['gen_ai.response.time_to_first_chunk'] as number;
    const seconds =
      Number(BigInt(streamed.endTimeUnixNano) - BigInt(streamed.startTimeUnixNano)) / 1e9;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThanOrEqual(seconds);
  });

  it('tool call: finishes with tool_calls', () => {
    expect(spans[2]?.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/),
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': expect.stringMatching(/^fp_[0-9a-f]{10}$/),
      'gen_ai.usage.input_tokens': 76,
      'gen_ai.usage.output_tokens': 14,
      'gen_ai.response.finish_reasons': ['tool_calls'],
    });
  });

  it('Responses API: a chat span with the reasoning tokens', () => {
    expect(spans[3]?.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'o4-mini',
      'gen_ai.response.id': expect.stringMatching(/^resp_/),
      'gen_ai.response.model': 'o4-mini-2025-04-16',
      'openai.response.service_tier': 'default',
      'gen_ai.usage.input_tokens': 23,
      'gen_ai.usage.output_tokens': 73,
      'gen_ai.usage.reasoning.output_tokens': 64,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('embeddings: input tokens and the vector size', () => {
    expect(spans[4]?.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.model': 'text-embedding-3-small',
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.embeddings.dimension.count': 1536,
    });
  });

  it('API error: an error span typed by the HTTP status, with the exception', () => {
    const failed = spans[5]!;
    expect(failed.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: '404 The model `no-such-model` does not exist or you do not have access to it.',
    });
    expect(failed.attributes).toEqual({
      ...server(),
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'no-such-model',
      'error.type': '404',
    });
    expect(failed.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('captures no message content by default', () => {
    for (const span of spans) {
      for (const key of CONTENT_KEYS)
        expect(span.attributes[key], `${span.name} ${key}`).toBeUndefined();
    }
  });

  it('captures it when OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true', async () => {
    const withContent = await runExample({
      dir: EXAMPLE_DIR,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' },
    });
    try {
      expect(withContent.run.code).toBe(0);
      const chat = withContent.spans[0]!;
      expect(JSON.parse(String(chat.attributes['gen_ai.input.messages']))).toEqual([
        {
          role: 'system',
          parts: [{ type: 'text', content: 'You are a concise support assistant.' }],
        },
        { role: 'user', parts: [{ type: 'text', content: 'How do I reset my password?' }] },
      ]);
      expect(JSON.parse(String(chat.attributes['gen_ai.output.messages']))).toEqual([
        {
          role: 'assistant',
          parts: [{ type: 'text', content: 'Echo: How do I reset my password?' }],
          finish_reason: 'stop',
        },
      ]);
    } finally {
      await withContent.cleanup();
    }
  }, 60_000);
});
