import type { ComponentLogger, Connector } from '@genai-otel/component';
import type { Context, MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { type Dimension, DimensionSet } from './dimensions.js';
import { createInstruments, type Instruments } from './instruments.js';
import { recordSpan } from './span-metrics.js';

export interface GenAIMetricsConnectorOptions {
  /** Extra attributes recorded on every metric (e.g. `tenant.id`, `gen_ai.agent.name`). */
  dimensions?: readonly Dimension[];
  /** Distinct combinations of the extra dimensions before further ones fold into one series. */
  cardinalityLimit?: number;
  log?: Pick<ComponentLogger, 'once'>;
  /** Instrumentation scope name of the meter. */
  meterName?: string;
}

export const DEFAULT_CARDINALITY_LIMIT = 1000;
const METER_NAME = '@genai-otel/connector-genai-metrics';

/**
 * Spans → metrics, as the collector's connectors do: its `spanProcessor` is a sink of the traces
 * pipelines (it sees each finished span after every processor, cost included) and `attach` binds
 * it to the MeterProvider of the metrics pipelines. Spans ending before `attach` are not counted.
 */
export class GenAIMetricsConnector implements Connector {
  readonly spanProcessor: SpanProcessor;
  #instruments: Instruments | undefined;
  readonly #dims: DimensionSet;
  readonly #meterName: string;

  constructor(options: GenAIMetricsConnectorOptions = {}) {
    this.#dims = new DimensionSet(
      options.dimensions ?? [],
      options.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT,
      options.log,
    );
    this.#meterName = options.meterName ?? METER_NAME;
    const self = this;
    this.spanProcessor = {
      onStart(_span: Span, _context: Context) {},
      onEnd(span: ReadableSpan) {
        const m = self.#instruments;
        if (m !== undefined) recordSpan(span, m, self.#dims);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
  }

  attach(providers: { meterProvider: MeterProvider }): void {
    this.#instruments = createInstruments(providers.meterProvider.getMeter(this.#meterName));
  }
}
