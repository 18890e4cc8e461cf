import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import { markOwnServer } from '@genai-otel/component';
import type { Admission } from './admission.js';
import { checkBearer } from './auth.js';
import type { HttpProtocolConfig } from './config.js';
import { accepts, type Consumers, ingest } from './ingest.js';
import {
  encodeResponse,
  encodeStatus,
  GRPC,
  jsonResponse,
  jsonStatus,
  type Signal,
} from './protos.js';
import type { ReceiverStats } from './stats.js';
import { PayloadError, QueueFullError } from './values.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

export interface HttpReceiverOptions {
  config: HttpProtocolConfig;
  host: string;
  port: number;
  consumers: Consumers;
  admission: Admission;
  retryAfterSeconds: number;
  bearerToken: string | undefined;
  stats: ReceiverStats;
}

/**
 * OTLP/HTTP as the specification has it: POST of an Export…ServiceRequest, protobuf or JSON
 * (the answer in the request's type), gzip or deflate bodies; 200 with partial success, 400 for
 * an undecodable body, 401 without the token, 404/405 for other paths/methods, 413 past
 * `max_request_body_size`, 415 for other content types, 429 + Retry-After when the receiver is
 * full, 503 + Retry-After while it shuts down.
 */
export class OtlpHttpServer {
  readonly #o: HttpReceiverOptions;
  readonly #server: Server;
  readonly #paths: Map<string, Signal>;
  #closing = false;
  #inFlight = 0;
  #idle: (() => void) | undefined;

  constructor(options: HttpReceiverOptions) {
    this.#o = options;
    const c = options.config;
    this.#paths = new Map<string, Signal>([
      [c.traces_url_path, 'traces'],
      [c.metrics_url_path, 'metrics'],
      [c.logs_url_path, 'logs'],
    ]);
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.#handle(req, res);
    // Ours: the `http` instrumentation never traces nor counts an OTLP push (@genai-otel/component).
    this.#server = markOwnServer(
      c.tls
        ? createHttpsServer(
            { cert: readFileSync(c.tls.cert_file), key: readFileSync(c.tls.key_file) },
            handler,
          )
        : createHttpServer(handler),
    );
    // A client that opens a connection and sends nothing is not waited for forever.
    this.#server.requestTimeout = 60_000;
    this.#server.headersTimeout = 60_000;
  }

  /** `host:port` it listens on (after `listen`). */
  get address(): string {
    const a = this.#server.address() as AddressInfo | null;
    return a ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : '';
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#o.port, this.#o.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * Stops accepting, lets requests under way finish for up to `drainMs`, then closes every
   * connection (a client stalled mid-body never keeps the process alive).
   */
  async close(drainMs: number): Promise<void> {
    this.#closing = true;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    if (this.#inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#idle = resolve;
        timer = setTimeout(resolve, drainMs);
      });
      clearTimeout(timer);
    }
    this.#server.closeAllConnections();
    await closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    try {
      await this.#serve(req, res);
    } catch (error) {
      // Never expected (each step answers its own errors); the client is told, the process lives.
      if (!res.headersSent)
        reply(res, false, 500, GRPC.INTERNAL, `internal error: ${String(error)}`);
    } finally {
      if (--this.#inFlight === 0) this.#idle?.();
    }
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const o = this.#o;
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const signal = this.#paths.get(path);
    const json = mediaType(req.headers['content-type']) === JSON_TYPE;
    if (signal === undefined || !accepts(o.consumers, signal))
      return drain(req, () => reply(res, json, 404, 5, `no OTLP endpoint at ${path}`));
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return drain(req, () => reply(res, json, 405, 12, `${req.method} is not allowed, only POST`));
    }
    if (!checkBearer(req.headers.authorization, o.bearerToken)) {
      o.stats.refusedUnauthorized();
      return drain(req, () =>
        reply(res, json, 401, GRPC.UNAUTHENTICATED, 'missing or wrong bearer token'),
      );
    }
    const type = mediaType(req.headers['content-type']);
    if (type !== PROTOBUF && type !== JSON_TYPE)
      return drain(req, () =>
        reply(
          res,
          false,
          415,
          GRPC.INVALID_ARGUMENT,
          `unsupported content type ${JSON.stringify(type)}: use ${PROTOBUF} or ${JSON_TYPE}`,
        ),
      );
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'deflate')
      return drain(req, () =>
        reply(
          res,
          json,
          400,
          GRPC.INVALID_ARGUMENT,
          `unsupported content encoding ${JSON.stringify(encoding)}: use gzip or none`,
        ),
      );
    if (this.#closing)
      return busy(
        req,
        res,
        json,
        503,
        GRPC.UNAVAILABLE,
        'the receiver is shutting down',
        o.retryAfterSeconds,
      );

    const limit = o.config.max_request_body_size;
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limit) {
      o.stats.refusedTooLarge(limit);
      return closeAfter(
        req,
        res,
        json,
        413,
        `request body of ${declared} bytes is over the limit of ${limit}`,
      );
    }
    // What is admitted: the declared size, or the limit when the size is not said (chunked).
    const held = Number.isFinite(declared) ? declared : limit;
    if (!o.admission.tryAcquire(held)) {
      o.stats.refusedBusy(o.retryAfterSeconds);
      return busy(
        req,
        res,
        json,
        429,
        GRPC.RESOURCE_EXHAUSTED,
        'the receiver is full, retry later',
        o.retryAfterSeconds,
      );
    }
    try {
      const raw = await readBody(req, limit);
      // A client that went away gets no answer; nothing of its request was taken.
      if (raw === null) return;
      if (raw === undefined) {
        o.stats.refusedTooLarge(limit);
        return closeAfter(req, res, json, 413, `request body is over the limit of ${limit} bytes`);
      }
      let body: Buffer;
      try {
        body =
          encoding === 'gzip'
            ? await gunzipAsync(raw, { maxOutputLength: limit })
            : encoding === 'deflate'
              ? await inflateAsync(raw, { maxOutputLength: limit })
              : raw;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          o.stats.refusedTooLarge(limit);
          return reply(
            res,
            json,
            413,
            GRPC.INVALID_ARGUMENT,
            `decompressed body is over the limit of ${limit} bytes`,
          );
        }
        o.stats.refusedMalformed(`bad ${encoding} body`);
        return reply(
          res,
          json,
          400,
          GRPC.INVALID_ARGUMENT,
          `cannot decompress the ${encoding} body: ${(error as Error).message}`,
        );
      }
      let rejection: ReturnType<typeof ingest>;
      try {
        rejection = ingest(o.consumers, signal, body, json);
      } catch (error) {
        if (error instanceof QueueFullError) {
          o.stats.refusedQueueFull(error.exporter, o.retryAfterSeconds);
          // The body was read: the connection can stay open for the retry.
          res.setHeader('Retry-After', String(o.retryAfterSeconds));
          return reply(res, json, 503, GRPC.UNAVAILABLE, error.message, o.retryAfterSeconds);
        }
        if (!(error instanceof PayloadError)) throw error;
        o.stats.refusedMalformed(error.message);
        return reply(res, json, 400, GRPC.INVALID_ARGUMENT, error.message);
      }
      if (rejection) o.stats.rejected(rejection.count, rejection.message);
      res.statusCode = 200;
      res.setHeader('Content-Type', json ? JSON_TYPE : PROTOBUF);
      res.end(json ? jsonResponse(signal, rejection) : encodeResponse(signal, rejection));
    } finally {
      o.admission.release(held);
    }
  }
}

