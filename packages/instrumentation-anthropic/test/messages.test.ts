import { ANTHROPIC_MOCK_HEADERS, THINKING_TEXT } from '@genai-otel/mock-llm-server';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  CACHED_SYSTEM,
  configure,
  loadSDK,
  MAJORS,
  MODEL,
  onlySpan,
  useHarness,
} from './helpers.js';

describe.each(MAJORS)('$pkg messages.create', ({ pkg }) => {
  const h = useHarness(() => loadSDK(pkg));

  it('records a plain call: request, response, usage, no content by default', async () => {
    const message = await h.client().messages.create({
      model: MODEL,
      max_tokens: 100,
      temperature: 0.2,
      top_k: 5,
      stop_sequences: ['END'],
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(message.content[0].text).toBe('Mock reply: Hi there');
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'anthropic',
      [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: h.server.port,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.2,
      [ATTR_GEN_AI_REQUEST_TOP_K]: 5,
      [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
      [ATTR_GEN_AI_RESPONSE_ID]: message.id,
      [ATTR_GEN_AI_RESPONSE_MODEL]: MODEL,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      // "Hi there" is 2 tokens plus 3 of turn framing; "Mock reply: Hi there" is 5.
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 5,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 5,
    });
  });

  it('counts cache reads and 5-minute and 1-hour writes inside the input tokens', async () => {
    await h.client().messages.create(
      {
        model: MODEL,
        max_tokens: 100,
        system: CACHED_SYSTEM,
        messages: [{ role: 'user', content: 'Hi there' }],
      },
      { headers: { [ANTHROPIC_MOCK_HEADERS.cacheRead]: '4' } },
    );
    const a = onlySpan().attributes;
    // API: input_tokens 1 (uncached), cache_read 4, cache_creation 15 (10 for 5m, 5 for 1h).
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(20);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(4);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(15);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]).toBe(5);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(5);
  });

  it('records extended thinking as reasoning tokens within the output, and as a reasoning part', async () => {
    configure({ captureMessageContent: true });
    await h.client().messages.create({
      model: MODEL,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    const a = onlySpan().attributes;
    // 12 thinking tokens + 5 of text.
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(17);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(12);
    expect(JSON.parse(String(a[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: THINKING_TEXT },
          { type: 'text', content: 'Mock reply: Hi there' },
        ],
        finish_reason: 'stop',
      },
    ]);
  });

  it('records tool use and tool results, with content on', async () => {
    configure({ captureMessageContent: true });
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather of a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ];
    const client = h.client();
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      system: 'Be terse.',
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const call = first.content[0];
    expect(call.type).toBe('tool_use');
    let a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_use']);
    expect(JSON.parse(String(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]))).toEqual([
      { type: 'text', content: 'Be terse.' },
    ]);
    expect(JSON.parse(String(a[ATTR_GEN_AI_TOOL_DEFINITIONS]))).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather of a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
    expect(JSON.parse(String(a[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: call.id,
            name: 'get_weather',
            arguments: { city: 'city_value' },
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    h.server.reset();
    const { exporter } = await import('./helpers.js');
    exporter.reset();
    await client.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Sunny, 21°C' }],
        },
      ],
    });
    a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn']);
    expect(JSON.parse(String(a[ATTR_GEN_AI_INPUT_MESSAGES]))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: call.id,
            name: 'get_weather',
            arguments: { city: 'city_value' },
          },
        ],
      },
      {
        role: 'user',
        parts: [{ type: 'tool_call_response', id: call.id, response: 'Sunny, 21°C' }],
      },
    ]);
  });

  it('keeps content off unless asked', async () => {
    await h.client().messages.create({
      model: MODEL,
      max_tokens: 100,
      system: 'Be terse.',
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(a[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
    expect(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]).toBeUndefined();
  });

  it('caps captured content at maxContentLength, as valid JSON', async () => {
    configure({ captureMessageContent: true, maxContentLength: 120 });
    await h.client().messages.create({
      model: MODEL,
      max_tokens: 100,
      messages: [{ role: 'user', content: 'word '.repeat(200) }],
    });
    const input = String(onlySpan().attributes[ATTR_GEN_AI_INPUT_MESSAGES]);
    expect(input.length).toBeLessThanOrEqual(120);
    expect(JSON.parse(input)[0].parts[0].content).toMatch(/…\[truncated\]$/);
  });

  it.each([
    [429, 'RateLimitError', 'rate_limit_error'],
    [500, 'InternalServerError', 'api_error'],
    [529, undefined, 'overloaded_error'],
  ])(
    'records a %s as error.type "%s", handing the SDK error through',
    async (status, cls, type) => {
      h.server.failNext({ status });
      const error = await h
        .client()
        .messages.create({
          model: MODEL,
          max_tokens: 10,
          messages: [{ role: 'user', content: 'x' }],
        })
        .catch((e: unknown) => e);
      expect((error as { status: number }).status).toBe(status);
      if (cls) expect((error as Error).constructor.name).toBe(cls);
      expect(String((error as Error).message)).toContain(type);
      const span = onlySpan();
      expect(span.attributes[ATTR_ERROR_TYPE]).toBe(String(status));
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    },
  );
});
