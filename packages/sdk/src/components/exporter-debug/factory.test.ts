import { fileURLToPath } from 'node:url';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVICE_NAME,
} from '@genai-otel/semantic-conventions';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

/** An agent span with a chat call and a failing tool call under it, at fixed times. */
function agentTrace(): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'debug-test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('debug-test', '1.2.3');
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
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 120,
        [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 100,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 45,
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 12,
        [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
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
  agent.end(t0 + 1530);
  return memory.getFinishedSpans();
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

  it('basic: one line per batch', () => {
    expect(print('basic', agentTrace())).toBe('debug: 3 spans\n');
  });

  it('normal: one readable line per span, children indented under their parent', () => {
    const spans = agentTrace();
    const text = print('normal', spans);
    const lines = text.split('\n');
    const traceId = spans[0]!.spanContext().traceId.slice(0, 8);
    const chatId = spans
      .find((s) => s.name.startsWith('chat'))!
      .spanContext()
      .spanId.slice(0, 8);
    expect(lines[0]).toBe('debug: 3 spans');
    // Parent first even though it ended last; children by start time, two spaces deeper.
    expect(lines[1]).toMatch(
      /^ {2}invoke_agent planner {10}1\.53s {2}ok {5}[0-9a-f]{8}\/[0-9a-f]{8}$/,
    );
    expect(lines[2]).toBe(
      `    chat gpt-4o-mini            812ms  ok     ${traceId}/${chatId}  openai/gpt-4o-mini-2024-07-18  tokens in 120 (cached 100) out 45 (reasoning 12)  finish stop`,
    );
    expect(lines[3]).toMatch(
      /^ {4}execute_tool get_weather {4}3\.5ms {2}ERROR {2}[0-9a-f]{8}\/[0-9a-f]{8} {2}TimeoutError: tool timed out$/,
    );
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });

  it('normal: a span whose parent is in another batch is a root', () => {
    const chat = agentTrace().filter((s) => s.name.startsWith('chat'));
    expect(print('normal', chat).split('\n')[1]).toMatch(/^ {2}chat gpt-4o-mini {2}/);
  });

  it('detailed: resource, every attribute, events and status', () => {
    const text = print('detailed', agentTrace());
    expect(text).toContain('debug: 3 spans\nResource:\n');
    expect(text).toContain('     -> service.name: debug-test\n');
    expect(text).toContain('Span #0\n');
    expect(text).toContain('    Name           : chat gpt-4o-mini\n');
    expect(text).toContain('    Kind           : CLIENT\n');
    expect(text).toContain('    Scope          : debug-test@1.2.3\n');
    expect(text).toContain('    Start time     : 2026-01-01T00:00:00.010000Z\n');
    expect(text).toContain('    Duration       : 812ms\n');
    expect(text).toContain('     -> gen_ai.usage.input_tokens: 120\n');
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
    const meterProvider = new MeterProvider({ readers: [reader] });
    const histogram = meterProvider.getMeter('m').createHistogram('test.duration', { unit: 's' });
    histogram.record(0.5, { model: 'a' });
    histogram.record(1.5, { model: 'b' });
    await meterProvider.forceFlush();
    await meterProvider.shutdown();
    expect(text).toContain(
      'debug: 1 metric, 2 data points\n  test.duration s  histogram  2 points\n',
    );
  });
});
