/**
 * The two local servers every test talks to: the mock OpenAI API the app calls, and the OTLP
 * receiver its telemetry is exported to. One pair per test file; reset before each test.
 */
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
