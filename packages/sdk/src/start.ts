import type { Env } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { buildLogs } from './builder/build-logs.js';
import { buildMetrics } from './builder/build-metrics.js';
import { buildTraces } from './builder/build-traces.js';
import type { ExportReporter } from './builder/export-reporter.js';
import {
  configureDiag,
  type InstalledGlobals,
  installErrorHandler,
  installGlobals,
} from './builder/globals.js';
import { buildShared, instantiator, type SharedComponents } from './builder/instantiate.js';
import { createDefaultRegistry } from './default-registry.js';
import { createLogger, type Logger, parseLogLevel } from './logger.js';
import type { ComponentRegistry } from './registry.js';
import { buildResource } from './resource.js';

export interface StartOptions {
  /** Component types to build from (default: `createDefaultRegistry()`). */
  registry?: ComponentRegistry;
  /** Overrides `buildResource(config, env)`. */
  resource?: Resource;
  /** Where genai-otel's own messages go (default: stderr at `service.telemetry.logs.level`). */
  logger?: Logger;
  /** Install the providers, context manager and propagators as the process globals (default true). */
  registerGlobals?: boolean;
  /** Environment for env-derived defaults (default `process.env`). */
  env?: Env;
}

/** A running telemetry setup. */
export interface GenAIOtel {
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  /**
   * Carries the logs pipelines that list the in-process receiver (the global one, which the
   * pino/winston instrumentations write to); absent when no logs pipeline lists it.
   */
  readonly loggerProvider: LoggerProvider | undefined;
  /**
   * Settles once every receiver has started (a network receiver listens). Never rejects: a
   * receiver that cannot start is reported and the others run on.
   */
  readonly ready: Promise<void>;
  /** Exports everything queued. Never rejects; gives up after `timeoutMs` (default 5000). */
  forceFlush(timeoutMs?: number): Promise<void>;
  /**
   * Stops receivers, flushes and closes every exporter. Idempotent (later calls return the first
   * call's promise); never rejects; returns after at most `timeoutMs` (default 5000) even if an
   * exporter hangs, so process exit is never held up by a dead endpoint.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Builds the providers from a validated config and starts the receivers. Throws (before
 * anything global is touched) only if a component cannot be created.
 */
export function startFromConfig(config: ResolvedConfig, opts: StartOptions = {}): GenAIOtel {
  const env = opts.env ?? process.env;
  const log =
    opts.logger ?? createLogger({ level: parseLogLevel(config.telemetry?.logs?.level) ?? 'info' });
  configureDiag(env);
  installErrorHandler(log);

  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') {
    log.info('OTEL_SDK_DISABLED=true: telemetry is off');
    return disabled();
  }

  const resource = opts.resource ?? buildResource(config, env, (m) => log.warn(m));
  const registry = opts.registry ?? createDefaultRegistry();
  const make = instantiator(registry, env, log);
  const shared = buildShared(config, make);
  let traces: ReturnType<typeof buildTraces>;
  let metricsBuild: ReturnType<typeof buildMetrics>;
  let logs: ReturnType<typeof buildLogs>;
  try {
    traces = buildTraces(config, shared, make, resource, log, env);
    metricsBuild = buildMetrics(config, shared, resource, env, log);
    logs = buildLogs(config, shared, make, resource, log);
  } catch (error) {
    void closeExporters(shared);
    throw error;
  }
  const { tracerProvider } = traces;
  const { meterProvider } = metricsBuild;
  const { loggerProvider } = logs;
  const reporters: ExportReporter[] = [
    ...traces.reporters,
    ...metricsBuild.reporters,
    ...logs.reporters,
  ];

  for (const [id, connector] of shared.connectors) {
    try {
      connector.attach?.({ meterProvider });
    } catch (error) {
      log.error(`connector ${id} cannot attach to the meter provider: ${String(error)}`);
    }
  }
  // Span→logs connectors get their logs pipelines before any span can end.
  for (const [id, consumer] of logs.connectors) {
    try {
      shared.connectors.get(id)?.attachLogs?.(consumer);
    } catch (error) {
      log.error(`connector ${id} cannot attach to its logs pipelines: ${String(error)}`);
    }
  }

