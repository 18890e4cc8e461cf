import { createRequire } from 'node:module';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { collect as collectAll, createTestTracing } from '@genai-otel/test-utils';

import { isWrapped } from '@opentelemetry/instrumentation';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { GoogleGenAIInstrumentation, type GoogleGenAIInstrumentationConfig } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: both SDK majors are loaded dynamically by name.
export type SDK = any;

/** The two majors under test: `@google/genai` is 3.x, `google-genai-v2` an npm alias of 2.x. */
export const MAJORS = [
  { pkg: '@google/genai', major: 3 },
  { pkg: 'google-genai-v2', major: 2 },
] as const;

const tracing = createTestTracing();
export const exporter = tracing.exporter;
export const provider = tracing.tracerProvider;
export const tracer = provider.getTracer('test');

/** Enabled before any SDK is required, so require-in-the-middle patches it on load. */
export const instrumentation = new GoogleGenAIInstrumentation();
instrumentation.setTracerProvider(provider);

const require = createRequire(import.meta.url);

/** Loads an SDK major through Node's require, which require-in-the-middle hooks. */
export function loadSDK(pkg: string): SDK {
  const sdk = require(pkg);
  if (!isWrapped(sdk.Models.prototype.generateContentInternal))
    throw new Error(`${pkg} was not patched`);
  return sdk;
}

export function configure(config: GoogleGenAIInstrumentationConfig = {}): void {
  instrumentation.setConfig(config);
}

/** The one finished span, failing loudly when there are more or none. */
export const onlySpan = tracing.onlySpan;

export interface Harness {
  server: MockLLMServer;
  /** A Gemini API client (API key). */
  gemini(): SDK;
  /** A Vertex AI client (`vertexai: true`), authorised offline by a token already held. */
  vertex(): SDK;
}

/** A mock server for the file, a clean exporter and default config per test. */
export function useHarness(sdk: () => SDK): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.server = await startMockLLMServer({ port: 0 });
    harness.gemini = () =>
      new (sdk().GoogleGenAI)({ apiKey: 'test-key', httpOptions: { baseUrl: harness.server.url } });
    harness.vertex = () => {
      const authClient = new OAuth2Client();
      authClient.setCredentials({ access_token: 'mock', expiry_date: Date.now() + 3_600_000 });
      return new (sdk().GoogleGenAI)({
        vertexai: true,
        project: 'my-project',
        location: 'us-central1',
        googleAuthOptions: { authClient },
        httpOptions: { baseUrl: harness.server.url },
      });
    };
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
