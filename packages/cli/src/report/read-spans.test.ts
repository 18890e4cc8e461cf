import { PEER_TRACELOOP_USAGE_PROMPT_TOKENS } from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { spansOfRequest } from './read-spans.js';
import { ReportBuilder } from './summarize.js';

// The OTLP/JSON mapping as other SDKs write it (e.g. Python's JSON exporter, a collector's file
// exporter): int64 as decimal strings, upper-case hex ids, an exception only as an event.
const line = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'py-svc' } }] },
      scopeSpans: [
        {
          scope: { name: 'opentelemetry.instrumentation.openai' },
          spans: [
            {
              traceId: '5B8EFFF798038103D269B633813FC60C',
              spanId: 'EEE19B7EC3C1B174',
              parentSpanId: '',
              name: 'openai.chat',
              kind: 3,
              startTimeUnixNano: '1544712660000000000',
              endTimeUnixNano: '1544712661250000000',
              attributes: [
                { key: PEER_TRACELOOP_USAGE_PROMPT_TOKENS, value: { intValue: '1200' } },
                { key: 'llm.request.type', value: { stringValue: 'chat' } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                {
                  key: 'flags',
                  value: { arrayValue: { values: [{ boolValue: true }, { intValue: 7 }] } },
                },
                {
                  key: 'meta',
                  value: { kvlistValue: { values: [{ key: 'a', value: { stringValue: 'b' } }] } },
                },
              ],
              events: [
                {
                  name: 'exception',
                  timeUnixNano: '1544712661000000000',
                  attributes: [
                    { key: 'exception.type', value: { stringValue: 'openai.RateLimitError' } },
                  ],
                },
              ],
              status: { code: 2, message: 'rate limited' },
            },
          ],
        },
      ],
    },
  ],
};

describe('spansOfRequest', () => {
  it('decodes the OTLP/JSON mapping: string int64s, hex ids, arrays, kvlists, exception events', () => {
    const [span, ...rest] = [...spansOfRequest(line)];
    expect(rest).toEqual([]);
    expect(span).toEqual({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: undefined,
      name: 'openai.chat',
      startNs: 1544712660000000000n,
      durationMs: 1250,
      statusCode: 2,
      statusMessage: 'rate limited',
      attributes: {
        [PEER_TRACELOOP_USAGE_PROMPT_TOKENS]: 1200,
        'llm.request.type': 'chat',
        ratio: 0.5,
        flags: [true, 7],
        meta: '{"a":"b"}',
      },
      service: 'py-svc',
      exceptionType: 'openai.RateLimitError',
    });
  });

  it('a metrics request holds no spans', () => {
    expect([...spansOfRequest({ resourceMetrics: [{ scopeMetrics: [] }] })]).toEqual([]);
  });
});

describe('a peer instrumentation span in the report', () => {
  it("counts OpenLLMetry's call by its own names, and its failure by the exception event's type", () => {
    const builder = new ReportBuilder();
    for (const span of spansOfRequest(line)) builder.add(span);
    const r = builder.finish();
    expect(r.totals).toMatchObject({ calls: 1, errors: 1, tokens: { input: 1200, output: 0 } });
    expect(r.totals.latencyMs).toEqual({ p50: 1250, p95: 1250, p99: 1250 });
    expect(r.errors.byType).toEqual([
      { key: 'openai.RateLimitError', count: 1, operations: ['openai.chat'] },
    ]);
  });
});
