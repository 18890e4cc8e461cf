import { ANTHROPIC_MOCK_HEADERS, THINKING_TEXT } from '@genai-otel/mock-llm-server';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  CACHED_SYSTEM,
  collect,
  configure,
  exporter,
  loadSDK,
  MAJORS,
  MODEL,
  onlySpan,
  streamClass,
  useHarness,
} from './helpers.js';

const ASK = { model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Hi there' }] };

describe.each(MAJORS)('$pkg streamed messages', ({ pkg }) => {
  const sdk = () => loadSDK(pkg);
  const h = useHarness(sdk);

  it('stream: true: the SDK Stream handed back, usage from message_start and message_delta', async () => {
    const stream = await h
      .client()
      .messages.create(
        { ...ASK, system: CACHED_SYSTEM, stream: true },
        { headers: { [ANTHROPIC_MOCK_HEADERS.cacheRead]: '4' } },
      );
    expect(stream).toBeInstanceOf(streamClass(pkg));
    const events = await collect(stream);
    expect(events.map((e) => e.type)).toEqual([
      // The SDK drops `ping`.
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const span = onlySpan();
    const a = span.attributes;
    expect(a[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(a[ATTR_GEN_AI_RESPONSE_ID]).toBe(events[0].message.id);
    expect(a[ATTR_GEN_AI_RESPONSE_MODEL]).toBe(MODEL);
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['end_turn']);
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(20);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(4);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]).toBe(15);
    // The TTL split is only in message_start.
    expect(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]).toBe(5);
    // message_start says 1; message_delta's cumulative total overwrites it.
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(5);
    expect(a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('messages.stream(): events and finalMessage(), one span with thinking, tool input and content', async () => {
    configure({ captureMessageContent: true });
    const stream = h.client().messages.stream({
      ...ASK,
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [
        {
          name: 'get_weather',
          input_schema: { type: 'object', properties: { city: { type: 'string' } } },
        },
      ],
    });
    let text = '';
    let thinking = '';
    stream.on('thinking', (delta: string) => {
      thinking += delta;
    });
    stream.on('inputJson', (delta: string) => {
      text += delta;
    });
    const message = await stream.finalMessage();
    expect(thinking).toBe(THINKING_TEXT);
    expect(JSON.parse(text)).toEqual({ city: 'city_value' });
    expect(message.stop_reason).toBe('tool_use');
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_use']);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(12);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(message.usage.output_tokens);
    expect(JSON.parse(String(a[ATTR_GEN_AI_OUTPUT_MESSAGES]))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: THINKING_TEXT },
          {
            type: 'tool_call',
            id: message.content[1].id,
            name: 'get_weather',
            arguments: { city: 'city_value' },
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('messages.stream() aborted mid-stream: the span ends once, as an abort', async () => {
    const stream = h.client().messages.stream(ASK, {
      headers: { 'x-mock-chunk-delay-ms': '30' },
    });
    const seen: string[] = [];
    stream.on('text', (delta: string) => {
      seen.push(delta);
      if (seen.length === 2) stream.abort();
    });
    const outcome = await stream.finalMessage().catch((e: unknown) => e);
    expect((outcome as Error).constructor.name).toBe('APIUserAbortError');
    await expect.poll(() => exporter.getFinishedSpans().length).toBe(1);
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_ID]).toMatch(/^msg_/);
  });

  it('break out of a stream: the span ends with what was seen, not an error', async () => {
    const stream = await h.client().messages.create({ ...ASK, stream: true });
    for await (const event of stream) if (event.type === 'content_block_delta') break;
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5);
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeUndefined();
  });

  it('an overloaded_error event after HTTP 200 fails the span with the SDK error', async () => {
    const stream = await h
      .client()
      .messages.create(
        { ...ASK, stream: true },
        { headers: { [ANTHROPIC_MOCK_HEADERS.streamError]: 'overloaded_error' } },
      );
    const error = await collect(stream).catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('overloaded_error');
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe((error as Error).constructor.name);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5);
  });

  it('a 529 before the stream starts fails the span', async () => {
    h.server.failNext({ status: 529 });
    const error = await h
      .client()
      .messages.create({ ...ASK, stream: true })
      .catch((e: unknown) => e);
    expect((error as { status: number }).status).toBe(529);
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('529');
  });

  it('a connection cut mid-stream fails the span', async () => {
    h.server.failNext({ breakAfterChunks: 3 });
    const stream = await h.client().messages.create({ ...ASK, stream: true });
    const error = await collect(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_ERROR_TYPE]).toBeDefined();
  });
});
