import { ValueType } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import { list, obj, toAttributes, toDouble, toHrTime, toInt, toStr } from './values.js';

/** The metrics of one Export request, one ResourceMetrics per resource, and what was refused. */
export interface ReceivedMetrics {
  resources: ResourceMetrics[];
  /** Data points refused (exponential histograms and summaries), for partial success. */
  rejected: number;
  reason: string | undefined;
}

/** OTLP's AggregationTemporality: 1 delta, 2 cumulative (0, unspecified, is invalid). */
const OTLP_DELTA = 1;
const OTLP_CUMULATIVE = 2;
/** DataPointFlags.NO_RECORDED_VALUE: a point that marks a stale stream, carrying no value. */
const NO_RECORDED_VALUE = 1;

/**
 * An ExportMetricsServiceRequest (decoded protobuf or OTLP/JSON) as the SDK's ResourceMetrics,
 * the shape every metrics exporter takes. Gauges, sums and explicit-bucket histograms pass;
 * exponential histograms and summaries, which the pipelines cannot aggregate yet, are refused
 * (partial success) as are sums without a temporality. Points flagged "no recorded value" are
 * skipped. A payload that breaks the schema throws a PayloadError and nothing of it is taken.
 */
export function toReceivedMetrics(request: unknown): ReceivedMetrics {
  const out: ReceivedMetrics = { resources: [], rejected: 0, reason: undefined };
  const refuse = (count: number, reason: string) => {
    out.rejected += count;
    out.reason ??= reason;
  };
  for (const rm of list(obj(request)?.resourceMetrics)) {
    const resourceMetrics = obj(rm);
    if (!resourceMetrics) continue;
    const schemaUrl = toStr(resourceMetrics.schemaUrl);
    const resource: Resource = resourceFromAttributes(
      toAttributes(obj(resourceMetrics.resource)?.attributes),
      schemaUrl ? { schemaUrl } : {},
    );
    const scopeMetrics: ScopeMetrics[] = [];
    for (const sm of list(resourceMetrics.scopeMetrics)) {
      const scopeMessage = obj(sm);
      if (!scopeMessage) continue;
      const s = obj(scopeMessage.scope);
      const scope: InstrumentationScope = {
        name: toStr(s?.name),
        version: toStr(s?.version) || undefined,
        schemaUrl: toStr(scopeMessage.schemaUrl) || undefined,
      };
      const metrics: MetricData[] = [];
      for (const m of list(scopeMessage.metrics)) {
        const metric = obj(m);
        if (!metric) continue;
        const built = toMetric(metric, refuse);
        if (built && built.dataPoints.length > 0) metrics.push(built);
      }
      if (metrics.length > 0) scopeMetrics.push({ scope, metrics });
    }
    if (scopeMetrics.length > 0) out.resources.push({ resource, scopeMetrics });
  }
  return out;
}

function toMetric(
  m: Record<string, unknown>,
  refuse: (count: number, reason: string) => void,
): MetricData | undefined {
  const base = {
    name: toStr(m.name),
    description: toStr(m.description),
    unit: toStr(m.unit),
  };
  const gauge = obj(m.gauge);
  if (gauge) {
    const { points, valueType } = numberPoints(gauge.dataPoints);
    return {
      descriptor: { ...base, valueType },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: points,
    };
  }
  const sum = obj(m.sum);
  if (sum) {
    const temporality = toTemporality(sum.aggregationTemporality);
    if (temporality === undefined) {
      refuse(list(sum.dataPoints).length, `sum ${base.name} has no aggregation temporality`);
      return undefined;
    }
    const { points, valueType } = numberPoints(sum.dataPoints);
    return {
      descriptor: { ...base, valueType },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.SUM,
      dataPoints: points,
      isMonotonic: sum.isMonotonic === true,
    };
  }
  const histogram = obj(m.histogram);
  if (histogram) {
    const temporality = toTemporality(histogram.aggregationTemporality);
    if (temporality === undefined) {
      refuse(
        list(histogram.dataPoints).length,
        `histogram ${base.name} has no aggregation temporality`,
      );
      return undefined;
    }
    return {
      descriptor: { ...base, valueType: ValueType.DOUBLE },
      aggregationTemporality: temporality,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: histogramPoints(histogram.dataPoints),
    };
  }
  for (const kind of ['exponentialHistogram', 'summary'] as const) {
    const data = obj(m[kind]);
    if (data)
      refuse(list(data.dataPoints).length, `${kind} metrics are not passed on (${base.name})`);
  }
  return undefined;
}

function toTemporality(v: unknown): AggregationTemporality | undefined {
  const n =
    v === 'AGGREGATION_TEMPORALITY_DELTA'
      ? OTLP_DELTA
      : v === 'AGGREGATION_TEMPORALITY_CUMULATIVE'
        ? OTLP_CUMULATIVE
        : toInt(v);
  if (n === OTLP_DELTA) return AggregationTemporality.DELTA;
  if (n === OTLP_CUMULATIVE) return AggregationTemporality.CUMULATIVE;
  return undefined;
}

/** NumberDataPoints: an int-valued metric stays INT only if every point is an int. */
function numberPoints(v: unknown): { points: DataPoint<number>[]; valueType: ValueType } {
  const points: DataPoint<number>[] = [];
  let valueType = ValueType.INT;
  for (const p of list(v)) {
    const point = obj(p);
    if (!point || (toInt(point.flags) & NO_RECORDED_VALUE) !== 0) continue;
    let value: number;
    if (point.asDouble != null) {
      value = toDouble(point.asDouble);
      valueType = ValueType.DOUBLE;
    } else value = toInt(point.asInt);
    points.push({
      startTime: toHrTime(point.startTimeUnixNano),
      endTime: toHrTime(point.timeUnixNano),
      attributes: toAttributes(point.attributes),
      value,
    });
  }
  return { points, valueType };
}

function histogramPoints(v: unknown): DataPoint<Histogram>[] {
  const points: DataPoint<Histogram>[] = [];
  for (const p of list(v)) {
    const point = obj(p);
    if (!point || (toInt(point.flags) & NO_RECORDED_VALUE) !== 0) continue;
    points.push({
      startTime: toHrTime(point.startTimeUnixNano),
      endTime: toHrTime(point.timeUnixNano),
      attributes: toAttributes(point.attributes),
      value: {
        buckets: {
          boundaries: list(point.explicitBounds).map(toDouble),
          counts: list(point.bucketCounts).map(toInt),
        },
        count: toInt(point.count),
        ...(point.sum != null ? { sum: toDouble(point.sum) } : {}),
        ...(point.min != null ? { min: toDouble(point.min) } : {}),
        ...(point.max != null ? { max: toDouble(point.max) } : {}),
      },
    });
  }
  return points;
}
