import { createRequire } from 'node:module';
import { OpenAIInstrumentation } from '@genai-otel/instrumentation-openai';
import { type MockLLMServer, startMockLLMServer } from '@genai-otel/mock-llm-server';
import { createTestTracing } from '@genai-otel/test-utils';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { LangChainInstrumentation } from '../src/index.js';

// TracerProvider + in-memory exporter + AsyncLocalStorage context manager.
export const tracing = createTestTracing({ global: true });

/** Both enabled before LangChain or openai is required, so require-in-the-middle patches them. */
export const langchain = new LangChainInstrumentation();
langchain.setTracerProvider(tracing.tracerProvider);
export const openai = new OpenAIInstrumentation();
openai.setTracerProvider(tracing.tracerProvider);

/** Loads a module through Node's require, which require-in-the-middle hooks. */
// biome-ignore lint/suspicious/noExplicitAny: LangChain is loaded dynamically by name.
export const load: (id: string) => any = createRequire(import.meta.url);

export const llm = {} as { server: MockLLMServer };
beforeAll(async () => {
  llm.server = await startMockLLMServer({ port: 0 });
});
beforeEach(() => {
  tracing.reset();
  llm.server.reset();
});
afterAll(async () => {
  await llm.server.close();
  await tracing.shutdown();
});

/** `name` lines indented by depth, children in start order: one tree per root. */
export function trees(spans: readonly ReadableSpan[] = tracing.spans()): string[] {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const s of spans) {
    const parent = s.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), s]);
  }
  const out: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const children = [...(byParent.get(parent) ?? [])].sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    );
    for (const c of children) {
      out.push(`${'  '.repeat(depth)}${c.name}`);
      walk(c.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}
