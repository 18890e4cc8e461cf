import type { ComponentLogger, Connector, MetricProducerOptions } from '@genai-otel/component';
import type { Context } from '@opentelemetry/api';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { type Dimension, DimensionSet } from './dimensions.js';
import { ConnectorMetricProducer } from './metric-producer.js';
import { DEFAULT_SERIES_LIMIT, SeriesStore } from './series-store.js';
import { recordSpan } from './span-metrics.js';

export interface GenAIMetricsConnectorOptions {
  /** Extra attributes recorded on every metric (e.g. `tenant.id`, `gen_ai.agent.name`). */
  dimensions?: readonly Dimension[];
  /** Distinct combinations of the extra dimensions before further ones fold into one series. */
  cardinalityLimit?: number;
  /**
   * Series of one metric family kept apart before further ones fold into one overflow series (a
   * memory bound, as the metrics SDK's per-metric limit; default 2000).
   */
  seriesLimit?: number;
  log?: Pick<ComponentLogger, 'once'>;
  /** Instrumentation scope name of the produced metrics. */
  meterName?: string;
}

export const DEFAULT_CARDINALITY_LIMIT = 1000;
const METER_NAME = '@genai-otel/connector-genai-metrics';

/**
 * Spans → metrics, as the collector's connectors do: its `spanProcessor` is a sink of the traces
 * pipelines (it sees each finished span after every processor, cost included) and it aggregates
 * the metrics itself, handing them to each reader through `createMetricProducer`. Spans ending
 * before the first producer exists (no reader yet) are not counted.
 */
export class GenAIMetricsConnector implements Connector {
  readonly spanProcessor: SpanProcessor;
  readonly #store: SeriesStore;
  readonly #dims: DimensionSet;
  readonly #scope: { name: string };
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;
  #active = false;

  constructor(options: GenAIMetricsConnectorOptions = {}) {
    this.#dims = new DimensionSet(
      options.dimensions ?? [],
      options.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT,
      options.log,
    );
    this.#store = new SeriesStore(options.seriesLimit ?? DEFAULT_SERIES_LIMIT, options.log);
    this.#scope = { name: options.meterName ?? METER_NAME };
    this.#log = options.log;
    const self = this;
    this.spanProcessor = {
      onStart(_span: Span, _context: Context) {},
      onEnd(span: ReadableSpan) {
        if (self.#active) recordSpan(span, self.#store, self.#dims, self.#log);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }

  /**
   * A MetricProducer for one MetricReader (`metricProducers` of its options). Without options:
   * cumulative, as Prometheus wants; a delta exporter passes its selector, e.g.
   * `{ aggregationTemporalitySelector: (t) => exporter.selectAggregationTemporality(t) }`.
   */
  createMetricProducer(options: MetricProducerOptions = {}): MetricProducer {
    this.#active = true;
    return new ConnectorMetricProducer(this.#store, this.#scope, options);
  }
}
