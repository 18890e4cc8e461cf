import type { ComponentLogger, Connector, MetricProducerOptions } from '@genai-otel/component';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { MetricDefinition } from './definition.js';
import { ReaderMeters } from './reader-meters.js';

const SCOPE = '@genai-otel/connector-span-metrics';

/**
 * Measures the configured metrics on every finished span (made here or received over OTLP): the
 * conditions are compiled closures, so a span no metric selects costs one call per metric.
 */
export class SpanMetricsConnector implements Connector {
  readonly spanProcessor: SpanProcessor;
  readonly #definitions: readonly MetricDefinition[];
  readonly #meters: ReaderMeters[] = [];
  readonly #cardinalityLimit: number;
  readonly #log: ComponentLogger;

  constructor(
    definitions: readonly MetricDefinition[],
    cardinalityLimit: number,
    log: ComponentLogger,
  ) {
    this.#definitions = definitions;
    this.#cardinalityLimit = cardinalityLimit;
    this.#log = log;
    this.spanProcessor = {
      onStart: () => {},
      onEnd: (span) => this.#measure(span),
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }

  createMetricProducer(options: MetricProducerOptions): MetricProducer {
    const meters = new ReaderMeters(this.#definitions, options, this.#cardinalityLimit, SCOPE);
    this.#meters.push(meters);
    return meters;
  }

  #measure(span: ReadableSpan): void {
    const meters = this.#meters;
    if (meters.length === 0) return;
    const definitions = this.#definitions;
    for (let i = 0; i < definitions.length; i++) {
      const d = definitions[i]!;
      if (!d.select(span)) continue;
      const attributes = d.attributes(span);
      if (attributes === undefined) continue;
      const value = d.value(span);
      if (value === undefined) {
        this.#log.once(
          `nan:${d.name}`,
          'warn',
          `metric ${d.name}: span "${span.name}" has no numeric ${d.source}; such spans are not measured`,
        );
        continue;
      }
      if (d.kind !== 'histogram' && value < 0) {
        this.#log.once(
          `negative:${d.name}`,
          'warn',
          `metric ${d.name}: span "${span.name}" has ${d.source} = ${value}; a sum only adds values ≥ 0, so such spans are not measured`,
        );
        continue;
      }
      for (const m of meters) m.record(i, value, attributes);
    }
  }
}
