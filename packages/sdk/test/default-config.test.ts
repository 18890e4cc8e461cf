import { ConfigError } from '@genai-otel/config';
import { startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../src/load-config.js';
import { startFromConfig } from '../src/start.js';
import { captureLogger } from './helpers.js';

describe('default config', () => {
  it('is the genai receiver, batched, to OTLP/HTTP on localhost:4318', () => {
    const config = loadConfig(undefined, { env: {} });
    expect(config.file).toBe(DEFAULT_CONFIG_FILE);
    expect(config.pipelines).toEqual([
      {
        id: 'traces',
        signal: 'traces',
        receivers: ['genai'],
        processors: ['batch'],
        exporters: ['otlp_http'],
      },
    ]);
    // Every installed instrumentation: `instrumentations` left out, each one's defaults present.
    const genai = config.receivers.get('genai')?.config as Record<string, unknown>;
    expect(genai.instrumentations).toBeUndefined();
    expect(genai).toMatchObject({ openai: { stream_usage: false }, anthropic: {} });
    expect(config.processors.get('batch')?.config).toEqual({
      send_batch_size: 512,
      timeout: '1s',
      send_batch_max_size: 0,
    });
    expect(config.exporters.get('otlp_http')?.config).toMatchObject({
      endpoint: 'http://localhost:4318',
      encoding: 'proto',
    });
  });

  it('follows OTEL_EXPORTER_OTLP_ENDPOINT and delivers there', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'default-cfg' };
      const config = loadConfig(undefined, { env });
      expect(config.exporters.get('otlp_http')?.config).toMatchObject({ endpoint: receiver.url });
      const log = captureLogger();
      const otel = startFromConfig(config, { env, registerGlobals: false, logger: log.logger });
      otel.tracerProvider.getTracer('default').startSpan('hello').end();
      await otel.shutdown();
      const [span] = receiver.spans();
      expect(span?.name).toBe('hello');
      expect(span?.resource['service.name']).toBe('default-cfg');
      expect(receiver.requests[0]?.contentType).toBe('application/x-protobuf');
      expect(log.lines).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('loads a file, and reports every problem of a bad one with positions', () => {
    const file = new URL('../src/components/exporter-debug/testdata/config.yaml', import.meta.url);
    expect(loadConfig(file.pathname, { env: {} }).exporters.has('debug/normal')).toBe(true);
    let error: unknown;
    try {
      loadConfig('/nonexistent/genai-otel.yaml', { env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('/nonexistent/genai-otel.yaml');
  });
});
