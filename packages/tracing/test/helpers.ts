import { createTestTracing, type TestTracing } from '@genai-otel/test-utils';
import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach } from 'vitest';
import {
  configureTracing,
  GenAIContextSpanProcessor,
  resetTracingConfiguration,
  type TracingOptions,
} from '../src/index.js';

export interface Harness {
  /** Finished spans, in end order. */
  spans(): ReadableSpan[];
  /** The one finished span called `name`; throws when there are none or several. */
  span(name: string): ReadableSpan;
  /** A tracer of the same provider, standing in for an SDK instrumentation. */
  foreignTracer(): ReturnType<TestTracing['tracerProvider']['getTracer']>;
  tracing(): TestTracing;
}

/**
 * Per test: in-memory tracing with the context processor in front (as the sdk's pipeline has it),
 * the helpers pointed at it, content capture off unless `options` says otherwise.
 */
export function useTracing(options: TracingOptions = {}): Harness {
  let tracing: TestTracing | undefined;
  beforeEach(() => {
    tracing = createTestTracing({
      spanProcessors: [new GenAIContextSpanProcessor(), startOrderRecorder],
    });
    configureTracing({
      captureMessageContent: false,
      ...options,
      tracerProvider: tracing.tracerProvider,
    });
  });
  afterEach(async () => {
    resetTracingConfiguration();
    await tracing?.shutdown();
    tracing = undefined;
  });
  const current = () => {
    if (!tracing) throw new Error('tracing is only set up inside a test');
    return tracing;
  };
  return {
    spans: () => current().spans(),
    span(name) {
      const found = current()
        .spans()
        .filter((s) => s.name === name);
      if (found.length !== 1) {
        throw new Error(
          `expected one span "${name}", got ${found.length}: ${names(current().spans())}`,
        );
      }
      return found[0]!;
    },
    foreignTracer: () => current().tracerProvider.getTracer('some-instrumentation'),
    tracing: current,
  };
}

function names(spans: readonly ReadableSpan[]): string {
  return spans.map((s) => s.name).join(', ');
}

// The SDK stamps a span's start to the millisecond: spans started in the same one would tie, so
// the trees order siblings by the order their starts were seen.
const startOrder = new Map<string, number>();
let started = 0;
const startOrderRecorder: SpanProcessor = {
  onStart: (span) => startOrder.set(span.spanContext().spanId, started++),
  onEnd: () => {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

/**
 * The spans as an indented tree, children in start order: `['a', '  b', '    c']`. Asserting
 * on it checks names and parent/child links at once.
 */
export function tree(spans: readonly ReadableSpan[]): string[] {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const s of spans) {
    const parent = s.parentSpanContext?.spanId;
    const key = parent !== undefined && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), s]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const children = [...(byParent.get(parent) ?? [])].sort((a, b) => order(a) - order(b));
    for (const child of children) {
      lines.push(`${'  '.repeat(depth)}${child.name}`);
      walk(child.spanContext().spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

function order(span: ReadableSpan): number {
  return startOrder.get(span.spanContext().spanId) ?? Number.MAX_SAFE_INTEGER;
}

/** True when `child`'s parent is `parent`. */
export function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  return (
    child.parentSpanContext?.spanId === parent.spanContext().spanId &&
    child.spanContext().traceId === parent.spanContext().traceId
  );
}

export function attributes(span: ReadableSpan): Attributes {
  return { ...span.attributes };
}

/** Lets other queued work run between steps: interleaving without sleeping. */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
