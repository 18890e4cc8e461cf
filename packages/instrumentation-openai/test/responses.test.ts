import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import {
  collect,
  configure,
  exporter,
  loadSDK,
  MAJORS,
  onlySpan,
  spans,
  streamClass,
  useHarness,
} from './helpers.js';

// Mock rules: 3 + (4 + 'Be brief' 2) + (4 + 'Say hi' 2) = 15 input tokens; 'Echo: Say hi' is 4.
const INPUT_TOKENS = 15;
const OUTPUT_TOKENS = 4;
const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: false,
};

describe.each(MAJORS)('responses.create with $pkg', ({ pkg }) => {
  const sdk = loadSDK(pkg);
  const Stream = streamClass(pkg);
  const h = useHarness(() => sdk);

  it('records request, response and usage attributes', async () => {
    const result = await h.client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Be brief',
      input: 'Say hi',
      max_output_tokens: 50,
      temperature: 0.3,
      top_p: 0.8,
      service_tier: 'auto',
      text: { format: { type: 'json_object' } },
      conversation: 'conv_123',
    });
    expect(result.output_text).toBe('Echo: Say hi');
    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': h.server.port,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.8,
      'gen_ai.output.type': 'json',
      'gen_ai.conversation.id': 'conv_123',
      'openai.request.service_tier': 'auto',
      'gen_ai.response.id': result.id,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'gen_ai.usage.input_tokens': INPUT_TOKENS,
      'gen_ai.usage.output_tokens': OUTPUT_TOKENS,
      // No cached or reasoning tokens were reported (0): those attributes are left out.
    });
    expect(result.id).toMatch(/^resp_/);
  });

  it('records cached and reasoning tokens and a length cut', async () => {
    await h
      .client()
      .responses.create(
        { model: 'o4-mini', input: 'Say hi', reasoning: { effort: 'low' } },
        { headers: { 'x-mock-cached-tokens': '6' } },
      );
    let attrs = onlySpan().attributes;
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(6);
    expect(attrs['gen_ai.usage.reasoning.output_tokens']).toBe(16);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(16 + OUTPUT_TOKENS);
    exporter.reset();

    const cut = await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      max_output_tokens: 2,
    });
    expect(cut.status).toBe('incomplete');
    attrs = onlySpan().attributes;
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['length']);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(2);
  });

  it.each([400, 429, 500])(
    'marks an HTTP %i as an error and rethrows the SDK error',
    async (status) => {
      h.server.failNext({ status });
      const caught = await h
        .client()
        .responses.create({ model: 'gpt-4o-mini', input: 'Say hi' })
        .catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(sdk.APIError);
      expect(caught.status).toBe(status);
      const span = onlySpan();
      expect(span.attributes['error.type']).toBe(String(status));
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: caught.message });
      expect(span.events[0]!.name).toBe('exception');
      expect(h.server.requests).toHaveLength(1);
    },
  );

  it('captures no content by default', async () => {
    await h.client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Be brief',
      input: 'Say hi',
      tools: [WEATHER_TOOL],
    });
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.system_instructions']).toBeUndefined();
    expect(attrs['gen_ai.input.messages']).toBeUndefined();
    expect(attrs['gen_ai.output.messages']).toBeUndefined();
    expect(attrs['gen_ai.tool.definitions']).toBeUndefined();
  });

  it('captures instructions, input items, tools and output as convention JSON', async () => {
    configure({ captureMessageContent: true });
    const result = await h.client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Be brief',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          type: 'function_call',
          call_id: 'call_1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        { role: 'user', content: [{ type: 'input_text', text: 'And Rome? get_weather' }] },
      ],
      tools: [WEATHER_TOOL],
    });
    const call = result.output.find((o: { type: string }) => o.type === 'function_call');
    expect(call.arguments).toBe('{"city":"city_value"}');
    const attrs = onlySpan().attributes;
    expect(JSON.parse(attrs['gen_ai.system_instructions'] as string)).toEqual([
      { type: 'text', content: 'Be brief' },
    ]);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'Sunny' }] },
      { role: 'user', parts: [{ type: 'text', content: 'And Rome? get_weather' }] },
    ]);
    expect(JSON.parse(attrs['gen_ai.tool.definitions'] as string)).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather of a city',
        parameters: WEATHER_TOOL.parameters,
      },
    ]);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: call.call_id,
            name: 'get_weather',
            arguments: { city: 'city_value' },
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  });

  it('keeps system and developer items of the input in the input messages, in order', async () => {
    configure({ captureMessageContent: true });
    await h.client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Be brief',
      input: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hi' },
        {
          type: 'message',
          role: 'developer',
          content: [{ type: 'input_text', text: 'No emoji.' }],
        },
      ],
    });
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.system_instructions']).toBe('[{"type":"text","content":"Be brief"}]');
    expect(attrs['gen_ai.input.messages']).toBe(
      JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Say hi' }] },
        { role: 'developer', parts: [{ type: 'text', content: 'No emoji.' }] },
      ]),
    );
  });

  it('sets no system instructions when a Responses call has none', async () => {
    configure({ captureMessageContent: true });
    await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hi' },
      ],
    });
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.system_instructions']).toBeUndefined();
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)[0]).toEqual({
      role: 'system',
      parts: [{ type: 'text', content: 'You are terse.' }],
    });
  });

  it('records a streamed response from its final event, keeping the SDK Stream', async () => {
    configure({ captureMessageContent: true });
    const stream = await h.client().responses.create({
      model: 'gpt-4o-mini',
      instructions: 'Be brief',
      input: 'Say hi',
      stream: true,
    });
    expect(stream).toBeInstanceOf(Stream);
    const events = await collect(stream);
    const completed = events.at(-1);
    expect(completed.type).toBe('response.completed');
    const span = onlySpan();
    const attrs = span.attributes;
    expect(attrs['gen_ai.request.stream']).toBe(true);
    expect(attrs['gen_ai.response.id']).toBe(completed.response.id);
    expect(attrs['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(attrs['gen_ai.usage.input_tokens']).toBe(INPUT_TOKENS);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(OUTPUT_TOKENS);
    expect(attrs['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: Say hi' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('ends a streamed response the consumer leaves early, with its id and no error', async () => {
    const stream = await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      stream: true,
    });
    for await (const event of stream) {
      expect(event.type).toBe('response.created');
      break;
    }
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('marks a streamed response broken mid-way as an error', async () => {
    h.server.failNext({ breakAfterChunks: 2 });
    const stream = await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      stream: true,
    });
    const caught = await collect(stream).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(Error);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe((caught as Error).constructor.name);
    expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
  });

  it('marks a streamed response cut by controller.abort() as APIUserAbortError', async () => {
    h.server.failNext({ chunkDelayMs: 30 });
    const stream = await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      stream: true,
    });
    for await (const _event of stream) stream.controller.abort();
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('ends a streamed response aborted before any read the same way, once', async () => {
    const stream = await h.client().responses.create({
      model: 'gpt-4o-mini',
      input: 'Say hi',
      stream: true,
    });
    stream.controller.abort();
    // By the core's sweep of unread streams, a quarter of a second after the hand-over.
    await vi.waitFor(() => expect(spans()).toHaveLength(1), { timeout: 2_000 });
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Request was aborted.' });
    expect(await collect(stream)).toEqual([]);
    expect(spans()).toHaveLength(1);
  });

  it('tee() and toReadableStream() of a streamed response end one span each', async () => {
    const client = h.client();
    const request = { model: 'gpt-4o-mini', input: 'Say hi', stream: true };
    const [left, right] = (await client.responses.create(request)).tee();
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(b).toEqual(a);
    expect(onlySpan().attributes['gen_ai.usage.output_tokens']).toBe(4);
    exporter.reset();

    const text = await new Response(
      (await client.responses.create(request)).toReadableStream(),
    ).text();
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events).toEqual(
      a.map((e: unknown) => expect.objectContaining({ type: (e as { type: string }).type })),
    );
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('traces the responses.stream() helper and withResponse()', async () => {
    const client = h.client();
    const final = await client.responses
      .stream({ model: 'gpt-4o-mini', input: 'Say hi' })
      .finalResponse();
    expect(final.output[0].content[0].text).toBe('Echo: Say hi');
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(final.id);
    exporter.reset();

    const { data, response } = await client.responses
      .create({ model: 'gpt-4o-mini', input: 'Say hi' })
      .withResponse();
    expect(response.status).toBe(200);
    expect(data.output_text).toBe('Echo: Say hi');
    expect(spans()).toHaveLength(1);
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(data.id);
  });
});
