import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { captureLogger, config } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import type { OtlpHttpExporterConfig } from './config.js';
import { otlpHttpExporterFactory } from './factory.js';
import { parseHeaders, resolveOtlpHttp } from './resolve.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));
const retryDefaults = {
  enabled: true,
  initial_interval: '5s',
  max_interval: '30s',
  max_elapsed_time: '300s',
};

describe('otlp_http exporter', () => {
  const loaded = loadConfig(testdata, { env: { TOKEN: 'sekret' } });

  it.each<[string, OtlpHttpExporterConfig]>([
    [
      'otlp_http',
      {
        encoding: 'proto',
        sending_queue: { enabled: true, queue_size: 2048 },
        retry_on_failure: retryDefaults,
      },
    ],
    [
      'otlp_http/full',
      {
        endpoint: 'http://collector:4318',
        traces_endpoint: 'http://collector:4318/custom/traces',
        headers: { authorization: 'Bearer sekret' },
        timeout: '5s',
        compression: 'gzip',
        encoding: 'json',
        sending_queue: { enabled: true, queue_size: 100 },
        retry_on_failure: { ...retryDefaults, enabled: false },
      },
    ],
    [
      'otlphttp/legacy',
      {
        endpoint: 'https://otel.example.com/prefix/',
        encoding: 'proto',
        sending_queue: { enabled: true, queue_size: 2048 },
        retry_on_failure: retryDefaults,
      },
    ],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.exporters.get(id)?.config).toEqual(expected);
  });

  it('resolves the old otlphttp name to otlp_http', () => {
    expect(loaded.exporters.get('otlphttp/legacy')?.type).toBe('otlp_http');
  });

  const cfg = (id: string) => loaded.exporters.get(id)?.config as OtlpHttpExporterConfig;

  it('defaults to a local collector', () => {
    expect(resolveOtlpHttp(cfg('otlp_http'), {})).toEqual({
      tracesUrl: 'http://localhost:4318/v1/traces',
      metricsUrl: 'http://localhost:4318/v1/metrics',
      logsUrl: 'http://localhost:4318/v1/logs',
      headers: {},
      timeoutMs: 10_000,
      compression: 'none',
      encoding: 'proto',
      queueSize: 2048,
      // The collector's retry_on_failure defaults.
      retry: {
        enabled: true,
        initialIntervalMs: 5000,
        maxIntervalMs: 30_000,
        maxElapsedMs: 300_000,
      },
    });
  });

  it('honours OTEL_EXPORTER_OTLP_* when the YAML leaves a key unset', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gateway:4318/',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces-only:9999/t',
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs-only:9999/l',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme,api-key=a%3Db',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=traces',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
    };
    expect(resolveOtlpHttp(cfg('otlp_http'), env)).toMatchObject({
      tracesUrl: 'http://traces-only:9999/t',
      metricsUrl: 'http://gateway:4318/v1/metrics',
      logsUrl: 'http://logs-only:9999/l',
      headers: { 'x-tenant': 'traces', 'api-key': 'a=b' },
      timeoutMs: 2500,
      compression: 'gzip',
    });
  });

  it('lets the YAML win over the environment', () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gateway:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
    };
    expect(resolveOtlpHttp(cfg('otlp_http/full'), env)).toEqual({
      tracesUrl: 'http://collector:4318/custom/traces',
      metricsUrl: 'http://collector:4318/v1/metrics',
      logsUrl: 'http://collector:4318/v1/logs',
      headers: { authorization: 'Bearer sekret' },
      timeoutMs: 5000,
      compression: 'gzip',
      encoding: 'json',
      queueSize: 100,
      // Keys left out keep their defaults.
      retry: {
        enabled: false,
        initialIntervalMs: 5000,
        maxIntervalMs: 30_000,
        maxElapsedMs: 300_000,
      },
    });
    expect(resolveOtlpHttp(cfg('otlphttp/legacy'), env).tracesUrl).toBe(
      'https://otel.example.com/prefix/v1/traces',
    );
  });

  it('parses OTEL_EXPORTER_OTLP_HEADERS leniently', () => {
    expect(parseHeaders(' a = 1 ,broken,,b=x%2Cy, =novalue')).toEqual({ a: '1', b: 'x,y' });
  });

  it('hands retry_on_failure to the shared export queue, silently', () => {
    const log = captureLogger();
    const ctx = { id: 'otlp_http/full', env: {}, log: log.logger, signals: ['traces'] as const };
    const exporter = otlpHttpExporterFactory.create(cfg('otlp_http/full'), ctx);
    expect(log.lines).toEqual([]);
    expect(exporter.retry).toEqual({
      enabled: false,
      initialIntervalMs: 5000,
      maxIntervalMs: 30_000,
      maxElapsedMs: 300_000,
    });
    expect(exporter.traces).toBeDefined();
    expect(exporter.metrics).toBeUndefined();
    expect(exporter.target).toBe('http://collector:4318/custom/traces');
    return exporter.traces?.shutdown();
  });

  it('rejects a non-http endpoint and an unknown encoding', () => {
    let message = '';
    try {
      config(`
receivers: { genai: }
exporters:
  otlp_http: { endpoint: "ftp://x", encoding: xml }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_http] } } }
`);
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain(
      'exporters.otlp_http.encoding: must be one of: proto, json (got "xml")',
    );
    expect(message).not.toContain('endpoint: must be an http');
  });

  it('rejects a non-http endpoint once the shape is right', () => {
    expect(() =>
      config(`
receivers: { genai: }
exporters:
  otlp_http: { endpoint: "ftp://x" }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_http] } } }
`),
    ).toThrow('exporters.otlp_http.endpoint: must be an http:// or https:// URL (got "ftp://x")');
  });

  it('refuses retry_on_failure intervals that cannot work, naming the key', () => {
    expect(() =>
      config(`
receivers: { genai: }
exporters:
  otlp_http: { retry_on_failure: { initial_interval: 10s, max_interval: 1s } }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_http] } } }
`),
    ).toThrow(
      'exporters.otlp_http.retry_on_failure.max_interval: must be at least initial_interval ("10s"; got "1s")',
    );
    expect(() =>
      config(`
receivers: { genai: }
exporters:
  otlp_http: { retry_on_failure: { initial_interval: 0s } }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_http] } } }
`),
    ).toThrow('exporters.otlp_http.retry_on_failure.initial_interval: must be more than 0');
  });
});
