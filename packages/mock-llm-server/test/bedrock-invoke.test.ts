import {
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { collect, json, lastHeaders, runtimeClient } from './bedrock-clients.js';
import { useMockAndClient } from './clients.js';

describe('InvokeModel through @aws-sdk/client-bedrock-runtime, per model family', () => {
  const mock = useMockAndClient((server) => {
    const client = runtimeClient(server);
    return { client, headers: lastHeaders(client) };
  });
  const invoke = async (modelId: string, body: unknown) => {
    const res = await mock.client.client.send(
      new InvokeModelCommand({
        modelId,
        body: JSON.stringify(body),
        contentType: 'application/json',
        accept: 'application/json',
      }),
    );
    return { body: json(res.body), headers: mock.client.headers() };
  };
  const stream = async (modelId: string, body: unknown) => {
    const res = await mock.client.client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId,
        body: JSON.stringify(body),
        contentType: 'application/json',
      }),
    );
    return (await collect(res.body)).map((e) => json(e.chunk?.bytes));
  };
  const tokenHeaders = (h: Record<string, string>) => [
    h['x-amzn-bedrock-input-token-count'],
    h['x-amzn-bedrock-output-token-count'],
    h['x-amzn-bedrock-invocation-latency'],
  ];

  const claude = {
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 256,
    system: [
      { type: 'text', text: 'You book appointments.', cache_control: { type: 'ephemeral' } },
    ],
    messages: [{ role: 'user', content: 'Hello, world!' }],
  };

  it('Anthropic Claude: Messages body, cache write on the first turn, token headers', async () => {
    const { body, headers } = await invoke('us.anthropic.claude-3-7-sonnet-20250219-v1:0', claude);
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'claude-3-7-sonnet-20250219',
      content: [{ type: 'text', text: 'Echo: Hello, world!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 4,
        cache_creation_input_tokens: 4,
        cache_read_input_tokens: 0,
        output_tokens: 6,
        cache_creation: { ephemeral_5m_input_tokens: 4, ephemeral_1h_input_tokens: 0 },
      },
    });
    expect(body.id).toMatch(/^msg_bdrk_[A-Za-z0-9]{24}$/);
    expect(tokenHeaders(headers)).toEqual(['4', '6', '160']);
    expect(headers['x-amzn-bedrock-cache-write-input-token-count']).toBe('4');
  });

  it('Anthropic Claude streamed: Anthropic events in chunks, invocation metrics on message_stop', async () => {
    const events = await stream('anthropic.claude-3-5-haiku-20241022-v1:0', {
      ...claude,
      messages: [
        ...claude.messages,
        { role: 'assistant', content: 'Echo: Hello, world!' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      ...Array(3).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect((events[0]!.message as { usage: unknown }).usage).toEqual({
      input_tokens: 11,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 4,
      output_tokens: 1,
    });
    expect(events[6]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 3 },
    });
    expect(events[7]).toEqual({
      type: 'message_stop',
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: 11,
        outputTokenCount: 3,
        invocationLatency: 130,
        firstByteLatency: 100,
        cacheReadInputTokenCount: 4,
        cacheWriteInputTokenCount: 0,
      },
    });
  });

  it('Anthropic Claude tool use, streamed as input_json_delta', async () => {
    const tools = [
      {
        name: 'create_appointment',
        input_schema: { type: 'object', properties: { day: { type: 'string' } } },
      },
    ];
    const { body } = await invoke('anthropic.claude-3-5-sonnet-20241022-v2:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      tools,
      messages: [{ role: 'user', content: 'create_appointment please' }],
    });
    expect(body.stop_reason).toBe('tool_use');
    expect((body.content as unknown[])[0]).toMatchObject({
      type: 'tool_use',
      name: 'create_appointment',
      input: { day: 'day_value' },
    });
    const events = await stream('anthropic.claude-3-5-sonnet-20241022-v2:0', {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      tools,
      messages: [{ role: 'user', content: 'create_appointment please' }],
    });
    const partial = events.flatMap(
      (e) => (e.delta as { partial_json?: string } | undefined)?.partial_json ?? [],
    );
    expect(JSON.parse(partial.join(''))).toEqual({ day: 'day_value' });
  });

  it('Amazon Nova: Converse-like body with cache token counts; streamed events', async () => {
    const nova = {
      schemaVersion: 'messages-v1',
      messages: [{ role: 'user', content: [{ text: 'Hello, world!' }] }],
      inferenceConfig: { max_new_tokens: 50 },
    };
    const { body, headers } = await invoke('amazon.nova-pro-v1:0', nova);
    expect(body).toEqual({
      output: { message: { role: 'assistant', content: [{ text: 'Echo: Hello, world!' }] } },
      stopReason: 'end_turn',
      usage: {
        inputTokens: 4,
        outputTokens: 6,
        totalTokens: 10,
        cacheReadInputTokenCount: 0,
        cacheWriteInputTokenCount: 0,
      },
    });
    expect(tokenHeaders(headers)).toEqual(['4', '6', '160']);
    const events = await stream('eu.amazon.nova-lite-v1:0', nova);
    expect(events[0]).toEqual({ messageStart: { role: 'assistant' } });
    expect(events.at(-1)).toMatchObject({
      metadata: { usage: { inputTokens: 4, outputTokens: 6 } },
      'amazon-bedrock-invocationMetrics': { inputTokenCount: 4, outputTokenCount: 6 },
    });
  });

  it('Titan Text, Meta Llama and Mistral: their own bodies and usage fields', async () => {
    const titan = await invoke('amazon.titan-text-express-v1', {
      inputText: 'User: Hi there\nBot:',
      textGenerationConfig: { maxTokenCount: 100 },
    });
    expect(titan.body).toEqual({
      inputTextTokenCount: 6,
      results: [{ tokenCount: 4, outputText: 'Echo: Hi there', completionReason: 'FINISH' }],
    });
    const llama = await invoke('us.meta.llama3-1-8b-instruct-v1:0', {
      prompt:
        '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\nHi there<|eot_id|><|start_header_id|>assistant<|end_header_id|>',
      max_gen_len: 2,
    });
    expect(llama.body).toMatchObject({
      generation: 'Echo:',
      generation_token_count: 2,
      stop_reason: 'length',
    });
    expect(llama.headers['x-amzn-bedrock-input-token-count']).toBe(
      String(llama.body.prompt_token_count),
    );
    const mistral = await invoke('mistral.mistral-7b-instruct-v0:2', {
      prompt: '<s>[INST] Hi there [/INST]',
      max_tokens: 50,
    });
    expect(mistral.body).toEqual({ outputs: [{ text: 'Echo: Hi there', stop_reason: 'stop' }] });
    expect(mistral.headers['x-amzn-bedrock-output-token-count']).toBe('4');
    const chat = await invoke('mistral.mistral-large-2407-v1:0', {
      messages: [{ role: 'user', content: 'Hi there' }],
    });
    expect(chat.body).toEqual({
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Echo: Hi there' },
          stop_reason: 'stop',
        },
      ],
    });

    const titanChunks = await stream('amazon.titan-text-premier-v1:0', {
      inputText: 'Hi there',
      textGenerationConfig: {},
    });
    expect(titanChunks.map((c) => c.outputText).join('')).toBe('Echo: Hi there');
    expect(titanChunks.at(-1)).toMatchObject({
      completionReason: 'FINISH',
      totalOutputTextTokenCount: 4,
    });
    const mistralChunks = await stream('mistral.mixtral-8x7b-instruct-v0:1', {
      prompt: '<s>[INST] Hi there [/INST]',
    });
    expect(mistralChunks.map((c) => (c.outputs as { text: string }[])[0]!.text).join('')).toBe(
      'Echo: Hi there',
    );
    expect(mistralChunks.at(-1)).toMatchObject({
      outputs: [{ stop_reason: 'stop' }],
      'amazon-bedrock-invocationMetrics': { outputTokenCount: 4 },
    });
    const llamaChunks = await stream('meta.llama3-70b-instruct-v1:0', {
      prompt: 'Hi there',
      max_gen_len: 20,
    });
    expect(llamaChunks[0]).toMatchObject({ generation: 'Echo', prompt_token_count: 2 });
    expect(llamaChunks.at(-1)).toMatchObject({
      stop_reason: 'stop',
      'amazon-bedrock-invocationMetrics': { inputTokenCount: 2, outputTokenCount: 4 },
    });
  });

  it('Titan and Cohere embeddings: vectors of the model’s size, token counts', async () => {
    const v2 = await invoke('amazon.titan-embed-text-v2:0', {
      inputText: 'Hello, world!',
      dimensions: 256,
    });
    expect((v2.body.embedding as number[]).length).toBe(256);
    expect(v2.body.embeddingsByType).toEqual({ float: v2.body.embedding });
    expect(v2.body.inputTextTokenCount).toBe(4);
    expect(tokenHeaders(v2.headers).slice(0, 2)).toEqual(['4', '0']);
    const v1 = await invoke('amazon.titan-embed-text-v1', { inputText: 'Hello' });
    expect((v1.body.embedding as number[]).length).toBe(1536);
    const cohere = await invoke('cohere.embed-english-v3', {
      texts: ['a b', 'c'],
      input_type: 'search_document',
    });
    expect(cohere.body).toMatchObject({ texts: ['a b', 'c'], response_type: 'embeddings_floats' });
    expect((cohere.body.embeddings as number[][]).map((e) => e.length)).toEqual([1024, 1024]);
    expect(cohere.headers['x-amzn-bedrock-input-token-count']).toBe('3');
    const bad = await invoke('amazon.titan-embed-text-v2:0', {
      inputText: 'x',
      dimensions: 300,
    }).catch((e) => e);
    expect(bad).toBeInstanceOf(ValidationException);
    expect(bad.message).toContain('#/dimensions: 300 is not a valid enum value');
    const noStream = await stream('amazon.titan-embed-text-v2:0', { inputText: 'x' }).catch(
      (e) => e,
    );
    expect(noStream.message).toBe('The model is unsupported for streaming.');
  });

  it('application inference profile ARNs: the family is read from the body', async () => {
    const { body } = await invoke(
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz',
      claude,
    );
    expect(body.type).toBe('message');
  });

  it('validation errors name the missing key; a model error mid-stream is an exception event', async () => {
    const err = await invoke('anthropic.claude-3-haiku-20240307-v1:0', {
      anthropic_version: 'bedrock-2023-05-31',
      messages: [],
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationException);
    expect(err.message).toBe(
      'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.',
    );
    mock.server.failNext({ streamErrorAfterChunks: 2, message: 'Model crashed' });
    const res = await mock.client.client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        body: JSON.stringify(claude),
      }),
    );
    const seen: string[] = [];
    const caught = await (async () => {
      for await (const e of res.body ?? []) seen.push(json(e.chunk?.bytes).type as string);
    })().catch((e) => e);
    expect(seen).toEqual(['message_start', 'content_block_start']);
    expect(caught).toBeInstanceOf(ModelStreamErrorException);
    expect(caught.message).toBe('Model crashed');
  });
});
