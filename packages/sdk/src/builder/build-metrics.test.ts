import type { ExporterFactory } from '@genai-otel/component';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
} from '@genai-otel/semantic-conventions';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type Histogram,
  InstrumentType,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CaptureMetricExporter,
  captureLogger,
  config,
  type TestComponents,
  testComponents,
} from '../../test/helpers.js';
import { type GenAIOtel, startFromConfig } from '../start.js';

/** A push exporter that asks for delta counters and histograms, as awsemf does. */
class DeltaExporter extends CaptureMetricExporter {
  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    return type === InstrumentType.UP_DOWN_COUNTER
      ? AggregationTemporality.CUMULATIVE
      : AggregationTemporality.DELTA;
  }
}

function withDeltaExporter(t: TestComponents): Map<string, DeltaExporter> {
  const deltas = new Map<string, DeltaExporter>();
  const factory: ExporterFactory<Record<string, never>> = {
    kind: 'exporter',
    type: 'test_delta',
    signals: ['metrics'],
    description: 'test: a push exporter asking for deltas',
    createDefaultConfig: () => ({}),
    create(_config, ctx) {
      const metrics = new DeltaExporter();
      deltas.set(ctx.id, metrics);
      return { metrics };
    },
  };
  t.registry.register(factory);
  return deltas;
}

const YAML = `
receivers: { genai: { instrumentations: [] } }
connectors: { genai_metrics: }
exporters: { test_pull:, test_delta:, test_capture: }
service:
  pipelines:
    traces: { receivers: [genai], exporters: [genai_metrics] }
    metrics: { receivers: [genai_metrics], exporters: [test_pull, test_delta] }
    metrics/other: { receivers: [genai], exporters: [test_capture] }
`;

function metric(rm: ResourceMetrics, name: string): MetricData | undefined {
  return rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
}

let otel: GenAIOtel | undefined;
afterEach(async () => {
  await otel?.shutdown();
  otel = undefined;
});

describe('buildMetrics with a connector that produces its own metrics', () => {
  it('feeds each reader of its pipelines in the temporality that reader asks for, and no other reader', async () => {
    const t = testComponents();
    const deltas = withDeltaExporter(t);
    otel = startFromConfig(config(YAML, t.registry), {
      registry: t.registry,
      registerGlobals: false,
      env: {},
      logger: captureLogger().logger,
      resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    });
    const tracer = otel.tracerProvider.getTracer('t');
    const call = (cost: number) =>
      tracer
        .startSpan('chat gpt-4o', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
            [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
            [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o',
            [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
            [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10,
            [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost,
          },
        })
        .end();

    // Instruments of the MeterProvider still reach every reader.
    otel.meterProvider.getMeter('app').createCounter('app.requests').add(1);
    call(0.5);
    call(0.25);
    const pull = t.pullReaders.get('test_pull')!;
    const first = (await pull.collect()).resourceMetrics;
    expect(first.resource.attributes['service.name']).toBe('checkout');
    const cost = metric(first, METRIC_GEN_AI_CLIENT_COST.name)!;
    expect(cost.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(cost.dataPointType).toBe(DataPointType.SUM);
    expect(cost.dataPoints.map((p) => p.value)).toEqual([0.75]);

    await otel.forceFlush();
    call(2);
    await otel.forceFlush();
    const exported = deltas.get('test_delta')!.exports;
    const costs = exported
      .map((rm) => metric(rm, METRIC_GEN_AI_CLIENT_COST.name))
      .filter((m) => m !== undefined);
    expect(costs.map((m) => m.aggregationTemporality)).toEqual([
      AggregationTemporality.DELTA,
      AggregationTemporality.DELTA,
    ]);
    // The pull reader's collection in between took nothing from the delta reader.
    expect(costs.map((m) => m.dataPoints.map((p) => p.value))).toEqual([[0.75], [2]]);
    const durations = exported.map(
      (rm) => metric(rm, METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name)?.dataPoints[0]?.value,
    ) as Histogram[];
    expect(durations.map((h) => h.count)).toEqual([2, 1]);

    const again = (await pull.collect()).resourceMetrics;
    expect(metric(again, METRIC_GEN_AI_CLIENT_COST.name)!.dataPoints[0]!.value).toBe(2.75);

    // A pipeline that does not list the connector as a receiver gets none of its metrics.
    const other = t.metricCaptures.get('test_capture')!.exports;
    const names = other.flatMap((rm) =>
      rm.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name)),
    );
    expect(new Set(names)).toEqual(new Set(['app.requests']));
    expect(metric(again, 'app.requests')?.dataPoints[0]?.value).toBe(1);
  });
});
