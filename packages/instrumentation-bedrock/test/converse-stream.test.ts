import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { collect, configure, exporter, onlySpan, runtimeSDK, useHarness } from './helpers.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const HI = [{ role: 'user', content: [{ text: 'Hello there, world!' }] }];

function send(
  h: ReturnType<typeof useHarness>,
  input: Record<string, unknown> = {},
  options?: unknown,
) {
  const { ConverseStreamCommand } = runtimeSDK();
  return h
    .runtime()
    .send(new ConverseStreamCommand({ modelId: MODEL, messages: HI, ...input }), options);
}

describe('ConverseStream', () => {
  const h = useHarness();

  it('the span covers the stream: usage from metadata, stop reason, time to first chunk', async () => {
    configure({ captureMessageContent: true });
    const res = await send(h);
    const stream = res.stream;
    // Nothing ends before the stream is read.
    expect(exporter.getFinishedSpans()).toEqual([]);
    const events = await collect(stream);
    expect(res.stream).toBe(stream);
    const kinds = events.map((e) => Object.keys(e)[0]);
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.slice(-2)).toEqual(['messageStop', 'metadata']);
    const usage = events.at(-1).metadata.usage;
    const span = onlySpan();
    expect(span.attributes).toMatchObject({
      [ATTR_GEN_AI_REQUEST_STREAM]: true,
      [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['end_turn'],
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: usage.inputTokens,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: usage.outputTokens,
    });
    expect(usage.inputTokens).toBe(5);
    const ttfc = span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(JSON.parse(span.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: Hello there, world!' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('tool use streamed: the tool call assembled from its input deltas', async () => {
    configure({ captureMessageContent: true });
    const res = await send(h, {
      messages: [{ role: 'user', content: [{ text: 'Use get_weather for Paris' }] }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } },
            },
          },
        ],
      },
    });
    const events = await collect(res.stream);
    const start = events.find((e) => e.contentBlockStart).contentBlockStart.start.toolUse;
    const output = JSON.parse(onlySpan().attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string);
    expect(output[0].parts).toEqual([
      {
        type: 'tool_call',
        id: start.toolUseId,
        name: 'get_weather',
        arguments: { city: 'city_value' },
      },
    ]);
    expect(output[0].finish_reason).toBe('tool_call');
  });

  it('ends on the metadata event, even if the caller never reads the stream end', async () => {
    const res = await send(h);
    const it = res.stream[Symbol.asyncIterator]();
    for (;;) {
      const { value } = await it.next();
      if (value.metadata) break;
    }
    const span = onlySpan();
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(7);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a caller that stops early (break) ends the span without an error', async () => {
    const res = await send(h);
    for await (const _event of res.stream) break;
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBeUndefined();
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined();
  });

  it('a model error mid-stream: the exception name, what came before still recorded', async () => {
    h.server.failNext({ streamErrorAfterChunks: 3 });
    const res = await send(h);
    const error = await collect(res.stream).catch((e: Error) => e);
    expect((error as Error).name).toBe('ModelStreamErrorException');
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('ModelStreamErrorException');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
  });

  it('a throttled stream request fails the span before any chunk', async () => {
    h.server.failNext({ status: 429 });
    await expect(send(h)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('ThrottlingException');
  });

  it('aborted while reading: the span ends failed with the abort', async () => {
    const controller = new AbortController();
    h.server.failNext({ chunkDelayMs: 20 });
    const res = await send(h, {}, { abortSignal: controller.signal });
    let read = 0;
    // The SDK ends an aborted event stream quietly.
    for await (const _event of res.stream) {
      read++;
      controller.abort();
    }
    expect(read).toBe(1);
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});
