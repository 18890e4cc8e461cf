import { ApiError, FunctionCallingConfigMode, GoogleGenAI, Type } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { useMockAndClient } from './clients.js';

const gemini = (url: string) =>
  new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: url } });

const weather = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: {
        type: Type.OBJECT,
        properties: { city: { type: Type.STRING }, unit: { type: Type.STRING, enum: ['c', 'f'] } },
        required: ['city'],
      },
    },
  ],
};

describe('Gemini API through @google/genai', () => {
  const mock = useMockAndClient((server) => gemini(server.url));

  it('generateContent: echo reply, exact usageMetadata, modelVersion, finishReason', async () => {
    const res = await mock.client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Hello, world!',
      config: { systemInstruction: 'Be brief.' },
    });
    expect(res.text).toBe('Echo: Hello, world!');
    expect(res.modelVersion).toBe('gemini-2.0-flash');
    expect(res.responseId).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(res.candidates![0]!.finishReason).toBe('STOP');
    // prompt: "Hello , world !" 4 + "Be brief ." 3; reply "Echo : Hello , world !" 6.
    expect(res.usageMetadata).toEqual({
      promptTokenCount: 7,
      candidatesTokenCount: 6,
      totalTokenCount: 13,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 7 }],
    });
    const sent = mock.server.requests[0]!;
    expect(sent.path).toBe('/v1/models/gemini-2.0-flash:generateContent');
    expect(sent.headers['x-goog-api-key']).toBeUndefined();
  });

  it('thinking models report thoughtsTokenCount apart from candidates; cachedContent and built-in tools add their counts', async () => {
    const res = await mock.client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: {
        thinkingConfig: { thinkingBudget: 100, includeThoughts: true },
        cachedContent: 'cachedContents/abc123',
        tools: [{ googleSearch: {} }],
      },
    });
    const parts = res.candidates![0]!.content!.parts!;
    expect(parts[0]).toMatchObject({ thought: true });
    expect(res.text).toBe('Echo: Hi');
    expect(res.usageMetadata).toEqual({
      promptTokenCount: 1 + 1024,
      candidatesTokenCount: 3,
      totalTokenCount: 1025 + 3 + 100 + 32,
      cachedContentTokenCount: 1024,
      thoughtsTokenCount: 100,
      toolUsePromptTokenCount: 32,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1025 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1024 }],
      toolUsePromptTokensDetails: [{ modality: 'TEXT', tokenCount: 32 }],
    });
    const dyn = await mock.client.models.generateContent({
      model: 'gemini-2.5-pro',
      contents: 'Hi',
    });
    expect(dyn.usageMetadata!.thoughtsTokenCount).toBe(64);
    const off = await mock.client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Hi',
      config: { thinkingConfig: { thinkingBudget: 0 } },
    });
    expect(off.usageMetadata!.thoughtsTokenCount).toBeUndefined();
  });

  it('maxOutputTokens: thoughts spent first, the text cut, finishReason MAX_TOKENS', async () => {
    const res = await mock.client.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'one two three four five',
      config: { maxOutputTokens: 66 },
    });
    expect(res.text).toBe('Echo:');
    expect(res.candidates![0]!.finishReason).toBe('MAX_TOKENS');
    expect(res.usageMetadata).toMatchObject({ candidatesTokenCount: 2, thoughtsTokenCount: 64 });
  });

  it('function calls when the prompt names a declared function; the result is echoed after', async () => {
    const res = await mock.client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Call get_weather please',
      config: { tools: [weather] },
    });
    expect(res.functionCalls).toEqual([
      { name: 'get_weather', args: { city: 'city_value', unit: 'c' } },
    ]);
    expect(res.candidates![0]!.finishReason).toBe('STOP');
    // get _ weather = 3, {"city":"city_value","unit":"c"} = 19.
    expect(res.usageMetadata!.candidatesTokenCount).toBe(3 + 19);
    const forced = await mock.client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Anything',
      config: {
        tools: [weather],
        toolConfig: { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } },
      },
    });
    expect(forced.functionCalls?.[0]?.name).toBe('get_weather');
    const after = await mock.client.models.generateContent({
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
    expect(after.text).toBe('Echo: {"temp":21}');
  });

  it('generateContentStream: one SSE chunk per token, usage complete only on the last chunk', async () => {
    const stream = await mock.client.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Hello, world!',
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.map((c) => c.text).join('')).toBe('Echo: Hello, world!');
    expect(chunks).toHaveLength(6);
    expect(chunks[0]!.usageMetadata).toEqual({
      promptTokenCount: 4,
      totalTokenCount: 68,
      thoughtsTokenCount: 64,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 4 }],
    });
    expect(chunks[0]!.candidates![0]!.finishReason).toBeUndefined();
    const last = chunks[5]!;
    expect(last.candidates![0]!.finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: 4,
      candidatesTokenCount: 6,
      thoughtsTokenCount: 64,
      totalTokenCount: 74,
    });
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);
    expect(mock.server.requests[0]!.path).toBe('/v1/models/gemini-2.5-flash:streamGenerateContent');
    expect(mock.server.requests[0]!.query).toEqual({ alt: 'sse' });
  });

  it('streams a function call whole in one chunk', async () => {
    const stream = await mock.client.models.generateContentStream({
      model: 'gemini-2.0-flash',
      contents: 'use get_weather',
      config: { tools: [weather] },
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.functionCalls).toEqual([
      { name: 'get_weather', args: { city: 'city_value', unit: 'c' } },
    ]);
  });

  it('embedContent (batchEmbedContents on the Gemini API): one vector per content, outputDimensionality honoured', async () => {
    const res = await mock.client.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['first text', 'second text'],
      config: { outputDimensionality: 8 },
    });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings![0]!.values).toHaveLength(8);
    expect(res.embeddings![0]!.values).not.toEqual(res.embeddings![1]!.values);
    const again = await mock.client.models.embedContent({
      model: 'gemini-embedding-001',
      contents: 'first text',
    });
    expect(again.embeddings![0]!.values).toHaveLength(3072);
    expect(mock.server.requests[0]!.path).toBe(
      '/v1/models/gemini-embedding-001:batchEmbedContents',
    );
  });

  it('single :embedContent over plain HTTP answers {embedding:{values}}', async () => {
    const res = await fetch(`${mock.server.url}/v1beta/models/text-embedding-004:embedContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ content: { parts: [{ text: 'hi' }] } }),
    });
    const body = (await res.json()) as { embedding: { values: number[] } };
    expect(body.embedding.values).toHaveLength(768);
  });

  it('countTokens follows the same rule as usage', async () => {
    const res = await mock.client.models.countTokens({
      model: 'gemini-2.0-flash',
      contents: 'Hello, world!',
    });
    expect(res.totalTokens).toBe(4);
  });
});

describe('Gemini errors as @google/genai ApiError', () => {
  const mock = useMockAndClient((server) => gemini(server.url));

  const caught = async (p: Promise<unknown>): Promise<ApiError> => {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      return err as ApiError;
    }
    throw new Error('expected the call to fail');
  };
  const call = (model = 'gemini-2.0-flash') =>
    mock.client.models.generateContent({ model, contents: 'x' });

  it.each([
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [400, 'INVALID_ARGUMENT'],
  ])('failNext %i → %s in Google’s error body', async (status, name) => {
    mock.server.failNext({ status });
    const err = await caught(call());
    expect(err.status).toBe(status);
    const body = JSON.parse(err.message) as {
      error: { code: number; status: string; details?: unknown[] };
    };
    expect(body.error.code).toBe(status);
    expect(body.error.status).toBe(name);
    if (status === 429) {
      expect(body.error.details).toContainEqual({
        '@type': 'type.googleapis.com/google.rpc.RetryInfo',
        retryDelay: '0s',
      });
    }
  });

  it('magic model mock-error-503, 404 for no-such- models, 400 for missing contents', async () => {
    expect((await caught(call('mock-error-503'))).status).toBe(503);
    const nf = await caught(call('no-such-model'));
    expect(nf.status).toBe(404);
    expect(nf.message).toContain('models/no-such-model is not found for API version v1,');
    // The SDK refuses empty contents itself, so the bad request goes over plain HTTP.
    const bad = await fetch(`${mock.server.url}/v1beta/models/gemini-2.0-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 400,
        message: '* GenerateContentRequest.contents: contents is not specified\n',
        status: 'INVALID_ARGUMENT',
      },
    });
  });

  it('403 PERMISSION_DENIED without an API key', async () => {
    const res = await fetch(`${mock.server.url}/v1beta/models/gemini-2.0-flash:generateContent`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe(
      'PERMISSION_DENIED',
    );
  });

  it('an error chunk mid-stream makes the SDK iteration throw after the chunks before it', async () => {
    mock.server.failNext({ streamErrorAfterChunks: 2, type: 'UNAVAILABLE' });
    const stream = await mock.client.models.generateContentStream({
      model: 'gemini-2.0-flash',
      contents: 'Hello, world!',
    });
    const texts: string[] = [];
    const err = await caught(
      (async () => {
        for await (const c of stream) texts.push(c.text ?? '');
      })(),
    );
    expect(texts).toEqual(['Echo', ':']);
    expect(err.status).toBe(503);
    expect(err.message).toContain('UNAVAILABLE');
  });

  it('budget 0 on a Pro model is a 400, as on Gemini', async () => {
    const err = await caught(
      mock.client.models.generateContent({
        model: 'gemini-2.5-pro',
        contents: 'x',
        config: { thinkingConfig: { thinkingBudget: 0 } },
      }),
    );
    expect(err.status).toBe(400);
    expect(err.message).toContain('only works in thinking mode');
  });

  it('x-mock-stream-error-after lets a child process inject the in-stream error chunk', async () => {
    const res = await fetch(
      `${mock.server.url}/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse`,
      {
        method: 'POST',
        headers: { 'x-goog-api-key': 'k', 'x-mock-stream-error-after': '1' },
        body: JSON.stringify({ contents: [{ parts: [{ text: 'Hi' }] }] }),
      },
    );
    const events = (await res.text()).trim().split('\n\n');
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.replace(/^data: /, ''))).toMatchObject({
      error: { code: 500, status: 'INTERNAL' },
    });
  });
});
