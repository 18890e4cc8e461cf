import { GoogleGenAI } from '@google/genai';
import { OAuth2Client } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import { useMockAndClient } from './clients.js';

/**
 * Vertex AI offline: an OAuth2 client holding an unexpired access token makes google-auth-library
 * add `Authorization: Bearer …` without any token exchange, so no network and no credentials file.
 */
function vertexClient(url: string): GoogleGenAI {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'mock-token', expiry_date: Date.now() + 3_600_000 });
  return new GoogleGenAI({
    vertexai: true,
    project: 'my-project',
    location: 'us-central1',
    apiVersion: 'v1',
    googleAuthOptions: { authClient },
    httpOptions: { baseUrl: url },
  });
}

describe('Vertex AI through @google/genai (vertexai: true)', () => {
  const mock = useMockAndClient((server) => vertexClient(server.url));

  it('generateContent on the project/location path with a Bearer token', async () => {
    const res = await mock.client.models.generateContent({
      model: 'gemini-2.0-flash',
      contents: 'Hello, world!',
    });
    expect(res.text).toBe('Echo: Hello, world!');
    expect(res.modelVersion).toBe('gemini-2.0-flash-001');
    expect(res.createTime).toBeDefined();
    expect(res.usageMetadata).toEqual({
      promptTokenCount: 4,
      candidatesTokenCount: 6,
      totalTokenCount: 10,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 4 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 6 }],
      trafficType: 'ON_DEMAND',
    });
    const sent = mock.server.requests[0]!;
    expect(sent.path).toBe(
      '/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.0-flash:generateContent',
    );
    // The bearer token is redacted from the record, so it reached the server as a header.
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('streams with the same usage rule', async () => {
    const stream = await mock.client.models.generateContentStream({
      model: 'gemini-2.5-pro',
      contents: 'Hi',
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks.map((c) => c.text).join('')).toBe('Echo: Hi');
    expect(chunks.at(-1)!.usageMetadata).toMatchObject({
      promptTokenCount: 1,
      candidatesTokenCount: 3,
      thoughtsTokenCount: 64,
      totalTokenCount: 68,
    });
  });

  it('embedContent: :embedContent for Gemini embedding models, :predict for text-embedding models', async () => {
    const one = await mock.client.models.embedContent({
      model: 'gemini-embedding-001',
      contents: 'Hello, world!',
      config: { outputDimensionality: 16 },
    });
    expect(one.embeddings![0]!.values).toHaveLength(16);
    expect(one.embeddings![0]!.statistics).toEqual({ tokenCount: 4 });
    const predicted = await mock.client.models.embedContent({
      model: 'text-embedding-005',
      contents: ['a b', 'c'],
    });
    expect(predicted.embeddings!.map((e) => e.values!.length)).toEqual([768, 768]);
    expect(predicted.embeddings!.map((e) => e.statistics?.tokenCount)).toEqual([2, 1]);
    expect(predicted.metadata).toEqual({ billableCharacterCount: 3 });
    expect(mock.server.requests.map((r) => r.path.split(':')[1])).toEqual([
      'embedContent',
      'predict',
    ]);
  });

  it('401 UNAUTHENTICATED without a token', async () => {
    const res = await fetch(
      `${mock.server.url}/v1/projects/p/locations/l/publishers/google/models/gemini-2.0-flash:generateContent`,
      { method: 'POST', body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }) },
    );
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { status: string } }).error.status).toBe(
      'UNAUTHENTICATED',
    );
  });
});
