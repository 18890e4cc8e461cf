import type { ComponentLogger } from '@genai-otel/component';
import type { ResolvedConfig } from '@genai-otel/config';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { importSync } from '../../import-sync.js';

type Pino = typeof import('@opentelemetry/instrumentation-pino');
type Winston = typeof import('@opentelemetry/instrumentation-winston');

/**
 * The official OpenTelemetry instrumentations that bring the app's own log records into the logs
 * pipelines: each stamps the active span's trace_id/span_id on the app's log lines and sends a
 * copy of every record to the global LoggerProvider. Loaded only for a logger the app has.
 */
const LOG_BRIDGES: readonly { module: string; create(): Instrumentation }[] = [
  {
    module: 'pino',
    create: () =>
      new (importSync<Pino>('@opentelemetry/instrumentation-pino').PinoInstrumentation)(),
  },
  {
    // Sends through @opentelemetry/winston-transport, which it requires itself (a dependency of
    // the sdk, so that it is there).
    module: 'winston',
    create: () =>
      new (importSync<Winston>('@opentelemetry/instrumentation-winston').WinstonInstrumentation)(),
  },
];

/** The loggers' modules, for the ESM loader hook: what an `import`ed logger needs wrapped. */
export const LOG_BRIDGE_MODULES: readonly string[] = LOG_BRIDGES.map((b) => b.module);

/**
 * The modules to hook for this config: the loggers' when a logs pipeline takes the in-process
 * receiver's records (else none: an app without logs pipelines keeps its loggers untouched).
 */
export function logBridgeModules(config: ResolvedConfig): readonly string[] {
  const takesAppLogs = config.pipelines.some(
    (p) =>
      p.signal === 'logs' && p.receivers.some((id) => config.receivers.get(id)?.type === 'genai'),
  );
  return takesAppLogs ? LOG_BRIDGE_MODULES : [];
}

/** The instrumentations for the loggers the app can load; one that fails to load is said once. */
export function createLogBridges(
  installed: (module: string) => boolean,
  log: ComponentLogger,
): Instrumentation[] {
  const out: Instrumentation[] = [];
  for (const bridge of LOG_BRIDGES) {
    if (!installed(bridge.module)) continue;
    try {
      out.push(bridge.create());
    } catch (error) {
      log.once(
        `log-bridge:${bridge.module}`,
        'error',
        `cannot enable the ${bridge.module} instrumentation: ${String(error)}; its records do not reach the logs pipelines`,
      );
    }
  }
  return out;
}
