import type { BatchSettings, Exporter, LogsConsumer, TracesProcessor } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  createDefaultConfig as batchDefaults,
  toBatchSettings,
} from '../components/processor-batch/config.js';
import { importSync } from '../import-sync.js';
import type { Logger } from '../logger.js';
import { DEFAULT_EXPORT_TIMEOUT_MS, queueCapacity, TIMEOUT_MARGIN_MS } from './build-traces.js';
import { ExportReporter } from './export-reporter.js';
import { IN_PROCESS_RECEIVER, type Instantiator, type SharedComponents } from './instantiate.js';
import {
  type NamedLogSink,
  type NamedLogStep,
  PipelineLogProcessor,
  ReceivedLogsConsumer,
} from './pipeline-log-processor.js';
import { queueDropMeterProvider } from './queue-drop-meter.js';
import type { QueueRoom } from './queue-room.js';
import { SharedShutdown } from './reporting-exporters.js';
import {
  CountedLogQueue,
  LeasedLogExporter,
  ReportingLogExporter,
} from './reporting-log-exporter.js';

type SdkLogs = typeof import('@opentelemetry/sdk-logs');

export interface LogsBuild {
  /**
   * Carries the pipelines that list the in-process receiver (the app's own pino/winston records,
   * through the global logs API); absent when none does.
   */
  loggerProvider: LoggerProvider | undefined;
  /** The in-process receivers logs pipelines list (handed the LoggerProvider at start). */
  inProcessReceivers: Set<string>;
  /** Per receiver id (other than the in-process one): the logs pipelines that list it. */
  receivers: Map<string, LogsConsumer>;
  /** Per connector id: the logs pipelines that list it as a receiver (`attachLogs`). */
  connectors: Map<string, LogsConsumer>;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  reporters: ExportReporter[];
  /** Shuts every logs exporter down once, even one whose queue never finished. */
  shutdownExporters(): Promise<void>;
}

/**
 * The logs pipelines, the collector's way: receivers (the in-process `genai` one through a
 * LoggerProvider, `otlp` and span→logs connectors through a consumer) → `batch` → one queue per
 * exporter, the SDK's BatchLogRecordProcessor in front of the shared export queue, exactly as a
 * traces pipeline's exporters are fed.
 */
