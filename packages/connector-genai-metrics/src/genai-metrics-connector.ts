import type { ComponentLogger, Connector } from '@genai-otel/component';
import type { Context, MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { type Dimension, DimensionSet } from './dimensions.js';
import { createInstruments } from './instruments.js';
import { ObservationBuffer } from './observation-buffer.js';
import { recordSpan, type Sinks } from './span-metrics.js';
import { Totals } from './totals.js';

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
  #sinks: Sinks | undefined;
  readonly #buffer = new ObservationBuffer();
  readonly #totals = new Totals();
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
        const sinks = self.#sinks;
        if (sinks !== undefined) recordSpan(span, sinks, self.#dims);
      },
      forceFlush: () => {
        self.#buffer.flush();
        return Promise.resolve();
      },
      shutdown: () => Promise.resolve(),
    };
  }

  attach(providers: { meterProvider: MeterProvider }): void {
    const meter = providers.meterProvider.getMeter(this.#meterName);
    const m = createInstruments(meter);
    // Runs first in every collection (before synchronous instruments are read): the parked
    // histogram observations are recorded, then the running totals observed.
    meter.addBatchObservableCallback(
      (result) => {
        this.#buffer.flush();
        this.#totals.observe(result, m);
      },
      [m.cost, m.unpriced, m.errors],
    );
    this.#sinks = { m, totals: this.#totals, buffer: this.#buffer };
  }
}
