/**
 * Translate: one collection (`ResourceMetrics`) → EMF events. Gauges as values, sums as deltas
 * (cumulative monotonic sums converted per series), up-down sums as their current value,
 * histograms as statistic sets (plus `Values`/`Counts` with `detailed_metrics`).
 */

import {
  DEFAULT_LOG_STREAM_NAME,
  LOG_NAME_MAX_LENGTH,
  toLogGroupName,
  toLogStreamName,
} from '@genai-otel/exporter-cloudwatch-logs';
import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type ExponentialHistogram,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { DimensionPlanner } from '../group/dimensions.js';
import type { EmfEvent } from '../group/emf-document.js';
import { EventBuilder } from '../group/event-builder.js';
import { CumulativeToDelta, subtractNumber } from './cumulative-to-delta.js';
import {
  explicitBuckets,
  exponentialBuckets,
  subtractExplicit,
  subtractExponential,
  toDistributions,
} from './histogram.js';
import { type Labels, resourceLabels, toLabels } from './labels.js';
import { toMetricName } from './names.js';
import { defaultLogGroupName, expandPlaceholders, resolveNamespace } from './resource.js';
import { type CloudWatchUnit, type MappedUnit, mapUnit } from './units.js';

export interface TranslatorOptions {
  /** Empty: from the resource. */
  namespace: string;
  /** Empty: `/metrics/<namespace>` (characters a log group cannot hold become `_`). */
  logGroupName: string;
  /** Empty: `otel-stream`. */
  logStreamName: string;
  /** Write `LogGroupName`/`LogStreamName` into `_aws` (the CloudWatch agent reads them). */
  logNamesInEvent: boolean;
  planner: DimensionPlanner;
  /** Unit overrides by metric name. */
  descriptors: ReadonlyMap<string, { unit: CloudWatchUnit; overwrite: boolean }>;
  resourceToTelemetry: boolean;
  detailedMetrics: boolean;
  retainInitialValue: boolean;
  /** Series whose last cumulative value is kept. */
  maxSeries?: number;
  /** A problem worth one line, reported once per `key`. */
  warnOnce: (key: string, message: string) => void;
}

export class EmfTranslator {
  readonly #o: TranslatorOptions;
  readonly #deltas: CumulativeToDelta;

