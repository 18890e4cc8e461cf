import { OTLPMetricExporter as HttpJsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlatMetric, type OtlpReceiver, startOtlpReceiver } from '../src/index.js';

async function record(exporter: PushMetricExporter): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'metrics-test' }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
  });
  const meter = provider.getMeter('test-meter', '0.1.0');
  const counter = meter.createCounter('test.requests', {
    unit: '{request}',
    description: 'Requests',
  });
  counter.add(2, { 'http.route': '/a' });
  counter.add(3, { 'http.route': '/a' });
  const histogram = meter.createHistogram('test.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: [0.1, 1, 10] },
  });
  histogram.record(0.5);
  histogram.record(2);
  await provider.forceFlush();
  await provider.shutdown();
}

describe.each([
  ['protobuf', (url: string) => new ProtoExporter({ url })],
  ['JSON', (url: string) => new HttpJsonExporter({ url })],
] as const)('metrics over %s', (_name, makeExporter) => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  it('decodes sums and histograms with exact values', async () => {
    await record(makeExporter(`${receiver.url}/v1/metrics`));
    const metrics = await receiver.waitForMetric('test.duration', 2000);
    const byName = (n: string) => metrics.find((m) => m.name === n)!;
    expect(byName('test.requests')).toMatchObject<Partial<FlatMetric>>({
      type: 'sum',
      unit: '{request}',
      description: 'Requests',
      isMonotonic: true,
      aggregationTemporality: 2,
      resource: expect.objectContaining({ 'service.name': 'metrics-test' }),
      scope: { name: 'test-meter', version: '0.1.0', attributes: {} },
    });
    expect(byName('test.requests').dataPoints.map((p) => [p.attributes, p.value])).toEqual([
      [{ 'http.route': '/a' }, 5],
    ]);
    const h = byName('test.duration').dataPoints[0]!;
    expect(byName('test.duration').type).toBe('histogram');
    expect([h.count, h.sum, h.min, h.max, h.explicitBounds, h.bucketCounts]).toEqual([
      2,
      2.5,
      0.5,
      2,
      [0.1, 1, 10],
      [0, 1, 1, 0],
    ]);
    expect(receiver.requests[0]!.signal).toBe('metrics');
  });
});
