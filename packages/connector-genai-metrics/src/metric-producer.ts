import type { MetricProducerOptions } from '@genai-otel/component';
import type { HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type Histogram,
  type MetricData,
  type MetricProducer,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { BUCKETS, type Cell, COUNT, MAX, MIN, SUM } from './cell.js';
import { METRIC_SPECS } from './metric-specs.js';
import type { SeriesStore } from './series-store.js';

/** For producers not told the MeterProvider's resource (readers report their own anyway). */
const EMPTY_RESOURCE = emptyResource();

function hrTime(ms: number): HrTime {
  const seconds = Math.trunc(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * The connector's metrics as one reader sees them: cumulative or delta per metric as the reader's
 * selector says (asked once, at its first collection, as the SDK does), dropped where its
 * aggregation selector says DROP. Each collection first seals the values written on the span's
 * path since the last one (by any reader). Delta readers get a slot in the store that keeps what
 * they have not reported yet.
 */
export class ConnectorMetricProducer implements MetricProducer {
  readonly #store: SeriesStore;
  readonly #options: MetricProducerOptions;
  readonly #scope: { name: string; version?: string };
  /** Per metric: undefined = dropped. Resolved at the first collection. */
  #temporality: (AggregationTemporality | undefined)[] | undefined;
  #slot: number | undefined;
  #lastMs: number;

  constructor(
    store: SeriesStore,
    scope: { name: string; version?: string },
    options: MetricProducerOptions,
  ) {
    this.#store = store;
    this.#scope = scope;
    this.#options = options;
    // Until the reader says, what comes in is kept as if it wanted deltas.
    this.#slot = store.openSlot();
    this.#lastMs = Date.now();
  }

  collect(): Promise<CollectionResult> {
    try {
      return Promise.resolve({ resourceMetrics: this.#collect(), errors: [] });
    } catch (error) {
      return Promise.resolve({
        resourceMetrics: { resource: this.#resource(), scopeMetrics: [] },
        errors: [error],
      });
    }
  }

  #collect(): ResourceMetrics {
    const store = this.#store;
    store.seal();
    const temporality = this.#resolve();
    const slot = this.#slot;
    const endMs = Date.now();
    const endTime = hrTime(endMs);
    const metrics: MetricData[] = [];
    for (let m = 0; m < METRIC_SPECS.length; m++) {
      const t = temporality[m];
      if (t === undefined) continue;
      const spec = METRIC_SPECS[m]!;
      const delta = t === AggregationTemporality.DELTA && slot !== undefined;
      const points: DataPoint<number | Histogram>[] = [];
      for (const cell of store.cells[m]!) {
        const acc = delta ? cell.pending[slot] : cell.total;
        if (acc === undefined || acc[COUNT] === 0) continue;
        const startTime = hrTime(delta ? Math.max(cell.startMs, this.#lastMs) : cell.startMs);
        points.push({
          attributes: cell.attrs,
          startTime,
          endTime,
          value: spec.histogram ? histogram(cell, acc) : acc[SUM]!,
        });
        if (delta) cell.clearPending(slot);
      }
      if (points.length === 0) continue;
      metrics.push(
        spec.histogram
          ? {
              descriptor: spec.descriptor,
              aggregationTemporality: t,
              dataPointType: DataPointType.HISTOGRAM,
              dataPoints: points as DataPoint<Histogram>[],
            }
          : {
              descriptor: spec.descriptor,
              aggregationTemporality: t,
              dataPointType: DataPointType.SUM,
              dataPoints: points as DataPoint<number>[],
              isMonotonic: true,
            },
      );
    }
    this.#lastMs = endMs;
    return {
      resource: this.#resource(),
      scopeMetrics: metrics.length === 0 ? [] : [{ scope: this.#scope, metrics }],
    };
  }

  #resolve(): (AggregationTemporality | undefined)[] {
    if (this.#temporality !== undefined) return this.#temporality;
    const { aggregationTemporalitySelector: select, aggregationSelector } = this.#options;
    const temporality = METRIC_SPECS.map((spec) =>
      aggregationSelector?.(spec.instrumentType).type === AggregationType.DROP
        ? undefined
        : (select?.(spec.instrumentType) ?? AggregationTemporality.CUMULATIVE),
    );
    this.#temporality = temporality;
    if (!temporality.includes(AggregationTemporality.DELTA) && this.#slot !== undefined) {
      this.#store.closeSlot(this.#slot);
      this.#slot = undefined;
    }
    return temporality;
  }

  #resource(): ResourceMetrics['resource'] {
    return this.#options.resource ?? EMPTY_RESOURCE;
  }
}

function histogram(cell: Cell, acc: Float64Array): Histogram {
  const counts = new Array<number>(acc.length - BUCKETS);
  for (let i = 0; i < counts.length; i++) counts[i] = acc[BUCKETS + i]!;
  return {
    buckets: { boundaries: cell.boundaries as number[], counts },
    sum: acc[SUM]!,
    count: acc[COUNT]!,
    min: acc[MIN]!,
    max: acc[MAX]!,
  };
}
