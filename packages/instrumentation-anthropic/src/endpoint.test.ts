import { describe, expect, it } from 'vitest';
import { endpointOf } from './endpoint.js';

describe('endpointOf', () => {
  it.each([
    ['https://api.anthropic.com', 'anthropic', 443],
    ['https://bedrock-runtime.us-east-1.amazonaws.com', 'aws.bedrock', 443],
    ['https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com', 'aws.bedrock', 443],
    ['https://us-east5-aiplatform.googleapis.com/v1', 'gcp.vertex_ai', 443],
    ['https://aiplatform.googleapis.com/v1', 'gcp.vertex_ai', 443],
    ['http://localhost:8080', 'anthropic', 8080],
    ['https://bedrock-runtime.us-east-1.amazonaws.com.evil.example', 'anthropic', 443],
  ])('%s → %s', (url, provider, port) => {
    expect(endpointOf(url)).toMatchObject({ provider, port });
  });

  it('gives the provider alone for what is not a URL', () => {
    expect(endpointOf(undefined)).toEqual({ provider: 'anthropic' });
  });
});
