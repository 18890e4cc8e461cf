import { BLOCKING_GUARDRAIL_PREFIX } from '@genai-otel/mock-llm-server';
import {
  ATTR_AWS_BEDROCK_GUARDRAIL_ACTION,
  ATTR_AWS_BEDROCK_GUARDRAIL_ID,
  ATTR_AWS_REQUEST_ID,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_DEFINITIONS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { configure, exporter, onlySpan, runtimeSDK, useHarness } from './helpers.js';

const MODEL = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
const HI = [{ role: 'user', content: [{ text: 'Hello, world!' }] }];
const WEATHER_TOOL = {
  tools: [
    {
      toolSpec: {
        name: 'get_weather',
        description: 'Weather of a city',
        inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    },
  ],
};

describe('Converse', () => {
  const h = useHarness();

  it('a chat span with request params, stop reason, usage, request id and server', async () => {
    const { ConverseCommand } = runtimeSDK();
    const client = h.runtime();
    // The client's first call resolves its endpoint (the SDK's config is async): its span gets the
    // server once resolved; the second has it from the start.
    const first = await client.send(new ConverseCommand({ modelId: MODEL, messages: HI }));
    expect(onlySpan().attributes[ATTR_SERVER_ADDRESS]).toBe('127.0.0.1');
    expect(onlySpan().attributes[ATTR_SERVER_PORT]).toBe(h.server.port);
    expect(first.output.message.content).toEqual([{ text: 'Echo: Hello, world!' }]);
    exporter.reset();
    const res = await client.send(
      new ConverseCommand({
        modelId: MODEL,
        messages: HI,
        inferenceConfig: { maxTokens: 100, temperature: 0.5 },
      }),
    );
    const span = onlySpan();
    expect(span.name).toBe(`chat ${MODEL}`);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'aws.bedrock',
      [ATTR_GEN_AI_REQUEST_MODEL]: MODEL,
      [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: 100,
      [ATTR_GEN_AI_REQUEST_TEMPERATURE]: 0.5,
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: h.server.port,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 4,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 6,
      [ATTR_AWS_REQUEST_ID]: res.$metadata.requestId,
    });
    expect(res.usage).toMatchObject({ inputTokens: 4, outputTokens: 6 });
  });

  it('cache writes (1-hour) and reads counted in input; tool use and content with capture on', async () => {
    configure({ captureMessageContent: true });
    const { ConverseCommand } = runtimeSDK();
    const system = [
      { text: 'You are a weather bot that answers briefly and well.' },
      { cachePoint: { type: 'default', ttl: '1h' } },
    ];
    const ask = [{ role: 'user', content: [{ text: 'Use get_weather for Paris' }] }];
    const written = await h
      .runtime()
      .send(
        new ConverseCommand({ modelId: MODEL, system, messages: ask, toolConfig: WEATHER_TOOL }),
      );
    const u = written.usage;
    expect(u.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(written.stopReason).toBe('tool_use');
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: u.inputTokens + u.cacheWriteInputTokens,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: u.cacheWriteInputTokens,
      [ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS]: u.cacheWriteInputTokens,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['tool_use'],
    });
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] as string)).toEqual([
      { type: 'text', content: 'You are a weather bot that answers briefly and well.' },
    ]);
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Use get_weather for Paris' }] },
    ]);
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_TOOL_DEFINITIONS] as string)).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather of a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ]);
    const toolUse = written.output.message.content[0].toolUse;
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: toolUse.toolUseId,
            name: 'get_weather',
            arguments: toolUse.input,
          },
        ],
        finish_reason: 'tool_call',
      },
    ]);

    // The next turn (an assistant turn now exists) reads the cache.
    exporter.reset();
    configure({});
    const read = await h.runtime().send(
      new ConverseCommand({
        modelId: MODEL,
        system,
        toolConfig: WEATHER_TOOL,
        messages: [
          ...ask,
          written.output.message,
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: toolUse.toolUseId, content: [{ text: 'Sunny' }] } },
            ],
          },
        ],
      }),
    );
    expect(read.usage.cacheReadInputTokens).toBe(u.cacheWriteInputTokens);
    const second = onlySpan();
    expect(second.attributes).toMatchObject({
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: read.usage.inputTokens + read.usage.cacheReadInputTokens,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: read.usage.cacheReadInputTokens,
    });
    // Content is off again: nothing of the conversation on the span.
    expect(second.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).toBeUndefined();
  });

  it('a throttle: error.type is the exception name, the caller gets the very error', async () => {
    const { ConverseCommand } = runtimeSDK();
    h.server.failNext({ status: 429 });
    const error = await h
      .runtime()
      .send(new ConverseCommand({ modelId: MODEL, messages: HI }))
      .catch((e: unknown) => e);
    expect(error.name).toBe('ThrottlingException');
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('ThrottlingException');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
    expect(span.events[0]?.name).toBe('exception');
  });

  it('a validation error (no such model vendor) is a ValidationException', async () => {
    const { ConverseCommand } = runtimeSDK();
    await expect(
      h.runtime().send(new ConverseCommand({ modelId: 'acme.model-v1', messages: HI })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('ValidationException');
  });

  it('a guardrail that intervenes is recorded', async () => {
    const { ConverseCommand } = runtimeSDK();
    const guardrailIdentifier = `${BLOCKING_GUARDRAIL_PREFIX}-topics`;
    const res = await h.runtime().send(
      new ConverseCommand({
        modelId: MODEL,
        messages: HI,
        guardrailConfig: { guardrailIdentifier, guardrailVersion: '1' },
      }),
    );
    expect(res.stopReason).toBe('guardrail_intervened');
    expect(onlySpan().attributes).toMatchObject({
      [ATTR_AWS_BEDROCK_GUARDRAIL_ID]: guardrailIdentifier,
      [ATTR_AWS_BEDROCK_GUARDRAIL_ACTION]: 'INTERVENED',
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['guardrail_intervened'],
    });
  });

  it('the aggregated client (BedrockRuntime.converse) goes through send too', async () => {
    const { BedrockRuntime } = runtimeSDK();
    const client = new BedrockRuntime({
      region: 'us-east-1',
      endpoint: h.server.url,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    await client.converse({ modelId: 'amazon.nova-lite-v1:0', messages: HI });
    expect(onlySpan().name).toBe('chat amazon.nova-lite-v1:0');
  });

  it('other commands and the callback form are not traced', async () => {
    const { ConverseCommand, CountTokensCommand } = runtimeSDK();
    const client = h.runtime();
    await new Promise((resolve) =>
      client.send(new ConverseCommand({ modelId: MODEL, messages: HI }), resolve),
    );
    if (CountTokensCommand)
      await client
        .send(new CountTokensCommand({ modelId: MODEL, input: { converse: { messages: HI } } }))
        .catch(() => undefined);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
