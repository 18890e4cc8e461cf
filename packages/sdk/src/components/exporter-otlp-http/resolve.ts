import { type ComponentLogger, DEFAULT_QUEUE_SIZE, type Env } from '@genai-otel/component';
import { parseDuration } from '@genai-otel/config';
import {
  createDefaultConfig,
  DEFAULT_ENDPOINT,
  DEFAULT_TIMEOUT_MS,
  type OtlpHttpExporterConfig,
} from './config.js';

/** The settings the official exporters are built with, after env defaults are applied. */
export interface ResolvedOtlpHttp {
  tracesUrl: string;
  metricsUrl: string;
  logsUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  compression: 'gzip' | 'none';
  encoding: 'proto' | 'json';
  /** Spans the exporter's queue holds at most. */
  queueSize: number;
  /** `retry_on_failure`, in ms, for the shared export queue. */
  retry: {
    enabled: boolean;
    initialIntervalMs: number;
    maxIntervalMs: number;
    maxElapsedMs: number;
  };
}

/**
 * YAML first, then the standard `OTEL_EXPORTER_OTLP_*` variables (signal-specific before
 * general), then the defaults: the precedence the OTel SDKs use, with the file on top.
 * `log` hears, once per variable, of header entries that had to be left out.
 */
export function resolveOtlpHttp(
  config: OtlpHttpExporterConfig,
  env: Env,
  log?: ComponentLogger,
): ResolvedOtlpHttp {
  const headersOf = (name: 'OTEL_EXPORTER_OTLP_HEADERS' | 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') =>
    parseHeaders(env[name], (ignored) =>
      // An auth header that silently vanishes shows up only as 401s far away: say which.
      log?.once(
        `malformed:${name}`,
        'warn',
        `${name}: ignored ${ignored.join(', ')}; write key=value pairs, comma-separated, percent-encoded`,
      ),
    );
  const signalUrl = (signal: OtlpSignal, explicit: string | undefined) =>
    explicit ??
    (config.endpoint !== undefined ? appendPath(config.endpoint, signal) : undefined) ??
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`]) ??
    appendPath(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? DEFAULT_ENDPOINT, signal);

  const envTimeout =
    positiveNumber(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ??
    positiveNumber(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  const envCompression =
    compressionOf(env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION) ??
    compressionOf(env.OTEL_EXPORTER_OTLP_COMPRESSION);
  const queue = config.sending_queue ?? { enabled: true, queue_size: DEFAULT_QUEUE_SIZE };

  return {
    tracesUrl: signalUrl('TRACES', config.traces_endpoint),
    metricsUrl: signalUrl('METRICS', config.metrics_endpoint),
    logsUrl: signalUrl('LOGS', config.logs_endpoint),
    headers: config.headers ?? {
      ...headersOf('OTEL_EXPORTER_OTLP_HEADERS'),
      ...headersOf('OTEL_EXPORTER_OTLP_TRACES_HEADERS'),
    },
    timeoutMs:
      config.timeout !== undefined
        ? parseDuration(config.timeout)
        : (envTimeout ?? DEFAULT_TIMEOUT_MS),
    compression: config.compression ?? envCompression ?? 'none',
    encoding: config.encoding ?? 'proto',
    queueSize: queue.enabled === false ? 0 : (queue.queue_size ?? DEFAULT_QUEUE_SIZE),
    retry: resolveRetry(config.retry_on_failure),
  };
}

/** `retry_on_failure` as the collector reads it; keys left out keep their defaults. */
function resolveRetry(
  retry: Partial<OtlpHttpExporterConfig['retry_on_failure']> | undefined,
): ResolvedOtlpHttp['retry'] {
  const d = createDefaultConfig().retry_on_failure;
  return {
    enabled: retry?.enabled ?? d.enabled,
    initialIntervalMs: parseDuration(retry?.initial_interval ?? d.initial_interval),
    maxIntervalMs: parseDuration(retry?.max_interval ?? d.max_interval),
    maxElapsedMs: parseDuration(retry?.max_elapsed_time ?? d.max_elapsed_time),
  };
}

/** `http://host:4318` → `http://host:4318/v1/traces`, keeping any path prefix of the base. */
/** The signals' names as the `OTEL_EXPORTER_OTLP_<SIGNAL>_*` variables spell them. */
export type OtlpSignal = 'TRACES' | 'METRICS' | 'LOGS';

export function appendPath(base: string, signal: OtlpSignal): string {
  const suffix = `v1/${signal.toLowerCase()}`;
  return base.endsWith('/') ? `${base}${suffix}` : `${base}/${suffix}`;
}

/**
 * `k1=v1,k2=v2` with percent-encoding, as OTEL_EXPORTER_OTLP_HEADERS is written. A malformed entry
 * costs that one header, not the exporter; `onIgnored` gets them all at once, described by key or
 * position — never by value, which may be a secret.
 */
export function parseHeaders(
  raw: string | undefined,
  onIgnored?: (entries: string[]) => void,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [index, pair] of (raw ?? '').split(',').entries()) {
    if (pair.trim() === '') continue; // `a=1,` or `a=1,,b=2`: nothing was meant there
    const at = pair.indexOf('=');
    const rawKey = at < 0 ? '' : pair.slice(0, at).trim();
    if (at < 0 || rawKey === '') {
      ignored.push(`entry ${index + 1} (${at < 0 ? 'no "="' : 'no key'})`);
      continue;
    }
    try {
      const key = decodeURIComponent(rawKey);
      headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      ignored.push(`header ${JSON.stringify(rawKey)} (bad percent-encoding)`);
    }
  }
  if (ignored.length > 0) onIgnored?.(ignored);
  return headers;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function positiveNumber(value: string | undefined): number | undefined {
  const n = Number(nonEmpty(value));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function compressionOf(value: string | undefined): 'gzip' | 'none' | undefined {
  const v = nonEmpty(value);
  return v === 'gzip' || v === 'none' ? v : undefined;
}

/** Paths of the TLS files for an https endpoint (read when the first connection is made). */
export interface TlsFiles {
  /** Trusted CA certificates: `OTEL_EXPORTER_OTLP_[SIGNAL_]CERTIFICATE`. */
  ca?: string;
  /** Client certificate chain: `OTEL_EXPORTER_OTLP_[SIGNAL_]CLIENT_CERTIFICATE`. */
  cert?: string;
  /** Client private key: `OTEL_EXPORTER_OTLP_[SIGNAL_]CLIENT_KEY`. */
  key?: string;
}

/**
 * The official exporter reads these variables itself only for the agent it makes; the agent is
 * ours, so they are resolved here, signal-specific before general, as it does.
 */
export function resolveTlsFiles(env: Env, signal: OtlpSignal): TlsFiles {
  const pick = (suffix: string) =>
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${signal}_${suffix}`]) ??
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${suffix}`]);
  const files: TlsFiles = {};
  const ca = pick('CERTIFICATE');
  const cert = pick('CLIENT_CERTIFICATE');
  const key = pick('CLIENT_KEY');
  if (ca) files.ca = ca;
  if (cert) files.cert = cert;
  if (key) files.key = key;
  return files;
}
