/**
 * The push metric exporter: translate (OTel → EMF documents) then push (a sink). It asks the
 * SDK for delta counters and histograms — what CloudWatch sums — and cumulative up-down counters
 * (their level); cumulative input is still converted, per series.
 */
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InstrumentType,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { DropCounter } from './push/drops.js';
import type { EmfSink } from './push/sink.js';
import type { EmfTranslator } from './translate/translator.js';

export class AwsEmfMetricExporter implements PushMetricExporter {
  readonly #translator: EmfTranslator;
  readonly #sink: EmfSink;
  readonly #drops: DropCounter;
  #shutdown: Promise<void> | undefined;

  constructor(translator: EmfTranslator, sink: EmfSink, drops: DropCounter) {
    this.#translator = translator;
    this.#sink = sink;
    this.#drops = drops;
  }

  get target(): string {
    return this.#sink.target;
  }

  selectAggregationTemporality(type: InstrumentType): AggregationTemporality {
    switch (type) {
      case InstrumentType.COUNTER:
      case InstrumentType.OBSERVABLE_COUNTER:
      case InstrumentType.HISTOGRAM:
        return AggregationTemporality.DELTA;
      default:
        return AggregationTemporality.CUMULATIVE;
    }
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    if (this.#shutdown) {
      done({ code: ExportResultCode.FAILED, error: new Error('the awsemf exporter is shut down') });
      return;
    }
    let events: ReturnType<EmfTranslator['translate']>;
    try {
      events = this.#translator.translate(metrics);
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    if (events.length === 0) {
      done({ code: ExportResultCode.SUCCESS });
      return;
    }
    this.#sink.write(events).then(
      () => done({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        done({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
  }

  forceFlush(): Promise<void> {
    return this.#sink.forceFlush();
  }

  shutdown(): Promise<void> {
    this.#shutdown ??= this.#sink.shutdown().finally(() => this.#drops.report());
    return this.#shutdown;
  }
}
