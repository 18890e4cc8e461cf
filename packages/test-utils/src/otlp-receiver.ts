import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import {
  type FlatLogRecord,
  type FlatMetric,
  type FlatSpan,
  flattenLogs,
  flattenMetrics,
  flattenTraces,
} from './otlp/flatten.js';
import { decodeJson, decodeProtobuf, encodeEmptyResponse, type Signal } from './otlp/proto.js';

export interface OtlpReceiverOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
}

/** What the receiver saw of one export request. */
export interface OtlpRequest {
  signal: Signal;
  path: string;
  /** `application/x-protobuf` or `application/json`, without parameters. */
  contentType: string;
  /** `content-encoding` (e.g. `gzip`), `undefined` when the body was sent as is. */
  contentEncoding: string | undefined;
  headers: Record<string, string>;
  /** The HTTP status the receiver answered. */
  status: number;
  /** The decoded request in canonical plain form (see README), `undefined` if rejected. */
  body: Record<string, unknown> | undefined;
}

export interface OtlpFailOptions {
  /** Fail only this many requests, then accept again; default: until `recover()`. */
  times?: number;
  /** `retry-after` header in seconds, for 429/503. */
  retryAfter?: number;
}

export interface OtlpReceiver {
  /** `http://host:port`; exporters post to `url + '/v1/traces'`, `'/v1/metrics'`, `'/v1/logs'`. */
  readonly url: string;
  readonly port: number;
  readonly requests: OtlpRequest[];
  /** Every span of every accepted request, flattened, in arrival order. */
  spans(): FlatSpan[];
  /** Every metric of every accepted request, flattened, in arrival order. */
  metrics(): FlatMetric[];
  /** Every log record of every accepted request, flattened, in arrival order. */
  logs(): FlatLogRecord[];
  /** Resolves with `logs()` once at least `count` records arrived; rejects after `timeoutMs`. */
  waitForLogs(count: number, timeoutMs?: number): Promise<FlatLogRecord[]>;
  /** Resolves with `spans()` once at least `count` spans arrived; rejects after `timeoutMs`. */
  waitForSpans(count: number, timeoutMs?: number): Promise<FlatSpan[]>;
  /** Resolves with `metrics()` once a metric named `name` arrived; rejects after `timeoutMs`. */
  waitForMetric(name: string, timeoutMs?: number): Promise<FlatMetric[]>;
  /** Simulate an outage: answer `status` (e.g. 503, 429, 500) with a google.rpc.Status body. */
  fail(status: number, options?: OtlpFailOptions): void;
  /** End a simulated outage. */
  recover(): void;
  /** Forget requests, spans and metrics; end any outage. */
  reset(): void;
  close(): Promise<void>;
}

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const PATHS: Record<string, Signal> = {
  '/v1/traces': 'traces',
  '/v1/metrics': 'metrics',
  '/v1/logs': 'logs',
};

/** gRPC codes a collector puts in its Status body for the HTTP statuses an outage uses. */
const GRPC_CODE: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  429: 8,
  500: 13,
  502: 14,
  503: 14,
  504: 4,
};

