import { ATTR_GEN_AI_OPERATION_NAME, GEN_AI_OPERATION } from '@genai-otel/semantic-conventions';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IGNORED_PATHS, descriptors, insideLLMCall, pathMatcher } from './index.js';

describe('ignore_incoming_paths', () => {
  it('matches exact paths and prefixes ending in *, ignoring the query string', () => {
    const ignored = pathMatcher(['/healthz', '/internal/*']);
    expect(['/healthz', '/healthz?full=1', '/internal/', '/internal/metrics'].map(ignored)).toEqual(
      [true, true, true, true],
    );
    expect(['/healthzz', '/chat', '/internal', undefined].map(ignored)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(DEFAULT_IGNORED_PATHS).toContain('/metrics');
  });
});

describe('insideLLMCall', () => {
  const cm = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(cm.enable()));
  afterAll(() => context.disable());
  const tracer = new TracerProvider().getTracer('t');

  it('is true only under a span of an inference operation', () => {
    const within = (attributes: Record<string, string>) => {
      const span = tracer.startSpan('s', { attributes });
      const inside = context.with(trace.setSpan(context.active(), span), insideLLMCall);
      span.end();
      return inside;
    };
    expect(insideLLMCall()).toBe(false);
    expect(within({ [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.CHAT })).toBe(true);
    expect(within({ [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EMBEDDINGS })).toBe(true);
    expect(within({ [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.EXECUTE_TOOL })).toBe(false);
    expect(within({})).toBe(false);
  });
});

describe('descriptors', () => {
  it('describe http (http and https hooked) and undici (nothing to hook)', () => {
    expect(
      descriptors.map((d) => [d.name, d.modules ?? [d.module], d.moduleOptional ?? false]),
    ).toEqual([
      ['http', ['http', 'https'], false],
      ['undici', ['undici'], true],
    ]);
    const built = descriptors.map((d) =>
      d.create({ captureMessageContent: false, options: d.defaults, enabled: false }),
    );
    expect(built.map((i) => i.instrumentationName)).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
  });
});
