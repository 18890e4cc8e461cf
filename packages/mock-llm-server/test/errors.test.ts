import { describe, expect, it } from 'vitest';
import { startMockLLMServer } from '../src/index.js';
import { OpenAI, OpenAIv6, SDKS, useMockAndClient } from './clients.js';

const hello = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Hello, world!' }],
};

describe.each([
  ['openai v7', OpenAI],
  ['openai v6', OpenAIv6 as unknown as typeof OpenAI],
] as const)('errors surface as %s error classes', (_name, SDK) => {
  const mock = useMockAndClient(
    (server) => new SDK({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0 }),
  );

  const caught = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as InstanceType<typeof SDK.APIError>;
    }
    throw new Error('expected the call to fail');
  };

  it('400 for a missing parameter, with param and code', async () => {
    const err = await caught(
      mock.client.chat.completions.create({ model: 'gpt-4o-mini' } as never),
    );
    expect(err).toBeInstanceOf(SDK.BadRequestError);
    expect(err.status).toBe(400);
    expect(err.error).toEqual({
      message: "Missing required parameter: 'messages'.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'missing_required_parameter',
    });
    expect(err.requestID).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('401 when the Authorization header is missing', async () => {
    const err = await caught(
      mock.client.chat.completions.create(hello, { headers: { Authorization: null } }),
    );
    expect(err).toBeInstanceOf(SDK.AuthenticationError);
    expect(err.code).toBe('invalid_api_key');
    expect(mock.server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('404 model_not_found for no-such- models', async () => {
    const err = await caught(
      mock.client.chat.completions.create({ ...hello, model: 'no-such-model' }),
    );
    expect(err).toBeInstanceOf(SDK.NotFoundError);
    expect(err.code).toBe('model_not_found');
    expect(err.message).toContain('The model `no-such-model` does not exist');
  });

  it('429 from failNext, with retry-after', async () => {
    mock.server.failNext({ status: 429 });
    const err = await caught(mock.client.chat.completions.create(hello));
    expect(err).toBeInstanceOf(SDK.RateLimitError);
    expect(err.code).toBe('rate_limit_exceeded');
    expect(err.headers?.get('retry-after')).toBe('0');
    // The fault is consumed: the next call succeeds.
    const ok = await mock.client.chat.completions.create(hello);
    expect(ok.choices[0]!.message.content).toBe('Echo: Hello, world!');
  });

  it('500 from the x-mock-error header and 503 from a magic model name', async () => {
    const err = await caught(
      mock.client.chat.completions.create(hello, { headers: { 'x-mock-error': '500' } }),
    );
    expect(err).toBeInstanceOf(SDK.InternalServerError);
    expect(err.type).toBe('server_error');
    const magic = await caught(
      mock.client.responses.create({ model: 'mock-error-503', input: 'x' }),
    );
    expect(magic).toBeInstanceOf(SDK.InternalServerError);
    expect(magic.status).toBe(503);
  });

  it('overrides the error body fields', async () => {
    mock.server.failNext({
      status: 400,
      message: 'bad temperature',
      param: 'temperature',
      code: 'invalid_value',
    });
    const err = await caught(
      mock.client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }),
    );
    expect(err.error).toEqual({
      message: 'bad temperature',
      type: 'invalid_request_error',
      param: 'temperature',
      code: 'invalid_value',
    });
  });

  it('a non-streaming request cut before its body is a connection error', async () => {
    mock.server.failNext({ breakAfterChunks: 0 });
    const err = await caught(mock.client.chat.completions.create(hello));
    expect(err).toBeInstanceOf(SDK.APIConnectionError);
  });

  it('a stream broken after K chunks throws after delivering them', async () => {
    mock.server.failNext({ breakAfterChunks: 3 });
    const stream = await mock.client.chat.completions.create({ ...hello, stream: true });
    const got: string[] = [];
    const err = await caught(
      (async () => {
        for await (const chunk of stream) got.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(got).toEqual(['', 'Echo', ':']);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(SDK.APIError);
  });

  it('a responses stream broken through the header throws too', async () => {
    const stream = await mock.client.responses.create(
      { model: 'gpt-4o-mini', input: 'Hi', stream: true },
      { headers: { 'x-mock-stream-break-after': '4' } },
    );
    const types: string[] = [];
    const err = await caught(
      (async () => {
        for await (const e of stream) types.push(e.type);
      })(),
    );
    expect(types).toHaveLength(4);
    expect(err).toBeInstanceOf(Error);
  });
});

describe.each(SDKS)('retries, latency and the request log with %s', (_name, makeClient) => {
  const mock = useMockAndClient((server) => makeClient(server, 2), { latencyMs: 40 });

  it('lets the SDK retry through consecutive faults', async () => {
    mock.server.failNext({ status: 429, times: 2 });
    const res = await mock.client.chat.completions.create(hello);
    expect(res.choices[0]!.message.content).toBe('Echo: Hello, world!');
    expect(mock.server.requests).toHaveLength(3);
    expect(mock.server.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual([
      '0',
      '1',
      '2',
    ]);
  });

  it('waits latencyMs before the first byte and chunkDelayMs between chunks', async () => {
    const t0 = performance.now();
    await mock.client.chat.completions.create(hello);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);

    mock.server.failNext({ chunkDelayMs: 15 });
    const t1 = performance.now();
    const stream = await mock.client.chat.completions.create({ ...hello, stream: true });
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBe(8);
    // 40 ms latency + 7 gaps of 15 ms
    expect(performance.now() - t1).toBeGreaterThanOrEqual(39 + 7 * 15 - 5);
  });

  it('records method, path, headers without credentials, and the parsed body', async () => {
    await mock.client.chat.completions.create({
      ...hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    const [req] = mock.server.requests;
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      query: {},
      body: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } },
    });
    expect(req!.headers.authorization).toBeUndefined();
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['user-agent']).toMatch(/^OpenAI\//);
  });

  it('lists and retrieves models', async () => {
    const page = await mock.client.models.list();
    expect(page.data.map((m) => m.id)).toContain('gpt-4o-mini-2024-07-18');
    const model = await mock.client.models.retrieve('gpt-4o');
    expect(model).toMatchObject({ id: 'gpt-4o', object: 'model', owned_by: 'system' });
  });
});

describe('raw HTTP', () => {
  it('answers unknown paths and bad JSON in OpenAI error shape', async () => {
    const server = await startMockLLMServer();
    try {
      const headers = { authorization: 'Bearer k', 'content-type': 'application/json' };
      const notFound = await fetch(`${server.url}/v1/nope`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toEqual({
        error: {
          message: 'Invalid URL (POST /v1/nope)',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
      const bad = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers,
        body: '{',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('x-request-id')).toMatch(/^req_/);
    } finally {
      await server.close();
    }
  });
});

describe('recordRequests: false', () => {
  it('serves without keeping a request log', async () => {
    const server = await startMockLLMServer({ recordRequests: false });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${server.url}/v1`, maxRetries: 0 });
      const res = await client.chat.completions.create(hello);
      expect(res.choices[0]!.message.content).toBe('Echo: Hello, world!');
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
