import { describe, expect, it } from 'vitest';
import { startMockLLMServer } from '../src/index.js';
import { SDKS, useMockAndClient } from './clients.js';

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

describe.each(SDKS)('responses with %s', (_name, makeClient) => {
  const mock = useMockAndClient(makeClient);

  it('returns a completed response with an output_text message and usage', async () => {
    const res = await mock.client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: 'Hello, world!',
    });
    expect(res.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(res.object).toBe('response');
    expect(res.status).toBe('completed');
    expect(res.model).toBe('gpt-4.1-2025-04-14');
    expect(res.output).toHaveLength(1);
    expect(res.output[0]).toMatchObject({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Echo: Hello, world!', annotations: [] }],
    });
    expect(res.output_text).toBe('Echo: Hello, world!');
    // 3 priming + instructions (4 + "Be brief ." 3) + input (4 + 4)
    expect(res.usage).toEqual({
      input_tokens: 18,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 6,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 24,
    });
  });

  it('puts a reasoning item first and counts reasoning tokens for reasoning models', async () => {
    const res = await mock.client.responses.create({
      model: 'o3',
      reasoning: { effort: 'low' },
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi there' }] }],
    });
    expect(res.model).toBe('o3-2025-04-16');
    expect(res.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    expect(res.output[0]!.id).toMatch(/^rs_/);
    expect(res.usage?.output_tokens_details.reasoning_tokens).toBe(16);
    expect(res.usage?.output_tokens).toBe(16 + 4);
    expect(res.reasoning?.effort).toBe('low');
  });

  it('is incomplete when max_output_tokens is reached', async () => {
    const res = await mock.client.responses.create({
      model: 'gpt-4o-mini',
      max_output_tokens: 3,
      input: 'Hello, world!',
    });
    expect(res.status).toBe('incomplete');
    expect(res.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(res.output_text).toBe('Echo: Hello');
    expect(res.usage?.output_tokens).toBe(3);
  });

  it('returns function_call items and answers function_call_output with text', async () => {
    const res = await mock.client.responses.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool],
      input: 'Please call get_weather',
    });
    expect(res.output).toHaveLength(1);
    const call = res.output[0]!;
    if (call.type !== 'function_call')
      throw new Error(`expected a function_call, got ${call.type}`);
    expect(call.name).toBe('get_weather');
    expect(call.call_id).toMatch(/^call_/);
    expect(call.id).toMatch(/^fc_/);
    expect(JSON.parse(call.arguments)).toEqual({ city: 'city_value' });

    const next = await mock.client.responses.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Please call get_weather' },
        {
          type: 'function_call',
          call_id: call.call_id,
          name: call.name,
          arguments: call.arguments,
        },
        { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21C' },
      ],
    });
    expect(next.output_text).toBe('Echo: Sunny, 21C');
  });

  it('streams the typed event sequence with sequence numbers and a final usage', async () => {
    const stream = await mock.client.responses.create({
      model: 'gpt-4o',
      input: 'Hello, world!',
      stream: true,
    });
    const events = [];
    for await (const e of stream) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array(6).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((e) =>
      e.type === 'response.output_text.delta' ? [e.delta] : [],
    );
    expect(deltas.join('')).toBe('Echo: Hello, world!');
    const created = events[0]!;
    if (created.type !== 'response.created') throw new Error('first event');
    expect(created.response.status).toBe('in_progress');
    const done = events.at(-1)!;
    if (done.type !== 'response.completed') throw new Error('last event');
    expect(done.response.id).toBe(created.response.id);
    expect(done.response.usage).toMatchObject({
      input_tokens: 11,
      output_tokens: 6,
      total_tokens: 17,
    });
  });

  it('streams function call argument deltas', async () => {
    const stream = await mock.client.responses.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool],
      tool_choice: 'required',
      input: 'Anything',
      stream: true,
    });
    const events = [];
    for await (const e of stream) events.push(e);
    const added = events.find((e) => e.type === 'response.output_item.added');
    expect(added?.type === 'response.output_item.added' && added.item).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '',
    });
    const args = events.flatMap((e) =>
      e.type === 'response.function_call_arguments.delta' ? [e.delta] : [],
    );
    expect(JSON.parse(args.join(''))).toEqual({ city: 'city_value' });
    const done = events.find((e) => e.type === 'response.function_call_arguments.done');
    expect(done?.type === 'response.function_call_arguments.done' && done.arguments).toBe(
      args.join(''),
    );
  });

  it('feeds the SDK stream helper to a final response', async () => {
    const stream = mock.client.responses.stream({ model: 'gpt-4o-mini', input: 'Hi' });
    const final = await stream.finalResponse();
    // v6's stream helper does not add the output_text convenience, so read the message itself.
    expect(final.output[0]).toMatchObject({ type: 'message', content: [{ text: 'Echo: Hi' }] });
    expect(final.usage?.total_tokens).toBe(final.usage!.input_tokens + 3);
  });
});

describe('responses wire format', () => {
  it('writes event: and data: lines', async () => {
    const server = await startMockLLMServer();
    try {
      const res = await fetch(`${server.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi', stream: true }),
      });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const text = await res.text();
      const blocks = text.trim().split('\n\n');
      expect(blocks[0]).toMatch(
        /^event: response\.created\ndata: \{"type":"response\.created","sequence_number":0,/,
      );
      expect(blocks.at(-1)).toMatch(/^event: response\.completed\ndata: /);
    } finally {
      await server.close();
    }
  });
});
