import type { MetricProducerOptions, MetricsConsumer } from '@genai-otel/component';
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  AggregationType,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type Histogram,
  InstrumentType,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
  type ScopeMetrics,
} from '@opentelemetry/sdk-metrics';
import type { Logger } from '../logger.js';
import { markReceived } from './received-resource.js';

/** Streams one reader keeps at most (the SDK's default cardinality limit per instrument). */
export const RECEIVED_STREAM_LIMIT = 2000;

/**
 * The metrics pipelines listing one receiver: what it receives is handed to a producer per
 * reader of those pipelines (so each keeps its own delta state), collected with that reader.
 */
export class ReceivedMetricsConsumer implements MetricsConsumer {
  readonly producers: ReceivedMetricProducer[] = [];

  consume(metrics: ResourceMetrics): void {
    for (const producer of this.producers) producer.add(metrics);
  }
}

interface Stream {
  /** The resource the stream was sent with, and its key. */
  resource: ResourceMetrics['resource'];
  resourceKey: string;
  scope: ScopeMetrics['scope'];
  metric: MetricData;
  point: DataPoint<number> | DataPoint<Histogram>;
}

/**
 * Holds the latest point of every received stream — (resource, scope, metric, attributes) — and
 * returns them at collection, as the collector's exporters see received data:
 * - gauges and cumulative sums/histograms: the latest point, as received;
 * - delta sums/histograms, for a cumulative reader (Prometheus): added up since the stream's
 *   first point (histograms whose bounds change start over);
 * - delta points, for a delta reader (awsemf): added up since the last collection, then cleared;
 * - cumulative points for a delta reader are passed as received, still marked cumulative.
 * At most `limit` streams: points of further streams are dropped, counted, said once.
 * Each stream keeps the resource it was sent with: its scopes are collected apart from other
 * resources' and marked with it (`received-resource.ts`), so a push exporter sends them under
 * the sender's resource and Prometheus labels them with its `job` / `instance`.
 */
export class ReceivedMetricProducer implements MetricProducer {
  readonly #options: MetricProducerOptions;
  readonly #log: Logger;
  readonly #limit: number;
  readonly #streams = new Map<string, Stream>();
  #dropped = 0;

  /** Points dropped because the store was full. */
  get dropped(): number {
    return this.#dropped;
  }

  constructor(options: MetricProducerOptions, log: Logger, limit = RECEIVED_STREAM_LIMIT) {
    this.#options = options;
    this.#log = log;
    this.#limit = limit;
  }

