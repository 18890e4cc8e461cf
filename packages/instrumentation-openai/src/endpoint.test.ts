import { describe, expect, it } from 'vitest';
import { endpointOf } from './endpoint.js';

describe('endpointOf', () => {
  it('reads host and port, defaulting the port by scheme', () => {
    expect(endpointOf('https://api.openai.com/v1')).toEqual({
      provider: 'openai',
      address: 'api.openai.com',
      port: 443,
    });
    expect(endpointOf('http://localhost/v1')).toEqual({
      provider: 'openai',
      address: 'localhost',
      port: 80,
    });
    expect(endpointOf('http://[::1]:8080/v1')).toEqual({
      provider: 'openai',
      address: '::1',
      port: 8080,
    });
  });

  it('recognises Azure OpenAI hosts', () => {
    expect(endpointOf('https://res.openai.azure.com/openai/deployments/x').provider).toBe(
      'azure.ai.openai',
    );
  });

  it('answers for each URL when calls alternate between clients', () => {
    for (let i = 0; i < 2; i++) {
      expect(endpointOf('https://a.example.com/v1').address).toBe('a.example.com');
      expect(endpointOf('https://b.openai.azure.com:8443/v1')).toEqual({
        provider: 'azure.ai.openai',
        address: 'b.openai.azure.com',
        port: 8443,
      });
      expect(endpointOf(undefined)).toEqual({ provider: 'openai' });
    }
  });

  it('gives the provider alone for what is not a URL', () => {
    expect(endpointOf(undefined)).toEqual({ provider: 'openai' });
    expect(endpointOf('not a url')).toEqual({ provider: 'openai' });
  });
});

describe('OpenAI-compatible providers through the openai SDK', () => {
  it.each([
    ['https://api.deepseek.com/v1', 'deepseek'],
    ['https://api.mistral.ai/v1', 'mistral_ai'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.x.ai/v1', 'x_ai'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['http://localhost:11434/v1', 'ollama'],
    ['https://my-res.openai.azure.com/openai', 'azure.ai.openai'],
    ['https://API.DEEPSEEK.COM/v1', 'deepseek'],
    ['https://evil-api.deepseek.com.example.org/v1', 'openai'],
    ['http://localhost:8080/v1', 'openai'],
  ])('%s → %s', (url, provider) => {
    expect(endpointOf(url).provider).toBe(provider);
  });
});
