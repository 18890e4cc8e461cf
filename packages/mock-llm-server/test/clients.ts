import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type MockLLMServer, type MockLLMServerOptions, startMockLLMServer } from '../src/index.js';

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

export interface MockAndClient<C> {
  server: MockLLMServer;
  client: C;
}

/**
 * One server (started with `options`) and one client of it for the calling `describe` block; the
 * request log and queued faults are cleared before each test. The returned object is filled in by
 * `beforeAll`, so read its members inside tests, not at collection time.
 */
export function useMockAndClient<C>(
  makeClient: (server: MockLLMServer) => C,
  options?: MockLLMServerOptions,
): MockAndClient<C> {
  const mock = {} as MockAndClient<C>;
  beforeAll(async () => {
    mock.server = await startMockLLMServer(options);
    mock.client = makeClient(mock.server);
  });
  beforeEach(() => mock.server.reset());
  afterAll(() => mock.server?.close());
  return mock;
}

export { OpenAI, OpenAIv6 };
