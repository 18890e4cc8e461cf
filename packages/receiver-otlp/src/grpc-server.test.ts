import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeTraceResponse,
  encodeTraces,
  freePort,
  type Running,
  selfSignedCert,
  spanJson,
  startReceiver,
  traceRequest,
} from '../test/helpers.js';
import { RawTraceClient, rawExport } from '../test/raw-grpc.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.receiver.shutdown();
  running = undefined;
});

async function grpc(more = {}) {
  const port = await freePort();
  running = await startReceiver({
    protocols: { grpc: { endpoint: `127.0.0.1:${port}` } as never },
    ...more,
  });
  return running;
}

describe('otlp receiver over gRPC', () => {
  it('takes spans from the official OTLP/gRPC exporter', async () => {
    const r = await grpc();
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-client' }),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `http://${r.grpc}` }) }),
      ],
    });
    const span = provider.getTracer('client').startSpan('chat gpt-4o', {
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 12 },
    });
    span.end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(r.spans).toHaveLength(1);
    const got = r.spans[0]!;
    expect(got.name).toBe('chat gpt-4o');
    expect(got.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(got.attributes).toEqual({
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 12,
    });
    expect(got.resource.attributes['service.name']).toBe('grpc-client');
  });

  it('serves gRPC over TLS to the official exporter with the bearer token; plain text is refused', async () => {
    const { cert, key } = selfSignedCert();
    const port = await freePort();
    running = await startReceiver({
      protocols: {
        grpc: { endpoint: `127.0.0.1:${port}`, tls: { cert_file: cert, key_file: key } } as never,
      },
      bearer_token: 's3cret',
    });
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer s3cret');
    const exporter = new OTLPTraceExporter({
      // A host name: TLS's server name cannot be an IP address (RFC 6066).
      url: `https://localhost:${port}`,
      credentials: credentials.createSsl(readFileSync(cert)),
      metadata,
    });
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    provider.getTracer('client').startSpan('chat gpt-4o').end();
    await provider.forceFlush();
    await provider.shutdown();
    expect(running.spans.map((s) => s.name)).toEqual(['chat gpt-4o']);
    // A client speaking plain text to the TLS port gets no answer it can read.
    const plain = await rawExport(`127.0.0.1:${port}`, encodeTraces(traceRequest([spanJson(1)])));
    expect(plain.error?.code).toBe(status.UNAVAILABLE);
    expect(running.spans).toHaveLength(1);
  });

  it('answers INVALID_ARGUMENT for a malformed message, partial success for bad ids, and takes valid ones', async () => {
    const r = await grpc();
    const bad = await rawExport(r.grpc, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]));
    expect(bad.error?.code).toBe(status.INVALID_ARGUMENT);
    const partial = await rawExport(
      r.grpc,
      encodeTraces(traceRequest([spanJson(1), spanJson(2, { spanId: '0000000000000000' })])),
    );
    expect(decodeTraceResponse(partial.response!)).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: '1 span(s) refused: invalid span id "0000000000000000"',
      },
    });
    expect(r.spans.map((s) => s.name)).toEqual(['span 1']);
  });

  it('answers UNAUTHENTICATED without the bearer token, RESOURCE_EXHAUSTED past the size limit', async () => {
    const r = await grpc({ bearer_token: 'tok' });
    const body = encodeTraces(traceRequest([spanJson(1)]));
    expect((await rawExport(r.grpc, body)).error?.code).toBe(status.UNAUTHENTICATED);
    const metadata = new Metadata();
    metadata.set('authorization', 'Bearer tok');
    expect((await rawExport(r.grpc, body, metadata)).response).toBeDefined();
    const huge = encodeTraces(traceRequest([spanJson(2, { name: 'x'.repeat(5 * 1024 * 1024) })]));
    expect((await rawExport(r.grpc, huge, metadata)).error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(r.spans).toHaveLength(1);
  });

  it('answers RESOURCE_EXHAUSTED with a RetryInfo while the shared queue is full', async () => {
    const body = encodeTraces(traceRequest([spanJson(1)]));
    const [h, g] = [await freePort(), await freePort()];
    const r = await startReceiver({
      protocols: {
        http: { endpoint: `127.0.0.1:${h}` } as never,
        grpc: { endpoint: `127.0.0.1:${g}` } as never,
      },
      // Room for one request and a half, shared by both protocols.
      admission: { request_limit_mib: (body.length * 1.5) / (1024 * 1024), retry_after_seconds: 2 },
    });
    running = r;
    // An OTLP/HTTP request whose body is still arriving holds the queue.
    const slow = request({
      host: '127.0.0.1',
      port: h,
      path: '/v1/traces',
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
    });
    const slowDone = new Promise<number>((resolve) =>
      slow.on('response', (res) => resolve(res.statusCode!)),
    );
    slow.write(body.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { error } = await rawExport(r.grpc, body);
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    // google.rpc.Status with one google.rpc.RetryInfo detail: retry_delay 2 s.
    const details = error!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(details.includes(Buffer.from('type.googleapis.com/google.rpc.RetryInfo'))).toBe(true);
    expect(details.subarray(-6)).toEqual(Buffer.from([0x12, 0x04, 0x0a, 0x02, 0x08, 0x02]));
    slow.end(body.subarray(10));
    expect(await slowDone).toBe(200);
    expect((await rawExport(r.grpc, body)).response).toBeDefined();
    expect(r.spans).toHaveLength(2);
  });

  it('answers UNAVAILABLE with a RetryInfo while shutting down', async () => {
    const r = await grpc();
    const body = encodeTraces(traceRequest([spanJson(1)]));
    const client = new RawTraceClient(r.grpc, credentials.createInsecure());
    // A connection that is open before the shutdown begins.
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 2000, (e) => (e ? reject(e) : resolve())),
    );
    const stopping = r.receiver.shutdown();
    const answer = await new Promise<ServiceError | null>((resolve) =>
      (client as unknown as Record<string, (...a: unknown[]) => void>).Export!(
        Buffer.from(body),
        new Metadata(),
        (error: ServiceError | null) => resolve(error),
      ),
    );
    client.close();
    await stopping;
    // grpc-js may refuse the call at the transport (UNAVAILABLE) before it reaches the service.
    expect(answer?.code).toBe(status.UNAVAILABLE);
    expect(r.spans).toHaveLength(0);
  });
});
