import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import {
  collect,
  configure,
  exporter,
  instrumentation,
  loadSDK,
  MAJORS,
  onlySpan,
  tracer,
  useHarness,
} from './helpers.js';

describe.each(MAJORS)('$pkg embeddings, chats, context', ({ pkg }) => {
  const h = useHarness(() => loadSDK(pkg));

  it('embedContent on the Gemini API: an embeddings span with the dimension count, no usage reported', async () => {
    const res = await h.gemini().models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['first text', 'second text'],
      config: { outputDimensionality: 8 },
    });
    expect(res.embeddings).toHaveLength(2);
    const span = onlySpan();
    expect(span.name).toBe('embeddings gemini-embedding-001');
    expect(span.attributes).toEqual({
      [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'gcp.gemini',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gemini-embedding-001',
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
      [ATTR_SERVER_PORT]: h.server.port,
      [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: 8,
    });
  });

  it('embedContent on Vertex AI: the input tokens it reports', async () => {
    const res = await h.vertex().models.embedContent({
      model: 'gemini-embedding-001',
      contents: 'first text',
    });
    const a = onlySpan().attributes;
    expect(a[ATTR_GEN_AI_PROVIDER_NAME]).toBe('gcp.vertex_ai');
    expect(a[ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]).toBe(res.embeddings[0].values.length);
    // "first text": 2 tokens.
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(2);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeUndefined();
  });

  it('chats: one span per model call (sendMessage and sendMessageStream), the history as input', async () => {
    configure({ captureMessageContent: true });
    const chat = h.gemini().chats.create({ model: 'gemini-2.0-flash' });
    const first = await chat.sendMessage({ message: 'Hello' });
    expect(first.text).toBe('Echo: Hello');
    await collect(await chat.sendMessageStream({ message: 'Again' }));
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual([
      'generate_content gemini-2.0-flash',
      'generate_content gemini-2.0-flash',
    ]);
    expect(h.server.requests).toHaveLength(2);
    expect(JSON.parse(spans[1]!.attributes[ATTR_GEN_AI_INPUT_MESSAGES] as string)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hello' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Echo: Hello' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Again' }] },
    ]);
    // "Hello" 1, then "Hello" + "Echo : Hello" + "Again" = 1 + 3 + 1.
    expect(spans[0]!.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(1);
    expect(spans[1]!.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5);
  });

  it('is a child of the active span, active while the request is sent', async () => {
    const parent = tracer.startSpan('parent');
    await context.with(trace.setSpan(context.active(), parent), () =>
      h.gemini().models.generateContent({ model: 'gemini-2.0-flash', contents: 'Hi' }),
    );
    parent.end();
    const [child, outer] = exporter.getFinishedSpans();
    expect(outer?.name).toBe('parent');
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });

  it('disabled: the SDK runs untouched, no span', async () => {
    const client = h.gemini();
    instrumentation.disable();
    try {
      const res = await client.models.generateContent({
        model: 'gemini-2.0-flash',
        contents: 'Hi',
      });
      expect(res.text).toBe('Echo: Hi');
      expect(exporter.getFinishedSpans()).toHaveLength(0);
    } finally {
      instrumentation.enable();
    }
  });
});
