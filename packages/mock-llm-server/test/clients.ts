import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import type { MockLLMServer } from '../src/index.js';

export type Client = OpenAI;

/**
 * Both supported majors of the real SDK. v6's client is used through v7's type: the calls these
 * tests make have the same shape in both, and it is v6's runtime that is exercised.
 */
export const SDKS: [string, (server: MockLLMServer, maxRetries?: number) => Client][] = [
  [
    'openai v7',
    (server, maxRetries = 0) =>
      new OpenAI({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries }),
  ],
  [
    'openai v6',
    (server, maxRetries = 0) =>
      new OpenAIv6({
        apiKey: 'test-key',
        baseURL: `${server.url}/v1`,
        maxRetries,
      }) as unknown as OpenAI,
  ],
];

export { OpenAI, OpenAIv6 };
