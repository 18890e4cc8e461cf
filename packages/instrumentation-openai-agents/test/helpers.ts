import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { compareNanos, createTestTracing, type FlatSpan, spanTree } from '@genai-otel/test-utils';
import { configureTracing, GenAIContextSpanProcessor } from '@genai-otel/tracing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { OpenAIAgentsInstrumentation } from '../src/index.js';

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager; both instrumentations
// enabled before the SDKs are required, so require-in-the-middle patches them on load.
// The context span processor stamps withConversation's ids on every span, as the sdk wires it.
const tracing = createTestTracing({ spanProcessors: [new GenAIContextSpanProcessor()] });
export const provider = tracing.tracerProvider;
configureTracing({ tracerProvider: provider });
export const bridge = new OpenAIAgentsInstrumentation();
bridge.setTracerProvider(provider);
export const openaiInstrumentation = new OpenAIInstrumentation();
openaiInstrumentation.setTracerProvider(provider);

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: the SDKs are dev dependencies loaded by name.
type SDK = any;
export const { z }: SDK = require('zod');

/**
 * The Agents SDK `pkg` (`@openai/agents`, or an npm alias of an earlier line), required after the
 * instrumentations were enabled. One per test file: the SDK keeps its state on globalThis.
 */
export function loadAgents(pkg = '@openai/agents'): SDK {
  return require(pkg);
}

/** The `openai` SDK the Agents SDK `pkg` itself depends on (its model classes call it). */
function openaiOf(pkg: string): SDK {
  const fromAgents = createRequire(require.resolve(pkg));
  return createRequire(fromAgents.resolve('@openai/agents-openai'))('openai').OpenAI;
}

export function spans(): ReadableSpan[] {
  return tracing.spans();
}

/**
 * `name` of each span, indented under its parent, children in start order: test-utils' `spanTree`
 * over every root (a span whose parent is not among them).
 */
export function tree(all: readonly ReadableSpan[] = spans()): string[] {
  const flat = all.map(
    (s) =>
      ({
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        name: s.name,
        startTimeUnixNano: String(BigInt(s.startTime[0]) * 1_000_000_000n + BigInt(s.startTime[1])),
      }) as FlatSpan,
  );
  const ids = new Set(flat.map((s) => s.spanId));
  return flat
    .filter((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId))
    .sort((a, b) => compareNanos(a.startTimeUnixNano, b.startTimeUnixNano))
    .flatMap((root) => spanTree(flat, root.spanId));
}

export function byName(name: string, all: readonly ReadableSpan[] = spans()): ReadableSpan[] {
  return all.filter((s) => s.name === name);
}

/** One mock server for the file; the SDK's default client points at it. Clean spans per test. */
export function useMockServer(agents: SDK, pkg = '@openai/agents'): { server: MockLLMServer } {
  const holder = {} as { server: MockLLMServer };
  const OpenAI = openaiOf(pkg);
  beforeAll(async () => {
    holder.server = await startMockLLMServer({ port: 0 });
    agents.setDefaultOpenAIClient(
      new OpenAI({ apiKey: 'test-key', baseURL: `${holder.server.url}/v1`, maxRetries: 0 }),
    );
    // The SDK's own exporter would try OpenAI's backend: not the point here.
    agents.setTraceProcessors([]);
    // The SDK turns its tracing off when NODE_ENV is `test` (vitest sets it): back on.
    agents.setTracingDisabled(false);
  });
  afterEach(() => {
    tracing.reset();
    holder.server.reset();
  });
  afterAll(async () => {
    await holder.server.close();
  });
  return holder;
}
