import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { importSync } from '../../import-sync.js';

/** The official OTLP/JSON serializers, loaded when a file exporter is created. */
const transformer = () =>
  importSync<typeof import('@opentelemetry/otlp-transformer')>('@opentelemetry/otlp-transformer');

const NEWLINE = new Uint8Array([0x0a]);

/**
 * One appending file shared by the traces, metrics and logs sinks of an exporter instance. Writes are
 * synchronous: a batch flushed on SIGTERM is on disk before the process exits.
 */
export class JsonLinesFile {
  readonly path: string;
  #fd: number | undefined;
  #users = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** Opened lazily so a bad path is reported as an export failure, not a crash at start. */
  append(line: Uint8Array): void {
    if (this.#fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.#fd = openSync(this.path, 'a');
    }
    writeSync(this.#fd, Buffer.concat([line, NEWLINE]));
  }

  acquire(): void {
    this.#users++;
  }

  release(): void {
    if (--this.#users > 0 || this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {}
    this.#fd = undefined;
  }
}

function write(
  file: JsonLinesFile,
  serialize: () => Uint8Array | undefined,
  done: (r: ExportResult) => void,
) {
  try {
    const body = serialize();
    if (body) file.append(body);
    done({ code: ExportResultCode.SUCCESS });
  } catch (error) {
    done({ code: ExportResultCode.FAILED, error: error as Error });
  }
}

/** Each batch as the `ExportTraceServiceRequest` OTLP/JSON would POST, on its own line. */
export class FileSpanExporter implements SpanExporter {
  readonly #file: JsonLinesFile;
  readonly #serializer = transformer().JsonTraceSerializer;

  constructor(file: JsonLinesFile) {
    this.#file = file;
    file.acquire();
  }

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    if (spans.length === 0) {
      done({ code: ExportResultCode.SUCCESS });
      return;
    }
    write(this.#file, () => this.#serializer.serializeRequest(spans), done);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {
    this.#file.release();
  }
}

/** Each collection as an `ExportMetricsServiceRequest` in OTLP/JSON, on its own line. */
export class FileMetricExporter implements PushMetricExporter {
  readonly #file: JsonLinesFile;
  readonly #serializer = transformer().JsonMetricsSerializer;

  constructor(file: JsonLinesFile) {
    this.#file = file;
    file.acquire();
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    write(this.#file, () => this.#serializer.serializeRequest(metrics), done);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {
    this.#file.release();
  }
}

/**
 * Each batch as an `ExportLogsServiceRequest` in OTLP/JSON, on its own line: what the
 * collector's file exporter writes for logs.
 */
export class FileLogExporter implements LogRecordExporter {
  readonly #file: JsonLinesFile;
  readonly #serializer = transformer().JsonLogsSerializer;

  constructor(file: JsonLinesFile) {
    this.#file = file;
    file.acquire();
  }

  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    if (records.length === 0) {
      done({ code: ExportResultCode.SUCCESS });
      return;
    }
    write(this.#file, () => this.#serializer.serializeRequest(records), done);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {
    this.#file.release();
  }
}
