import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_OTEL_METRIC_OVERFLOW,
  DURATION_BUCKETS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_TOOL_DURATION,
} from '@genai-otel/semantic-conventions';
import { createTestTracing, type TestTracing } from '@genai-otel/test-utils';
import { ValueType } from '@opentelemetry/api';
import {
  AggregationTemporality,
  AggregationType,
  type DataPoint,
  DataPointType,
  type Histogram,
  InstrumentType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { GenAIMetricsConnector } from './genai-metrics-connector.js';

let tracing: TestTracing | undefined;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});

function setUp(connector: GenAIMetricsConnector) {
  tracing = createTestTracing({ spanProcessors: [connector.spanProcessor] });
  const tracer = tracing.tracerProvider.getTracer('t');
  return (model: string, seconds: number, cost?: number) => {
    const start = 1_700_000_000_000;
    tracer
      .startSpan('chat', {
        startTime: start,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
          [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
          [ATTR_GEN_AI_REQUEST_MODEL]: model,
          ...(cost === undefined ? {} : { [ATTR_GEN_AI_USAGE_COST_AMOUNT]: cost }),
        },
      })
      .end(start + seconds * 1000);
  };
}

async function collect(producer: MetricProducer): Promise<Map<string, MetricData>> {
  const { resourceMetrics, errors } = await producer.collect();
  expect(errors).toEqual([]);
  const out = new Map<string, MetricData>();
  for (const scope of resourceMetrics.scopeMetrics) {
    expect(scope.scope.name).toBe('@genai-otel/connector-genai-metrics');
    for (const m of scope.metrics) out.set(m.descriptor.name, m);
  }
  return out;
}

const byModel = (m: MetricData | undefined) =>
  Object.fromEntries(
    ((m?.dataPoints ?? []) as DataPoint<number | Histogram>[]).map((p) => [
      p.attributes[ATTR_GEN_AI_REQUEST_MODEL],
      p.value,
    ]),
  );

const delta = { aggregationTemporalitySelector: () => AggregationTemporality.DELTA };

