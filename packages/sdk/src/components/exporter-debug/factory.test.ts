import { fileURLToPath } from 'node:url';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVICE_NAME,
} from '@genai-otel/semantic-conventions';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../load-config.js';
import type { DebugExporterConfig } from './config.js';
import { DebugMetricExporter, DebugSpanExporter } from './exporter.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

/**
 * An agent span with a streamed chat call, a failing tool call and an embeddings call under it,
 * and a failed chat call of its own, at fixed times.
 */
function agentTrace(): ReadableSpan[] {
  return recordSpans(agentSpans);
}

/** The finished spans `record` makes with a tracer of service `debug-test`. */
function recordSpans(record: (tracer: Tracer) => void): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'debug-test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  record(provider.getTracer('debug-test', '1.2.3'));
  return memory.getFinishedSpans();
}

function agentSpans(tracer: Tracer): void {
  const t0 = Date.UTC(2026, 0, 1);
  const agent = tracer.startSpan('invoke_agent planner', { startTime: t0 });
  const parent = trace.setSpan(ROOT_CONTEXT, agent);
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      startTime: t0 + 10,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 2048,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 1024,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 45,
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 12,
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
        [ATTR_GEN_AI_REQUEST_STREAM]: true,
        [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: 0.012,
      },
    },
    parent,
  );
  chat.addEvent('first_chunk', { index: 0 }, t0 + 300);
  chat.end(t0 + 822);
  const tool = tracer.startSpan('execute_tool get_weather', { startTime: t0 + 830 }, parent);
  tool.setAttribute(ATTR_ERROR_TYPE, 'TimeoutError');
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'tool timed out' });
  tool.end(t0 + 833.5);
  const embeddings = tracer.startSpan(
    'embeddings text-embedding-3-small',
    {
      kind: SpanKind.CLIENT,
      startTime: t0 + 840,
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'embeddings',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'text-embedding-3-small',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 4,
      },
    },
    parent,
  );
  embeddings.end(t0 + 854);
  agent.end(t0 + 1530);
  const failed = tracer.startSpan('chat no-such-model', {
    kind: SpanKind.CLIENT,
    startTime: t0 + 2000,
    attributes: {
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'no-such-model',
      [ATTR_ERROR_TYPE]: '404',
    },
  });
  failed.setStatus({
    code: SpanStatusCode.ERROR,
    message: '404 The model `no-such-model` does not exist',
  });
  failed.end(t0 + 2014);
}

/** `4bf92f35/00f067aa`: the short trace/span ids the normal layout prints for a span. */
function ids(spans: ReadableSpan[], name: string): string {
  const ctx = spans.find((s) => s.name === name)!.spanContext();
  return `${ctx.traceId.slice(0, 8)}/${ctx.spanId.slice(0, 8)}`;
}

function print(verbosity: DebugExporterConfig['verbosity'], spans: ReadableSpan[]): string {
  let text = '';
  new DebugSpanExporter({ verbosity }, (t) => {
    text += t;
  }).export(spans, () => {});
  return text;
}

