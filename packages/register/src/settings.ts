/**
 * The environment variables `@genai-otel/register` reads, parsed once. Bad values never throw:
 * they fall back to the default and say so, as the OpenTelemetry SDKs do.
 */

/** OTel's `OTEL_LOG_LEVEL` values, most to least quiet. */
export const LOG_LEVELS = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5000;

export interface RegisterSettings {
  /** `OTEL_SDK_DISABLED=true`: do nothing at all. */
  disabled: boolean;
  /** `GENAI_OTEL_CONFIG`: the YAML file, relative to the working directory; unset = the sdk's default. */
  configFile: string | undefined;
  /** `GENAI_OTEL_STRICT=true`: a bad config (or an internal error) stops the app before it starts. */
  strict: boolean;
  /** `GENAI_OTEL_SHUTDOWN_TIMEOUT_MS`: upper bound on the flush at exit. */
  shutdownTimeoutMs: number;
  /** `OTEL_LOG_LEVEL`, lower-cased; `info` when unset. */
  logLevel: LogLevel;
  /** Whether `OTEL_LOG_LEVEL` was set at all (only then do we install an OTel diag logger). */
  logLevelExplicit: boolean;
  /** Problems found while parsing, to be logged once a logger exists. */
  warnings: string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

/** OTel's boolean rule: only a case-insensitive `true` is true; anything but `false`/empty warns. */
function readBoolean(env: Env, name: string, warnings: string[]): boolean {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return false;
  const value = raw.toLowerCase();
  if (value === 'true') return true;
  if (value !== 'false') warnings.push(`${name}="${raw}" is not true or false; using false`);
  return false;
}

function readTimeout(env: Env, name: string, warnings: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  warnings.push(
    `${name}="${raw}" is not a positive integer (ms); using ${DEFAULT_SHUTDOWN_TIMEOUT_MS}`,
  );
  return DEFAULT_SHUTDOWN_TIMEOUT_MS;
}

function readLogLevel(env: Env, warnings: string[]): { level: LogLevel; explicit: boolean } {
  const raw = env.OTEL_LOG_LEVEL?.trim();
  if (raw === undefined || raw === '') return { level: 'info', explicit: false };
  const value = raw.toLowerCase();
  const level = LOG_LEVELS.find((l) => l === value);
  if (level) return { level, explicit: true };
  warnings.push(`OTEL_LOG_LEVEL="${raw}" is not one of ${LOG_LEVELS.join(', ')}; using info`);
  return { level: 'info', explicit: false };
}

export function readSettings(env: Env): RegisterSettings {
  const warnings: string[] = [];
  const configFile = env.GENAI_OTEL_CONFIG?.trim();
  const { level, explicit } = readLogLevel(env, warnings);
  return {
    disabled: readBoolean(env, 'OTEL_SDK_DISABLED', warnings),
    configFile: configFile === '' ? undefined : configFile,
    strict: readBoolean(env, 'GENAI_OTEL_STRICT', warnings),
    shutdownTimeoutMs: readTimeout(env, 'GENAI_OTEL_SHUTDOWN_TIMEOUT_MS', warnings),
    logLevel: level,
    logLevelExplicit: explicit,
    warnings,
  };
}
