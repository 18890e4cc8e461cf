import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { THOUGHT_SUMMARY } from '@genai-otel/mock-llm-server';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { collect, configure, exporter, loadSDK, MAJORS, onlySpan, useHarness } from './helpers.js';

const ASK = { model: 'gemini-2.5-flash', contents: 'Hello, world!' };

// A full collection on demand, to see a dropped stream collected (no --expose-gc needed).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe.each(MAJORS)('$pkg models.generateContentStream', ({ pkg }) => {
  const h = useHarness(() => loadSDK(pkg));

  it('consumed fully: one span ended after the last chunk, the last usage kept (never summed)', async () => {
    const stream = await h.gemini().models.generateContentStream(ASK);
    // The span covers the iteration: not ended before the caller reads.
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.text).join('')).toBe('Echo: Hello, world!');
    expect(chunks).toHaveLength(6);
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const a = span.attributes;
    expect(a[ATTR_GEN_AI_REQUEST_STREAM]).toBe(true);
    expect(a[ATTR_GEN_AI_PROVIDER_NAME]).toBe('gcp.gemini');
    expect(a[ATTR_GEN_AI_RESPONSE_ID]).toBe(chunks[0].responseId);
    expect(a[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gemini-2.5-flash');
    expect(a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['STOP']);
    // Last chunk: prompt 4, candidates 6, thoughts 64 (every chunk repeats the prompt side).
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(4);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(6 + 64);
    expect(a[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(64);
    const ttfc = a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc * 1e9).toBeLessThanOrEqual(
      Number(span.duration[0]) * 1e9 + Number(span.duration[1]),
    );
  });

  it('the caller keeps the SDK generator (same object, its helpers intact)', async () => {
    const stream = await h.gemini().models.generateContentStream(ASK);
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    const first = await stream.next();
    expect(first.value.text).toBe('Echo');
    await stream.return(undefined);
    expect(onlySpan().attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toBeUndefined();
  });

  it('broken off with break: the span ends, no error, what came so far recorded', async () => {
    const stream = await h.gemini().models.generateContentStream(ASK);
    const texts: string[] = [];
    for await (const chunk of stream) {
      texts.push(chunk.text);
      if (texts.length === 2) break;
    }
    expect(texts).toEqual(['Echo', ':']);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes[ATTR_ERROR_TYPE]).toBeUndefined();
    // The prompt side is on every chunk; the output only on the last, never read.
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(4);
    expect(span.attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]).toBe(64);
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeGreaterThan(0);
  });

  it('an error chunk mid-stream: the SDK throws from the iteration, the span records it', async () => {
    h.server.failNext({ streamErrorAfterChunks: 2, type: 'UNAVAILABLE' });
    const stream = await h.gemini().models.generateContentStream(ASK);
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) texts.push(chunk.text);
    })().catch((e: unknown) => e);
    expect(texts).toEqual(['Echo', ':']);
    expect((error as { status: number }).status).toBe(503);
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('503');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(4);
  });

  it('aborted mid-stream (config.abortSignal): the abort the SDK throws is the error.type', async () => {
    const controller = new AbortController();
    h.server.failNext({ chunkDelayMs: 20 });
    const stream = await h.gemini().models.generateContentStream({
      ...ASK,
      config: { abortSignal: controller.signal },
    });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        texts.push(chunk.text);
        if (texts.length === 1) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(texts).toEqual(['Echo']);
    expect((error as Error).name).toBe('AbortError');
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('AbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('aborted before it is read (config.abortSignal): ended as an abort by the next sweep', async () => {
    const controller = new AbortController();
    const stream = await h.gemini().models.generateContentStream({
      ...ASK,
      config: { abortSignal: controller.signal },
    });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    const abortedAt = Date.now();
    controller.abort();
    // The core looks at unread streams a quarter of a second after their hand-over.
    await vi.waitFor(() => expect(exporter.getFinishedSpans()).toHaveLength(1), { timeout: 2_000 });
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
    const end = span.endTime[0] * 1e3 + span.endTime[1] / 1e6;
    expect(end).toBeGreaterThanOrEqual(abortedAt - 1);
    expect(end).toBeLessThan(abortedAt + 1_000);
    // Reading it afterwards changes nothing on the span (the SDK throws its own abort).
    await collect(stream).catch(() => undefined);
    expect(onlySpan()).toBe(span);
  });

  it('aborted unread after the sweep: ended by the abort itself, as an abort', async () => {
    const controller = new AbortController();
    const stream = await h.gemini().models.generateContentStream({
      ...ASK,
      config: { abortSignal: controller.signal },
    });
    // Past the sweep: the signal is listened to now.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    controller.abort();
    const span = onlySpan();
    expect(span.attributes[ATTR_ERROR_TYPE]).toBe('APIUserAbortError');
    await collect(stream).catch(() => undefined);
    expect(onlySpan()).toBe(span);
  });

  it('never read, dropped: the span ends when the stream is collected, at its hand-over', {
    timeout: 20_000,
  }, async () => {
    // Called from a function of its own: nothing in this frame keeps the stream.
    const handedOver = await (async () => {
      await h.gemini().models.generateContentStream(ASK);
      return Date.now();
    })();
    // Watched from a quarter of a second after the hand-over (the core's sweep), then ended once
    // collected.
    for (let i = 0; i < 150 && exporter.getFinishedSpans().length === 0; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const span = onlySpan();
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]).toBeUndefined();
    // It ends when the caller got the stream, not when the collector found it dropped.
    const end = span.endTime[0] * 1e3 + span.endTime[1] / 1e6;
    expect(end).toBeLessThanOrEqual(handedOver + 1);
  });

  it('dropped unread between streams read at once: still ended when collected', {
    timeout: 20_000,
  }, async () => {
    // The read streams leave the core's hand-over list at once; the unread one must stay in it.
    const read = () => h.gemini().models.generateContentStream(ASK).then(collect);
    await read();
    await (async () => {
      await h.gemini().models.generateContentStream(ASK);
    })();
    await read();
    await read();
    for (let i = 0; i < 150 && exporter.getFinishedSpans().length < 4; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(4);
    const unread = spans.filter(
      (s) => s.attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] === undefined,
    );
    expect(unread).toHaveLength(1);
  });

  it('a 429 before any chunk: the call rejects, the span ends with error.type 429', async () => {
    h.server.failNext({ status: 429 });
    const error = await h
      .gemini()
      .models.generateContentStream(ASK)
      .catch((e: unknown) => e);
    expect((error as { status: number }).status).toBe(429);
    expect(onlySpan().attributes[ATTR_ERROR_TYPE]).toBe('429');
  });

  it('content on: thought summary as reasoning, the text joined per candidate', async () => {
    configure({ captureMessageContent: true });
    await collect(
      await h.gemini().models.generateContentStream({
        ...ASK,
        config: { thinkingConfig: { includeThoughts: true } },
      }),
    );
    expect(JSON.parse(onlySpan().attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: THOUGHT_SUMMARY },
          { type: 'text', content: 'Echo: Hello, world!' },
        ],
        finish_reason: 'stop',
      },
    ]);
  });

  it('a streamed function call', async () => {
    configure({ captureMessageContent: true });
    await collect(
      await h.gemini().models.generateContentStream({
        model: 'gemini-2.0-flash',
        contents: 'use get_weather',
        config: {
          tools: [
            {
              functionDeclarations: [
                {
                  name: 'get_weather',
                  parametersJsonSchema: {
                    type: 'object',
                    properties: { city: { type: 'string' } },
                  },
                },
              ],
            },
          ],
        },
      }),
    );
    const out = JSON.parse(onlySpan().attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] as string);
    expect(out[0].parts).toEqual([
      { type: 'tool_call', name: 'get_weather', arguments: { city: 'city_value' } },
    ]);
  });

  it('Vertex AI stream: gcp.vertex_ai', async () => {
    await collect(await h.vertex().models.generateContentStream(ASK));
    expect(onlySpan().attributes[ATTR_GEN_AI_PROVIDER_NAME]).toBe('gcp.vertex_ai');
    expect(onlySpan().attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(6 + 64);
  });
});