describe('debug exporter', () => {
  const loaded = loadConfig(testdata, { env: {} });

  it.each<[string, DebugExporterConfig]>([
    ['debug', { verbosity: 'basic' }],
    ['debug/normal', { verbosity: 'normal' }],
    ['debug/detailed', { verbosity: 'detailed' }],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.exporters.get(id)?.config).toEqual(expected);
  });

  it('basic: a header line per batch that says what it is', () => {
    expect(print('basic', agentTrace())).toBe('genai-otel debug · 5 spans · service debug-test\n');
  });

  it('normal: one aligned line per span, children indented under their parent', () => {
    const spans = agentTrace();
    const id = (name: string) => ids(spans, name);
    expect(print('normal', spans).split('\n')).toEqual([
      'genai-otel debug · 5 spans · service debug-test',
      // Parent first even though it ended last; children by start time, two spaces deeper.
      `  invoke_agent planner                 1.53s  ok     ${id('invoke_agent planner')}`,
      `    chat gpt-4o-mini                   812ms  ok     ${id('chat gpt-4o-mini')}  openai/gpt-4o-mini-2024-07-18  tokens in 2048 (cached 1024) out 45 (reasoning 12)  ttfc 12ms  finish stop`,
      // The error follows the last value before it: no line runs far out for it.
      `    execute_tool get_weather           3.5ms  ERROR  ${id('execute_tool get_weather')}  error TimeoutError: tool timed out`,
      `    embeddings text-embedding-3-small   14ms  ok     ${id('embeddings text-embedding-3-small')}  openai/text-embedding-3-small  tokens in 4`,
      `  chat no-such-model                    14ms  ERROR  ${id('chat no-such-model')}  openai/no-such-model           error 404: The model \`no-such-model\` does not exist`,
      '',
    ]);
  });

  it('normal: finish reasons line up whether or not a span was streamed', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const spans = recordSpans((tracer) => {
      for (const [i, ttfc] of [0.012, undefined].entries()) {
        tracer
          .startSpan('chat gpt-4o-mini', {
            startTime: t0 + i,
            attributes: {
              [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 25,
              [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 9,
              [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
              ...(ttfc === undefined ? {} : { [ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK]: ttfc }),
            },
          })
          .end(t0 + 20);
      }
    });
    const lines = print('normal', spans).split('\n');
    expect(lines[1]).toMatch(/ {2}tokens in 25 out 9 {2}ttfc 12ms {2}finish stop$/);
    expect(lines[2]).toMatch(/ {2}tokens in 25 out 9 {13}finish stop$/);
  });

  it('normal: a span whose parent is in another batch is a root', () => {
    const chat = agentTrace().filter((s) => s.name === 'chat gpt-4o-mini');
    expect(print('normal', chat).split('\n')[1]).toMatch(/^ {2}chat gpt-4o-mini {2}/);
  });

  it('normal: columns no span of the batch has take no room', () => {
    const spans = agentTrace().filter((s) => s.name.startsWith('embeddings'));
    expect(print('normal', spans)).toBe(
      [
        'genai-otel debug · 1 span · service debug-test',
        `  embeddings text-embedding-3-small  14ms  ok  ${ids(spans, 'embeddings text-embedding-3-small')}  openai/text-embedding-3-small  tokens in 4`,
        '',
      ].join('\n'),
    );
  });

  it('detailed: resource, every attribute, events and status', () => {
    const text = print('detailed', agentTrace());
    expect(text).toContain('genai-otel debug · 5 spans · service debug-test\nResource:\n');
    expect(text).toContain('     -> service.name: debug-test\n');
    expect(text).toContain('Span #0\n');
    expect(text).toContain('    Name           : chat gpt-4o-mini\n');
    expect(text).toContain('    Kind           : CLIENT\n');
    expect(text).toContain('    Scope          : debug-test@1.2.3\n');
    expect(text).toContain('    Start time     : 2026-01-01T00:00:00.010000Z\n');
    expect(text).toContain('    Duration       : 812ms\n');
    expect(text).toContain('     -> gen_ai.usage.input_tokens: 2048\n');
    expect(text).toContain('     -> gen_ai.response.finish_reasons: ["stop"]\n');
    expect(text).toContain('SpanEvent #0\n     -> Name: first_chunk\n');
    expect(text).toContain('         -> index: 0\n');
    expect(text).toContain('    Status code    : ERROR\n    Status message : tool timed out\n');
    // The resource is printed once for the batch, not per span.
    expect(text.match(/Resource:/g)).toHaveLength(1);
  });

  it('prints metrics: a count, then one line per metric', async () => {
    let text = '';
    const reader = new PeriodicExportingMetricReader({
      exporter: new DebugMetricExporter({ verbosity: 'normal' }, (t) => {
        text += t;
      }),
      exportIntervalMillis: 60_000,
    });
    const meterProvider = new MeterProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'debug-test' }),
      readers: [reader],
    });
    const histogram = meterProvider.getMeter('m').createHistogram('test.duration', { unit: 's' });
    histogram.record(0.5, { model: 'a' });
    histogram.record(1.5, { model: 'b' });
    await meterProvider.forceFlush();
    await meterProvider.shutdown();
    expect(text).toContain(
      'genai-otel debug · 1 metric, 2 data points · service debug-test\n  test.duration s  histogram  2 points\n',
    );
  });
});
