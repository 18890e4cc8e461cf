import { getEventListeners } from 'node:events';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import {
  collect,
  configure,
  exporter,
  loadSDK,
  MAJORS,
  onlySpan,
  type SDK,
  spans,
  streamClass,
  trace,
  tracer,
  useHarness,
} from './helpers.js';

const SAY_HI = [{ role: 'user', content: 'Say hi' }];
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
  },
};

function durationSeconds(span: { duration: [number, number] }): number {
  return span.duration[0] + span.duration[1] / 1e9;
}

/** Our listeners on a signal: an `EventListener` object (the SDK's own are functions). */
const mine = (listeners: unknown[]) => listeners.filter((l) => typeof l === 'object');

describe.each(MAJORS)('streamed chat.completions.create with $pkg', ({ pkg }) => {
  const sdk = loadSDK(pkg);
  const Stream = streamClass(pkg);
  const h = useHarness(() => sdk);
  const request = (extra: Record<string, unknown> = {}) =>
    h.client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: SAY_HI,
      stream: true,
      ...extra,
    });

  it('ends once consumed, with time to first chunk, ids, finish reasons and usage', async () => {
    // The first byte comes 50 ms after the request: time to first chunk must include it.
    h.server.failNext({ latencyMs: 50 });
    const stream = await request({ stream_options: { include_usage: true } });
    expect(stream).toBeInstanceOf(Stream);
    expect(stream.controller).toBeInstanceOf(AbortController);
    expect(spans()).toHaveLength(0);
    const chunks = await collect(stream);
    // Role chunk, 4 token deltas, finish chunk, the usage-only chunk the caller asked for.
    expect(chunks).toHaveLength(7);
    expect(chunks.at(-1).choices).toEqual([]);

    const span = onlySpan();
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const { 'gen_ai.response.time_to_first_chunk': ttft, ...attrs } = span.attributes as Record<
      string,
      unknown
    >;
    expect(attrs).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': '127.0.0.1',
      'server.port': h.server.port,
      'gen_ai.request.stream': true,
      'gen_ai.response.id': chunks[0].id,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': chunks[0].system_fingerprint,
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 4,
      // Cached and reasoning counts of 0 are left out.
    });
    expect(ttft).toBeGreaterThanOrEqual(0.05);
    expect(ttft).toBeLessThanOrEqual(durationSeconds(span));
  });

  it('records no usage when the stream carries none', async () => {
    await collect(await request());
    expect(h.server.requests[0]!.body).not.toHaveProperty('stream_options');
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('streamUsage asks for usage on a copy and hides the usage-only chunk', async () => {
    const plain = await collect(await request());
    exporter.reset();
    configure({ streamUsage: true });
    const params = {
      model: 'gpt-4o-mini',
      messages: SAY_HI,
      stream: true,
      stream_options: { include_obfuscation: false },
    };
    const before = structuredClone(params);
    const chunks = await collect(await h.client().chat.completions.create(params));
    expect(params).toEqual(before);
    expect((h.server.requests[1]!.body as SDK).stream_options).toEqual({
      include_obfuscation: false,
      include_usage: true,
    });
    expect(chunks).toHaveLength(plain.length);
    expect(chunks.every((c: { choices: unknown[] }) => c.choices.length > 0)).toBe(true);
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.usage.input_tokens']).toBe(9);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(4);
  });

  it('streamUsage leaves the usage chunk of a caller who asked for it', async () => {
    configure({ streamUsage: true });
    const chunks = await collect(await request({ stream_options: { include_usage: true } }));
    expect(chunks.at(-1).usage.prompt_tokens).toBe(9);
    expect(onlySpan().attributes['gen_ai.usage.input_tokens']).toBe(9);
  });

  it('assembles streamed text and tool-call fragments with content capture on', async () => {
    configure({ captureMessageContent: true });
    await collect(await request());
    expect(JSON.parse(onlySpan().attributes['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'Echo: Say hi' }],
        finish_reason: 'stop',
      },
    ]);
    exporter.reset();

    const chunks = await collect(
      await request({
        messages: [{ role: 'user', content: 'Call get_weather' }],
        tools: [WEATHER_TOOL],
      }),
    );
    const id = chunks.flatMap((c: SDK) => c.choices[0]?.delta?.tool_calls ?? [])[0].id;
    const attrs = onlySpan().attributes;
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id, name: 'get_weather', arguments: { city: 'city_value' } }],
        finish_reason: 'tool_calls',
      },
    ]);
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
  });

  it('ends without error, with what was seen, when the consumer breaks', async () => {
    const stream = await request();
    let seen = 0;
    for await (const chunk of stream) {
      seen++;
      expect(chunk.id).toMatch(/^chatcmpl-/);
      break;
    }
    expect(seen).toBe(1);
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(span.events).toHaveLength(0);
  });

  it('marks a stream cut by controller.abort() as APIUserAbortError', async () => {
    h.server.failNext({ chunkDelayMs: 30 });
    const stream = await request();
    let seen = 0;
    for await (const _chunk of stream) {
      seen++;
      stream.controller.abort();
    }
    expect(seen).toBe(1);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events[0]!.name).toBe('exception');
  });

  it('ends a stream aborted before anyone reads it as APIUserAbortError, by the next sweep', async () => {
    const stream = await request();
    const signal: AbortSignal = stream.controller.signal;
    expect(spans()).toHaveLength(0);
    const abortedAt = Date.now();
    stream.controller.abort();
    // The core looks at unread streams a quarter of a second after their hand-over.
    await vi.waitFor(() => expect(spans()).toHaveLength(1), { timeout: 2_000 });
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Request was aborted.' });
    expect(span.events.map((e) => [e.name, e.attributes?.['exception.type']])).toEqual([
      ['exception', 'APIUserAbortError'],
    ]);
    expect(span.attributes['gen_ai.response.id']).toBeUndefined();
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeUndefined();
    const end = span.endTime[0] * 1e3 + span.endTime[1] / 1e6;
    expect(end).toBeGreaterThanOrEqual(abortedAt - 1);
    expect(end).toBeLessThan(abortedAt + 1_000);
    // Never listened to: it was aborted before the sweep.
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(0);
    // Reading it afterwards (the SDK ends it quietly) makes no second span nor a second end.
    expect(await collect(stream)).toEqual([]);
    expect(onlySpan()).toBe(span);
    expect(span.events).toHaveLength(1);
  });

  it('ends a stream still unread after the sweep at the abort itself, and stops listening', async () => {
    const stream = await request();
    const signal: AbortSignal = stream.controller.signal;
    // Nothing listens at hand-over (nearly every stream is read at once)…
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // …only to a stream the sweep found unread.
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(1);
    expect(spans()).toHaveLength(0);
    stream.controller.abort();
    // Ended by the abort itself: nothing was read, nothing awaited.
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(0);
    expect(await collect(stream)).toEqual([]);
    expect(onlySpan()).toBe(span);
  });

  it("ends a stream aborted through the caller's own signal option before any read", async () => {
    const caller = new AbortController();
    const stream = await h
      .client()
      .chat.completions.create(
        { model: 'gpt-4o-mini', messages: SAY_HI, stream: true },
        { signal: caller.signal },
      );
    caller.abort();
    expect(stream.controller.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(spans()).toHaveLength(1), { timeout: 2_000 });
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(await collect(stream)).toEqual([]);
    expect(spans()).toHaveLength(1);
  });

  it('a stream read after the sweep stops listening once reading starts', async () => {
    const stream = await request();
    const signal: AbortSignal = stream.controller.signal;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(1);
    expect(await collect(stream)).toHaveLength(6);
    expect(mine(getEventListeners(signal, 'abort'))).toHaveLength(0);
    stream.controller.abort();
    const span = onlySpan();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.events).toHaveLength(0);
  });

  it('marks a connection broken mid-stream as an error and rethrows it', async () => {
    h.server.failNext({ breakAfterChunks: 3 });
    const stream = await request();
    const seen: unknown[] = [];
    const caught = await (async () => {
      for await (const chunk of stream) seen.push(chunk);
    })().catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(Error);
    expect(seen).toHaveLength(3);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe((caught as Error).constructor.name);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: (caught as Error).message });
    expect(span.events[0]!.attributes!['exception.message']).toBe((caught as Error).message);
    expect(span.attributes['gen_ai.response.id']).toBe((seen[0] as { id: string }).id);
  });

  it('tee(): both branches see every chunk and the span ends once', async () => {
    const stream = await request({ stream_options: { include_usage: true } });
    const [left, right] = stream.tee();
    expect(left).toBeInstanceOf(Stream);
    const [a, b] = await Promise.all([collect(left), collect(right)]);
    expect(a).toHaveLength(7);
    expect(b).toEqual(a);
    const span = onlySpan();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(4);
    expect(span.attributes['gen_ai.response.id']).toBe(a[0].id);
  });

  it('toReadableStream() carries every chunk and ends the span', async () => {
    const stream = await request();
    const text = await new Response(stream.toReadableStream()).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines.map((l) => l.choices[0].delta.content ?? '').join('')).toBe('Echo: Say hi');
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('withResponse() still hands back the Stream and the raw response', async () => {
    const { data, response, request_id } = await request().withResponse();
    expect(data).toBeInstanceOf(Stream);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(request_id).toMatch(/^req_/);
    expect(spans()).toHaveLength(0);
    expect(await collect(data)).toHaveLength(6);
    expect(onlySpan().attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('traces the chat.completions.stream() helper through create()', async () => {
    const runner = h.client().chat.completions.stream({ model: 'gpt-4o-mini', messages: SAY_HI });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].message.content).toBe('Echo: Say hi');
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.response.id']).toBe(final.id);
    expect(attrs['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  it('streamUsage also serves the stream() helper, with cached and reasoning tokens', async () => {
    configure({ streamUsage: true });
    const runner = h
      .client()
      .chat.completions.stream(
        { model: 'o4-mini', messages: SAY_HI, reasoning_effort: 'low' },
        { headers: { 'x-mock-cached-tokens': '3' } },
      );
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].message.content).toBe('Echo: Say hi');
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.response.id']).toBe(final.id);
    expect(attrs['gen_ai.usage.input_tokens']).toBe(9);
    expect(attrs['gen_ai.usage.cache_read.input_tokens']).toBe(3);
    expect(attrs['gen_ai.usage.reasoning.output_tokens']).toBe(16);
    expect(attrs['gen_ai.usage.output_tokens']).toBe(16 + 4);
  });

  it('parents on the active span and is not active in the consumer loop', async () => {
    const result = await tracer.startActiveSpan('parent', async (parent) => {
      const stream = await request();
      const activeInLoop = new Set<string | undefined>();
      for await (const _chunk of stream) {
        activeInLoop.add(trace.getActiveSpan()?.spanContext().spanId);
      }
      parent.end();
      return { parentId: parent.spanContext().spanId, activeInLoop };
    });
    const chat = spans().find((s) => s.name === 'chat gpt-4o-mini')!;
    expect(chat.parentSpanContext?.spanId).toBe(result.parentId);
    expect([...result.activeInLoop]).toEqual([result.parentId]);
  });
});
