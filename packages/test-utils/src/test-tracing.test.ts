import { setTimeout as delay } from 'node:timers/promises';
import { SpanKind, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTracing, type TestTracing } from './test-tracing.js';

describe('createTestTracing', () => {
  let tracing: TestTracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
  });

  it('captures ended spans synchronously and keeps parents across awaits', async () => {
    tracing = createTestTracing();
    const tracer = tracing.tracerProvider.getTracer('t');
    await tracer.startActiveSpan('parent', async (parent) => {
      await delay(1);
      tracer.startSpan('child', { kind: SpanKind.CLIENT }).end();
      parent.end();
    });
    const [child, parent] = tracing.spans();
    expect(child!.name).toBe('child');
    expect(child!.parentSpanContext?.spanId).toBe(parent!.spanContext().spanId);
    tracing.reset();
    expect(tracing.spans()).toEqual([]);
  });

  it('registers globally only when asked, and unregisters on shutdown', async () => {
    tracing = createTestTracing({ global: true });
    trace.getTracer('global').startSpan('via-api').end();
    expect(tracing.spans().map((s) => s.name)).toEqual(['via-api']);
    await tracing.shutdown();
    tracing = undefined;
    expect(trace.getTracer('global').startSpan('after').isRecording()).toBe(false);
  });
});
