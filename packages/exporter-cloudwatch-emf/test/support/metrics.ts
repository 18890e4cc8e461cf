/**
 * Hand-built `ResourceMetrics`, so translation tables state their input exactly (times, buckets,
 * temporality) instead of depending on when an SDK collected.
 */
import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** 2026-01-01T00:00:00Z */
export const T0 = 1_767_225_600_000;

export function hr(ms: number): HrTime {
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}

export function point<T>(
  value: T,
  attributes: Attributes = {},
  endMs = T0,
  startMs = T0 - 60_000,
): DataPoint<T> {
  return { startTime: hr(startMs), endTime: hr(endMs), attributes, value };
}

const descriptor = (name: string, unit: string) => ({
  name,
  unit,
  description: '',
  valueType: ValueType.DOUBLE,
});

export function gauge(name: string, unit: string, points: DataPoint<number>[]): MetricData {
  return {
    descriptor: descriptor(name, unit),
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.GAUGE,
    dataPoints: points,
  };
}

export function sum(
  name: string,
  unit: string,
  points: DataPoint<number>[],
  options: { temporality?: AggregationTemporality; monotonic?: boolean } = {},
): MetricData {
  return {
    descriptor: descriptor(name, unit),
    aggregationTemporality: options.temporality ?? AggregationTemporality.DELTA,
    dataPointType: DataPointType.SUM,
    dataPoints: points,
    isMonotonic: options.monotonic ?? true,
  };
}

export function histogram(
  name: string,
  unit: string,
  points: DataPoint<Histogram>[],
  temporality = AggregationTemporality.DELTA,
): MetricData {
  return {
    descriptor: descriptor(name, unit),
    aggregationTemporality: temporality,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: points,
  };
}

export function expHistogram(
  name: string,
  unit: string,
  points: DataPoint<ExponentialHistogram>[],
  temporality = AggregationTemporality.DELTA,
): MetricData {
  return {
    descriptor: descriptor(name, unit),
    aggregationTemporality: temporality,
    dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
    dataPoints: points,
  };
}

/** An explicit-bucket histogram value from raw observations. */
export function observe(boundaries: number[], values: number[], minMax = true): Histogram {
  const counts = new Array(boundaries.length + 1).fill(0);
  for (const v of values) {
    let i = boundaries.findIndex((b) => v <= b);
    if (i < 0) i = boundaries.length;
    counts[i]++;
  }
  return {
    buckets: { boundaries, counts },
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    ...(minMax && values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : {}),
  };
}

export function resourceMetrics(
  metrics: MetricData[],
  resource: Attributes = { 'service.name': 'checkout-bot' },
  scope = 'genai-otel',
): ResourceMetrics {
  return {
    resource: resourceFromAttributes(resource),
    scopeMetrics: [{ scope: { name: scope }, metrics }],
  };
}
