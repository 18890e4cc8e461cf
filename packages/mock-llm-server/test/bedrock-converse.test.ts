import {
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  ModelStreamErrorException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { decodeFrames } from '../src/bedrock/event-stream.js';
import { collect, runtimeClient } from './bedrock-clients.js';
import { useMockAndClient } from './clients.js';

const hello = { messages: [{ role: 'user' as const, content: [{ text: 'Hello, world!' }] }] };
const calendar = {
  tools: [
    {
      toolSpec: {
        name: 'create_appointment',
        description: 'Book an appointment',
        inputSchema: {
          json: {
            type: 'object',
            properties: { date: { type: 'string' }, minutes: { type: 'integer' } },
          },
        },
      },
    },
  ],
};

describe('Converse through @aws-sdk/client-bedrock-runtime', () => {
  const mock = useMockAndClient((server) => runtimeClient(server));

  it('answers with the echo reply, exact usage and latency, SigV4 accepted', async () => {
    const res = await mock.client.send(
      new ConverseCommand({
        modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        ...hello,
        system: [{ text: 'Be brief.' }],
      }),
    );
    expect(res.output?.message).toEqual({
      role: 'assistant',
      content: [{ text: 'Echo: Hello, world!' }],
    });
    expect(res.stopReason).toBe('end_turn');
    expect(res.usage).toEqual({ inputTokens: 7, outputTokens: 6, totalTokens: 13 });
    expect(res.metrics).toEqual({ latencyMs: 160 });
    expect(res.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const sent = mock.server.requests[0]!;
    expect(sent.path).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(sent.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('accepts cross-region profiles and inference-profile / provisioned ARNs as model ids', async () => {
    for (const modelId of [
      'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
      'global.anthropic.claude-sonnet-4-20250514-v1:0',
      'apac.amazon.nova-pro-v1:0',
      'arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-2-3b-instruct-v1:0',
      'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
      'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdef123456',
    ]) {
      const res = await mock.client.send(new ConverseCommand({ modelId, ...hello }));
      expect(res.output?.message?.content?.[0]?.text).toBe('Echo: Hello, world!');
    }
    expect(mock.server.requests[3]!.path).toBe(
      '/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Ainference-profile%2Feu.meta.llama3-2-3b-instruct-v1%3A0/converse',
    );
    await expect(
      mock.client.send(new ConverseCommand({ modelId: 'no-such-model', ...hello })),
    ).rejects.toThrow('The provided model identifier is invalid.');
  });

  it('cache points: the prefix is written on the first turn and read on the next', async () => {
    const system = [
      { text: 'You book appointments for the clinic.' },
      { cachePoint: { type: 'default' as const } },
    ];
    const first = await mock.client.send(
      new ConverseCommand({
        modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        system,
        ...hello,
      }),
    );
    // "You book appointments for the clinic ." = 7 cached tokens, "Hello , world !" = 4.
    expect(first.usage).toEqual({
      inputTokens: 4,
      outputTokens: 6,
      totalTokens: 17,
      cacheReadInputTokens: 0,
      cacheWriteInputTokens: 7,
      cacheDetails: [{ ttl: '5m', inputTokens: 7 }],
    });
    const next = await mock.client.send(
      new ConverseCommand({
        modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        system,
        messages: [
          ...hello.messages,
          { role: 'assistant', content: [{ text: 'Echo: Hello, world!' }] },
          { role: 'user', content: [{ text: 'Again' }] },
        ],
      }),
    );
    expect(next.usage).toEqual({
      inputTokens: 4 + 6 + 1,
      outputTokens: 3,
      totalTokens: 11 + 7 + 3,
      cacheReadInputTokens: 7,
      cacheWriteInputTokens: 0,
    });
  });

  it('tool use: toolUse blocks when the prompt names a tool; the toolResult is echoed after', async () => {
    const res = await mock.client.send(
      new ConverseCommand({
        modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
        messages: [{ role: 'user', content: [{ text: 'please create_appointment' }] }],
        toolConfig: calendar,
      }),
    );
    expect(res.stopReason).toBe('tool_use');
    const use = res.output?.message?.content?.[0]?.toolUse;
    expect(use?.name).toBe('create_appointment');
    expect(use?.input).toEqual({ date: 'date_value', minutes: 1 });
    expect(use?.toolUseId).toMatch(/^tooluse_[A-Za-z0-9]{22}$/);
    const after = await mock.client.send(
      new ConverseCommand({
        modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0',
        messages: [
          { role: 'user', content: [{ text: 'please create_appointment' }] },
          { role: 'assistant', content: [{ toolUse: use! }] },
          {
            role: 'user',
            content: [
              { toolResult: { toolUseId: use!.toolUseId!, content: [{ json: { id: 7 } }] } },
            ],
          },
        ],
        toolConfig: calendar,
      }),
    );
    expect(after.output?.message?.content?.[0]?.text).toBe('Echo: {"id":7}');
  });

  it('maxTokens cuts the reply: stopReason max_tokens', async () => {
    const res = await mock.client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        ...hello,
        inferenceConfig: { maxTokens: 2 },
      }),
    );
    expect(res.output?.message?.content?.[0]?.text).toBe('Echo:');
    expect(res.stopReason).toBe('max_tokens');
  });

  it('ConverseStream: the SDK decodes every event; usage and latency on metadata', async () => {
    const res = await mock.client.send(
      new ConverseStreamCommand({ modelId: 'us.amazon.nova-pro-v1:0', ...hello }),
    );
    const events = await collect(res.stream);
    expect(events[0]).toEqual({ messageStart: { role: 'assistant' } });
    const text = events.flatMap((e) =>
      e.contentBlockDelta?.delta?.text ? [e.contentBlockDelta.delta.text] : [],
    );
    expect(text).toEqual(['Echo', ':', ' Hello', ',', ' world', '!']);
    expect(events.at(-3)).toEqual({ contentBlockStop: { contentBlockIndex: 0 } });
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: 'end_turn' } });
    expect(events.at(-1)).toEqual({
      metadata: {
        usage: { inputTokens: 4, outputTokens: 6, totalTokens: 10 },
        metrics: { latencyMs: 160 },
      },
    });
  });

  it('ConverseStream tool use and reasoning: contentBlockStart, toolUse input fragments, reasoning deltas', async () => {
    const res = await mock.client.send(
      new ConverseStreamCommand({
        modelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
        messages: [{ role: 'user', content: [{ text: 'create_appointment now' }] }],
        toolConfig: calendar,
        additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      }),
    );
    const events = await collect(res.stream);
    const reasoning = events.flatMap((e) => {
      const r = e.contentBlockDelta?.delta?.reasoningContent;
      return r?.text ? [r.text] : [];
    });
    expect(reasoning.join('')).toBe('The user wants a reply to the last message.');
    const start = events.find((e) => e.contentBlockStart)?.contentBlockStart;
    expect(start?.contentBlockIndex).toBe(1);
    expect(start?.start?.toolUse?.name).toBe('create_appointment');
    const input = events.flatMap((e) => {
      const t = e.contentBlockDelta?.delta?.toolUse;
      return t?.input !== undefined ? [t.input] : [];
    });
    expect(JSON.parse(input.join(''))).toEqual({ date: 'date_value', minutes: 1 });
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: 'tool_use' } });
  });

  it('a model error mid-stream arrives as a modelStreamErrorException event after the events before it', async () => {
    mock.server.failNext({ streamErrorAfterChunks: 3 });
    const res = await mock.client.send(
      new ConverseStreamCommand({ modelId: 'amazon.nova-micro-v1:0', ...hello }),
    );
    const seen: unknown[] = [];
    let caught: unknown;
    try {
      for await (const e of res.stream ?? []) seen.push(e);
    } catch (err) {
      caught = err;
    }
    expect(seen).toHaveLength(3);
    expect(caught).toBeInstanceOf(ModelStreamErrorException);
    expect(caught).toMatchObject({
      name: 'ModelStreamErrorException',
      message: 'The model stream encountered an error. Try your request again.',
      originalStatusCode: 500,
      originalMessage: 'Internal model error',
    });
  });

  it('errors are the SDK’s modelled exceptions, named by x-amzn-errortype', async () => {
    mock.server.failNext({ status: 429 });
    const throttled = await mock.client
      .send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', ...hello }))
      .catch((e) => e);
    expect(throttled).toBeInstanceOf(ThrottlingException);
    expect(throttled.$metadata.httpStatusCode).toBe(429);
    expect(throttled.message).toBe('Too many requests, please wait before trying again.');
    const invalid = await mock.client
      .send(new ConverseCommand({ modelId: 'mock-error-400', ...hello }))
      .catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationException);
    for (const [status, name] of [
      [424, 'ModelErrorException'],
      [503, 'ServiceUnavailableException'],
      [403, 'AccessDeniedException'],
      [500, 'InternalServerException'],
      [408, 'ModelTimeoutException'],
    ] as const) {
      mock.server.failNext({ status });
      const err = await mock.client
        .send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', ...hello }))
        .catch((e) => e);
      expect(err).toBeInstanceOf(BedrockRuntimeServiceException);
      expect([err.name, err.$metadata.httpStatusCode]).toEqual([name, status]);
    }
    mock.server.failNext({ status: 400, type: 'ServiceQuotaExceededException', message: 'quota' });
    const quota = await mock.client
      .send(new ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', ...hello }))
      .catch((e) => e);
    expect([quota.name, quota.message]).toEqual(['ServiceQuotaExceededException', 'quota']);
  });

  it('the SDK decodes exactly the frames the mock sends (read raw over HTTP/1.1)', async () => {
    const body = { messages: [{ role: 'user' as const, content: [{ text: 'Hello, world!' }] }] };
    const raw = await fetch(`${mock.server.url}/model/amazon.nova-lite-v1%3A0/converse-stream`, {
      method: 'POST',
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request',
      },
      body: JSON.stringify(body),
    });
    expect(raw.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    const frames = decodeFrames(new Uint8Array(await raw.arrayBuffer()));
    expect(frames[0]!.headers).toEqual({
      ':event-type': 'messageStart',
      ':content-type': 'application/json',
      ':message-type': 'event',
    });
    const sent = frames.map((f) => {
      const { p, ...payload } = JSON.parse(f.body) as Record<string, unknown>;
      expect(typeof p).toBe('string');
      return { [f.headers[':event-type'] as string]: payload };
    });
    const res = await mock.client.send(
      new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', ...body }),
    );
    expect(await collect(res.stream)).toEqual(sent);
  });

  it('a connection cut mid-stream (breakAfterChunks) makes the SDK iteration fail', async () => {
    mock.server.failNext({ breakAfterChunks: 2 });
    const res = await mock.client.send(
      new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', ...hello }),
    );
    let n = 0;
    const err = await (async () => {
      for await (const _ of res.stream ?? []) n++;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(n).toBe(2);
  });

  it('guardrails: a mock-block guardrail intervenes, with trace.guardrail when asked; others pass', async () => {
    const blocked = await mock.client.send(
      new ConverseCommand({
        modelId: 'amazon.nova-lite-v1:0',
        ...hello,
        guardrailConfig: {
          guardrailIdentifier: 'mock-block-topics',
          guardrailVersion: '1',
          trace: 'enabled',
        },
      }),
    );
    expect(blocked.stopReason).toBe('guardrail_intervened');
    expect(blocked.output?.message?.content).toEqual([
      { text: 'Sorry, the model cannot answer this question.' },
    ]);
    expect(blocked.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(blocked.trace?.guardrail?.actionReason).toBe('Guardrail blocked.');
    expect(
      blocked.trace?.guardrail?.inputAssessment?.['mock-block-topics']?.topicPolicy?.topics,
    ).toEqual([{ name: 'Denied topic', type: 'DENY', action: 'BLOCKED', detected: true }]);
    const passed = await mock.client.send(
      new ConverseStreamCommand({
        modelId: 'amazon.nova-lite-v1:0',
        ...hello,
        guardrailConfig: {
          guardrailIdentifier: 'gr-123',
          guardrailVersion: 'DRAFT',
          trace: 'enabled',
        },
      }),
    );
    const events = await collect(passed.stream);
    expect(events.at(-2)).toEqual({ messageStop: { stopReason: 'end_turn' } });
    const meta = events.at(-1)!.metadata!;
    expect(meta.usage).toEqual({ inputTokens: 4, outputTokens: 6, totalTokens: 10 });
    expect(Object.keys(meta.trace?.guardrail?.outputAssessments ?? {})).toEqual(['gr-123']);
  });
});
