import type { LogsConsumer } from '@genai-otel/component';
import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { Logger } from '../logger.js';
import { fullQueue, type QueueRoom } from './queue-room.js';

export interface NamedLogSink {
  id: string;
  processor: LogRecordProcessor;
}

/** A processor's step on each log record (`TracesProcessor.logRecord`, e.g. redaction). */
export interface NamedLogStep {
  id: string;
  logRecord: (record: ReadableLogRecord) => ReadableLogRecord;
}

/**
 * One logs pipeline: a processor of the LoggerProvider when it lists the in-process receiver (the
 * app's pino/winston records), fed by a ReceivedLogsConsumer when it lists a network receiver or
 * a connector. Its processors' log steps (e.g. `redaction`) run in order on each record; `batch`
 * only shapes its queues; then the fan-out: one queue per exporter. A throwing sink is reported once and skipped; the app never sees it.
 */
export class PipelineLogProcessor implements LogRecordProcessor {
  readonly id: string;
  readonly #sinks: NamedLogSink[];
  readonly #steps: NamedLogStep[];
  readonly #log: Logger;
  /** Its exporters' queues, for a receiver's backpressure check. */
  readonly rooms: readonly QueueRoom[];

  constructor(
    id: string,
    sinks: NamedLogSink[],
    log: Logger,
    steps: NamedLogStep[] = [],
    rooms: readonly QueueRoom[] = [],
  ) {
    this.id = id;
    this.#sinks = sinks;
    this.#steps = steps;
    this.#log = log;
    this.rooms = rooms;
  }

  onEmit(input: ReadableLogRecord, context?: Context): void {
    let record = input;
    for (const step of this.#steps) {
      try {
        record = step.logRecord(record);
      } catch (error) {
        // Dropped, not passed on as it was: the step may be the one keeping secrets out.
        this.#log.once(
          `${this.id}:${step.id}:logRecord`,
          'error',
          `processor ${step.id} failed on a log record (${error instanceof Error ? error.message : String(error)}); in pipeline ${this.id} such records are dropped`,
        );
        return;
      }
    }
    for (const s of this.#sinks) {
      try {
        // A readable record is all a queue needs (see CountedLogQueue).
        s.processor.onEmit(record as Parameters<LogRecordProcessor['onEmit']>[0], context);
      } catch (error) {
        this.#log.once(
          `${this.id}:${s.id}:onEmit`,
          'error',
          `${s.id} failed in onEmit (${error instanceof Error ? error.message : String(error)}); in pipeline ${this.id} it is skipped for this record`,
        );
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled(this.#sinks.map((s) => s.processor.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.#sinks.map((s) => s.processor.shutdown()));
  }
}

/**
 * The logs pipelines that list one receiver or connector, fed records made elsewhere (received
 * over OTLP, or a connector's events). Synchronous and never throws: the pipelines guard their
 * sinks.
 */
export class ReceivedLogsConsumer implements LogsConsumer {
  readonly #pipelines: readonly PipelineLogProcessor[];
  readonly #rooms: readonly QueueRoom[];

  constructor(pipelines: readonly PipelineLogProcessor[]) {
    this.#pipelines = pipelines;
    this.#rooms = pipelines.flatMap((p) => p.rooms);
  }

  admits(count: number): string | undefined {
    return fullQueue(this.#rooms, count);
  }

  consume(records: readonly ReadableLogRecord[]): void {
    const pipelines = this.#pipelines;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      for (let p = 0; p < pipelines.length; p++) pipelines[p]!.onEmit(record);
    }
  }
}
