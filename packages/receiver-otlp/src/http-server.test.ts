import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
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
import type { HttpProtocolConfig } from './config.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.receiver.shutdown();
  running = undefined;
});

async function http(config: Partial<HttpProtocolConfig> = {}, more = {}) {
  const port = await freePort();
  running = await startReceiver({
    protocols: { http: { endpoint: `127.0.0.1:${port}`, ...config } as never },
    ...more,
  });
  return running;
}

function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string> = { 'content-type': 'application/x-protobuf' },
) {
  return fetch(url, { method: 'POST', body, headers });
}

describe('otlp receiver over HTTP', () => {
  it('takes protobuf, JSON and gzip bodies and hands exact spans to the pipeline', async () => {
    const r = await http();
    const parent = spanJson(1, {
      attributes: [
        { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o-mini' } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: '1000' } },
        { key: 'temperature', value: { doubleValue: 0.5 } },
        { key: 'stream', value: { boolValue: false } },
        { key: 'finish', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
      ],
      status: { code: 2, message: 'boom' },
      events: [{ name: 'e', timeUnixNano: '1700000000500000000' }],
    });
    const child = spanJson(2, { parentSpanId: '0000000000001001', kind: 1, flags: 0x301 });
    const body = traceRequest([parent, child]);

    const proto = await post(`${r.url}/v1/traces`, encodeTraces(body));
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect(decodeTraceResponse(new Uint8Array(await proto.arrayBuffer()))).toEqual({});

    const json = await post(`${r.url}/v1/traces`, JSON.stringify(body), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});

    const gz = await post(`${r.url}/v1/traces`, gzipSync(encodeTraces(body)), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(gz.status).toBe(200);

    expect(r.spans).toHaveLength(6);
    for (const i of [0, 2, 4]) {
      const s = r.spans[i]!;
      expect(s.name).toBe('span 1');
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.spanContext()).toMatchObject({
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: '0000000000001001',
        traceFlags: 1,
      });
      expect(s.startTime).toEqual([1700000000, 123456789]);
      expect(s.endTime).toEqual([1700000001, 987654321]);
      expect(s.duration).toEqual([1, 864197532]);
      expect(s.attributes).toEqual({
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 1000,
        temperature: 0.5,
        stream: false,
        finish: ['stop'],
      });
      expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
      expect(s.events).toEqual([
        { name: 'e', time: [1700000000, 500000000], attributes: {}, droppedAttributesCount: 0 },
      ]);
      expect(s.resource.attributes['service.name']).toBe('py-svc');
      expect(s.instrumentationScope).toEqual({
        name: 'test.scope',
        version: '1.0',
        schemaUrl: undefined,
      });
      const c = r.spans[i + 1]!;
      expect(c.kind).toBe(SpanKind.INTERNAL);
      expect(c.parentSpanContext).toMatchObject({ spanId: '0000000000001001', isRemote: true });
    }
    // The spans of one ResourceSpans share their resource (exporters group by it).
    expect(r.spans[0]!.resource).toBe(r.spans[1]!.resource);
    // A processor's onEnding may still enrich a received span.
    r.spans[0]!.setAttribute('gen_ai.usage.cost.amount', 0.1);
    expect(r.spans[0]!.attributes['gen_ai.usage.cost.amount']).toBe(0.1);
  });

  it('answers partial success for spans with invalid ids and takes the rest', async () => {
    const r = await http();
    const bad = spanJson(9, { traceId: '00000000000000000000000000000000' });
    const res = await post(`${r.url}/v1/traces`, JSON.stringify(traceRequest([spanJson(1), bad])), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: '1 span(s) refused: invalid trace id "00000000000000000000000000000000"',
      },
    });
    expect(r.spans.map((s) => s.name)).toEqual(['span 1']);
  });

  it('refuses malformed, unsupported and oversized bodies with the right status; valid ones still arrive', async () => {
    const r = await http({ max_request_body_size: 4096 });
    const url = `${r.url}/v1/traces`;
    const garbage = await post(url, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]));
    expect(garbage.status).toBe(400);
    const badJson = await post(url, '{"resourceSpans": [', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { message: string }).message).toMatch(
      /^cannot decode the JSON body/,
    );
    const wrongShape = await post(url, '{"resourceSpans": "x"}', {
      'content-type': 'application/json',
    });
    expect(wrongShape.status).toBe(400);
    const text = await post(url, 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const big = await post(
      url,
      encodeTraces(traceRequest([spanJson(1, { name: 'x'.repeat(5000) })])),
    );
    expect(big.status).toBe(413);
    // 1 MB of zeros gzips to about a kilobyte: under the limit on the wire, over it unpacked.
    const bomb = await post(url, gzipSync(Buffer.alloc(1 << 20)), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(bomb.status).toBe(413);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    const metrics = await post(`${r.url}/v1/metrics`, new Uint8Array());
    expect(metrics.status).toBe(404);
    const ok = await post(url, encodeTraces(traceRequest([spanJson(7)])));
    expect(ok.status).toBe(200);
    expect(r.spans.map((s) => s.name)).toEqual(['span 7']);
    await r.receiver.shutdown();
    expect(r.lines.at(-1)).toBe(
      'warn: refused 3 malformed request(s), 2 request(s) over the size limit',
    );
  });

  it('binds the loopback address for localhost, as the collector does', async () => {
    const [h, g] = [await freePort(), await freePort()];
    running = await startReceiver({
      protocols: {
        http: { endpoint: `localhost:${h}` } as never,
        grpc: { endpoint: `localhost:${g}` } as never,
      },
    });
    expect([running.receiver.httpAddress, running.receiver.grpcAddress]).toEqual([
      `127.0.0.1:${h}`,
      `127.0.0.1:${g}`,
    ]);
    expect(
      (await post(`${running.url}/v1/traces`, '{}', { 'content-type': 'application/json' })).status,
    ).toBe(200);
  });

  it('serves the paths it is given', async () => {
    const r = await http({ traces_url_path: '/otlp/traces' });
    expect(
      (await post(`${r.url}/v1/traces`, encodeTraces(traceRequest([spanJson(1)])))).status,
    ).toBe(404);
    expect(
      (await post(`${r.url}/otlp/traces`, encodeTraces(traceRequest([spanJson(1)])))).status,
    ).toBe(200);
  });

  it('checks the bearer token', async () => {
    const r = await http({}, { bearer_token: 's3cret' });
    const body = encodeTraces(traceRequest([spanJson(1)]));
    const none = await post(`${r.url}/v1/traces`, body);
    expect(none.status).toBe(401);
    const wrong = await post(`${r.url}/v1/traces`, body, {
      'content-type': 'application/x-protobuf',
      authorization: 'Bearer nope!!',
    });
    expect(wrong.status).toBe(401);
    const right = await post(`${r.url}/v1/traces`, body, {
      'content-type': 'application/x-protobuf',
      authorization: 'Bearer s3cret',
    });
    expect(right.status).toBe(200);
    expect(r.spans).toHaveLength(1);
  });

  it('answers 429 with Retry-After while its queue is full, and takes requests again once it drains', async () => {
    const body = Buffer.from(encodeTraces(traceRequest([spanJson(1)])));
    // Room for one request and a half: one whose body is still arriving fills it.
    const limitMib = (body.length * 1.5) / (1024 * 1024);
    const r = await http(
      {},
      { admission: { request_limit_mib: limitMib, retry_after_seconds: 3 } },
    );
    const url = new URL(`${r.url}/v1/traces`);
    const slow = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
    });
    const slowDone = new Promise<number>((resolve) =>
      slow.on('response', (res) => resolve(res.statusCode!)),
    );
    slow.write(body.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const refused = await post(url.href, body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    const status = decodeStatus(new Uint8Array(await refused.arrayBuffer()));
    expect(status.message).toBe('the receiver is full, retry later');

    slow.end(body.subarray(10));
    expect(await slowDone).toBe(200);
    expect((await post(url.href, body)).status).toBe(200);
    expect(r.spans).toHaveLength(2);
    expect(r.lines).toContain(
      `warn: its queue (admission.request_limit_mib: ${limitMib}) is full: requests are refused with "retry after 3s" until it drains (said once; counted at shutdown)`,
    );
  });

  it('finishes a request under way on shutdown, then is closed', async () => {
    const r = await http();
    const body = Buffer.from(encodeTraces(traceRequest([spanJson(1)])));
    const url = new URL(`${r.url}/v1/traces`);
    const slow = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
    });
    const slowDone = new Promise<number>((resolve) =>
      slow.on('response', (res) => resolve(res.statusCode!)),
    );
    slow.write(body.subarray(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopped = r.receiver.shutdown();
    slow.end(body.subarray(10));
    expect(await slowDone).toBe(200);
    await stopped;
    expect(r.spans).toHaveLength(1);
    await expect(post(url.href, body)).rejects.toThrow();
  });

  it('serves HTTPS with the given certificate', async () => {
    const { cert, key } = selfSignedCert();
    const r = await http({ tls: { cert_file: cert, key_file: key } });
    const url = new URL(r.url.replace('http:', 'https:') + '/v1/traces');
    const body = Buffer.from(encodeTraces(traceRequest([spanJson(1)])));
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          ca: readFileSync(cert),
          headers: { 'content-type': 'application/x-protobuf' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    expect(r.spans).toHaveLength(1);
  });
});

/** code (1) and message (2) of a google.rpc.Status. */
function decodeStatus(bytes: Uint8Array): { code: number; message: string } {
  let i = 0;
  let code = 0;
  let message = '';
  while (i < bytes.length) {
    const tag = bytes[i++]!;
    if (tag === 8) code = bytes[i++]!;
    else if (tag === 18) {
      const len = bytes[i++]!;
      message = Buffer.from(bytes.subarray(i, i + len)).toString();
      i += len;
    } else break;
  }
  return { code, message };
}
