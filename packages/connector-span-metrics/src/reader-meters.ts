import type { MetricProducerOptions } from '@genai-otel/component';
import type { Attributes, Counter, Histogram } from '@opentelemetry/api';
import {
  AggregationTemporality,
  AggregationType,
  type CollectionResult,
  MeterProvider,
  type MetricProducer,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { MetricDefinition } from './definition.js';

/** Reads a private MeterProvider with the outer reader's temporality, aggregation and limit. */
class InnerReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The connector's instruments as ONE metrics reader sees them. The official SDK aggregates
 * (temporality, histograms, the cardinality limit and its overflow series), on a MeterProvider
 * of its own per reader, so each reader gets exactly the metrics of the pipelines that list the
 * connector, with its own delta state. Built at the first record or collection: the outer
 * reader's selectors can only be asked once the metrics pipelines are built.
 */
export class ReaderMeters implements MetricProducer {
  readonly #definitions: readonly MetricDefinition[];
  readonly #options: MetricProducerOptions;
  readonly #cardinalityLimit: number;
  readonly #scope: string;
  #reader: InnerReader | undefined;
  #instruments: (Counter | Histogram)[] = [];

  constructor(
    definitions: readonly MetricDefinition[],
    options: MetricProducerOptions,
    cardinalityLimit: number,
    scope: string,
  ) {
    this.#definitions = definitions;
    this.#options = options;
    this.#cardinalityLimit = cardinalityLimit;
    this.#scope = scope;
  }

  record(index: number, value: number, attributes: Attributes): void {
    if (!this.#reader) this.#build();
    const instrument = this.#instruments[index]!;
    if ('record' in instrument) instrument.record(value, attributes);
    else instrument.add(value, attributes);
  }

  async collect(): Promise<CollectionResult> {
    if (!this.#reader) this.#build();
    const { resourceMetrics, errors } = await this.#reader!.collect();
    return {
      resourceMetrics: {
        resource: this.#options.resource ?? resourceMetrics.resource,
        scopeMetrics: resourceMetrics.scopeMetrics,
      },
      errors,
    };
  }

  #build(): void {
    const options = this.#options;
    const limit = this.#cardinalityLimit;
    const reader = new InnerReader({
      aggregationTemporalitySelector: (type) =>
        options.aggregationTemporalitySelector?.(type) ?? AggregationTemporality.CUMULATIVE,
      aggregationSelector: (type) =>
        options.aggregationSelector?.(type) ?? { type: AggregationType.DEFAULT },
      cardinalitySelector: () => limit,
    });
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter(this.#scope);
    this.#instruments = this.#definitions.map((d) => {
      const opts = { description: d.description, unit: d.unit };
      return d.kind === 'histogram'
        ? meter.createHistogram(d.name, {
            ...opts,
            ...(d.buckets ? { advice: { explicitBucketBoundaries: [...d.buckets] } } : {}),
          })
        : meter.createCounter(d.name, opts);
    });
    this.#reader = reader;
  }
}
