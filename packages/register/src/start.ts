/**
 * `start()`: everything `--import @genai-otel/register` does, for apps that prefer to call it
 * from code. It throws on a bad config (a `ConfigError` from `@genai-otel/config`): the caller
 * decides whether that stops the app. The `--import` entry wraps it with that decision.
 */
import type { ResolvedConfig } from '@genai-otel/config';
import {
  createDefaultRegistry,
  createLogger as createSdkLogger,
  type GenAIOtel,
  instrumentedModules,
  type Logger,
  loadConfig,
  logBridgeModules,
  startFromConfig,
} from '@genai-otel/sdk';
import { includeList, installEsmHooks } from './esm-hooks.js';
import { installLifecycle } from './lifecycle.js';
import { createLogger, type RegisterLogger } from './logger.js';
import { type Env, type LogLevel, readSettings } from './settings.js';

/** The running setup: `{ tracerProvider, meterProvider, forceFlush(timeoutMs?), shutdown(timeoutMs?) }`. */
export type GenAIOtelHandle = GenAIOtel;

export interface StartOptions {
  /**
   * A YAML file (relative to the working directory) or a config already loaded with the sdk's
   * `loadConfig`. Default: `GENAI_OTEL_CONFIG`, else the sdk's default config.
   */
  config?: string | ResolvedConfig;
  /** Environment used for `${env:...}` expansion and the `OTEL_*` / `GENAI_OTEL_*` settings. Default: `process.env`. */
  env?: Env;
  /** Install the ESM loader hook so `import`ed SDKs are instrumented. Default: `true`. */
  esmHooks?: boolean;
  /** Flush and shut down on `beforeExit`, SIGINT and SIGTERM. Default: `true`. */
  exitHandlers?: boolean;
  /** Bound on the flush at exit. Default: `GENAI_OTEL_SHUTDOWN_TIMEOUT_MS`, else 5000. */
  shutdownTimeoutMs?: number;
  /** Where register's own diagnostics go. Default: `genai-otel: ` lines on stderr. */
  logger?: RegisterLogger;
  /**
   * Where the sdk's messages go (exporter failures…). Default: stderr, at `OTEL_LOG_LEVEL` when
   * set (the environment wins over the file), else at the YAML's `service.telemetry.logs.level`.
   */
  sdkLogger?: Logger;
}

let active: GenAIOtelHandle | undefined;

/**
 * Loads the config, installs the ESM hook, starts the pipelines and the exit handlers.
 * Returns `undefined` when `OTEL_SDK_DISABLED=true`. A second call returns the first handle.
 */
export function start(options: StartOptions = {}): GenAIOtelHandle | undefined {
  if (active) return active;
  const env = options.env ?? process.env;
  const settings = readSettings(env);
  const log = options.logger ?? createLogger(settings.logLevel);
  for (const warning of settings.warnings) log.warn(warning);
  if (settings.disabled) {
    log.debug('OTEL_SDK_DISABLED=true: telemetry is off, nothing is instrumented');
    return undefined;
  }

  const registry = createDefaultRegistry();
  // Config first: a bad file leaves the app entirely untouched, without even a loader hook.
  const config =
    typeof options.config === 'object'
      ? options.config
      : loadConfig(options.config ?? settings.configFile, { registry, env });
  if (options.esmHooks !== false) {
    // The GenAI SDKs, and the app's loggers when a logs pipeline takes its records.
    const mode = installEsmHooks(
      includeList([...instrumentedModules(), ...logBridgeModules(config)]),
    );
    log.debug(`ESM loader hook installed (${mode})`);
  }
  const sdkLogger =
    options.sdkLogger ??
    (settings.logLevelExplicit
      ? createSdkLogger({ level: sdkLevel(settings.logLevel) })
      : undefined);
  // The sdk reads OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES and OTEL_LOG_LEVEL (diag) from env.
  const handle = startFromConfig(
    config,
    sdkLogger ? { registry, env, logger: sdkLogger } : { registry, env },
  );
  active = handle;
  if (options.exitHandlers !== false) {
    installLifecycle(handle, {
      timeoutMs: options.shutdownTimeoutMs ?? settings.shutdownTimeoutMs,
      log,
    });
  }
  log.debug(`started from ${config.file}`);
  return handle;
}

/** OTel's seven levels onto the sdk logger's five. */
function sdkLevel(level: LogLevel): 'none' | 'error' | 'warn' | 'info' | 'debug' {
  return level === 'verbose' || level === 'all' ? 'debug' : level;
}
