/**
 * Shared test scaffolding: a capturing logger and test-only components (a span-mutating
 * processor, a capturing exporter, an exporter whose export never answers, a spans→metrics
 * connector) registered next to the built-ins, so builder tests go through the real config
 * loader and the real builder.
 */

import type {
  ConnectorFactory,
  Env,
  ExporterFactory,
  LogsConsumer,
  ProcessorFactory,
} from '@genai-otel/component';
import { parseConfig, type ResolvedConfig } from '@genai-otel/config';
import { type Counter, SpanStatusCode } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  InMemoryLogRecordExporter,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import {
  MetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import { createDefaultRegistry } from '../src/default-registry.js';
import { createLogger, type Logger } from '../src/logger.js';
import type { ComponentRegistry } from '../src/registry.js';

export interface CapturedLogger {
  logger: Logger;
  lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  return { logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }), lines };
}

/** Resolves when `predicate` holds, re-checked whenever `notify` is called. */
export class Signal {
  #waiters: (() => void)[] = [];
  notify(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const wake of w) wake();
  }
  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => (predicate() ? resolve() : this.#waiters.push(check));
      this.#waiters.push(check);
    });
  }
}

/** Spans received by each `test_capture` instance, by id. */
export class CaptureExporter implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  readonly batches: number[] = [];
  readonly signal = new Signal();
  shutdownCalls = 0;
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.spans.push(...spans);
    this.batches.push(spans.length);
    done({ code: ExportResultCode.SUCCESS });
    this.signal.notify();
  }
  waitFor(count: number): Promise<ReadableSpan[]> {
    return this.signal.until(() => this.spans.length >= count).then(() => this.spans);
  }
  async shutdown(): Promise<void> {
    this.shutdownCalls++;
  }
}

/** Never answers: the stand-in for an exporter stuck on a dead endpoint. */
export class BlockingExporter implements SpanExporter {
  calls = 0;
  readonly signal = new Signal();
  export(_spans: ReadableSpan[], _done: (r: ExportResult) => void): void {
    this.calls++;
    this.signal.notify();
  }
  async shutdown(): Promise<void> {
    await new Promise(() => {});
  }
}

