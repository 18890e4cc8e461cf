import { startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config } from './helpers.js';
import { deadPort, startResettingServer, startSilentServer } from './tcp-servers.js';

/** `batch` as given; by default every span is its own batch, sent at once; no retries by default. */
function start(
  url: string,
  log = captureLogger(),
  timeout = '300ms',
  batch = '{ send_batch_size: 1 }',
  retry = '{ enabled: false }',
): GenAIOtel {
  return startFromConfig(
    config(`
receivers: { genai: { instrumentations: [] } }
processors: { batch: ${batch} }
exporters:
  otlp_http: { endpoint: "${url}", timeout: ${timeout}, retry_on_failure: ${retry} }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_http] } } }
`),
    { registerGlobals: false, env: {}, logger: log.logger },
  );
}

/** Ends one span and waits until its export has succeeded, failed or been dropped. */
async function oneBatch(otel: GenAIOtel, name: string): Promise<void> {
  otel.tracerProvider.getTracer('outage').startSpan(name).end();
  await otel.forceFlush(5000);
}

const FAST_RETRY = '{ initial_interval: 20ms, max_interval: 40ms, max_elapsed_time: 2s }';

describe('exporter outage reporting', () => {
  it('long-running: one line for many failed batches, recovery announced, summed up at shutdown', async () => {
    const port = await deadPort();
    const url = `http://127.0.0.1:${port}`;
    const log = captureLogger();
    const otel = start(url, log);

    for (let i = 0; i < 5; i++) await oneBatch(otel, `lost-${i}`);
    expect(log.lines).toEqual([
      `genai-otel: exporter otlp_http cannot reach ${url}/v1/traces (ECONNREFUSED); spans will be dropped until it is reachable`,
    ]);

    const receiver = await startOtlpReceiver({ port });
    try {
      await oneBatch(otel, 'delivered');
      expect(receiver.spans().map((s) => s.name)).toEqual(['delivered']);
      expect(log.lines.slice(1)).toEqual([
        'genai-otel: exporter otlp_http is reachable again (dropped 5 spans while down)',
      ]);
      await otel.shutdown();
      expect(log.lines.slice(2)).toEqual(['genai-otel: exporter otlp_http dropped 5 spans']);
    } finally {
      await receiver.close();
    }
  });

  it('retries a busy endpoint (503, then 429 with Retry-After) until it takes the batch: nothing lost', async () => {
    const receiver = await startOtlpReceiver();
    try {
      receiver.fail(503, { times: 2 });
      const log = captureLogger();
      const otel = start(receiver.url, log, '300ms', undefined, FAST_RETRY);
      await oneBatch(otel, 'kept');
      expect(receiver.requests.map((r) => r.status)).toEqual([503, 503, 200]);
      receiver.reset();
      receiver.fail(429, { times: 1, retryAfter: 1 });
      const started = performance.now();
      await oneBatch(otel, 'waited');
      // Retry-After: 1 wins over the 20 ms backoff.
      expect(performance.now() - started).toBeGreaterThanOrEqual(950);
      expect(receiver.requests.map((r) => r.status)).toEqual([429, 200]);
      await otel.shutdown();
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (HTTP 503 Service Unavailable); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http is reachable again',
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (HTTP 429 Too Many Requests); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http is reachable again',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('a reset connection is retried with backoff, then the batch is dropped after max_elapsed_time', async () => {
    const server = await startResettingServer();
    const log = captureLogger();
    const otel = start(
      server.url,
      log,
      '300ms',
      undefined,
      '{ initial_interval: 20ms, max_interval: 40ms, max_elapsed_time: 300ms }',
    );
    try {
      await oneBatch(otel, 'first');
      expect(server.connections).toBeGreaterThan(2);
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http cannot reach ${server.url}/v1/traces (ECONNRESET); spans will be dropped until it is reachable`,
      ]);
    } finally {
      await otel.shutdown();
      await server.close();
    }
    expect(log.lines.slice(1)).toEqual(['genai-otel: exporter otlp_http dropped 1 span']);
  });

  it('short-lived: a dead endpoint first seen at shutdown is one line, within the bound', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const log = captureLogger();
    // The defaults: 10 s timeout, retries for up to 300 s — the shutdown bound wins.
    const otel = startFromConfig(
      config(`
receivers: { genai: { instrumentations: [] } }
exporters: { otlp_http: { endpoint: "${url}" } }
service: { pipelines: { traces: { receivers: [genai], exporters: [otlp_http] } } }
`),
      { registerGlobals: false, env: {}, logger: log.logger },
    );
    const tracer = otel.tracerProvider.getTracer('outage');
    expect(() => {
      for (let i = 0; i < 100; i++) tracer.startSpan(`s${i}`).end();
    }).not.toThrow();
    await otel.shutdown(1000);
    expect(log.lines).toEqual([
      `genai-otel: exporter otlp_http could not reach ${url}/v1/traces (ECONNREFUSED); dropped 100 spans`,
    ]);
  });

  it('shutdown with a hung endpoint is bounded, and says what it gave up', async () => {
    const server = await startSilentServer();
    const log = captureLogger();
    const otel = start(server.url, log, '10s', '{ send_batch_size: 512, timeout: 1m }');
    try {
      const tracer = otel.tracerProvider.getTracer('outage');
      for (let i = 0; i < 100; i++) tracer.startSpan(`s${i}`).end();
      const started = performance.now();
      await otel.shutdown(1000);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http dropped 100 spans (100 still unsent at shutdown)`,
      ]);
    } finally {
      await server.close();
    }
  });

  it('names the HTTP status when the endpoint refuses the data, and never retries a 4xx', async () => {
    const receiver = await startOtlpReceiver();
    try {
      receiver.fail(401);
      const log = captureLogger();
      const otel = start(receiver.url, log, '300ms', undefined, FAST_RETRY);
      await oneBatch(otel, 'a');
      await oneBatch(otel, 'b');
      expect(receiver.requests).toHaveLength(2);
      await otel.shutdown();
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (HTTP 401 Unauthorized); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http dropped 2 spans',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('a refusal first seen at shutdown is one line too', async () => {
    const receiver = await startOtlpReceiver();
    try {
      receiver.fail(401);
      const log = captureLogger();
      const otel = start(receiver.url, log);
      otel.tracerProvider.getTracer('outage').startSpan('a').end();
      await otel.shutdown();
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (HTTP 401 Unauthorized); dropped 1 span`,
      ]);
    } finally {
      await receiver.close();
    }
  });
});
