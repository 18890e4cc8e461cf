import { costProcessorFactory } from '@genai-otel/processor-cost';
import { ATTR_SERVICE_NAME } from '@genai-otel/semantic-conventions';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import {
  type DropLogger,
  LangSmithSpanExporter,
  type LangSmithSpanExporterOptions,
} from '../src/index.js';
import {
  type LangSmithServer,
  type LangSmithServerOptions,
  type Run,
  startLangSmithServer,
} from './langsmith-server.js';

export const PROJECT = 'genai-otel-test';

/** The real `genai_cost` processor with its built-in prices, as a configured pipeline has it. */
export function costProcessor(): SpanProcessor {
  const cost = costProcessorFactory.create(costProcessorFactory.createDefaultConfig(), {
    id: 'genai_cost',
    env: {},
    log: { info() {}, warn() {}, error() {}, once() {} },
  });
  return cost.spanProcessor!;
}

/** A DropLogger that keeps what it was told (each key once, as the sdk's logger does). */
export function captureLog(): DropLogger & { lines: string[] } {
  const seen = new Set<string>();
  const lines: string[] = [];
  return {
    lines,
    once(key, level, message) {
      if (seen.has(key)) return;
      seen.add(key);
      lines.push(`${level}: ${message}`);
    },
  };
}

export interface Harness {
  server: LangSmithServer;
  exporter: LangSmithSpanExporter;
  log: ReturnType<typeof captureLog>;
  /** The same spans, in memory. */
  memory: InMemorySpanExporter;
  provider: TracerProvider;
  /** Ends the provider (flushing the batch queue into the exporter) and shuts all down. */
  close(): Promise<void>;
  /** Runs stored by the server, by name (the last of each name). */
  byName(name: string): Run;
}

/**
 * A LangSmith server, the exporter pointed at it, and a TracerProvider with a BatchSpanProcessor
 * in front of the exporter, as the sdk builds it; an in-memory exporter keeps the spans too.
 */
export async function startHarness(
  options: {
    server?: LangSmithServerOptions;
    exporter?: LangSmithSpanExporterOptions;
    /** Span processors before the exporting ones (e.g. the conversation stamper). */
    processors?: SpanProcessor[];
    /** Spans per export call; small values split a trace over many batches. */
    maxExportBatchSize?: number;
    /** The queue's timer; long values leave only size and forceFlush to start exports. */
    scheduledDelayMillis?: number;
  } = {},
): Promise<Harness> {
  const server = await startLangSmithServer(options.server);
  const log = captureLog();
  const exporter = new LangSmithSpanExporter({
    apiUrl: server.url,
    apiKey: 'lsv2_test_key',
    project: PROJECT,
    timeoutMs: 5_000,
    logger: log,
    ...options.exporter,
  });
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: 'support-bot',
      'service.version': '1.4.2',
      'host.name': 'not-copied',
    }),
    spanProcessors: [
      ...(options.processors ?? []),
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: options.scheduledDelayMillis ?? 20,
        maxExportBatchSize: options.maxExportBatchSize ?? 512,
      }),
      new SimpleSpanProcessor({ exporter: memory }),
    ],
  });
  // Parent/child links follow async code, as in an app.
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return {
    server,
    exporter,
    log,
    memory,
    provider,
    async close() {
      await provider.shutdown();
      context.disable();
      await server.close();
    },
    byName(name) {
      const found = [...server.runs.values()].filter((r) => r.name === name);
      if (found.length === 0) {
        throw new Error(
          `no run named ${name}; have ${[...server.runs.values()].map((r) => r.name).join(', ')}`,
        );
      }
      return found.at(-1)!;
    },
  };
}