/** Never answers, for log records. */
export class BlockingLogExporter implements LogRecordExporter {
  calls = 0;
  readonly signal = new Signal();
  export(_records: ReadableLogRecord[], _done: (r: ExportResult) => void): void {
    this.calls++;
    this.signal.notify();
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {
    await new Promise(() => {});
  }
}

export class CaptureMetricExporter implements PushMetricExporter {
  readonly exports: ResourceMetrics[] = [];
  export(metrics: ResourceMetrics, done: (r: ExportResult) => void): void {
    this.exports.push(metrics);
    done({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** A pull-style reader, like the Prometheus exporter: collected when asked. */
export class PullReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface TestComponents {
  registry: ComponentRegistry;
  captures: Map<string, CaptureExporter>;
  blockers: Map<string, BlockingExporter>;
  metricCaptures: Map<string, CaptureMetricExporter>;
  logCaptures: Map<string, InMemoryLogRecordExporter>;
  logBlockers: Map<string, BlockingLogExporter>;
  pullReaders: Map<string, PullReader>;
  created: Map<string, number>;
}

const noop = {
  onStart() {},
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

export function testComponents(): TestComponents {
  const captures = new Map<string, CaptureExporter>();
  const blockers = new Map<string, BlockingExporter>();
  const metricCaptures = new Map<string, CaptureMetricExporter>();
  const logCaptures = new Map<string, InMemoryLogRecordExporter>();
  const logBlockers = new Map<string, BlockingLogExporter>();
  const created = new Map<string, number>();
  const pullReaders = new Map<string, PullReader>();
  const count = (id: string) => created.set(id, (created.get(id) ?? 0) + 1);

  /** Sets `attribute` to `value`, or to `<value of from>+value` when `from` is given. */
  const mutate: ProcessorFactory<{ attribute: string; value: string; from?: string }> = {
    kind: 'processor',
    type: 'test_mutate',
    signals: ['traces'],
    description: 'test: sets an attribute in onEnding',
    createDefaultConfig: () => ({ attribute: 'test.mutated', value: 'yes' }),
    create(config, ctx) {
      count(ctx.id);
      const processor: SpanProcessor = {
        ...noop,
        onEnding(span) {
          const prefix = config.from ? String(span.attributes[config.from]) : '';
          span.setAttribute(config.attribute, prefix + config.value);
          if (config.value === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
      return { spanProcessor: processor };
    },
  };
  const throwing: ProcessorFactory<Record<string, never>> = {
    kind: 'processor',
    type: 'test_throw',
    signals: ['traces'],
    description: 'test: throws in onEnding',
    createDefaultConfig: () => ({}),
    create: () => ({
      spanProcessor: {
        ...noop,
        onEnding() {
          throw new Error('boom');
        },
      },
    }),
  };
  const capture: ExporterFactory<Record<string, never>> = {
    kind: 'exporter',
    type: 'test_capture',
    signals: ['traces', 'metrics', 'logs'],
    description: 'test: keeps spans, metrics and log records in memory',
    createDefaultConfig: () => ({}),
    create(_config, ctx) {
      count(ctx.id);
      const traces = new CaptureExporter();
      captures.set(ctx.id, traces);
      const metrics = new CaptureMetricExporter();
      metricCaptures.set(ctx.id, metrics);
      const logs = new InMemoryLogRecordExporter();
      logCaptures.set(ctx.id, logs);
      return { traces, metrics, logs, target: `memory:${ctx.id}` };
    },
  };
  const block: ExporterFactory<{ queue_size?: number }> = {
    kind: 'exporter',
    type: 'test_block',
    signals: ['traces', 'logs'],
    description: 'test: export never answers',
    createDefaultConfig: () => ({}),
    create(config, ctx) {
      count(ctx.id);
      const traces = new BlockingExporter();
      blockers.set(ctx.id, traces);
      const logs = new BlockingLogExporter();
      logBlockers.set(ctx.id, logs);
      return {
        traces,
        logs,
        timeoutMs: 600_000,
        target: `nowhere:${ctx.id}`,
        ...(config.queue_size ? { queueSize: config.queue_size } : {}),
      };
    },
  };
  const connector: ConnectorFactory<Record<string, never>> = {
    kind: 'connector',
    type: 'test_span_count',
    signals: ['traces', 'metrics'],
    connects: { from: 'traces', to: 'metrics' },
    description: 'test: counts spans into a metric',
    createDefaultConfig: () => ({}),
    create(_config, ctx) {
      count(ctx.id);
      let counter: Counter | undefined;
      return {
        spanProcessor: { ...noop, onEnd: () => counter?.add(1) },
        attach({ meterProvider }) {
          counter = meterProvider.getMeter('test').createCounter('test.spans');
        },
      };
    },
  };
  /** One log record per finished span (`span <name>`), carrying its trace and span ids. */
  const events: ConnectorFactory<Record<string, never>> = {
    kind: 'connector',
    type: 'test_span_events',
    signals: ['traces', 'logs'],
    connects: { from: 'traces', to: 'logs' },
    description: 'test: turns spans into log records',
    createDefaultConfig: () => ({}),
    create(_config, ctx) {
      count(ctx.id);
      let consumer: LogsConsumer | undefined;
      return {
        spanProcessor: {
          ...noop,
          onEnd(span: ReadableSpan) {
            consumer?.consume([
              {
                hrTime: span.endTime,
                hrTimeObserved: span.endTime,
                spanContext: span.spanContext(),
                body: `span ${span.name}`,
                eventName: 'test.span',
                resource: span.resource,
                instrumentationScope: { name: 'test_span_events' },
                attributes: { 'test.span.name': span.name },
                droppedAttributesCount: 0,
              },
            ]);
          },
        },
        attachLogs(c) {
          consumer = c;
        },
      };
    },
  };
  const pull: ExporterFactory<Record<string, never>> = {
    kind: 'exporter',
    type: 'test_pull',
    signals: ['metrics'],
    description: 'test: a pull reader, read on demand',
    createDefaultConfig: () => ({}),
    create(_config, ctx) {
      count(ctx.id);
      const reader = new PullReader();
      pullReaders.set(ctx.id, reader);
      return { metrics: reader };
    },
  };
  const registry = createDefaultRegistry()
    .register(pull)
    .register(mutate)
    .register(throwing)
    .register(capture)
    .register(block)
    .register(connector)
    .register(events);
  return {
    registry,
    captures,
    blockers,
    metricCaptures,
    logCaptures,
    logBlockers,
    pullReaders,
    created,
  };
}

export function config(
  yaml: string,
  registry: ComponentRegistry = createDefaultRegistry(),
  env: Env = {},
): ResolvedConfig {
  return parseConfig(yaml, { catalog: registry, env });
}
