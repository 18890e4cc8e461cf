import { startOtlpReceiver } from '@genai-otel/test-utils';
import { describe, expect, it } from 'vitest';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config } from './helpers.js';

/** A port nothing listens on (taken from a receiver that was then closed). */
async function deadPort(): Promise<number> {
  const probe = await startOtlpReceiver();
  await probe.close();
  return probe.port;
}

function start(url: string, log = captureLogger()): GenAIOtel {
  // A short timeout: the exporter gives up on its first refused connection instead of retrying.
  return startFromConfig(
    config(`
receivers: { genai: { instrumentations: [] } }
processors: { batch: { send_batch_size: 1 } }
exporters:
  otlp_http: { endpoint: "${url}", timeout: 300ms }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [otlp_http] } } }
`),
    { registerGlobals: false, env: {}, logger: log.logger },
  );
}

/** Ends one span and waits until its export has succeeded or failed. */
async function oneBatch(otel: GenAIOtel, name: string): Promise<void> {
  otel.tracerProvider.getTracer('outage').startSpan(name).end();
  await otel.forceFlush(5000);
}

describe('exporter outage reporting', () => {
  it('says one line for many failed batches, announces recovery, sums up at shutdown', async () => {
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

  it('names the HTTP status when the endpoint refuses the data', async () => {
    const receiver = await startOtlpReceiver();
    try {
      receiver.fail(401);
      const log = captureLogger();
      const otel = start(receiver.url, log);
      await oneBatch(otel, 'a');
      await oneBatch(otel, 'b');
      await otel.shutdown();
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (HTTP 401 Unauthorized); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http dropped 2 spans',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('reports an overloaded endpoint (503) without a stack trace', async () => {
    const receiver = await startOtlpReceiver();
    try {
      receiver.fail(503);
      const log = captureLogger();
      const otel = start(receiver.url, log);
      await oneBatch(otel, 'a');
      await otel.shutdown();
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http was refused by ${receiver.url}/v1/traces (busy: HTTP 429/502/503/504); spans will be dropped until it is reachable`,
        'genai-otel: exporter otlp_http dropped 1 span',
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('never throws into the app, and shutdown with a dead endpoint is bounded', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const log = captureLogger();
    // The default 10s timeout: the exporter would retry for seconds; shutdown must not wait.
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
    const started = performance.now();
    await otel.shutdown(400);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(log.lines).toEqual([
      'genai-otel: shutdown stopped waiting after 400ms (still exporting: otlp_http)',
      'genai-otel: exporter otlp_http dropped 100 spans (100 still unsent at shutdown)',
    ]);
  });
});
