import { createRequire } from 'node:module';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { collect as collectAll, createTestTracing } from '@genai-otel/test-utils';

import { context, trace } from '@opentelemetry/api';
import { isWrapped } from '@opentelemetry/instrumentation';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OpenAIInstrumentation, type OpenAIInstrumentationConfig } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: both SDK majors are loaded dynamically by name.
export type SDK = any;

/** The two majors under test: `openai` is v7, `openai-v6` an npm alias of openai@6. */
export const MAJORS = [
  { pkg: 'openai', major: 7 },
  { pkg: 'openai-v6', major: 6 },
] as const;

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager.
const tracing = createTestTracing();
export const exporter = tracing.exporter;
export const provider = tracing.tracerProvider;
export const tracer = provider.getTracer('test');

/** Enabled before any SDK is required, so require-in-the-middle patches it on load. */
export const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(provider);

const require = createRequire(import.meta.url);

/** Loads an SDK major through Node's require, which require-in-the-middle hooks. */
export function loadSDK(pkg: string): SDK {
  const sdk = require(pkg);
  if (!isWrapped(sdk.OpenAI.Chat.Completions.prototype.create)) {
    throw new Error(`${pkg} was not patched`);
  }
  return sdk;
}

/** The SDK's own `Stream` class, to check the caller still gets one. */
export function streamClass(pkg: string): SDK {
  return require(`${pkg}/streaming`).Stream;
}

export function sdkVersion(pkg: string): string {
  return (require(`${pkg}/version`) as { VERSION: string }).VERSION;
}

export function configure(config: OpenAIInstrumentationConfig = {}): void {
  instrumentation.setConfig(config);
}

export function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans();
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
      new (sdk().OpenAI)({
        apiKey: 'test-key',
        baseURL: `${harness.server.url}/v1`,
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

export { context, trace };

/** Every item of an SDK stream (typed as the SDKs' `any`). */
export const collect: (stream: AsyncIterable<SDK>) => Promise<SDK[]> = collectAll;
