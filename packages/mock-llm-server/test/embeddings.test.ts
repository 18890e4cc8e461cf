import { describe, expect, it } from 'vitest';
import { SDKS, useMockAndClient } from './clients.js';

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe.each(SDKS)('embeddings with %s', (_name, makeClient) => {
  const mock = useMockAndClient(makeClient);

  it('answers the base64 encoding the SDK asks for by default, decoded to floats', async () => {
    const res = await mock.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['Hello, world!', 'second'],
    });
    expect(mock.server.requests[0]!.body).toMatchObject({ encoding_format: 'base64' });
    expect(res.object).toBe('list');
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.data.map((d) => [d.object, d.index, d.embedding.length])).toEqual([
      ['embedding', 0, 1536],
      ['embedding', 1, 1536],
    ]);
    expect(norm(res.data[0]!.embedding)).toBeCloseTo(1, 5);
    expect(res.data[0]!.embedding).not.toEqual(res.data[1]!.embedding);
    expect(res.usage).toEqual({ prompt_tokens: 5, total_tokens: 5 });
  });

  it('gives the same vectors in float encoding and for the same input', async () => {
    const b64 = await mock.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same',
    });
    const float = await mock.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'same',
      encoding_format: 'float',
    });
    expect(Array.isArray(float.data[0]!.embedding)).toBe(true);
    expect(float.data[0]!.embedding).toEqual(b64.data[0]!.embedding);
  });

  it('honours dimensions and the per-model default length', async () => {
    const small = await mock.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'x',
      dimensions: 256,
    });
    expect(small.data[0]!.embedding).toHaveLength(256);
    const large = await mock.client.embeddings.create({
      model: 'text-embedding-3-large',
      input: 'x',
    });
    expect(large.data[0]!.embedding).toHaveLength(3072);
  });

  it('counts token-id inputs one token each', async () => {
    const res = await mock.client.embeddings.create({
      model: 'text-embedding-3-small',
      input: [1, 2, 3],
    });
    expect(res.data).toHaveLength(1);
    expect(res.usage.prompt_tokens).toBe(3);
  });
});
