import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

export interface TestTracingOptions {
  /** Also register the provider as the global tracer provider; default false. */
  global?: boolean;
  /** Processors run before the in-memory exporter's (e.g. a processor under test). */
  spanProcessors?: SpanProcessor[];
}

export interface TestTracing {
  tracerProvider: TracerProvider;
  exporter: InMemorySpanExporter;
  /** Finished spans, in end order. */
  spans(): ReadableSpan[];
  /** Forget finished spans. */
  reset(): void;
  /** Shut the provider down and unregister the global context manager (and provider). */
  shutdown(): Promise<void>;
}

/**
 * Tracing for instrumentation unit tests: spans are exported synchronously on end into memory, and
 * an AsyncLocalStorage context manager makes parent/child links follow async code as in an app.
 */
export function createTestTracing(options: TestTracingOptions = {}): TestTracing {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [...(options.spanProcessors ?? []), new SimpleSpanProcessor({ exporter })],
  });
  // A context manager left over from an earlier test file would make this one a no-op.
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  if (options.global) {
    trace.disable();
    trace.setGlobalTracerProvider(tracerProvider);
  }
  return {
    tracerProvider,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    async shutdown() {
      await tracerProvider.shutdown();
      context.disable();
      if (options.global) trace.disable();
    },
  };
}
