import type { Env } from '@genai-otel/component';
import {
  context,
  DiagConsoleLogger,
  diag,
  type LoggerProvider,
  logs,
  type MeterProvider,
  metrics,
  propagation,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  diagLogLevelFromString,
  setGlobalErrorHandler,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import type { Logger } from '../logger.js';
import { isReported } from './describe-failure.js';

/** `OTEL_LOG_LEVEL` switches on OpenTelemetry's own diagnostics (`diag`) on the console. */
export function configureDiag(env: Env): void {
  const level = diagLogLevelFromString(env.OTEL_LOG_LEVEL);
  if (level === undefined) return;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: level, suppressOverrideMessage: true });
}

/**
 * OTel calls the global error handler for every failed batch; errors our exporter wrappers have
 * already reported are dropped, anything else is said once per distinct message.
 */
export function installErrorHandler(log: Logger): void {
  setGlobalErrorHandler((error) => {
    if (isReported(error)) return;
    const message = error instanceof Error ? error.message : String(error);
    log.once(`otel-error:${message}`, 'warn', `OpenTelemetry: ${message}`);
  });
}

/** What `registerGlobals` installed, so shutdown can take exactly that back. */
export interface InstalledGlobals {
  uninstall(): void;
}

let current: InstalledGlobals | undefined;

/**
 * Context manager, W3C propagators and the providers as the process-wide globals. A previous
 * install of ours (a restart, tests) is replaced; someone else's globals are left alone and the
 * conflict is said once: the API refuses to replace them.
 */
export function installGlobals(
  providers: {
    tracerProvider: TracerProvider;
    meterProvider: MeterProvider;
    /** Only when a logs pipeline takes the app's own records (pino/winston write to the global). */
    loggerProvider?: LoggerProvider | undefined;
  },
  log: Logger,
): InstalledGlobals {
  current?.uninstall();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const results = {
    'context manager': context.setGlobalContextManager(contextManager),
    propagator: propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    ),
    'tracer provider': trace.setGlobalTracerProvider(providers.tracerProvider),
    'meter provider': metrics.setGlobalMeterProvider(providers.meterProvider),
    ...(providers.loggerProvider
      ? { 'logger provider': logs.setGlobalLoggerProvider(providers.loggerProvider) }
      : {}),
  } as Record<string, boolean>;
  const refused = Object.entries(results)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (refused.length > 0) {
    log.warn(
      `another OpenTelemetry setup already registered a global ${refused.join(', ')}; genai-otel's are not global (instrumentations still use them)`,
    );
  }
  const installed: InstalledGlobals = {
    uninstall() {
      if (current !== installed) return;
      current = undefined;
      if (results['tracer provider']) trace.disable();
      if (results['meter provider']) metrics.disable();
      if (results['logger provider']) logs.disable();
      if (results.propagator) propagation.disable();
      if (results['context manager']) context.disable();
      contextManager.disable();
    },
  };
  current = installed;
  return installed;
}
