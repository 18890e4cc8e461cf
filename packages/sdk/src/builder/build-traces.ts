import {
  type BatchSettings,
  DEFAULT_QUEUE_SIZE,
  type Env,
  type Exporter,
  spanQueueOf,
  type TracesConsumer,
  type TracesProcessor,
} from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import { StartAttributesProcessor, trustSpansLazily } from '@genai-otel/span-attributes';
import { GenAIContextSpanProcessor } from '@genai-otel/tracing';
import type { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  createDefaultConfig as batchDefaults,
  toBatchSettings,
} from '../components/processor-batch/config.js';
import type { Logger } from '../logger.js';
import { CountedQueue } from './counted-queue.js';
import { ExportReporter } from './export-reporter.js';
import { IN_PROCESS_RECEIVER, type Instantiator, type SharedComponents } from './instantiate.js';
import { OncePerSpanProcessor } from './once-per-span.js';
import { type NamedProcessor, PipelineSpanProcessor } from './pipeline-span-processor.js';
import { queueDropMeterProvider } from './queue-drop-meter.js';
import type { QueueRoom } from './queue-room.js';
import { ReceivedSpansConsumer } from './received-spans-consumer.js';
import { ReportingSpanExporter, SharedShutdown } from './reporting-exporters.js';
import { buildSampler, type SamplerSettings } from './sampler.js';

/** Names the probe spans of `trustSpansLazily` (never ended, never exported). */
const PROBE = '@genai-otel/span-attributes';

/** Used when an exporter does not say how long one export may take. */
export const DEFAULT_EXPORT_TIMEOUT_MS = 30_000;
/**
 * The wrapper gives the exporter this long past its own timeout to answer with its own (more
 * precise) error, and the queue this long again before it gives up on the wrapper.
 */
export const TIMEOUT_MARGIN_MS = 500;

/**
 * How many items an exporter's queue holds: its `queueSize`, else the SDK's default. A disabled
 * sending queue (0) still holds one batch. Shared by the traces and logs pipelines.
 */
export function queueCapacity(exporter: Exporter, sendBatchSize: number): number {
  return exporter.queueSize === undefined
    ? DEFAULT_QUEUE_SIZE
    : Math.max(exporter.queueSize, exporter.queueSize === 0 ? sendBatchSize : 1);
}

export interface TracesBuild {
  /** Carries the pipelines that list the in-process receiver. */
  tracerProvider: TracerProvider;
  /** Per receiver id (other than the in-process one): the traces pipelines that list it. */
  consumers: Map<string, TracesConsumer>;
  /** Flushes every pipeline: the TracerProvider's and those only receivers feed. */
  forceFlush(): Promise<void>;
  /** Shuts every pipeline down once (the TracerProvider's through it). */
  shutdown(): Promise<void>;
  reporters: ExportReporter[];
  /** Shuts every span exporter down once, even one whose queue never finished. */
  shutdownExporters(): Promise<void>;
}

