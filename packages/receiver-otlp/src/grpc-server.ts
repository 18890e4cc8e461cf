import { readFileSync } from 'node:fs';
import {
  type handleUnaryCall,
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import type { Admission } from './admission.js';
import { checkBearer } from './auth.js';
import type { GrpcProtocolConfig } from './config.js';
import { accepts, type Consumers, ingest } from './ingest.js';
import { encodeResponse, encodeStatus, GRPC_SERVICE, type Signal } from './protos.js';
import type { ReceiverStats } from './stats.js';
import { PayloadError, QueueFullError } from './values.js';

export interface GrpcReceiverOptions {
  config: GrpcProtocolConfig;
  host: string;
  port: number;
  consumers: Consumers;
  admission: Admission;
  retryAfterSeconds: number;
  bearerToken: string | undefined;
  stats: ReceiverStats;
}

/** Raw bytes both ways: the receiver decodes itself, so a bad message is INVALID_ARGUMENT. */
function exportMethod(signal: Signal): ServiceDefinition {
  return {
    Export: {
      path: `/${GRPC_SERVICE[signal]}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: Buffer) => value,
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: (value: Uint8Array) =>
        Buffer.from(value.buffer, value.byteOffset, value.byteLength),
      responseDeserialize: (bytes: Buffer) => bytes,
      originalName: 'export',
    },
  };
}

/**
 * OTLP/gRPC with @grpc/grpc-js: the unary `Export` of the trace (and, when a pipeline takes them,
 * metrics and logs) services. INVALID_ARGUMENT for an undecodable message, UNAUTHENTICATED without
 * the token, RESOURCE_EXHAUSTED past `max_recv_msg_size_mib` (grpc-js) or, with a RetryInfo, when
 * the receiver is full; UNAVAILABLE with a RetryInfo while it shuts down.
 */
export class OtlpGrpcServer {
  readonly #o: GrpcReceiverOptions;
  readonly #server: Server;
  #port = 0;
  #closing = false;

  constructor(options: GrpcReceiverOptions) {
    this.#o = options;
    this.#server = new Server({
      'grpc.max_receive_message_length': Math.floor(
        options.config.max_recv_msg_size_mib * 1024 * 1024,
      ),
    });
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      if (!accepts(options.consumers, signal)) continue;
      const handler: handleUnaryCall<Buffer, Uint8Array> = (call, callback) =>
        this.#export(signal, call, callback);
      this.#server.addService(exportMethod(signal), { Export: handler });
    }
  }

  get address(): string {
    return `${this.#o.host.includes(':') ? `[${this.#o.host}]` : this.#o.host}:${this.#port}`;
  }

  listen(): Promise<void> {
    const tls = this.#o.config.tls;
    const credentials = tls
      ? ServerCredentials.createSsl(null, [
          { cert_chain: readFileSync(tls.cert_file), private_key: readFileSync(tls.key_file) },
        ])
      : ServerCredentials.createInsecure();
    const host = this.#o.host.includes(':') ? `[${this.#o.host}]` : this.#o.host;
    return new Promise((resolve, reject) => {
      this.#server.bindAsync(`${host}:${this.#o.port}`, credentials, (error, port) => {
        if (error) return reject(error);
        this.#port = port;
        resolve();
      });
    });
  }

  /** Refuses new calls, lets those under way finish for up to `drainMs`, then ends them. */
  async close(drainMs: number): Promise<void> {
    this.#closing = true;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#server.tryShutdown(() => resolve());
      timer = setTimeout(() => {
        this.#server.forceShutdown();
        resolve();
      }, drainMs);
    });
    clearTimeout(timer);
  }

  #export(
    signal: Signal,
    call: ServerUnaryCall<Buffer, Uint8Array>,
    callback: sendUnaryData<Uint8Array>,
  ): void {
    const o = this.#o;
    const token = call.metadata.get('authorization')[0];
    if (!checkBearer(typeof token === 'string' ? token : token?.toString(), o.bearerToken)) {
      o.stats.refusedUnauthorized();
      callback(failure(status.UNAUTHENTICATED, 'missing or wrong bearer token'));
      return;
    }
    if (this.#closing) {
      callback(failure(status.UNAVAILABLE, 'the receiver is shutting down', o.retryAfterSeconds));
      return;
    }
    const body = call.request;
    if (!o.admission.tryAcquire(body.length)) {
      o.stats.refusedBusy(o.retryAfterSeconds);
      const message = 'the receiver is full, retry later';
      callback(failure(status.RESOURCE_EXHAUSTED, message, o.retryAfterSeconds));
      return;
    }
    try {
      const rejection = ingest(o.consumers, signal, body, false);
      if (rejection) o.stats.rejected(rejection.count, rejection.message);
      callback(null, encodeResponse(signal, rejection));
    } catch (error) {
      if (error instanceof QueueFullError) {
        o.stats.refusedQueueFull(error.exporter, o.retryAfterSeconds);
        callback(failure(status.UNAVAILABLE, error.message, o.retryAfterSeconds));
        return;
      }
      if (!(error instanceof PayloadError)) {
        callback(failure(status.INTERNAL, `internal error: ${String(error)}`));
        return;
      }
      o.stats.refusedMalformed(error.message);
      callback(failure(status.INVALID_ARGUMENT, error.message));
    } finally {
      o.admission.release(body.length);
    }
  }
}

/** A gRPC error; with `retryAfterSeconds`, a google.rpc.Status with RetryInfo in its details. */
function failure(code: status, message: string, retryAfterSeconds?: number) {
  const metadata = new Metadata();
  if (retryAfterSeconds !== undefined)
    metadata.set(
      'grpc-status-details-bin',
      Buffer.from(encodeStatus(code, message, retryAfterSeconds)),
    );
  return { code, details: message, metadata };
}