/** `type/subtype` without parameters, lowercase. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/**
 * The body; `undefined` once it passes `limit` bytes (reading stops there); `null` when the client
 * went away before sending all of it.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks, size)));
    req.once('error', reject);
    req.once('aborted', () => resolve(null));
  });
}

/** Answers once the client's body has been read and thrown away (so a keep-alive stays usable). */
function drain(req: IncomingMessage, answer: () => void): void {
  if (req.complete) {
    answer();
    return;
  }
  req.resume();
  req.once('end', answer);
  req.once('error', answer);
}

/** An answer sent without reading the body: the connection is closed after it. */
function closeAfter(
  req: IncomingMessage,
  res: ServerResponse,
  json: boolean,
  status: number,
  message: string,
): void {
  res.setHeader('Connection', 'close');
  reply(res, json, status, GRPC.INVALID_ARGUMENT, message);
  res.once('finish', () => req.socket.destroySoon());
}

function busy(
  req: IncomingMessage,
  res: ServerResponse,
  json: boolean,
  status: number,
  code: number,
  message: string,
  retryAfterSeconds: number,
): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.setHeader('Connection', 'close');
  reply(res, json, status, code, message, retryAfterSeconds);
  res.once('finish', () => req.socket.destroySoon());
}

/** An error answer: a google.rpc.Status in the request's encoding. */
function reply(
  res: ServerResponse,
  json: boolean,
  status: number,
  code: number,
  message: string,
  retryAfterSeconds?: number,
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', json ? JSON_TYPE : PROTOBUF);
  res.end(
    json
      ? jsonStatus(code, message, retryAfterSeconds)
      : encodeStatus(code, message, retryAfterSeconds),
  );
}
