import { StartAttributesProcessor, trustNoSpans, trustSpans } from '@genai-otel/span-attributes';
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
  /**
   * Let genai-otel's code write attributes straight onto the SDK's spans, and hand its start
   * attributes to a `StartAttributesProcessor` put first, as `@genai-otel/sdk` does (see
   * `@genai-otel/span-attributes`); default true, so tests run the path users get. False: every
   * write goes through `setAttribute`, and start attributes through `startSpan`.
   */
  trustSpans?: boolean;
}

export interface TestTracing {
  tracerProvider: TracerProvider;
  exporter: InMemorySpanExporter;
  /** Finished spans, in end order. */
  spans(): ReadableSpan[];
  /** The one finished span, failing loudly when there are more or none. */
  onlySpan(): ReadableSpan;
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
    spanProcessors: [
      // As `@genai-otel/sdk` has it: start attributes handed over by `startSpanWith` are written
      // before any other processor sees the span (the default sampler reads none).
      ...(options.trustSpans === false ? [] : [new StartAttributesProcessor()]),
      ...(options.spanProcessors ?? []),
      new SimpleSpanProcessor({ exporter }),
    ],
  });
  if (options.trustSpans === false) trustNoSpans();
  else
    trustSpans((spanLimits) =>
      new TracerProvider({ spanLimits }).getTracer('probe').startSpan('probe'),
    );
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
    onlySpan() {
      const finished = exporter.getFinishedSpans();
      if (finished.length !== 1) {
        throw new Error(
          `expected 1 finished span, got ${finished.length}: ${finished.map((s) => s.name)}`,
        );
      }
      return finished[0]!;
    },
    reset: () => exporter.reset(),
    async shutdown() {
      await tracerProvider.shutdown();
      context.disable();
      if (options.global) trace.disable();
    },
  };
}

/** Every item of a stream, in order (for tests that read an SDK stream to its end). */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
