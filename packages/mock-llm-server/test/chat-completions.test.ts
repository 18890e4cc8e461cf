import { describe, expect, it } from 'vitest';
import { type OpenAI, SDKS, useMockAndClient } from './clients.js';

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } },
      required: ['city'],
    },
  },
};
const timeTool = {
  type: 'function' as const,
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

describe.each(SDKS)('chat completions with %s', (_name, makeClient) => {
  const mock = useMockAndClient(makeClient);

  it('answers with a dated model, the echo reply and exact usage', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello, world!' }],
    });
    expect(res.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-4o-mini-2024-07-18');
    expect(res.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(res.service_tier).toBe('default');
    expect(res.choices).toHaveLength(1);
    expect(res.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: 'Echo: Hello, world!',
    });
    expect(res.choices[0]!.finish_reason).toBe('stop');
    // 3 priming + (4 + 4 tokens "Hello , world !"); reply "Echo : Hello , world !" = 6.
    expect(res.usage).toEqual({
      prompt_tokens: 11,
      completion_tokens: 6,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });

  it('echoes unknown models as given and counts every message', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'my-finetune',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
    });
    expect(res.model).toBe('my-finetune');
    expect(res.choices[0]!.message.content).toBe('Echo: Hi');
    expect(res.usage?.prompt_tokens).toBe(3 + (4 + 4) + (4 + 1));
  });

  it('honours n with distinct numbered choices', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'gpt-4o',
      n: 2,
      messages: [{ role: 'user', content: 'Hello, world!' }],
    });
    expect(res.model).toBe('gpt-4o-2024-08-06');
    expect(res.choices.map((c) => [c.index, c.message.content])).toEqual([
      [0, 'Echo: Hello, world!'],
      [1, 'Echo #2: Hello, world!'],
    ]);
    expect(res.usage?.completion_tokens).toBe(6 + 8);
  });

  it('stops with finish_reason length at max_tokens', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      max_tokens: 3,
      messages: [{ role: 'user', content: 'Hello, world!' }],
    });
    expect(res.choices[0]!.message.content).toBe('Echo: Hello');
    expect(res.choices[0]!.finish_reason).toBe('length');
    expect(res.usage?.completion_tokens).toBe(3);
  });

  it('reports reasoning tokens for reasoning models, spent before visible text', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'Hello, world!' }],
    });
    expect(res.model).toBe('o4-mini-2025-04-16');
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBe(64);
    expect(res.usage?.completion_tokens).toBe(64 + 6);

    const high = await mock.client.chat.completions.create({
      model: 'gpt-5',
      reasoning_effort: 'high',
      max_completion_tokens: 100,
      messages: [{ role: 'user', content: 'Hello, world!' }],
    });
    expect(high.usage?.completion_tokens_details?.reasoning_tokens).toBe(100);
    expect(high.choices[0]!.message.content).toBe('');
    expect(high.choices[0]!.finish_reason).toBe('length');
  });

  it('reports cached tokens for long prompts and on request', async () => {
    const long = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'word '.repeat(1100) }],
    });
    expect(long.usage?.prompt_tokens).toBe(1107);
    expect(long.usage?.prompt_tokens_details?.cached_tokens).toBe(1024);

    const forced = await mock.client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello, world!' }] },
      { headers: { 'x-mock-cached-tokens': '5' } },
    );
    expect(forced.usage?.prompt_tokens_details?.cached_tokens).toBe(5);
  });

  it('calls the tool the user message names, with schema-shaped arguments', async () => {
    const res = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      messages: [{ role: 'user', content: 'Use get_weather for Paris' }],
    });
    const choice = res.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'city_value', unit: 'c' });
    // "get _ weather" + the 19 tokens of {"city":"city_value","unit":"c"}
    expect(res.usage?.completion_tokens).toBe(3 + 19);
  });

  it('calls several tools in parallel, one when parallel_tool_calls is false, none when told', async () => {
    const messages = [{ role: 'user' as const, content: 'get_time and get_weather please' }];
    const both = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      messages,
    });
    expect(
      both.choices[0]!.message.tool_calls?.map((c) => c.type === 'function' && c.function.name),
    ).toEqual(['get_weather', 'get_time']);
    const one = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      parallel_tool_calls: false,
      messages,
    });
    expect(one.choices[0]!.message.tool_calls).toHaveLength(1);
    const none = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      tool_choice: 'none',
      messages,
    });
    expect(none.choices[0]!.message.content).toBe('Echo: get_time and get_weather please');
  });

  it('forces a tool through tool_choice and answers the tool result with text', async () => {
    const forced = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
      messages: [{ role: 'user', content: 'What now?' }],
    });
    const call = forced.choices[0]!.message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function).toEqual({ name: 'get_time', arguments: '{}' });

    const required = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      tool_choice: 'required',
      messages: [{ role: 'user', content: 'What now?' }],
    });
    const first = required.choices[0]!.message.tool_calls![0]!;
    expect(first.type === 'function' && first.function.name).toBe('get_weather');

    const followUp = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Use get_weather' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: '12:00' },
      ],
    });
    expect(followUp.choices[0]!.message.content).toBe('Echo: 12:00');
    expect(followUp.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams role, content deltas, finish and the include_usage chunk', async () => {
    const stream = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello, world!' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const id = chunks[0]!.id;
    expect(chunks.every((c) => c.id === id && c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.every((c) => c.model === 'gpt-4o-mini-2024-07-18')).toBe(true);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const deltas = chunks.slice(1, -2).map((c) => c.choices[0]!.delta.content);
    expect(deltas).toEqual(['Echo', ':', ' Hello', ',', ' world', '!']);
    const finish = chunks[chunks.length - 2]!;
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(finish.usage).toBeNull();
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 6, total_tokens: 17 });
    expect(mock.server.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streams without any usage field when include_usage is not asked', async () => {
    const stream = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((c) => 'usage' in c)).toEqual(chunks.map(() => false));
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams tool calls as OpenAI does: id and name first, then argument fragments', async () => {
    const stream = await mock.client.chat.completions.create({
      model: 'gpt-4o-mini',
      tools: [weatherTool, timeTool],
      messages: [{ role: 'user', content: 'get_weather and get_time' }],
      stream: true,
    });
    const deltas: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0]!;
      if (choice.delta.tool_calls) deltas.push(...choice.delta.tool_calls);
      finish = choice.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    const openings = deltas.filter((d) => d.id !== undefined);
    expect(openings.map((d) => [d.index, d.function?.name, d.function?.arguments])).toEqual([
      [0, 'get_weather', ''],
      [1, 'get_time', ''],
    ]);
    const args = (i: number) =>
      deltas
        .filter((d) => d.index === i && d.id === undefined)
        .map((d) => d.function?.arguments)
        .join('');
    expect(JSON.parse(args(0))).toEqual({ city: 'city_value', unit: 'c' });
    expect(args(1)).toBe('{}');
  });

  it('assembles a streamed reply with the SDK stream helper', async () => {
    const runner = mock.client.chat.completions.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello, world!' }],
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('Echo: Hello, world!');
    expect(final.usage?.total_tokens).toBe(17);
  });
});
