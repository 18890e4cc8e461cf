import { describe, expect, it } from 'vitest';
import { type CallSpan, isPeerFrameworkSpan, Twins } from './twins.js';

function call(over: Partial<CallSpan>): CallSpan {
  return {
    spanId: 's',
    traceId: 't1',
    parentSpanId: 'p',
    scope: 'ours',
    start: 1_000,
    end: 1_100,
    requestModel: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini-2024-07-18',
    input: 9,
    output: 4,
    peer: false,
    ...over,
  };
}

describe('Twins', () => {
  it('a non-nesting twin of another scope in the same trace is the same call', () => {
    const twins = new Twins();
    expect(twins.of(call({ spanId: 'sdk' }))).toBeUndefined();
    expect(twins.of(call({ spanId: 'fw', scope: 'framework', end: 1_200 }))).toBe('sdk');
  });

  it('across traces only when one of them is a root or a peer framework’s span', () => {
    const twins = new Twins();
    // Our SDK span, nested in the LangChain bridge's trace t1.
    expect(twins.of(call({ spanId: 'sdk' }))).toBeUndefined();
    // Another instrumentation's span with the conventions' names, nested in trace t2: two calls.
    expect(
      twins.of(call({ spanId: 'other', scope: 'b', traceId: 't2', end: 1_200 })),
    ).toBeUndefined();
    // OpenInference's LLM span, nested in the trace it keeps apart: the same call.
    const fresh = new Twins();
    expect(fresh.of(call({ spanId: 'sdk' }))).toBeUndefined();
    expect(
      fresh.of(call({ spanId: 'oi', scope: 'oi', traceId: 't3', end: 1_300, peer: true })),
    ).toBe('sdk');
  });

  it('peerOnly (retrievals): only a peer’s span pairs, whatever the traces', () => {
    const twins = new Twins(128, 16, true);
    const retrieval = { requestModel: 'retrieval', responseModel: undefined, input: 0, output: 0 };
    expect(twins.of(call({ ...retrieval, spanId: 'ours' }))).toBeUndefined();
    expect(
      twins.of(call({ ...retrieval, spanId: 'manual', scope: 'tracing', end: 1_150 })),
    ).toBeUndefined();
    expect(
      twins.of(
        call({ ...retrieval, spanId: 'oi', scope: 'oi', traceId: 't9', end: 1_200, peer: true }),
      ),
    ).toBe('manual');
  });

  it('peer framework spans: no conventions’ operation, or a tracer known to keep its own traces', () => {
    expect(isPeerFrameworkSpan(false, '@arizeai/openinference-instrumentation-langchain')).toBe(
      true,
    );
    expect(isPeerFrameworkSpan(true, '@traceloop/instrumentation-langchain')).toBe(true);
    expect(isPeerFrameworkSpan(true, '@genai-otel/instrumentation-openai')).toBe(false);
    expect(isPeerFrameworkSpan(true, '@traceloop/instrumentation-anthropic')).toBe(false);
  });
});
