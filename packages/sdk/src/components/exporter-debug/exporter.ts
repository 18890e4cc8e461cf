import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { DebugExporterConfig } from './config.js';
import { formatLogs } from './format-logs.js';
import { formatMetrics } from './format-metrics.js';
import { formatSpans } from './format-spans.js';

export type Write = (text: string) => void;

/** stderr, looked up per call so a test (or the app) can redirect it. */
const writeStderr: Write = (text) => {
  process.stderr.write(text);
};

/** Prints each batch to stderr in one write, so lines of concurrent batches never interleave. */
export class DebugSpanExporter implements SpanExporter {
  readonly #verbosity: DebugExporterConfig['verbosity'];
  readonly #write: Write;

  constructor(config: DebugExporterConfig, write: Write = writeStderr) {
    this.#verbosity = config.verbosity ?? 'basic';
    this.#write = write;
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      this.#write(formatSpans(spans, this.#verbosity));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

export class DebugMetricExporter implements PushMetricExporter {
  readonly #verbosity: DebugExporterConfig['verbosity'];
  readonly #write: Write;

  constructor(config: DebugExporterConfig, write: Write = writeStderr) {
    this.#verbosity = config.verbosity ?? 'basic';
    this.#write = write;
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    try {
      this.#write(formatMetrics(metrics, this.#verbosity));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  // Deltas read as "what happened since the last print", which is what a console wants.
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

export class DebugLogExporter implements LogRecordExporter {
  readonly #verbosity: DebugExporterConfig['verbosity'];
  readonly #write: Write;

  constructor(config: DebugExporterConfig, write: Write = writeStderr) {
    this.#verbosity = config.verbosity ?? 'basic';
    this.#write = write;
  }

  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    try {
      this.#write(formatLogs(records, this.#verbosity));
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
