import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { configure, exporter, loadSDK, MAJORS, onlySpan, useHarness } from './helpers.js';

const weather = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parametersJsonSchema: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
        required: ['city'],
      },
    },
  ],
};

describe.each(MAJORS)('$pkg models.generateContent', ({ pkg }) => {
  const h = useHarness(() => loadSDK(pkg));

  it('records a plain call: request params, response, usage, no content by default', async () => {
    const res = await h.gemini().models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Hello, world!',
      config: {
        systemInstruction: 'Be brief.',
        temperature: 0.2,
        topP: 0.9,
        topK: 5,
        maxOutputTokens: 100,
        stopSequences: ['END'],
        seed: 42,
        candidateCount: 1,
      },
    });
    expect(res.text).toBe('Echo: Hello, world!');
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.0-flash');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'generate_content',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'gcp.gemini',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gemini-2.0-flash',
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: h.server.port,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.2,
      [ATTR_GEN_AI_REQUEST_TOP_P]: 0.9,
      [ATTR_GEN_AI_REQUEST_TOP_K]: 5,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
      [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: ['END'],
      [ATTR_GEN_AI_REQUEST_SEED]: 42,
      [ATTR_GEN_AI_RESPONSE_ID]: res.responseId,
      [ATTR_GEN_AI_RESPONSE_MODEL]: 'gemini-2.0-flash',
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['STOP'],
      // prompt: "Hello , world !" 4 + "Be brief ." 3; reply "Echo : Hello , world !" 6.
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 7,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 6,
    });
    expect(res.responseId).toMatch(/^[A-Za-z0-9]{22}$/);
  });

  it('maps usageMetadata: cache inside input, tool-use prompt added to input, thoughts added to output', async () => {
    await h.gemini().models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: {
        thinkingConfig: { thinkingBudget: 100 },
        cachedContent: 'cachedContents/abc123',
        tools: [{ googleSearch: {} }],
      },
    });
    const a = onlySpan().attributes;
    // usageMetadata: prompt 1025 (1024 cached), toolUsePrompt 32, candidates 3, thoughts 100.
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(1025 + 32);
    expect(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]).toBe(1024);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(3 + 100);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(100);
  });

  it('candidateCount 2: the choice count, one finish reason per candidate', async () => {
    const res = await h.gemini().models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Hi',
      config: { candidateCount: 2 },
    });
    expect(res.candidates).toHaveLength(2);
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_REQUEST_CHOICE_COUNT]).toBe(2);
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['STOP', 'STOP']);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(res.usageMetadata.candidatesTokenCount);
  });

  it('maxOutputTokens cutting the text: MAX_TOKENS', async () => {
    await h.gemini().models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'one two three four five',
      config: { maxOutputTokens: 66 },
    });
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['MAX_TOKENS']);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(2 + 64);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(64);
  });

  it('function calls: content on records tools, the call as a tool_call part and its response', async () => {
    configure({ captureMessageContent: true });
    const client = h.gemini();
    const res = await client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Call get_weather please',
      config: { tools: [weather], systemInstruction: { parts: [{ text: 'Be brief.' }] } },
    });
    expect(res.functionCalls).toEqual([
      { name: 'get_weather', args: { city: 'city_value', unit: 'c' } },
    ]);
    const a = onlySpan().attributes;
    expect(JSON.parse(a[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] as string)).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(JSON.parse(a[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Call get_weather please' }] },
    ]);
    expect(JSON.parse(a[ATTR_GEN_AI_TOOL_DEFINITIONS] as string)).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: weather.functionDeclarations[0]!.parametersJsonSchema,
      },
    ]);
    expect(JSON.parse(a[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', name: 'get_weather', arguments: { city: 'city_value', unit: 'c' } },
        ],
        finish_reason: 'stop',
      },
    ]);
    // get _ weather = 3, {"city":"city_value","unit":"c"} = 19.
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(3 + 19);
    exporter.reset();

    await client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: [
        { role: 'user', parts: [{ text: 'Call get_weather' }] },
        {
          role: 'model',
          parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }],
        },
      ],
      config: { tools: [weather] },
    });
    const b = onlySpan().attributes;
    expect(JSON.parse(b[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Call get_weather' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { role: 'user', parts: [{ type: 'tool_call_response', response: { temp: 21 } }] },
    ]);
    expect(JSON.parse(b[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: {"temp":21}' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('content capture: off by default, on by the env variable, capped by maxContentLength', async () => {
    const ask = { model: 'gemini-2.0-flash', contents: 'Hello, world!' };
    await h.gemini().models.generateContent(ask);
    expect(onlySpan().attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
    expect(onlySpan().attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).toBeUndefined();
    exporter.reset();

    process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';
    try {
      configure({});
      await h.gemini().models.generateContent(ask);
    } finally {
      delete process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT;
    }
    expect(JSON.parse(onlySpan().attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: Hello, world!' }],
        finish_reason: 'stop',
      },
    ]);
    exporter.reset();

    configure({ captureMessageContent: true, maxContentLength: 120 });
    await h.gemini().models.generateContent({ ...ask, contents: 'x'.repeat(200) });
    const input = onlySpan().attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string;
    expect(input.length).toBeLessThanOrEqual(120);
    expect(JSON.parse(input)[0].parts[0].content).toMatch(/…\[truncated]$/);
  });

  it('Vertex AI (vertexai: true) is gcp.vertex_ai, with its model version', async () => {
    await h
      .vertex()
      .models.generateContent({ model: 'gemini-2.0-flash', contents: 'Hello, world!' });
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_PROVIDER_NAME]).toBe('gcp.vertex_ai');
    expect(a[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gemini-2.0-flash-001');
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(4);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(6);
    expect(h.server.requests[0]!.path).toContain('/projects/my-project/locations/us-central1/');
  });

  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ])(
    'an API error %i: error.type is the status, the SDK error reaches the caller',
    async (status, name) => {
      h.server.failNext({ status });
      const error = await h
        .gemini()
        .models.generateContent({ model: 'gemini-2.0-flash', contents: 'Hi' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(loadSDK(pkg).ApiError);
      expect((error as { status: number }).status).toBe(status);
      const span = onlySpan();
      expect(span.attributes[ATTR_ERROR_TYPE]).toBe(String(status));
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toContain(name);
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    },
  );
});
