import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSpans, memory, spans, tracer, useFaultSetup } from './fault-setup.js';

const setup = useFaultSetup();

/**
 * What `@opentelemetry/instrumentation-undici` does for every `fetch` of an instrumented app: a
 * client span started in the active context when undici creates the request. The SDK's tracer
 * starts none where tracing is suppressed.
 */
const appSpans = new InMemorySpanExporter();
const appTracer = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter: appSpans })],
}).getTracer('undici-like');
function onRequestCreated(message: unknown): void {
  const { request } = message as { request: { method: string; origin: string; path: string } };
  appTracer.startSpan(`${request.method} ${request.origin}${request.path}`).end();
}
const traced = (origin: string) =>
  appSpans
    .getFinishedSpans()
    .map((s) => s.name)
    .filter((name) => name.includes(origin));

describe("the exporter's own requests", () => {
  beforeAll(() => {
    context.disable();
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    subscribe('undici:request:create', onRequestCreated);
  });
  afterAll(() => {
    unsubscribe('undici:request:create', onRequestCreated);
    context.disable();
  });

  it('are never traced by an app that instruments fetch, wherever export or shutdown is called from', async () => {
    const { server, exporter } = await setup({});
    // The probe sees an app's own fetch …
    await fetch(`${server.url}/info`);
    expect(traced(server.url)).toEqual([`GET ${server.url}/info`]);
    appSpans.reset();
    // … but none of the exporter's: /info, the ingest request, nor the held runs sent at shutdown.
    const { result } = await exportSpans(exporter, spans(2));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    memory.reset();
    const parent = tracer.startSpan('never ends');
    tracer.startSpan('held', {}, trace.setSpan(context.active(), parent)).end();
    await exportSpans(exporter, memory.getFinishedSpans());
    await exporter.shutdown();
    expect(server.runs.size).toBe(3);
    expect(server.ingests).toHaveLength(2);
    expect(traced(server.url)).toEqual([]);
    parent.end();
  });
});
