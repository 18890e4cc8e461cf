import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { exporter, loadSDK, MAJORS, onlySpan, useHarness } from './helpers.js';

// 'The quick brown fox' is 4 tokens under the mock's rule.
const INPUT = 'The quick brown fox';

describe.each(MAJORS)('embeddings.create with $pkg', ({ pkg }) => {
  const sdk = loadSDK(pkg);
  const h = useHarness(() => sdk);

  it('records model, dimension count and input tokens', async () => {
    const result = await h.client().embeddings.create({
      model: 'text-embedding-3-small',
      input: INPUT,
    });
    expect(result.data[0].embedding).toHaveLength(1536);
    const span = onlySpan();
    expect(span.name).toBe('embeddings text-embedding-3-small');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
      'server.address': '127.0.0.1',
      'server.port': h.server.port,
      'gen_ai.response.model': 'text-embedding-3-small',
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.embeddings.dimension.count': 1536,
    });
  });

  it('records requested encoding formats, from float arrays and from base64', async () => {
    await h.client().embeddings.create({
      model: 'text-embedding-3-large',
      input: [INPUT, 'jumps'],
      encoding_format: 'float',
      dimensions: 256,
    });
    let attrs = onlySpan().attributes;
    expect(attrs['gen_ai.request.encoding_formats']).toEqual(['float']);
    expect(attrs['gen_ai.embeddings.dimension.count']).toBe(256);
    expect(attrs['gen_ai.usage.input_tokens']).toBe(5);
    exporter.reset();

    const raw = await h.client().embeddings.create({
      model: 'text-embedding-3-large',
      input: INPUT,
      encoding_format: 'base64',
    });
    expect(typeof raw.data[0].embedding).toBe('string');
    attrs = onlySpan().attributes;
    expect(attrs['gen_ai.request.encoding_formats']).toEqual(['base64']);
    expect(attrs['gen_ai.embeddings.dimension.count']).toBe(3072);
  });

  it('marks an HTTP 400 as an error and rethrows the SDK error', async () => {
    const caught = await h
      .client()
      .embeddings.create({ model: 'text-embedding-ada-002', input: INPUT, dimensions: 8 })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(sdk.BadRequestError);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('400');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: caught.message });
  });
});
