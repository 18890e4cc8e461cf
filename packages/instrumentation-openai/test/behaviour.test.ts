import { readFileSync } from 'node:fs';
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@genai-otel/semantic-conventions';
import { SpanStatusCode } from '@opentelemetry/api';
import { isWrapped } from '@opentelemetry/instrumentation';
import { AlwaysOffSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../src/index.js';
import {
  collect,
  configure,
  exporter,
  instrumentation,
  loadSDK,
  MAJORS,
  onlySpan,
  provider,
  type SDK,
  sdkVersion,
  spans,
  trace,
  useHarness,
} from './helpers.js';

const SAY_HI = [{ role: 'user', content: 'Say hi' }];

/** Everything but the per-call random parts (ids, timestamps, fingerprints stay stable). */
function stable(value: SDK): SDK {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    ['id', 'created', 'created_at', 'completed_at'].includes(key) ? '<varies>' : v,
  );
}

describe.each(MAJORS)('openai $pkg behaviour', ({ pkg, major }) => {
  const sdk = loadSDK(pkg);
  const h = useHarness(() => sdk);
  afterEach(() => {
    delete process.env[ENV_CAPTURE_MESSAGE_CONTENT];
    if (!instrumentation.isEnabled()) instrumentation.enable();
  });

  it(`patches the real major ${major} through require-in-the-middle`, () => {
    expect(sdkVersion(pkg).split('.')[0]).toBe(String(major));
    expect(isWrapped(sdk.OpenAI.Chat.Completions.prototype.create)).toBe(true);
    expect(isWrapped(sdk.OpenAI.Responses.prototype.create)).toBe(true);
    expect(isWrapped(sdk.OpenAI.Embeddings.prototype.create)).toBe(true);
  });

  it('disable() unpatches and enable() patches again', async () => {
    instrumentation.disable();
    expect(isWrapped(sdk.OpenAI.Chat.Completions.prototype.create)).toBe(false);
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(spans()).toHaveLength(0);
    instrumentation.enable();
    expect(isWrapped(sdk.OpenAI.Chat.Completions.prototype.create)).toBe(true);
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(onlySpan().name).toBe('chat gpt-4o-mini');
  });

  it('hands back the same data, helpers and stream outputs as without instrumentation', async () => {
    const run = async () => {
      const client = h.client();
      const chat = { model: 'gpt-4o-mini', messages: SAY_HI };
      const withResponse = await client.chat.completions.create(chat).withResponse();
      const raw = await (await client.chat.completions.create(chat).asResponse()).json();
      const streamParams = { ...chat, stream: true, stream_options: { include_usage: true } };
      const [left, right] = (await client.chat.completions.create(streamParams)).tee();
      const tee = await Promise.all([collect(left), collect(right)]);
      const readable = await new Response(
        (await client.chat.completions.create(streamParams)).toReadableStream(),
      ).text();
      const responses = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi' });
      const embedding = await client.embeddings.create({ model: 'e', input: 'Hi' });
      return stable({
        data: withResponse.data,
        status: withResponse.response.status,
        raw,
        tee,
        readable: readable
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l)),
        responses,
        embedding,
      });
    };
    instrumentation.disable();
    const plain = await run();
    expect(spans()).toHaveLength(0);
    instrumentation.enable();
    const traced = await run();
    expect(traced).toEqual(plain);
    expect(spans()).toHaveLength(6);
  });

  it('falls back to the plain call, once, when our bookkeeping throws', async () => {
    let reads = 0;
    const params = {
      messages: SAY_HI,
      get model() {
        reads++;
        if (reads === 1) throw new Error('a getter that fails the first time');
        return 'gpt-4o-mini';
      },
    };
    const result = await h.client().chat.completions.create(params);
    expect(result.choices[0].message.content).toBe('Echo: Say hi');
    expect(h.server.requests).toHaveLength(1);
    expect(spans()).toHaveLength(0);
  });

  it('leaves out content it cannot read and still traces the call', async () => {
    configure({ captureMessageContent: true });
    let reads = 0;
    const params = {
      model: 'gpt-4o-mini',
      get messages() {
        reads++;
        if (reads === 1) throw new Error('a getter that fails the first time');
        return SAY_HI;
      },
    };
    const result = await h.client().chat.completions.create(params);
    const attrs = onlySpan().attributes;
    expect(attrs['gen_ai.response.id']).toBe(result.id);
    expect(attrs['gen_ai.input.messages']).toBeUndefined();
  });

  it('rethrows the very error the SDK throws', async () => {
    const boom = new Error('boom');
    let reads = 0;
    const params = {
      model: 'gpt-4o-mini',
      messages: SAY_HI,
      get stream() {
        reads++;
        if (reads > 1) throw boom;
        return undefined;
      },
    };
    let caught: unknown;
    try {
      await h.client().chat.completions.create(params);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('Error');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(h.server.requests).toHaveLength(0);
  });

  it('follows the content-capture environment variable when the option is unset', async () => {
    process.env[ENV_CAPTURE_MESSAGE_CONTENT] = 'true';
    configure({});
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(JSON.parse(onlySpan().attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Say hi' }] },
    ]);
    exporter.reset();

    configure({ captureMessageContent: false });
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(onlySpan().attributes['gen_ai.input.messages']).toBeUndefined();
    exporter.reset();

    process.env[ENV_CAPTURE_MESSAGE_CONTENT] = 'false';
    configure({});
    await h.client().chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI });
    expect(onlySpan().attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('traces chat.completions.parse(), a helper that derives from create()', async () => {
    const parsed = await h.client().chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: SAY_HI,
    });
    expect(parsed.choices[0].message.content).toBe('Echo: Say hi');
    expect(onlySpan().attributes['gen_ai.response.id']).toBe(parsed.id);
  });

  it('records errors of helpers that derive from create(), leaving no unhandled rejection', async () => {
    h.server.failNext({ status: 429 });
    const parseError = await h
      .client()
      .chat.completions.parse({ model: 'gpt-4o-mini', messages: SAY_HI })
      .catch((e: unknown) => e);
    expect(parseError).toBeInstanceOf(sdk.RateLimitError);
    expect(onlySpan().attributes['error.type']).toBe('429');
    exporter.reset();

    h.server.failNext({ status: 500 });
    const streamError = await h
      .client()
      .responses.stream({ model: 'gpt-4o-mini', input: 'Hi' })
      .finalResponse()
      .catch((e: unknown) => e);
    expect(streamError).toBeInstanceOf(sdk.InternalServerError);
    expect(onlySpan().attributes['error.type']).toBe('500');
    // Unhandled rejections surface on the next turns of the event loop; vitest fails on them.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('does no bookkeeping for a sampled-out call but still propagates its context', async () => {
    const sampledOut = new TracerProvider({ sampler: new AlwaysOffSampler() });
    instrumentation.setTracerProvider(sampledOut);
    configure({ captureMessageContent: true, streamUsage: true });
    try {
      let activeAtFetch: { isRecording(): boolean } | undefined;
      const client = h.client({
        fetch: (url: string, init: RequestInit) => {
          activeAtFetch = trace.getActiveSpan();
          return fetch(url, init);
        },
      });
      const promise = client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: SAY_HI,
        stream: true,
      });
      expect(promise).toBeInstanceOf(sdk.APIPromise);
      expect(await collect(await promise)).toHaveLength(6);
      expect(h.server.requests[0]!.body).not.toHaveProperty('stream_options');
      expect(activeAtFetch?.isRecording()).toBe(false);
    } finally {
      instrumentation.setTracerProvider(provider);
    }
    expect(spans()).toHaveLength(0);
  });

  it('ends a streamed call whose raw response alone is taken', async () => {
    const response = await h
      .client()
      .chat.completions.create({ model: 'gpt-4o-mini', messages: SAY_HI, stream: true })
      .asResponse();
    const text = await response.text();
    expect(text).toContain('data: [DONE]');
    const span = onlySpan();
    expect(span.attributes['gen_ai.request.stream']).toBe(true);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});

describe('configuration', () => {
  it('reports the package name and version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const fresh = new OpenAIInstrumentation({ enabled: false });
    expect(fresh.instrumentationName).toBe('@genai-otel/instrumentation-openai');
    expect(fresh.instrumentationVersion).toBe(pkg.version);
  });

  it('keeps options given to the constructor and to setConfig', () => {
    const fresh = new OpenAIInstrumentation({ enabled: false, streamUsage: true });
    expect(fresh.getConfig().streamUsage).toBe(true);
    fresh.setConfig({ enabled: false, maxContentLength: -1 });
    expect(fresh.getConfig().maxContentLength).toBe(-1);
  });
});