  let globals: InstalledGlobals | undefined;
  if (opts.registerGlobals !== false)
    globals = installGlobals({ tracerProvider, meterProvider, loggerProvider }, log);

  // Receivers last: the moment they start, spans flow. Each is handed the pipelines listing it.
  const starting: Promise<void>[] = [];
  for (const [id, receiver] of shared.receivers) {
    const failed = (error: unknown) =>
      log.error(
        `receiver ${id} failed to start: ${error instanceof Error ? error.message : String(error)}`,
      );
    try {
      const consumer = traces.consumers.get(id);
      const metricsConsumer = metricsBuild.consumers.get(id);
      const logsConsumer = logs.receivers.get(id);
      const started = receiver.start({
        tracerProvider,
        meterProvider,
        ...(loggerProvider && logs.inProcessReceivers.has(id) ? { loggerProvider } : {}),
        ...(consumer ? { traces: consumer } : {}),
        ...(metricsConsumer ? { metrics: metricsConsumer } : {}),
        ...(logsConsumer ? { logs: logsConsumer } : {}),
      });
      if (started) starting.push(Promise.resolve(started).catch(failed));
    } catch (error) {
      failed(error);
    }
  }
  const ready = Promise.all(starting).then(() => undefined);

  let shutdownPromise: Promise<void> | undefined;
  return {
    tracerProvider,
    meterProvider,
    loggerProvider,
    ready,
    forceFlush(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) {
      const work = (async () => {
        await Promise.allSettled([
          traces.forceFlush(),
          meterProvider.forceFlush(),
          logs.forceFlush(),
        ]);
        // A batch already being exported when the flush began is not awaited by the queue.
        await Promise.allSettled(reporters.map((r) => r.whenIdle()));
      })();
      return withTimeout(work, timeoutMs).then(() => undefined);
    },
    shutdown(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS) {
      shutdownPromise ??= (async () => {
        for (const reporter of reporters) reporter.beginShutdown(timeoutMs);
        const work = (async () => {
          await Promise.allSettled([...shared.receivers.values()].map((r) => r.shutdown()));
          await Promise.allSettled([traces.shutdown(), meterProvider.shutdown(), logs.shutdown()]);
          await Promise.allSettled(reporters.map((r) => r.whenIdle()));
          await Promise.allSettled([traces.shutdownExporters(), logs.shutdownExporters()]);
        })();
        const finished = await withTimeout(work, timeoutMs);
        if (!finished) {
          const busy = reporters.filter((r) => r.inFlight > 0).map((r) => r.id);
          log.warn(
            `shutdown stopped waiting after ${timeoutMs}ms${busy.length ? ` (still exporting: ${busy.join(', ')})` : ''}`,
          );
        }
        for (const reporter of reporters) {
          const line = reporter.summary();
          if (line) log.warn(line);
        }
        if (!finished) {
          // What is still sending is given up, so that nothing of it keeps the process alive:
          // the queues' own export timers, the exporters' connections to a hung collector.
          for (const reporter of reporters) reporter.abandonInFlight();
          void traces.shutdownExporters();
          void metricsBuild.closeExporters();
          void logs.shutdownExporters();
        }
        globals?.uninstall();
      })().catch(() => {});
      return shutdownPromise;
    },
  };
}

/** Resolves true if `work` settled in time, false if the timer won. Never rejects. */
function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  // Ref'd: while a flush waits (on connections that may be unref'd) the process must stay up; the
  // timer is cleared as soon as the work settles, so it never delays an exit beyond `ms`.
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

function disabled(): GenAIOtel {
  const tracerProvider = new TracerProvider();
  const meterProvider = new MeterProvider();
  return {
    tracerProvider,
    meterProvider,
    loggerProvider: undefined,
    ready: Promise.resolve(),
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

async function closeExporters(shared: SharedComponents): Promise<void> {
  for (const exporter of shared.exporters.values()) {
    await Promise.allSettled([
      exporter.traces?.shutdown(),
      exporter.metrics?.shutdown(),
      exporter.logs?.shutdown(),
    ]);
  }
}
