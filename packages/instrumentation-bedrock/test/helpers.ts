import { createRequire } from 'node:module';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { collect as collectAll, createTestTracing } from '@genai-otel/test-utils';
import { isWrapped } from '@opentelemetry/instrumentation';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BedrockInstrumentation, type BedrockInstrumentationConfig } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: the SDKs are loaded dynamically, through the hook.
export type SDK = any;

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager, not global.
const tracing = createTestTracing();
export const exporter = tracing.exporter;
export const provider = tracing.tracerProvider;
export const tracer = provider.getTracer('test');

/** Enabled before any SDK is required, so require-in-the-middle patches it on load. */
export const instrumentation = new BedrockInstrumentation();
instrumentation.setTracerProvider(provider);

const require = createRequire(import.meta.url);

/** `@aws-sdk/client-bedrock-runtime` through Node's require, which require-in-the-middle hooks. */
export function runtimeSDK(): SDK {
  const sdk = require('@aws-sdk/client-bedrock-runtime');
  if (!isWrapped(sdk.BedrockRuntimeClient.prototype.send))
    throw new Error('@aws-sdk/client-bedrock-runtime was not patched');
  return sdk;
}

/** `@aws-sdk/client-bedrock-agent-runtime`, likewise. */
export function agentSDK(): SDK {
  const sdk = require('@aws-sdk/client-bedrock-agent-runtime');
  if (!isWrapped(sdk.BedrockAgentRuntimeClient.prototype.send))
    throw new Error('@aws-sdk/client-bedrock-agent-runtime was not patched');
  return sdk;
}

export function configure(config: BedrockInstrumentationConfig = {}): void {
  instrumentation.setConfig(config);
}

/** The one finished span, failing loudly when there are more or none. */
export const onlySpan = tracing.onlySpan;

export interface Harness {
  server: MockLLMServer;
  /** A runtime client on the mock: dummy credentials, no retries (a throttle is seen at once). */
  runtime(options?: Record<string, unknown>): SDK;
  agent(options?: Record<string, unknown>): SDK;
}

const CLIENT = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  maxAttempts: 1,
};

/** A mock server for the file, a clean exporter and default config per test. */
export function useHarness(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await startMockLLMServer({ port: 0 });
    harness.runtime = (options = {}) =>
      new (runtimeSDK().BedrockRuntimeClient)({
        ...CLIENT,
        endpoint: harness.server.url,
        ...options,
      });
    harness.agent = (options = {}) =>
      new (agentSDK().BedrockAgentRuntimeClient)({
        ...CLIENT,
        endpoint: harness.server.url,
        ...options,
      });
  });
  afterEach(() => {
    exporter.reset();
    harness.server.reset();
    configure({});
  });
  afterAll(async () => {
    await harness.server.close();
  });
  return harness;
}

/** Every item of an SDK stream. */
export const collect: (stream: AsyncIterable<SDK>) => Promise<SDK[]> = collectAll;
