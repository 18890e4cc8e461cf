import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  DataPointType,
  type ResourceMetrics,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/helpers.js';
import { ReceivedMetricProducer, ReceivedMetricsConsumer } from './received-metrics.js';
import { byResource, withResourceLabels } from './received-resource.js';

function sum(
  temporality: AggregationTemporality,
  points: [Record<string, string>, number][],
  resource = 'a',
): ResourceMetrics {
  return {
    resource: resourceFromAttributes({ 'service.name': resource }),
    scopeMetrics: [
      {
        scope: { name: 's' },
        metrics: [
          {
            descriptor: { name: 'calls', description: '', unit: '', valueType: ValueType.INT },
            aggregationTemporality: temporality,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: points.map(([attributes, value]) => ({
              startTime: [1, 0],
              endTime: [2, 0],
              attributes,
              value,
            })),
          },
        ],
      },
    ],
  };
}

/** `temporality:attributes` and value of every point collected, sorted. */
async function values(p: ReceivedMetricProducer): Promise<[string, number][]> {
  const { resourceMetrics } = await p.collect();
  const out: [string, number][] = resourceMetrics.scopeMetrics.flatMap((s) =>
    (s.metrics as SumMetricData[]).flatMap((m) =>
      m.dataPoints.map(
        (d) =>
          [`${m.aggregationTemporality}:${JSON.stringify(d.attributes)}`, d.value] as [
            string,
            number,
          ],
      ),
    ),
  );
  return out.sort();
}

const { DELTA, CUMULATIVE } = AggregationTemporality;

describe('ReceivedMetricProducer', () => {
  it('for a delta reader adds up delta points until collected, then starts over; cumulative ones pass as received', async () => {
    const log = captureLogger();
    const consumer = new ReceivedMetricsConsumer();
    const p = new ReceivedMetricProducer(
      { aggregationTemporalitySelector: () => DELTA },
      log.logger,
    );
    consumer.producers.push(p);
    consumer.consume(sum(DELTA, [[{ k: 'x' }, 2]]));
    consumer.consume(sum(DELTA, [[{ k: 'x' }, 3]]));
    consumer.consume(sum(CUMULATIVE, [[{ k: 'y' }, 7]]));
    consumer.consume(sum(CUMULATIVE, [[{ k: 'y' }, 9]]));
    expect(await values(p)).toEqual([
      [`${DELTA}:{"k":"x"}`, 5],
      [`${CUMULATIVE}:{"k":"y"}`, 9],
    ]);
    consumer.consume(sum(DELTA, [[{ k: 'x' }, 4]]));
    expect(await values(p)).toEqual([
      [`${DELTA}:{"k":"x"}`, 4],
      [`${CUMULATIVE}:{"k":"y"}`, 9],
    ]);
    expect(await values(p)).toEqual([[`${CUMULATIVE}:{"k":"y"}`, 9]]);
  });

  it('keeps streams of different resources apart, at most `limit` of them, and says once what it drops', async () => {
    const log = captureLogger();
    const p = new ReceivedMetricProducer({}, log.logger, 2);
    p.add(sum(DELTA, [[{ k: 'x' }, 1]], 'a'));
    p.add(sum(DELTA, [[{ k: 'x' }, 1]], 'b'));
    p.add(sum(DELTA, [[{ k: 'z' }, 1]], 'a'));
    p.add(sum(DELTA, [[{ k: 'w' }, 1]], 'a'));
    p.add(sum(DELTA, [[{ k: 'x' }, 1]], 'a'));
    // A cumulative reader: the delta points added up, reported as cumulative.
    expect(await values(p)).toEqual([
      [`${CUMULATIVE}:{"k":"x"}`, 1],
      [`${CUMULATIVE}:{"k":"x"}`, 2],
    ]);
    expect(p.dropped).toBe(2);
    expect(log.lines).toEqual([
      'genai-otel: received metrics: more than 2 streams; points of new streams (first: calls) are dropped',
    ]);
  });

  it('collects each resource apart: split by resource for a push exporter, job/instance labels for a pull one', async () => {
    const p = new ReceivedMetricProducer(
      { resource: resourceFromAttributes({ own: 1 }) },
      captureLogger().logger,
    );
    p.add(sum(CUMULATIVE, [[{ k: 'x' }, 4]], 'a'));
    p.add(sum(CUMULATIVE, [[{ k: 'x' }, 6]], 'b'));
    const { resourceMetrics } = await p.collect();
    const parts = byResource(resourceMetrics);
    expect(
      parts.map((r) => [
        r.resource.attributes['service.name'],
        (r.scopeMetrics[0]!.metrics[0] as SumMetricData).dataPoints[0]!.value,
      ]),
    ).toEqual([
      ['a', 4],
      ['b', 6],
    ]);
    const labelled = withResourceLabels(resourceMetrics.scopeMetrics).map(
      (s) => (s.metrics[0] as SumMetricData).dataPoints[0]!.attributes,
    );
    expect(labelled).toEqual([
      { job: 'a', k: 'x' },
      { job: 'b', k: 'x' },
    ]);
    // What the reader made itself stays under its own resource, unlabelled.
    const own = { scope: { name: 'own' }, metrics: [] };
    const mixed = byResource({ resource: resourceMetrics.resource, scopeMetrics: [own] });
    expect(mixed).toEqual([{ resource: resourceMetrics.resource, scopeMetrics: [own] }]);
    expect(withResourceLabels([own])).toEqual([own]);
  });
});
