import { describe, expect, it } from 'vitest';
import { endpointOf } from '../src/endpoint.js';
import { loadSDK, MAJORS } from './helpers.js';

describe.each(MAJORS)('$pkg endpoint', ({ pkg }) => {
  const { GoogleGenAI } = loadSDK(pkg);
  const of = (options: object) => endpointOf(new GoogleGenAI(options).models.apiClient);

  it('the SDK default hosts, the provider by the client setup', () => {
    expect(of({ apiKey: 'k' })).toEqual({
      provider: 'gcp.gemini',
      address: 'generativelanguage.googleapis.com',
      port: 443,
    });
    expect(of({ vertexai: true, project: 'p', location: 'us-central1' })).toEqual({
      provider: 'gcp.vertex_ai',
      address: 'us-central1-aiplatform.googleapis.com',
      port: 443,
    });
    expect(of({ vertexai: true, project: 'p', location: 'global' })).toEqual({
      provider: 'gcp.vertex_ai',
      address: 'aiplatform.googleapis.com',
      port: 443,
    });
    // A proxy in front of Vertex AI is still Vertex AI.
    expect(
      of({
        vertexai: true,
        project: 'p',
        location: 'us-central1',
        httpOptions: { baseUrl: 'http://proxy:8080' },
      }),
    ).toEqual({
      provider: 'gcp.vertex_ai',
      address: 'proxy',
      port: 8080,
    });
    expect(endpointOf(undefined)).toEqual({ provider: 'gcp.gemini' });
  });
});
