/**
 * The two local servers every test talks to: the mock OpenAI API the app calls, and the OTLP
 * receiver its telemetry is exported to. One pair per test file; reset before each test.
 */
import { createServer } from 'node:net';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { type OtlpReceiver, startOtlpReceiver } from '@genai-otel/test-utils';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface Servers {
  llm: MockLLMServer;
  otlp: OtlpReceiver;
}

/** Registers the hooks; the returned object is filled in by `beforeAll`. */
export function useServers(): Servers {
  const servers = {} as Servers;
  beforeAll(async () => {
    servers.llm = await startMockLLMServer({ port: 0 });
    servers.otlp = await startOtlpReceiver({ port: 0 });
  });
  beforeEach(() => {
    servers.llm.reset();
    servers.otlp.reset();
  });
  afterAll(async () => {
    await Promise.all([servers.llm?.close(), servers.otlp?.close()]);
  });
  return servers;
}

/** A loopback port nothing listens on: bound, then released. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