  add(metrics: ResourceMetrics): void {
    const resourceKey = attributesKey(metrics.resource.attributes);
    for (const { scope, metrics: list } of metrics.scopeMetrics) {
      const scopeKey = `${resourceKey}\u0000${scope.name}\u0000${scope.version ?? ''}`;
      for (const metric of list) {
        const temporality = this.#temporality(metric);
        if (temporality === undefined) continue;
        const metricKey = `${scopeKey}\u0000${metric.descriptor.name}\u0000${metric.dataPointType}`;
        for (const point of metric.dataPoints as DataPoint<number | Histogram>[]) {
          const key = `${metricKey}\u0000${attributesKey(point.attributes)}`;
          const stream = this.#streams.get(key);
          if (stream === undefined) {
            if (this.#streams.size >= this.#limit) {
              this.#drop(metric.descriptor.name);
              continue;
            }
            this.#streams.set(key, {
              resource: metrics.resource,
              resourceKey,
              scope,
              metric,
              point: point as Stream['point'],
            });
            continue;
          }
          const accumulate =
            metric.aggregationTemporality === AggregationTemporality.DELTA &&
            stream.metric.aggregationTemporality === AggregationTemporality.DELTA &&
            metric.dataPointType !== DataPointType.GAUGE;
          stream.point = accumulate ? merge(stream.point, point) : (point as Stream['point']);
          stream.metric = metric;
          stream.scope = scope;
          stream.resource = metrics.resource;
        }
      }
    }
  }

  collect(): Promise<CollectionResult> {
    const byScope = new Map<string, ScopeMetrics>();
    const byMetric = new Map<string, MetricData>();
    const collected: string[] = [];
    for (const [key, { resource, resourceKey, scope, metric, point }] of this.#streams) {
      const scopeKey = `${resourceKey}\u0000${scope.name}\u0000${scope.version ?? ''}`;
      let scopeMetrics = byScope.get(scopeKey);
      if (!scopeMetrics) {
        scopeMetrics = markReceived({ scope, metrics: [] }, resource);
        byScope.set(scopeKey, scopeMetrics);
      }
      const delta = metric.aggregationTemporality === AggregationTemporality.DELTA;
      const toDelta = this.#temporality(metric) === AggregationTemporality.DELTA;
      // Delta points added up for a cumulative reader are a running total: cumulative.
      const temporality =
        delta && !toDelta ? AggregationTemporality.CUMULATIVE : metric.aggregationTemporality;
      const metricKey = `${scopeKey}\u0000${metric.descriptor.name}\u0000${metric.dataPointType}\u0000${temporality}`;
      let out = byMetric.get(metricKey);
      if (!out) {
        out = { ...metric, aggregationTemporality: temporality, dataPoints: [] } as MetricData;
        byMetric.set(metricKey, out);
        scopeMetrics.metrics.push(out);
      }
      (out.dataPoints as DataPoint<unknown>[]).push(point);
      if (delta && toDelta) collected.push(key);
    }
    // Delta points went out to a delta reader: the next collection reports only what follows.
    for (const key of collected) this.#streams.delete(key);
    return Promise.resolve({
      resourceMetrics: {
        resource: this.#options.resource ?? ({ attributes: {} } as ResourceMetrics['resource']),
        scopeMetrics: [...byScope.values()],
      },
      errors: [],
    });
  }

  /** The reader's temporality for this kind of metric; undefined when it drops them. */
  #temporality(metric: MetricData): AggregationTemporality | undefined {
    const type = instrumentType(metric);
    if (this.#options.aggregationSelector?.(type).type === AggregationType.DROP) return undefined;
    return (
      this.#options.aggregationTemporalitySelector?.(type) ?? AggregationTemporality.CUMULATIVE
    );
  }

  #drop(name: string): void {
    this.#dropped++;
    if (this.#dropped === 1)
      this.#log.warn(
        `received metrics: more than ${this.#limit} streams; points of new streams (first: ${name}) are dropped`,
      );
  }
}

function instrumentType(metric: MetricData): InstrumentType {
  switch (metric.dataPointType) {
    case DataPointType.GAUGE:
      return InstrumentType.GAUGE;
    case DataPointType.SUM:
      return metric.isMonotonic ? InstrumentType.COUNTER : InstrumentType.UP_DOWN_COUNTER;
    default:
      return InstrumentType.HISTOGRAM;
  }
}

/** A delta point added to the one held: the start of the first, the end of the latest. */
function merge(held: Stream['point'], next: DataPoint<number | Histogram>): Stream['point'] {
  const range = { startTime: earlier(held.startTime, next.startTime), endTime: next.endTime };
  if (typeof next.value === 'number' && typeof held.value === 'number')
    return { ...range, attributes: next.attributes, value: held.value + next.value };
  const a = held.value as Histogram;
  const b = next.value as Histogram;
  if (!sameBounds(a.buckets.boundaries, b.buckets.boundaries)) return next as DataPoint<Histogram>;
  return {
    ...range,
    attributes: next.attributes,
    value: {
      buckets: {
        boundaries: b.buckets.boundaries,
        counts: b.buckets.counts.map((c, i) => c + (a.buckets.counts[i] ?? 0)),
      },
      count: a.count + b.count,
      ...(a.sum !== undefined && b.sum !== undefined ? { sum: a.sum + b.sum } : {}),
      ...(a.min !== undefined && b.min !== undefined ? { min: Math.min(a.min, b.min) } : {}),
      ...(a.max !== undefined && b.max !== undefined ? { max: Math.max(a.max, b.max) } : {}),
    },
  };
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function earlier(a: HrTime, b: HrTime): HrTime {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? a : b;
}

/** A stream's attributes as a key, independent of their order. */
function attributesKey(attributes: Attributes): string {
  return JSON.stringify(
    Object.keys(attributes)
      .sort()
      .map((k) => [k, attributes[k]]),
  );
}