export function buildTraces(
  config: ResolvedConfig,
  shared: SharedComponents,
  make: Instantiator,
  resource: Resource,
  log: Logger,
  env: Env = process.env,
): TracesBuild {
  const perExporter = new Map<string, { reporter: ExportReporter; shutdown: SharedShutdown }>();
  const inProcess: PipelineSpanProcessor[] = [];
  /** Pipelines that are not span processors of the TracerProvider: flushed and shut down apart. */
  const detached: PipelineSpanProcessor[] = [];
  const byReceiver = new Map<string, PipelineSpanProcessor[]>();
  const isInProcessReceiver = (id: string) =>
    config.receivers.get(id)?.type === IN_PROCESS_RECEIVER;
  const connectorSinks = connectorSinksOf(config, shared, log);

  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'traces') continue;
    // Each receiver feeds the pipelines that list it: the in-process one through the
    // TracerProvider, the others (`otlp`) through a consumer handed to them at start.
    const fed = pipeline.receivers.filter(
      (id) => isInProcessReceiver(id) || shared.receivers.has(id),
    );
    if (fed.length === 0) {
      log.warn(
        `pipeline ${pipeline.id} has no receiver that produces spans, so no span reaches it`,
      );
      continue;
    }

    // Processors are built per pipeline, as the collector does: state is never shared.
    let batch: BatchSettings | undefined;
    const processors: NamedProcessor[] = [];
    const gates: { id: string; gate: NonNullable<TracesProcessor['gate']> }[] = [];
    for (const id of pipeline.processors) {
      const component = config.processors.get(id);
      if (!component)
        throw new Error(
          `pipeline ${pipeline.id} references processor "${id}" which is not configured`,
        );
      const built = make.create<TracesProcessor>(component, ['traces']);
      if (built.batch) batch = built.batch;
      if (built.spanProcessor)
        processors.push({ id: `processor ${id}`, processor: built.spanProcessor });
      if (built.gate) gates.push({ id: `processor ${id}`, gate: built.gate });
    }
    const settings = batch ?? toBatchSettings(batchDefaults());

    const sinks: NamedProcessor[] = [];
    const rooms: QueueRoom[] = [];
    for (const id of pipeline.exporters) {
      const exporter = shared.exporters.get(id);
      if (exporter) {
        if (exporter.traces) {
          sinks.push({ id: `exporter ${id}`, processor: queueFor(id, exporter, settings) });
          rooms.push({
            id,
            reporter: perExporter.get(id)!.reporter,
            capacity: queueCapacity(exporter, settings.sendBatchSize),
          });
        } else {
          log.warn(`exporter ${id} cannot export traces; pipeline ${pipeline.id} skips it`);
        }
        continue;
      }
      // A connector's traces side sees the processed span directly: it is in-process and cheap.
      const sink = connectorSinks.get(id);
      if (!sink) continue;
      sinks.push({ id: `connector ${id}`, processor: sink });
      if (gates.length > 0)
        log.warn(
          `connector ${id} is behind ${gates[0]!.id.slice('processor '.length)} in pipeline ${pipeline.id}: it sees only the kept traces, so its metrics undercount; list it in a traces pipeline without tail sampling`,
        );
    }
    const built = new PipelineSpanProcessor(pipeline.id, processors, sinks, log, gates, rooms);
    if (!fed.some(isInProcessReceiver)) detached.push(built);
    for (const id of new Set(fed)) {
      if (isInProcessReceiver(id)) {
        inProcess.push(built);
        continue;
      }
      const list = byReceiver.get(id) ?? [];
      list.push(built);
      byReceiver.set(id, list);
    }
  }

  /** Each exporter gets its own queue in each pipeline: a slow one never holds up another. */
  function queueFor(id: string, exporter: Exporter, settings: BatchSettings): CountedQueue {
    const traces = exporter.traces!;
    let entry = perExporter.get(id);
    if (!entry) {
      entry = {
        reporter: new ExportReporter({
          id,
          target: exporter.target ?? id,
          unit: 'spans',
          log,
        }),
        shutdown: new SharedShutdown(() => traces.shutdown(), log, id),
      };
      perExporter.set(id, entry);
    }
    const timeoutMs = exporter.timeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS;
    const maxQueueSize = queueCapacity(exporter, settings.sendBatchSize);
    const form = spanQueueOf(traces);
    const reporter = entry.reporter;
    const queue = new BatchSpanProcessor({
      exporter: new ReportingSpanExporter(
        traces,
        reporter,
        timeoutMs + TIMEOUT_MARGIN_MS,
        entry.shutdown.lease(),
        log,
        {
          capacity: maxQueueSize,
          ...(exporter.retry ? { retry: exporter.retry } : {}),
          ...(exporter.concurrency ? { concurrency: exporter.concurrency } : {}),
          ...(form ? { settled: (spans) => form.release(spans) } : {}),
        },
      ),
      maxExportBatchSize: Math.min(settings.sendBatchSize, maxQueueSize),
      scheduledDelayMillis: settings.timeoutMs,
      exportTimeoutMillis: timeoutMs + 2 * TIMEOUT_MARGIN_MS,
      maxQueueSize,
      selfObsMeterProvider: queueDropMeterProvider((n) => reporter.queueFull(n, maxQueueSize)),
    });
    return new CountedQueue(queue, reporter, form);
  }

  const sampling = buildSampler(samplerSettingsOf(config, log), env, log);
  if (!sampling.isDefault) log.info(`traces are head-sampled: ${sampling.description}`);
  // First the start attributes genai-otel's instrumentations hand over (`startSpanWith`: none of
  // the samplers `buildSampler` makes reads attributes), then the conversation/user/tenant stamp,
  // so every pipeline and exporter sees both.
  const tracerProvider = new TracerProvider({
    resource,
    sampler: sampling.sampler,
    spanProcessors: [new StartAttributesProcessor(), new GenAIContextSpanProcessor(), ...inProcess],
  });
  // genai-otel's instrumentations and processors may then write the attributes they build
  // straight onto this SDK's spans (see @genai-otel/span-attributes: checked on the class at the
  // first such write, so a start pays nothing for it).
  trustSpansLazily((spanLimits) =>
    new TracerProvider({ resource, spanLimits }).getTracer(PROBE).startSpan(PROBE),
  );
  return {
    tracerProvider,
    forceFlush: async () => {
      await Promise.allSettled([
        tracerProvider.forceFlush(),
        ...detached.map((p) => p.forceFlush()),
      ]);
    },
    shutdown: async () => {
      await Promise.allSettled([tracerProvider.shutdown(), ...detached.map((p) => p.shutdown())]);
    },
    consumers: new Map(
      [...byReceiver].map(([id, pipelines]) => [id, new ReceivedSpansConsumer(pipelines)]),
    ),
    reporters: [...perExporter.values()].map((e) => e.reporter),
    shutdownExporters: async () => {
      await Promise.allSettled(
        [...perExporter.values()].map((e) => {
          const done = e.shutdown.now();
          // An unreachable endpoint is not waited for.
          return e.reporter.circuitOpen ? undefined : done;
        }),
      );
    },
  };
}

