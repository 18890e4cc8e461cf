import { ATTR_GEN_AI_USAGE_OUTPUT_TOKENS } from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { exporter, loadSDK, MAJORS, MODEL, onlySpan, tracer, useHarness } from './helpers.js';

const ASK = { model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Hi there' }] };

describe.each(MAJORS)('$pkg behaviour', ({ pkg }) => {
  const sdk = () => loadSDK(pkg);
  const h = useHarness(sdk);

  it('hands back the SDK APIPromise: withResponse() and asResponse() still work', async () => {
    const promise = h.client().messages.create(ASK);
    expect(promise.constructor.name).toBe('APIPromise');
    const { data, response } = await promise.withResponse();
    expect(response.status).toBe(200);
    expect(data.content[0].text).toBe('Mock reply: Hi there');
    expect(onlySpan().attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(5);
  });

  it('is a child of the active span, and the span is active while the request is sent', async () => {
    const parent = tracer.startSpan('parent');
    await context.with(trace.setSpan(context.active(), parent), () =>
      h.client().messages.create(ASK),
    );
    parent.end();
    const [child, outer] = exporter.getFinishedSpans();
    expect(outer?.name).toBe('parent');
    expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(h.server.requests).toHaveLength(1);
  });

  it('messages.parse() goes through create: one span', async () => {
    const client = h.client();
    const parsed = await client.messages.parse(ASK);
    expect(parsed.content[0].text).toBe('Mock reply: Hi there');
    expect(onlySpan().name).toBe(`chat ${MODEL}`);
  });
});
