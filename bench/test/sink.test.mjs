import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { CountingExporter } from '../lib/counting-exporter.mjs';
import { startSink } from '../lib/sink.mjs';

// The pipeline the measured children use, end to end against the sink: real SDK, real
// OTLP/HTTP protobuf exporter, real HTTP.
const req = createRequire(import.meta.url);
const api = req('@opentelemetry/api');
const { TracerProvider, BatchSpanProcessor } = req('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = req('@opentelemetry/exporter-trace-otlp-proto');

describe('sink + CountingExporter', () => {
  let sink;
  let provider;
  afterEach(async () => {
    await provider?.shutdown();
    await sink?.close();
  });

  it('receives every exported span and counts them on both sides', async () => {
    sink = await startSink();
    const exporter = new CountingExporter(new OTLPTraceExporter({ url: sink.url }));
    provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('bench-test');
    exporter.capture = true;
    const s = tracer.startSpan('probe', { kind: api.SpanKind.CLIENT, attributes: { n: 3 } });
    s.addEvent('first chunk', { at: 1 });
    s.end();
    for (let i = 0; i < 9; i++) tracer.startSpan(`s${i}`).end();
    await provider.forceFlush();

    expect(exporter.exported).toBe(10);
    expect(exporter.failedBatches).toBe(0);
    expect(sink.stats.requests).toBeGreaterThanOrEqual(1);
    expect(sink.stats.bytes).toBeGreaterThan(100);
    const [first, ...rest] = exporter.take();
    expect(rest).toHaveLength(9);
    expect(first).toMatchObject({
      name: 'probe',
      kind: api.SpanKind.CLIENT,
      scope: 'bench-test',
      attributes: { n: 3 },
      events: [{ name: 'first chunk', attributes: { at: 1 } }],
    });
    expect(exporter.take()).toEqual([]);

    sink.reset();
    expect(sink.stats).toEqual({ requests: 0, bytes: 0 });
  });
});
