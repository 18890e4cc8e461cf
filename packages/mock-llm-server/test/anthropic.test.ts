import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_MOCK_HEADERS, type MockLLMServer, startMockLLMServer } from '../src/index.js';

let server: MockLLMServer;
beforeAll(async () => {
  server = await startMockLLMServer();
});
afterAll(() => server.close());

const HEADERS = {
  'content-type': 'application/json',
  'x-api-key': 'test-key',
  'anthropic-version': '2023-06-01',
};
const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/messages`, {
    method: 'POST',
    headers: { ...HEADERS, ...headers },
    body: JSON.stringify(body),
  });
const ask = {
  model: 'claude-sonnet-4-6',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Hi there' }],
};

/** SSE frames as `[event, data]`. */
async function frames(res: Response): Promise<[string, Record<string, unknown>][]> {
  const text = await res.text();
  return text
    .trim()
    .split('\n\n')
    .map((frame) => {
      const [event, data] = frame.split('\n');
      return [event!.replace('event: ', ''), JSON.parse(data!.replace('data: ', ''))];
    });
}

describe('Anthropic /v1/messages', () => {
  it('answers a Message with Anthropic usage: uncached input apart from cache reads and TTL writes', async () => {
    const res = await post(
      {
        ...ask,
        system: [
          { type: 'text', text: 'one two three', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'four five', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
      { [ANTHROPIC_MOCK_HEADERS.cacheRead]: '2' },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; request_id: string };
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Mock reply: Hi there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        // 5 prompt tokens outside the cached system, 2 of them read from the cache.
        input_tokens: 3,
        cache_read_input_tokens: 2,
        cache_creation_input_tokens: 5,
        cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 2 },
        output_tokens: 5,
        service_tier: 'standard',
      },
    });
    expect(body.id).toMatch(/^msg_/);
  });

  it('streams the real event sequence: thinking, text, usage in message_start and message_delta', async () => {
    const res = await post({
      ...ask,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const got = await frames(res);
    const types = got.map(([event, data]) => {
      expect(data.type).toBe(event);
      const delta = data.delta as { type?: string } | undefined;
      return delta?.type ? `${event}:${delta.type}` : event;
    });
    expect(types[0]).toBe('message_start');
    expect(types[1]).toBe('ping');
    expect(types).toContain('content_block_delta:thinking_delta');
    expect(types).toContain('content_block_delta:signature_delta');
    expect(types).toContain('content_block_delta:text_delta');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    const start = got[0]![1].message as { usage: Record<string, unknown> };
    expect(start.usage).toMatchObject({ input_tokens: 5, output_tokens: 1 });
    const delta = got.at(-2)![1] as { delta: unknown; usage: unknown };
    expect(delta.delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
    // 12 thinking tokens + 5 of text: the cumulative totals, thinking within the output.
    expect(delta.usage).toMatchObject({
      output_tokens: 17,
      output_tokens_details: { thinking_tokens: 12 },
    });
  });

  it('streams a tool call as input_json_delta fragments that join to the arguments', async () => {
    const res = await post({
      ...ask,
      stream: true,
      tools: [
        { name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
      ],
    });
    const got = await frames(res);
    const start = got.find(([e]) => e === 'content_block_start')![1];
    expect(start.content_block).toMatchObject({ type: 'tool_use', name: 'lookup', input: {} });
    const json = got
      .filter(
        ([e, d]) =>
          e === 'content_block_delta' && (d.delta as { type: string }).type === 'input_json_delta',
      )
      .map(([, d]) => (d.delta as { partial_json: string }).partial_json)
      .join('');
    expect(JSON.parse(json)).toEqual({ q: 'q_value' });
    expect((got.at(-2)![1].delta as { stop_reason: string }).stop_reason).toBe('tool_use');
  });

  it.each([
    [429, 'rate_limit_error'],
    [500, 'api_error'],
    [529, 'overloaded_error'],
  ])('answers %i with Anthropic’s error body (%s)', async (status, type) => {
    server.failNext({ status });
    const res = await post(ask);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { id: string; request_id: string };
    expect(body).toEqual({
      type: 'error',
      error: { type, message: expect.any(String) },
      request_id: expect.stringMatching(/^req_/),
    });
    expect(res.headers.get('request-id')).toBe(body.request_id);
    if (status !== 500) expect(res.headers.get('retry-after')).toBe('0');
  });

  it('sends an error event after HTTP 200 when asked, ending the stream there', async () => {
    const res = await post(
      { ...ask, stream: true },
      { [ANTHROPIC_MOCK_HEADERS.streamError]: 'overloaded_error' },
    );
    expect(res.status).toBe(200);
    const got = await frames(res);
    expect(got.at(-1)).toEqual([
      'error',
      { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    ]);
    expect(got.map(([e]) => e)).not.toContain('message_stop');
  });

  it('needs x-api-key, and the required fields', async () => {
    const noKey = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify(ask),
    });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { type: string } }).error.type).toBe(
      'authentication_error',
    );
    const missing = await post({ model: 'claude-sonnet-4-6', messages: [] });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
    });
  });
});