  constructor(options: TranslatorOptions) {
    this.#o = options;
    this.#deltas = new CumulativeToDelta({
      retainInitialValue: options.retainInitialValue,
      ...(options.maxSeries ? { maxSeries: options.maxSeries } : {}),
    });
  }

  /** Series forgotten by the cumulative → delta state to stay within its bound. */
  get evictedSeries(): number {
    return this.#deltas.evicted;
  }

  translate(rm: ResourceMetrics): EmfEvent[] {
    const o = this.#o;
    const attributes = rm.resource.attributes;
    const namespace = resolveNamespace(o.namespace, attributes);
    // Configured names were validated; what comes from the resource is repaired.
    const logGroupName = o.logGroupName
      ? expandPlaceholders(o.logGroupName, attributes, toLogGroupName).slice(0, LOG_NAME_MAX_LENGTH)
      : defaultLogGroupName(namespace);
    const logStreamName = expandPlaceholders(
      o.logStreamName || DEFAULT_LOG_STREAM_NAME,
      attributes,
      toLogStreamName,
    ).slice(0, LOG_NAME_MAX_LENGTH);
    const builder = new EventBuilder({
      namespace,
      planner: o.planner,
      ...(o.logNamesInEvent ? { logGroupName } : {}),
      ...(o.logNamesInEvent && o.logStreamName ? { logStreamName } : {}),
      onNameClash: (name) =>
        o.warnOnce(
          `clash:${name}`,
          `metric ${name} has a label of the same name; its points are not sent`,
        ),
    });
    const base = o.resourceToTelemetry ? resourceLabels(attributes, this.#labelIssue) : undefined;

    for (const scope of rm.scopeMetrics) {
      for (const metric of scope.metrics) {
        const name = toMetricName(metric.descriptor.name);
        if (name === undefined) {
          o.warnOnce(
            `name:${metric.descriptor.name}`,
            `metric "${metric.descriptor.name}" has no usable CloudWatch name; not sent`,
          );
          continue;
        }
        const unit = this.#unit(metric.descriptor.name, metric.descriptor.unit);
        const seriesPrefix = `${scope.scope.name}\u0000${metric.descriptor.name}\u0000`;
        this.#addMetric(metric, name, unit, seriesPrefix, base, builder);
      }
    }
    this.#deltas.endCollection();
    const docs = builder.build();
    const events: EmfEvent[] = new Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      events[i] = {
        timestamp: doc._aws.Timestamp,
        message: JSON.stringify(doc),
        logGroupName,
        logStreamName,
      };
    }
    return events;
  }

  #addMetric(
    metric: MetricData,
    name: string,
    unit: MappedUnit,
    seriesPrefix: string,
    base: Record<string, string> | undefined,
    builder: EventBuilder,
  ): void {
    const cumulative = metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
    const add = (dp: DataPoint<unknown>, value: number | undefined, labels: Labels) => {
      if (value === undefined) return;
      if (!Number.isFinite(value)) {
        this.#o.warnOnce(
          `nonfinite:${name}`,
          `metric ${name} has a non-finite value; such points are not sent`,
        );
        return;
      }
      builder.add({
        name,
        unit: unit.unit,
        labels,
        timestamp: ms(dp.endTime),
        value: value * unit.scale,
      });
    };
    switch (metric.dataPointType) {
      case DataPointType.GAUGE:
        for (const dp of metric.dataPoints) add(dp, dp.value, this.#labels(dp.attributes, base));
        return;
      case DataPointType.SUM:
        for (const dp of metric.dataPoints) {
          const labels = this.#labels(dp.attributes, base);
          // An up-down counter's meaning is its level, which CloudWatch should see as is.
          const value =
            cumulative && metric.isMonotonic
              ? this.#deltas.delta(
                  seriesPrefix,
                  labels.key,
                  ms(dp.startTime),
                  ms(dp.endTime),
                  dp.value,
                  subtractNumber,
                )
              : dp.value;
          add(dp, value, labels);
        }
        return;
      case DataPointType.HISTOGRAM:
        for (const dp of metric.dataPoints) {
          const labels = this.#labels(dp.attributes, base);
          const h = cumulative
            ? this.#deltas.delta<Histogram>(
                seriesPrefix,
                labels.key,
                ms(dp.startTime),
                ms(dp.endTime),
                dp.value,
                subtractExplicit,
              )
            : dp.value;
          const buckets = h && explicitBuckets(h);
          if (buckets) this.#addDistributions(name, unit, labels, ms(dp.endTime), buckets, builder);
        }
        return;
      case DataPointType.EXPONENTIAL_HISTOGRAM:
        for (const dp of metric.dataPoints) {
          const labels = this.#labels(dp.attributes, base);
          const h = cumulative
            ? this.#deltas.delta<ExponentialHistogram>(
                seriesPrefix,
                labels.key,
                ms(dp.startTime),
                ms(dp.endTime),
                dp.value,
                subtractExponential,
              )
            : dp.value;
          const buckets = h && exponentialBuckets(h);
          if (buckets) this.#addDistributions(name, unit, labels, ms(dp.endTime), buckets, builder);
        }
        return;
    }
  }

  #addDistributions(
    name: string,
    unit: MappedUnit,
    labels: Labels,
    timestamp: number,
    buckets: NonNullable<ReturnType<typeof explicitBuckets>>,
    builder: EventBuilder,
  ): void {
    if (
      !Number.isFinite(buckets.sum) ||
      !Number.isFinite(buckets.min) ||
      !Number.isFinite(buckets.max)
    ) {
      this.#o.warnOnce(
        `nonfinite:${name}`,
        `metric ${name} has a non-finite value; such points are not sent`,
      );
      return;
    }
    for (const value of toDistributions(buckets, this.#o.detailedMetrics, unit.scale)) {
      builder.add({ name, unit: unit.unit, labels, timestamp, value });
    }
  }

  #unit(metricName: string, otelUnit: string): MappedUnit {
    const mapped = mapUnit(otelUnit);
    const d = this.#o.descriptors.get(metricName);
    if (d && (d.overwrite || otelUnit.trim() === '')) return { unit: d.unit, scale: 1 };
    return mapped;
  }

  #labels(attributes: Attributes, base: Record<string, string> | undefined): Labels {
    return toLabels(attributes, base, this.#labelIssue);
  }

  readonly #labelIssue = (attribute: string, reason: string) =>
    this.#o.warnOnce(
      `label:${attribute}`,
      `attribute "${attribute}" is not used as a dimension: ${reason}`,
    );
}

/** HrTime → epoch milliseconds (integer, as `_aws.Timestamp` must be). */
function ms(t: HrTime): number {
  return t[0] * 1000 + Math.floor(t[1] / 1e6);
}