/**
 * Each connector's traces sink. A connector listed by several traces pipelines is wrapped once,
 * shared by those pipelines, and fed each span once: pipelines fed by the same receiver see the
 * same span objects, so a call is never counted once per pipeline. One listed by a single
 * pipeline is used as it is.
 */
function connectorSinksOf(
  config: ResolvedConfig,
  shared: SharedComponents,
  log: Logger,
): Map<string, SpanProcessor> {
  const listedBy = new Map<string, string[]>();
  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'traces') continue;
    for (const id of new Set(pipeline.exporters)) {
      if (!shared.connectors.get(id)?.spanProcessor) continue;
      const ids = listedBy.get(id) ?? [];
      ids.push(pipeline.id);
      listedBy.set(id, ids);
    }
  }
  const sinks = new Map<string, SpanProcessor>();
  for (const [id, pipelineIds] of listedBy) {
    const processor = shared.connectors.get(id)!.spanProcessor!;
    if (pipelineIds.length === 1) {
      sinks.set(id, processor);
      continue;
    }
    sinks.set(id, new OncePerSpanProcessor(processor));
    log.info(
      `connector ${id} is listed by traces pipelines ${pipelineIds.join(', ')}: a span that reaches several of them is counted once, not once per pipeline`,
    );
  }
  return sinks;
}

/**
 * The sampler settings of the in-process receiver feeding traces pipelines. The TracerProvider is
 * one, so several `genai` receivers must agree; the first one's settings win, with a warning.
 */
function samplerSettingsOf(config: ResolvedConfig, log: Logger): SamplerSettings | undefined {
  const ids = new Set<string>();
  for (const pipeline of config.pipelines) {
    if (pipeline.signal !== 'traces') continue;
    for (const id of pipeline.receivers)
      if (config.receivers.get(id)?.type === IN_PROCESS_RECEIVER) ids.add(id);
  }
  const settings = [...ids].map(
    (id) => (config.receivers.get(id)!.config as { sampler?: SamplerSettings }).sampler,
  );
  const first = settings[0];
  if (settings.some((s) => JSON.stringify(s) !== JSON.stringify(first)))
    log.warn(
      `receivers ${[...ids].join(', ')} set different samplers; the app has one TracerProvider, so ${[...ids][0]}'s is used`,
    );
  return first;
}
