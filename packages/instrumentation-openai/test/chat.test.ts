import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  configure,
  loadSDK,
  MAJORS,
  onlySpan,
  spans,
  trace,
  tracer,
  useHarness,
} from './helpers.js';

const SAY_HI = [{ role: 'user', content: 'Say hi' }];
// Mock rules: prompt = 3 + 4 per message + text tokens; 'Echo: Say hi' is 4 tokens.
const SAY_HI_INPUT_TOKENS = 9;
const SAY_HI_OUTPUT_TOKENS = 4;

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe.each(MAJORS)('chat.completions.create with $pkg', ({ pkg }) => {
  const sdk = loadSDK(pkg);
  const h = useHarness(() => sdk);

  it('records request, response and usage attributes', async () => {
    const result = await h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: SAY_HI,
      max_tokens: 50,
      temperature: 0.5,
      top_p: 0.9,
      stop: 'END',
      frequency_penalty: 0.1,
      presence_penalty: 0.2,
      seed: 7,
      n: 1,
      service_tier: 'default',
      response_format: { type: 'text' },
    });
    expect(result.choices[0].message.content).toBe('Echo: Say hi');
    expect(h.server.requests).toHaveLength(1);

    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': h.server.port,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': 0.2,
      'gen_ai.request.seed': 7,
      'gen_ai.output.type': 'text',
      'openai.request.service_tier': 'default',
      'gen_ai.response.id': result.id,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': result.system_fingerprint,
      'gen_ai.usage.input_tokens': SAY_HI_INPUT_TOKENS,
      'gen_ai.usage.output_tokens': SAY_HI_OUTPUT_TOKENS,
      // No cached or reasoning tokens were reported (0): those attributes are left out.
    });
    expect(result.id).toMatch(/^chatcmpl-/);
    expect(span.events).toHaveLength(0);
  });

  it('records cached and reasoning tokens, choice count, stop list and max_completion_tokens', async () => {
    const result = await h.client().chat.completions.create(
      {
        model: 'o4-mini',
        messages: SAY_HI,
        reasoning_effort: 'low',
        n: 2,
        stop: ['A', 'B'],
        max_completion_tokens: 500,
        max_tokens: 400,
        response_format: { type: 'json_object' },
      },
      { headers: { 'x-mock-cached-tokens': '5' } },
    );
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.choice.count']).toBe(2);
    expect(span.attributes['gen_ai.request.stop_sequences']).toEqual(['A', 'B']);
    expect(span.attributes['gen_ai.request.max_tokens']).toBe(500);
    expect(span.attributes['gen_ai.output.type']).toBe('json');
    expect(span.attributes['gen_ai.response.model']).toBe('o4-mini-2025-04-16');
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop', 'stop']);
    expect(span.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(5);
    // low effort = 16 reasoning tokens per choice; then 'Echo: Say hi' (4) and 'Echo #2: Say hi' (6).
    expect(span.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(32);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(result.usage.completion_tokens);
    expect(result.usage.completion_tokens).toBe(32 + 4 + 6);
  });

  it.each([400, 429, 500])(
    'marks an HTTP %i as an error and rethrows the SDK error',
    async (status) => {
      h.server.failNext({ status });
      const caught = await h
        .client()
        .chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI })
        .catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(sdk.APIError);
      expect(caught.status).toBe(status);
      expect(h.server.requests).toHaveLength(1);

      const span = onlySpan();
      expect(span.attributes['error.type']).toBe(String(status));
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: caught.message });
      expect(span.events).toHaveLength(1);
      expect(span.events[0]!.name).toBe('exception');
      expect(span.events[0]!.attributes!['exception.message']).toBe(caught.message);
      expect(span.attributes['gen_ai.response.id']).toBeUndefined();
    },
  );

  it('names a connection failure by its class', async () => {
    const client = new sdk.OpenAI({ apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1', maxRetries: 0 });
    const caught = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: SAY_HI })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(sdk.APIConnectionError);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIConnectionError');
    expect(span.attributes['server.port']).toBe(1);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('names an abort before the response APIUserAbortError', async () => {
    const abort = new AbortController();
    abort.abort();
    const caught = await h
      .client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI }, { signal: abort.signal })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(sdk.APIUserAbortError);
    expect(onlySpan().attributes['error.type']).toBe('APIUserAbortError');
  });

  it('captures no content by default', async () => {
    await h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be terse.' }, ...SAY_HI],
      tools: [WEATHER_TOOL],
    });
    const attrs = onlySpan().attributes;
    for (const key of [
      'gen_ai.input.messages',
      'gen_ai.output.messages',
      'gen_ai.system_instructions',
      'gen_ai.tool.definitions',
    ]) {
      expect(attrs[key]).toBeUndefined();
    }
  });

  it('captures messages (system and developer ones in order), tool definitions and tool calls as convention JSON', async () => {
    configure({ captureMessageContent: true });
    const result = await h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
        { role: 'user', content: 'Weather in Paris? Use get_weather', name: 'ann' },
      ],
      tools: [WEATHER_TOOL],
    });
    const call = result.choices[0].message.tool_calls[0];
    expect(call.function).toEqual({ name: 'get_weather', arguments: '{"city":"city_value"}' });

    const attrs = onlySpan().attributes;
    // Part of the chat history, so not the separate system instructions.
    expect(attrs['gen_ai.system_instructions']).toBeUndefined();
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be terse.' }] },
      { role: 'developer', parts: [{ type: 'text', content: 'Use tools.' }] },
      {
        role: 'user',
        name: 'ann',
        parts: [{ type: 'text', content: 'Weather in Paris? Use get_weather' }],
      },
    ]);
    expect(JSON.parse(attrs['gen_ai.tool.definitions'] as string)).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather of a city',
        parameters: WEATHER_TOOL.function.parameters,
      },
    ]);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
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
        finish_reason: 'tool_calls',
      },
    ]);
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });

  it('captures an assistant tool call and its tool result in the input', async () => {
    configure({ captureMessageContent: true });
    await h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ],
      tools: [WEATHER_TOOL],
    });
    const attrs = onlySpan().attributes;
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'Sunny' }] },
    ]);
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: Sunny' }],
        finish_reason: 'stop',
      },
    ]);
    expect(attrs['gen_ai.system_instructions']).toBeUndefined();
  });

  it('caps content attributes at maxContentLength and marks the cut', async () => {
    configure({ captureMessageContent: true, maxContentLength: 1000 });
    const long = 'word '.repeat(1000);
    await h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: long }],
    });
    const attrs = onlySpan().attributes;
    const input = attrs['gen_ai.input.messages'] as string;
    expect(input.length).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(input);
    expect(parsed[0].parts[0].content.endsWith('…[truncated]')).toBe(true);
    expect(long.startsWith(parsed[0].parts[0].content.replace('…[truncated]', ''))).toBe(true);
    const output = attrs['gen_ai.output.messages'] as string;
    expect(output.length).toBeLessThanOrEqual(1000);
    expect(JSON.parse(output)[0].finish_reason).toBe('stop');
  });

  it('keeps the SDK APIPromise: withResponse() and asResponse() work as without us', async () => {
    const client = h.client();
    const promise = client.chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(promise).toBeInstanceOf(sdk.APIPromise);
    const { data, response, request_id } = await promise.withResponse();
    expect(data.choices[0].message.content).toBe('Echo: Say hi');
    expect(response.status).toBe(200);
    expect(request_id).toMatch(/^req_/);
    expect(data._request_id).toBe(request_id);
    // Awaiting again reuses the parsed body: still one span, one request.
    expect((await promise).id).toBe(data.id);
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(data.id);
    expect(h.server.requests).toHaveLength(1);

    const raw = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: SAY_HI })
      .asResponse();
    // The body is still the caller's to read.
    const body = await raw.json();
    expect(body.choices[0].message.content).toBe('Echo: Say hi');
    const [, rawSpan] = spans();
    expect(rawSpan!.name).toBe('chat gpt-4o-mini');
    expect(rawSpan!.attributes['gen_ai.response.id']).toBeUndefined();
    expect(spans()).toHaveLength(2);
  });

  it('parents the span on the active span and keeps it active for the request', async () => {
    let activeAtFetch: string | undefined;
    const client = h.client({
      fetch: (url: string, init: RequestInit) => {
        activeAtFetch = trace.getActiveSpan()?.spanContext().spanId;
        return fetch(url, init);
      },
    });
    const parentId = await tracer.startActiveSpan('parent', async (parent) => {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
      parent.end();
      return parent.spanContext().spanId;
    });
    const chat = spans().find((s) => s.name === 'chat gpt-4o-mini')!;
    expect(chat.parentSpanContext?.spanId).toBe(parentId);
    expect(activeAtFetch).toBe(chat.spanContext().spanId);
  });

  it('reports Azure OpenAI as the provider from the base URL host', async () => {
    const azureBase = 'https://my-resource.openai.azure.com/openai';
    const client = h.client({
      baseURL: azureBase,
      fetch: (url: string, init: RequestInit) =>
        fetch(String(url).replace(azureBase, `${h.server.url}/v1`), init),
    });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(attrs['server.address']).toBe('my-resource.openai.azure.com');
    expect(attrs['server.port']).toBe(443);
  });
});