/** A local OTLP/HTTP collector stand-in: protobuf and JSON, gzip, answers like a real one. */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const requests: OtlpRequest[] = [];
  let spans: FlatSpan[] = [];
  let metrics: FlatMetric[] = [];
  let logs: FlatLogRecord[] = [];
  let outage: { status: number; left: number; retryAfter?: number } | undefined;
  const waiters = new Set<() => void>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      reply(res, 500, JSON_TYPE, JSON.stringify({ code: 13, message: String(err) }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const signal = PATHS[path];
    const raw = await readBody(req);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const contentEncoding = req.headers['content-encoding']?.toLowerCase();
    const record = (status: number, body?: Record<string, unknown>) =>
      requests.push({
        signal: signal ?? 'traces',
        path,
        contentType,
        contentEncoding,
        headers: flatHeaders(req),
        status,
        body,
      });
    const asProto = contentType === PROTOBUF;

    if (req.method !== 'POST' || signal === undefined) {
      record(404);
      return reply(res, 404, 'text/plain', '404 page not found\n');
    }
    if (!asProto && contentType !== JSON_TYPE) {
      record(415);
      return reply(
        res,
        415,
        'text/plain',
        `415 unsupported media type, supported: [${JSON_TYPE}, ${PROTOBUF}]\n`,
      );
    }
    if (outage) {
      const { status, retryAfter } = outage;
      if (--outage.left === 0) outage = undefined;
      record(status);
      return replyStatus(res, status, asProto, `simulated outage (${status})`, retryAfter);
    }

    let body: Record<string, unknown>;
    try {
      const bytes = decompress(raw, contentEncoding);
      body = asProto
        ? decodeProtobuf(signal, bytes)
        : decodeJson(signal, JSON.parse(bytes.toString('utf8')));
    } catch (err) {
      record(400);
      return replyStatus(res, 400, asProto, `failed to decode request: ${(err as Error).message}`);
    }
    record(200, body);
    if (signal === 'traces') spans = spans.concat(flattenTraces(body));
    else if (signal === 'metrics') metrics = metrics.concat(flattenMetrics(body));
    else logs = logs.concat(flattenLogs(body));
    for (const wake of waiters) wake();
    if (asProto) reply(res, 200, PROTOBUF, Buffer.from(encodeEmptyResponse(signal)));
    else reply(res, 200, JSON_TYPE, '{"partialSuccess":{}}');
  }

  const waitFor = <T>(ready: () => T | undefined, timeoutMs: number, describe: () => string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return false;
        waiters.delete(wake);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const wake = () => void check();
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      waiters.add(wake);
      check();
    });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requests,
    spans: () => spans.slice(),
    metrics: () => metrics.slice(),
    logs: () => logs.slice(),
    waitForLogs: (count, timeoutMs = 5000) =>
      waitFor(
        () => (logs.length >= count ? logs.slice() : undefined),
        timeoutMs,
        () => `wanted ${count} log records, got ${logs.length}`,
      ),
    waitForSpans: (count, timeoutMs = 5000) =>
      waitFor(
        () => (spans.length >= count ? spans.slice() : undefined),
        timeoutMs,
        () =>
          `wanted ${count} spans, got ${spans.length}: [${spans.map((s) => s.name).join(', ')}]`,
      ),
    waitForMetric: (name, timeoutMs = 5000) =>
      waitFor(
        () => (metrics.some((m) => m.name === name) ? metrics.slice() : undefined),
        timeoutMs,
        () => `no metric ${name}; got [${[...new Set(metrics.map((m) => m.name))].join(', ')}]`,
      ),
    fail(status, o = {}) {
      outage = { status, left: o.times ?? Number.POSITIVE_INFINITY };
      if (o.retryAfter !== undefined) outage.retryAfter = o.retryAfter;
    },
    recover() {
      outage = undefined;
    },
    reset() {
      requests.length = 0;
      spans = [];
      metrics = [];
      logs = [];
      outage = undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function decompress(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return raw;
  if (encoding === 'gzip') return gunzipSync(raw);
  if (encoding === 'deflate') return inflateSync(raw);
  throw new Error(`unsupported content-encoding ${encoding}`);
}

/** google.rpc.Status { int32 code = 1; string message = 2; } in the request's encoding. */
function replyStatus(
  res: ServerResponse,
  status: number,
  asProto: boolean,
  message: string,
  retryAfter?: number,
): void {
  const code = GRPC_CODE[status] ?? 2;
  const headers: Record<string, string> =
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {};
  if (!asProto) {
    reply(res, status, JSON_TYPE, JSON.stringify({ code, message }), headers);
    return;
  }
  const text = Buffer.from(message, 'utf8');
  const body = Buffer.concat([Buffer.from([0x08, code, 0x12]), varint(text.length), text]);
  reply(res, status, PROTOBUF, body, headers);
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

function reply(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
