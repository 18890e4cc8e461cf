// Test scaffolding (not exported by the package): a MeterProvider with a pull reader fed by the
// connector's metric producer, and spans ended through a real TracerProvider into the connector.
import { createTestTracing, type TestTracing } from '@genai-otel/test-utils';
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { GenAIMetricsConnector } from './genai-metrics-connector.js';

class PullReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface Harness {
  tracing: TestTracing;
  /** Ends a span with these attributes, lasting `seconds`, failed when `error` is set. */
  span(name: string, attributes: Attributes, seconds?: number, error?: boolean): void;
  /** Data points of a counter by name. */
  sums(name: string): DataPoint<number>[];
  /** Data points of a histogram by name. */
  histograms(name: string): DataPoint<Histogram>[];
  /** Collects and returns all metric names with data. */
  names(): Promise<string[]>;
  collect(): Promise<void>;
  shutdown(): Promise<void>;
}

export function harness(connector: GenAIMetricsConnector): Harness {
  const reader = new PullReader({ metricProducers: [connector.createMetricProducer()] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const tracing = createTestTracing({ spanProcessors: [connector.spanProcessor] });
  const tracer = tracing.tracerProvider.getTracer('t');
  let collected = new Map<string, DataPoint<number | Histogram>[]>();
  const h: Harness = {
    tracing,
    span(name, attributes, seconds = 0.5, error = false) {
      const start = 1_700_000_000_000;
      const span = tracer.startSpan(name, { attributes, startTime: start });
      if (error) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(start + seconds * 1000);
    },
    sums: (name) => (collected.get(name) ?? []) as DataPoint<number>[],
    histograms: (name) => (collected.get(name) ?? []) as DataPoint<Histogram>[],
    async names() {
      await h.collect();
      return [...collected.keys()].sort();
    },
    async collect() {
      const { resourceMetrics } = await reader.collect();
      collected = new Map();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          collected.set(
            metric.descriptor.name,
            metric.dataPoints as DataPoint<number | Histogram>[],
          );
        }
      }
    },
    async shutdown() {
      await tracing.shutdown();
      await meterProvider.shutdown();
    },
  };
  return h;
}

/** The one point whose attributes include `match`. */
export function point<T>(points: DataPoint<T>[], match: Attributes): DataPoint<T> {
  const found = points.filter((p) =>
    Object.entries(match).every(([k, v]) => p.attributes[k] === v),
  );
  if (found.length !== 1) {
    throw new Error(
      `expected one point with ${JSON.stringify(match)}, got ${found.length} of ${JSON.stringify(points.map((p) => p.attributes))}`,
    );
  }
  return found[0]!;
}