export function buildLogs(
  config: ResolvedConfig,
  shared: SharedComponents,
  make: Instantiator,
  resource: Resource,
  log: Logger,
): LogsBuild {
  const pipelines = config.pipelines.filter((p) => p.signal === 'logs');
  const empty: LogsBuild = {
    loggerProvider: undefined,
    inProcessReceivers: new Set(),
    receivers: new Map(),
    connectors: new Map(),
    forceFlush: async () => {},
    shutdown: async () => {},
    reporters: [],
    shutdownExporters: async () => {},
  };
  if (pipelines.length === 0) return empty;
  // Loaded only when a config has logs pipelines: an app without them pays nothing at start.
  const sdkLogs = importSync<SdkLogs>('@opentelemetry/sdk-logs');

  const perExporter = new Map<string, { reporter: ExportReporter; shutdown: SharedShutdown }>();
  /** Exporters with their own export queue (`logsQueued`): only their shared shutdown. */
  const selfQueued = new Map<string, SharedShutdown>();
  const all: PipelineLogProcessor[] = [];
  const inProcess: PipelineLogProcessor[] = [];
  const inProcessReceivers = new Set<string>();
  const byReceiver = new Map<string, PipelineLogProcessor[]>();
  const byConnector = new Map<string, PipelineLogProcessor[]>();
  const add = (map: Map<string, PipelineLogProcessor[]>, id: string, p: PipelineLogProcessor) =>
    map.set(id, [...(map.get(id) ?? []), p]);

  for (const pipeline of pipelines) {
    const isInProcess = (id: string) => config.receivers.get(id)?.type === IN_PROCESS_RECEIVER;
    const fed = pipeline.receivers.filter(
      (id) =>
        isInProcess(id) ||
        shared.receivers.has(id) ||
        (!config.receivers.has(id) && shared.connectors.get(id)?.attachLogs !== undefined),
    );
    for (const id of pipeline.receivers) {
      if (!fed.includes(id))
        log.warn(`connector ${id} makes no log records; pipeline ${pipeline.id} gets none from it`);
    }
    if (fed.length === 0) continue;

    let batch: BatchSettings | undefined;
    const steps: NamedLogStep[] = [];
    for (const id of pipeline.processors) {
      const component = config.processors.get(id);
      if (!component)
        throw new Error(
          `pipeline ${pipeline.id} references processor "${id}" which is not configured`,
        );
      const built = make.create<TracesProcessor>(component, ['logs']);
      if (built.batch) batch = built.batch;
      else if (built.logRecord) steps.push({ id, logRecord: built.logRecord });
      else
        log.warn(`processor ${id} does nothing to log records; pipeline ${pipeline.id} skips it`);
    }
    const settings = batch ?? toBatchSettings(batchDefaults());

    const sinks: NamedLogSink[] = [];
    const rooms: QueueRoom[] = [];
    for (const id of pipeline.exporters) {
      const exporter = shared.exporters.get(id);
      if (!exporter) continue; // a connector: the config refuses one leaving a logs pipeline
      if (!exporter.logs) {
        log.warn(`exporter ${id} cannot export logs; pipeline ${pipeline.id} skips it`);
        continue;
      }
      sinks.push({ id: `exporter ${id}`, processor: queueFor(id, exporter, settings) });
      // An exporter with its own queue (`logsQueued`) answers for it alone: not checked here.
      const entry = perExporter.get(id);
      if (entry && !exporter.logsQueued)
        rooms.push({
          id,
          reporter: entry.reporter,
          capacity: queueCapacity(exporter, settings.sendBatchSize),
        });
    }
    const built = new PipelineLogProcessor(pipeline.id, sinks, log, steps, rooms);
    all.push(built);
    for (const id of new Set(fed)) {
      if (isInProcess(id)) {
        inProcess.push(built);
        inProcessReceivers.add(id);
      } else if (shared.receivers.has(id)) add(byReceiver, id, built);
      else add(byConnector, id, built);
    }
  }

  /** Each exporter gets its own queue in each pipeline: a slow one never holds up another. */
  function queueFor(id: string, exporter: Exporter, settings: BatchSettings): LogRecordProcessor {
    const logs = exporter.logs!;
    if (exporter.logsQueued) return selfQueuedFor(id, exporter, settings);
    let entry = perExporter.get(id);
    if (!entry) {
      entry = {
        reporter: new ExportReporter({
          id,
          target: exporter.logsTarget ?? exporter.target ?? id,
          unit: 'log records',
          log,
        }),
        shutdown: new SharedShutdown(() => logs.shutdown(), log, id, 'log records'),
      };
      perExporter.set(id, entry);
    }
    const timeoutMs = exporter.timeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS;
    const maxQueueSize = queueCapacity(exporter, settings.sendBatchSize);
    const reporter = entry.reporter;
    const queue = new sdkLogs.BatchLogRecordProcessor({
      exporter: new ReportingLogExporter(
        logs,
        reporter,
        timeoutMs + TIMEOUT_MARGIN_MS,
        entry.shutdown.lease(),
        log,
        {
          capacity: maxQueueSize,
          ...(exporter.retry ? { retry: exporter.retry } : {}),
          ...(exporter.concurrency ? { concurrency: exporter.concurrency } : {}),
        },
      ),
      maxExportBatchSize: Math.min(settings.sendBatchSize, maxQueueSize),
      scheduledDelayMillis: settings.timeoutMs,
      exportTimeoutMillis: timeoutMs + 2 * TIMEOUT_MARGIN_MS,
      maxQueueSize,
      selfObsMeterProvider: queueDropMeterProvider((n) => reporter.queueFull(n, maxQueueSize)),
    });
    return new CountedLogQueue(queue, reporter);
  }

  /**
   * An exporter with its own export queue (`logsQueued`): the batch processor only groups records
   * and hands them over (its export answers at once), so retries, timeouts and the outage line
   * are the exporter's alone — never a second queue and a second line for the same outage.
   */
  function selfQueuedFor(id: string, exporter: Exporter, settings: BatchSettings) {
    const logs = exporter.logs!;
    let shutdown = selfQueued.get(id);
    if (!shutdown) {
      shutdown = new SharedShutdown(() => logs.shutdown(), log, id, 'log records');
      selfQueued.set(id, shutdown);
    }
    const maxQueueSize = queueCapacity(exporter, settings.sendBatchSize);
    return new sdkLogs.BatchLogRecordProcessor({
      exporter: new LeasedLogExporter(logs, shutdown.lease()),
      maxExportBatchSize: Math.min(settings.sendBatchSize, maxQueueSize),
      scheduledDelayMillis: settings.timeoutMs,
      maxQueueSize,
      selfObsMeterProvider: queueDropMeterProvider((n) =>
        log.once(
          `${id}:logs-batch-full`,
          'warn',
          `exporter ${id}: ${n} log records dropped before its queue (the batch processor held ${maxQueueSize})`,
        ),
      ),
    });
  }

  const loggerProvider =
    inProcess.length > 0
      ? new sdkLogs.LoggerProvider({ resource, processors: inProcess })
      : undefined;
  // The provider's processors are its pipelines: they are flushed and shut down through it.
  const detached = all.filter((p) => !inProcess.includes(p));
  return {
    loggerProvider,
    inProcessReceivers,
    receivers: new Map([...byReceiver].map(([id, ps]) => [id, new ReceivedLogsConsumer(ps)])),
    connectors: new Map([...byConnector].map(([id, ps]) => [id, new ReceivedLogsConsumer(ps)])),
    forceFlush: async () => {
      await Promise.allSettled([
        loggerProvider?.forceFlush(),
        ...detached.map((p) => p.forceFlush()),
      ]);
    },
    shutdown: async () => {
      await Promise.allSettled([loggerProvider?.shutdown(), ...detached.map((p) => p.shutdown())]);
    },
    reporters: [...perExporter.values()].map((e) => e.reporter),
    shutdownExporters: async () => {
      await Promise.allSettled([
        ...[...perExporter.values()].map((e) => {
          const done = e.shutdown.now();
          // An unreachable endpoint is not waited for.
          return e.reporter.circuitOpen ? undefined : done;
        }),
        // Bounded by their own shutdown bound and the sdk's shutdown deadline.
        ...[...selfQueued.values()].map((s) => s.now()),
      ]);
    },
  };
}
