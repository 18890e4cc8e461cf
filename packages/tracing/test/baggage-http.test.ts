/**
 * The conversation id crosses a real network hop: service A calls service B with `fetch`, its
 * headers injected from the active context (as an HTTP client instrumentation does); B is a real
 * `node:http` server that extracts the context from the request (as a server instrumentation
 * does) and has its own tracer provider with `GenAIContextSpanProcessor`. The id reaches B's spans
 * only when A propagates it, and never user or tenant ids.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenAIContextSpanProcessor, withAgent, withConversation } from '../src/index.js';
import { useTracing } from './helpers.js';

describe('gen_ai.conversation.id across an HTTP hop (W3C baggage)', () => {
  const upstream = useTracing();
  // Service B: its own provider and pipeline, as another process would have.
  const downstreamExporter = new InMemorySpanExporter();
  const downstream = new TracerProvider({
    spanProcessors: [
      new GenAIContextSpanProcessor(),
      new SimpleSpanProcessor({ exporter: downstreamExporter }),
    ],
  });
  const seenHeaders: IncomingHttpHeaders[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seenHeaders.push(req.headers);
      const incoming = propagation.extract(ROOT_CONTEXT, req.headers);
      context.with(incoming, () => {
        const span = downstream
          .getTracer('http-server')
          .startSpan('POST /answer', { kind: SpanKind.SERVER });
        span.end();
      });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/answer`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await downstream.shutdown();
  });
  beforeEach(() => {
    propagation.setGlobalPropagator(
      new CompositePropagator({
        propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
      }),
    );
    seenHeaders.length = 0;
    downstreamExporter.reset();
  });
  afterEach(() => propagation.disable());

  /** Service A: an agent calls service B, headers from the active context. */
  function callDownstream(propagate: boolean) {
    return withConversation(
      { conversationId: 'conv-42', userId: 'user-7', tenantId: 'acme', propagate },
      () =>
        withAgent('caller', async () => {
          const headers: Record<string, string> = {};
          propagation.inject(context.active(), headers);
          const res = await fetch(url, { method: 'POST', headers });
          return res.text();
        }),
    );
  }

  it('stamps the id on the downstream span when A propagates it', async () => {
    expect(await callDownstream(true)).toBe('ok');
    expect(seenHeaders.map((h) => h.baggage)).toEqual(['gen_ai.conversation.id=conv-42']);
    const [server] = downstreamExporter.getFinishedSpans();
    expect(server?.attributes).toEqual({ 'gen_ai.conversation.id': 'conv-42' });
    // One trace across both services: B's span is a child of A's agent span.
    const caller = upstream.span('invoke_agent caller');
    expect(server?.spanContext().traceId).toBe(caller.spanContext().traceId);
    expect(server?.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
  });

  it('sends no baggage and stamps nothing downstream when A does not propagate', async () => {
    expect(await callDownstream(false)).toBe('ok');
    expect(seenHeaders.map((h) => h.baggage)).toEqual([undefined]);
    expect(seenHeaders[0]?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [server] = downstreamExporter.getFinishedSpans();
    expect(server?.attributes).toEqual({});
    expect(upstream.span('invoke_agent caller').attributes['gen_ai.conversation.id']).toBe(
      'conv-42',
    );
  });

  it('ignores an id from a caller that is not a plain id', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { baggage: `gen_ai.conversation.id=${'x'.repeat(300)}` },
    });
    expect(await res.text()).toBe('ok');
    expect(downstreamExporter.getFinishedSpans().map((s) => s.attributes)).toEqual([{}]);
  });
});
