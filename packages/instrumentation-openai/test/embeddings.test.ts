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

  it('marks a 400 the API gives as an error and rethrows the SDK error', async () => {
    const caught = await h
      .client()
      .embeddings.create({ model: 'text-embedding-ada-002', input: INPUT, dimensions: 8 })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(sdk.BadRequestError);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe('400');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: caught.message });
  });

  it.each([429, 500])('marks an HTTP %i as an error', async (status) => {
    h.server.failNext({ status });
    const caught = await h
      .client()
      .embeddings.create({ model: 'text-embedding-3-small', input: INPUT })
      .catch((e: unknown) => e);
    expect(caught.status).toBe(status);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe(String(status));
    expect(span.events[0]!.attributes!['exception.message']).toBe(caught.message);
  });

  it('keeps withResponse() and asResponse()', async () => {
    const client = h.client();
    const { data, response } = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: INPUT })
      .withResponse();
    expect(response.status).toBe(200);
    expect(data.data[0].embedding).toHaveLength(1536);
    expect(onlySpan().attributes['gen_ai.embeddings.dimension.count']).toBe(1536);
    exporter.reset();
    const raw = await client.embeddings
      .create({ model: 'text-embedding-3-small', input: INPUT, encoding_format: 'float' })
      .asResponse();
    expect((await raw.json()).data[0].embedding).toHaveLength(1536);
    expect(onlySpan().attributes['gen_ai.request.model']).toBe('text-embedding-3-small');
  });
});
