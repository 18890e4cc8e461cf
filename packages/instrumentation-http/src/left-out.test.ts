/**
 * The http instrumentation as the receiver builds it, patching this process's node:http: genai-otel's
 * own exports (sent under suppressTracing, as exporter-helper sends every attempt) and requests to
 * its own servers are neither traced nor counted; the app's own traffic is both.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { markOwnServer } from '@genai-otel/component';
import { createTestTracing, type TestTracing } from '@genai-otel/test-utils';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpDescriptor, undiciDescriptor } from './descriptors.js';

/** node:http as a CommonJS library requires it (the AWS SDK does), once the instrumentation is on. */
let http: typeof import('node:http');

let tracing: TestTracing;
const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metrics,
  exportIntervalMillis: 60_000,
});
const instrumentation = httpDescriptor.create({
  captureMessageContent: false,
  options: httpDescriptor.defaults,
});
// fetch (the langsmith exporter's transport) goes through undici's diagnostics channels.
const undici = undiciDescriptor.create({
  captureMessageContent: false,
  options: undiciDescriptor.defaults,
});
let app: Server;
let own: Server;

function serve(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

beforeAll(() => {
  tracing = createTestTracing();
  instrumentation.setTracerProvider(tracing.tracerProvider);
  const meterProvider = new MeterProvider({ readers: [reader] });
  instrumentation.setMeterProvider(meterProvider);
  instrumentation.enable();
  undici.setTracerProvider(tracing.tracerProvider);
  undici.setMeterProvider(meterProvider);
  undici.enable();
  http = createRequire(import.meta.url)('http');
  const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');
  app = http.createServer(ok);
  own = markOwnServer(http.createServer(ok));
});
afterAll(async () => {
  instrumentation.disable();
  undici.disable();
  await tracing.shutdown();
  for (const s of [app, own]) s.closeAllConnections();
  await Promise.all([app, own].map((s) => new Promise((r) => s.close(r))));
});

describe('left alone by the http instrumentation', () => {
  it('our exports and our servers: no span, no RED data point; the app: both', async () => {
    const appUrl = await serve(app);
    const ownUrl = await serve(own);
    // The app calls its own API once; an export (suppressed) calls it once; a scraper calls our server.
    expect(await get(`${appUrl}/chat`)).toBe(200);
    const exported = await context.with(suppressTracing(context.active()), () =>
      get(`${appUrl}/v1/traces`),
    );
    expect(exported).toBe(200);
    expect(await get(`${ownUrl}/metrics`)).toBe(200);
    // The same with fetch: the app's call is traced, an export's is not.
    expect((await fetch(`${ownUrl}/fetched-by-app`)).status).toBe(200);
    const fetched = await context.with(suppressTracing(context.active()), () =>
      fetch(`${ownUrl}/fetched-by-export`),
    );
    expect(fetched.status).toBe(200);

    const seen = tracing
      .spans()
      .map(
        (s) =>
          `${s.kind === 1 ? 'served' : 'called'} ${s.attributes['url.full'] ?? s.attributes['url.path']}`,
      );
    // Served: the app's two requests (the export reaches the app's server, which is not ours),
    // not the scrape. Called: /chat and the scrape (the scraper is no export of ours), not the export.
    expect(seen.sort()).toEqual(
      [
        `called ${appUrl}/chat`,
        `called ${ownUrl}/metrics`,
        `called ${ownUrl}/fetched-by-app`,
        'served /chat',
        'served /v1/traces',
      ].sort(),
    );
    await reader.forceFlush();
    const points = (name: string) =>
      metrics
        .getMetrics()
        .at(-1)!
        .scopeMetrics.flatMap((s) => s.metrics)
        .filter((m) => m.descriptor.name === name)
        .flatMap((m) => m.dataPoints as { value: { count: number } }[])
        .reduce((n, p) => n + p.value.count, 0);
    expect(points('http.client.request.duration')).toBe(3);
    expect(points('http.server.request.duration')).toBe(2);
  });
});
