import { createRequire } from 'node:module';
import {
  CACHED_SYSTEM_EXAMPLE,
  type MockLLMServer,
  startMockLLMServer,
} from '@genai-otel/mock-llm-server';
import { collect as collectAll, createTestTracing } from '@genai-otel/test-utils';

import { isWrapped } from '@opentelemetry/instrumentation';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AnthropicInstrumentation, type AnthropicInstrumentationConfig } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: both SDK majors are loaded dynamically by name.
export type SDK = any;

/** The two majors under test: `@anthropic-ai/sdk` is 1.x, `anthropic-v0` an npm alias of 0.x. */
export const MAJORS = [
  { pkg: '@anthropic-ai/sdk', major: 1 },
  { pkg: 'anthropic-v0', major: 0 },
] as const;

/** A current model with a price in processor-cost's tables. */
export const MODEL = 'claude-sonnet-4-6';

/** 10 tokens cached 5 minutes, 5 tokens cached 1 hour (see the mock server). */
export const CACHED_SYSTEM = CACHED_SYSTEM_EXAMPLE;

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager; not global, so the
// SDK's own tracing (1.x) records nothing here.
const tracing = createTestTracing();
export const exporter = tracing.exporter;
export const provider = tracing.tracerProvider;
export const tracer = provider.getTracer('test');

/** Enabled before any SDK is required, so require-in-the-middle patches it on load. */
export const instrumentation = new AnthropicInstrumentation();
instrumentation.setTracerProvider(provider);

const require = createRequire(import.meta.url);

/** Loads an SDK major through Node's require, which require-in-the-middle hooks. */
export function loadSDK(pkg: string): SDK {
  const sdk = require(pkg);
  if (!isWrapped(sdk.Anthropic.Messages.prototype.create))
    throw new Error(`${pkg} was not patched`);
  return sdk;
}

/** The SDK's own `Stream` class, to check the caller still gets one. */
export function streamClass(pkg: string): SDK {
  return require(`${pkg}/streaming`).Stream;
}

export function configure(config: AnthropicInstrumentationConfig = {}): void {
  instrumentation.setConfig(config);
}

/** The one finished span, failing loudly when there are more or none. */
export const onlySpan = tracing.onlySpan;

export interface Harness {
  server: MockLLMServer;
  client(options?: Record<string, unknown>): SDK;
}

/** A mock server for the file, a clean exporter and default config per test. */
export function useHarness(sdk: () => SDK): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await startMockLLMServer({ port: 0 });
    harness.client = (options = {}) =>
      new (sdk().Anthropic)({
        apiKey: 'test-key',
        baseURL: harness.server.url,
        maxRetries: 0,
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

/** Every item of an SDK stream (typed as the SDKs' `any`). */
export const collect: (stream: AsyncIterable<SDK>) => Promise<SDK[]> = collectAll;