describe('the connector’s metric producers', () => {
  it('describes each metric as the SDK would: descriptor, point type, temporality, buckets, min and max', async () => {
    const connector = new GenAIMetricsConnector();
    const producer = connector.createMetricProducer();
    const call = setUp(connector);
    call('gpt-4o', 0.3, 0.01);
    call('gpt-4o', 1.5, 0.02);
    const metrics = await collect(producer);
    const duration = metrics.get(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name)!;
    expect(duration.descriptor).toEqual({
      name: METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name,
      unit: 's',
      description: METRIC_GEN_AI_CLIENT_OPERATION_DURATION.description,
      valueType: ValueType.DOUBLE,
    });
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    const h = duration.dataPoints[0]!.value as Histogram;
    const counts = DURATION_BUCKETS.map(() => 0).concat(0);
    counts[DURATION_BUCKETS.indexOf(0.32)] = 1;
    counts[DURATION_BUCKETS.indexOf(2.56)] = 1;
    expect(h).toEqual({
      buckets: { boundaries: DURATION_BUCKETS, counts },
      count: 2,
      sum: 1.8,
      min: 0.3,
      max: 1.5,
    });
    const cost = metrics.get(METRIC_GEN_AI_CLIENT_COST.name)!;
    expect(cost.dataPointType).toBe(DataPointType.SUM);
    expect(cost.dataPointType === DataPointType.SUM && cost.isMonotonic).toBe(true);
    expect(cost.dataPoints[0]!.value).toBeCloseTo(0.03, 12);
  });

  it('gives a delta reader what came since its own last collection, while a cumulative one keeps totals', async () => {
    const connector = new GenAIMetricsConnector();
    const cumulative = connector.createMetricProducer();
    const deltas = connector.createMetricProducer(delta);
    const call = setUp(connector);
    call('gpt-4o', 0.3, 0.5);
    call('gpt-4o-mini', 2, 0.125);
    // A cumulative collection in between takes nothing from the delta reader.
    expect(byModel((await collect(cumulative)).get(METRIC_GEN_AI_CLIENT_COST.name))).toEqual({
      'gpt-4o': 0.5,
      'gpt-4o-mini': 0.125,
    });
    call('gpt-4o', 0.1, 0.25);

    const first = await collect(deltas);
    const cost = first.get(METRIC_GEN_AI_CLIENT_COST.name)!;
    expect(cost.aggregationTemporality).toBe(AggregationTemporality.DELTA);
    expect(byModel(cost)).toEqual({ 'gpt-4o': 0.75, 'gpt-4o-mini': 0.125 });
    const d = byModel(first.get(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name))['gpt-4o'];
    expect(d).toMatchObject({ count: 2, min: 0.1, max: 0.3 });

    call('gpt-4o', 0.2, 1);
    const second = await collect(deltas);
    // Only the series that moved, with this interval's min and max.
    expect(byModel(second.get(METRIC_GEN_AI_CLIENT_COST.name))).toEqual({ 'gpt-4o': 1 });
    expect(byModel(second.get(METRIC_GEN_AI_CLIENT_OPERATION_DURATION.name))).toEqual({
      'gpt-4o': expect.objectContaining({ count: 1, sum: 0.2, min: 0.2, max: 0.2 }),
    });
    const startOfSecond = second.get(METRIC_GEN_AI_CLIENT_COST.name)!.dataPoints[0]!.startTime;
    const endOfFirst = cost.dataPoints[0]!.endTime;
    expect(startOfSecond).toEqual(endOfFirst);
    expect((await collect(deltas)).size).toBe(0);

    expect(byModel((await collect(cumulative)).get(METRIC_GEN_AI_CLIENT_COST.name))).toEqual({
      'gpt-4o': 1.75,
      'gpt-4o-mini': 0.125,
    });
  });

  it('leaves out what the reader drops', async () => {
    const connector = new GenAIMetricsConnector();
    const producer = connector.createMetricProducer({
      aggregationSelector: (type) =>
        type === InstrumentType.HISTOGRAM ? { type: AggregationType.DROP } : { type: 0 },
    });
    setUp(connector)('gpt-4o', 0.3, 0.5);
    expect([...(await collect(producer)).keys()]).toEqual([METRIC_GEN_AI_CLIENT_COST.name]);
  });

  it('folds series past the series limit into one overflow series and says so once', async () => {
    const said: string[] = [];
    const seen = new Set<string>();
    const log = {
      once: (key: string, _l: string, m: string) => {
        if (!seen.has(key)) said.push(m);
        seen.add(key);
      },
    };
    const connector = new GenAIMetricsConnector({ seriesLimit: 2, log });
    const producer = connector.createMetricProducer();
    tracing = createTestTracing({ spanProcessors: [connector.spanProcessor] });
    const tracer = tracing.tracerProvider.getTracer('t');
    for (const tool of ['a', 'b', 'c', 'd', 'c']) {
      tracer
        .startSpan('execute_tool', {
          attributes: {
            [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool',
            [ATTR_GEN_AI_TOOL_NAME]: tool,
          },
        })
        .end();
    }
    const tools = (await collect(producer)).get(METRIC_GEN_AI_TOOL_DURATION.name)!;
    expect(
      tools.dataPoints.map((p) => [
        p.attributes[ATTR_GEN_AI_TOOL_NAME] ?? p.attributes[ATTR_OTEL_METRIC_OVERFLOW],
        (p.value as Histogram).count,
      ]),
    ).toEqual([
      ['a', 1],
      ['b', 1],
      [true, 3],
    ]);
    expect(said).toEqual([
      `more than 2 series of ${METRIC_GEN_AI_TOOL_DURATION.name}; further ones are folded into one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true`,
    ]);
  });
});
