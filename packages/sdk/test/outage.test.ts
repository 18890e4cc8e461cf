import { startOtlpReceiver } from '@genai-otel/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CIRCUIT_FIRST_BACKOFF_MS } from '../src/builder/circuit-breaker.js';
import { type GenAIOtel, startFromConfig } from '../src/start.js';
import { captureLogger, config } from './helpers.js';
import { deadPort, startResettingServer, startSilentServer } from './tcp-servers.js';

/** `batch` as given; by default every span is its own batch, sent at once. */
function start(
  url: string,
  log = captureLogger(),
  timeout = '300ms',
  batch = '{ send_batch_size: 1 }',
): GenAIOtel {
  return startFromConfig(
    config(`
receivers: { genai: { instrumentations: [] } }
processors: { batch: ${batch} }
exporters:
  otlp_http: { endpoint: "${url}", timeout: ${timeout} }
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

/** The circuit breaker reads `Date.now()`: these tests move it forward instead of sleeping. */
function freezeClock(): { advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  return { advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('exporter outage reporting', () => {
  it('long-running: one line for many failed batches, recovery announced, summed up at shutdown', async () => {
    const clock = freezeClock();
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
      // Still within the backoff: dropped without trying.
      await oneBatch(otel, 'too-early');
      expect(receiver.requests).toHaveLength(0);
      clock.advance(CIRCUIT_FIRST_BACKOFF_MS);
      await oneBatch(otel, 'delivered');
      expect(receiver.spans().map((s) => s.name)).toEqual(['delivered']);
      expect(log.lines.slice(1)).toEqual([
        'genai-otel: exporter otlp_http is reachable again (dropped 6 spans while down)',
      ]);
      await otel.shutdown();
      expect(log.lines.slice(2)).toEqual(['genai-otel: exporter otlp_http dropped 6 spans']);
    } finally {
      await receiver.close();
    }
  });

  it('while the circuit is open batches never reach the exporter; probes back off 1 s, 2 s, 4 s', async () => {
    const clock = freezeClock();
    const server = await startResettingServer();
    const log = captureLogger();
    const otel = start(server.url, log);
    try {
      await oneBatch(otel, 'first');
      expect(server.connections).toBe(1);
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http cannot reach ${server.url}/v1/traces (ECONNRESET); spans will be dropped until it is reachable`,
      ]);
      for (let i = 0; i < 20; i++) await oneBatch(otel, `dropped-${i}`);
      expect(server.connections).toBe(1);

      const probesAfter = async (waitMs: number, expected: number) => {
        clock.advance(waitMs - 1);
        await oneBatch(otel, 'not yet');
        expect(server.connections).toBe(expected - 1);
        clock.advance(1);
        await oneBatch(otel, 'probe');
        expect(server.connections).toBe(expected);
      };
      await probesAfter(1000, 2);
      await probesAfter(2000, 3);
      await probesAfter(4000, 4);
      expect(log.lines).toHaveLength(1);
    } finally {
      await otel.shutdown();
      await server.close();
    }
    expect(log.lines.slice(1)).toEqual(['genai-otel: exporter otlp_http dropped 27 spans']);
  });

  it('short-lived: a dead endpoint first seen at shutdown is one line and costs no retries', async () => {
    const url = `http://127.0.0.1:${await deadPort()}`;
    const log = captureLogger();
    // The default 10 s timeout: the exporter used to retry the refused connection for all of it.
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
    await otel.shutdown();
    expect(performance.now() - started).toBeLessThan(900);
    expect(log.lines).toEqual([
      `genai-otel: exporter otlp_http could not reach ${url}/v1/traces (ECONNREFUSED); dropped 100 spans`,
    ]);
  });

  it('an endpoint still unreachable at shutdown is not waited for; the summary says what it held', async () => {
    freezeClock();
    const server = await startSilentServer();
    const log = captureLogger();
    // Spans wait in the queue until shutdown.
    const otel = start(server.url, log, '200ms', '{ send_batch_size: 512, timeout: 1m }');
    try {
      await oneBatch(otel, 'hangs');
      // The request timed out: the endpoint counts as unreachable, the circuit is open.
      expect(log.lines).toEqual([
        `genai-otel: exporter otlp_http cannot reach ${server.url}/v1/traces (request timed out); spans will be dropped until it is reachable`,
      ]);
      const tracer = otel.tracerProvider.getTracer('outage');
      for (let i = 0; i < 3; i++) tracer.startSpan(`queued-${i}`).end();
      const started = performance.now();
      await otel.shutdown();
      expect(performance.now() - started).toBeLessThan(300);
      expect(server.connections).toBe(1);
      expect(log.lines.slice(1)).toEqual([
        'genai-otel: exporter otlp_http dropped 4 spans (3 queued at shutdown while unreachable)',
      ]);
    } finally {
      await server.close();
    }
  });

  it('shutdown with a hung endpoint is bounded, and says what it gave up', async () => {
    const server = await startSilentServer();
    const log = captureLogger();
    const otel = start(server.url, log, '10s', '{ send_batch_size: 512, timeout: 1m }');
    try {
      const tracer = otel.tracerProvider.getTracer('outage');
      for (let i = 0; i < 100; i++) tracer.startSpan(`s${i}`).end();
      const started = performance.now();
      await otel.shutdown(400);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(log.lines[0]).toBe(
        'genai-otel: shutdown stopped waiting after 400ms (still exporting: otlp_http)',
      );
      expect(log.lines[1]).toBe(
        'genai-otel: exporter otlp_http dropped 100 spans (100 still unsent at shutdown)',
      );
      expect(log.lines).toHaveLength(2);
    } finally {
      await server.close();
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
      // Refused is not unreachable: every batch is still tried.
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
});
