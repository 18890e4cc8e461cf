import type { CreateContext, Receiver, ReceiverHost } from '@genai-otel/component';
import { Admission } from './admission.js';
import { type OtlpReceiverConfig, parseEndpoint, resolveProtocols } from './config.js';
import type { OtlpGrpcServer } from './grpc-server.js';
import type { OtlpHttpServer } from './http-server.js';
import { ReceiverStats } from './stats.js';

/**
 * The `otlp` receiver: OTLP/HTTP and/or OTLP/gRPC servers that hand what they receive to the
 * pipelines listing the receiver. Each request is decoded and consumed as it arrives (the
 * pipelines' processors run synchronously, their exporters queue), under one admission bound.
 */
export class OtlpReceiver implements Receiver {
  readonly #config: OtlpReceiverConfig;
  readonly #ctx: CreateContext;
  #http: OtlpHttpServer | undefined;
  #grpc: OtlpGrpcServer | undefined;
  #stats: ReceiverStats | undefined;
  #stopped: Promise<void> | undefined;

  constructor(config: OtlpReceiverConfig, ctx: CreateContext) {
    this.#config = config;
    this.#ctx = ctx;
  }

  /** Where OTLP/HTTP listens (`host:port`), once started. */
  get httpAddress(): string | undefined {
    return this.#http?.address;
  }

  /** Where OTLP/gRPC listens (`host:port`), once started. */
  get grpcAddress(): string | undefined {
    return this.#grpc?.address;
  }

  async start(host: ReceiverHost): Promise<void> {
    if (this.#stats) return;
    const { http, grpc } = resolveProtocols(this.#config);
    const admission = this.#config.admission;
    const stats = new ReceiverStats(this.#ctx.log, admission.request_limit_mib);
    this.#stats = stats;
    const common = {
      consumers: { traces: host.traces, metrics: host.metrics, logs: host.logs },
      admission: new Admission(admission.request_limit_mib * 1024 * 1024),
      retryAfterSeconds: admission.retry_after_seconds,
      bearerToken: this.#config.bearer_token,
      stats,
    };
    if (!host.traces && !host.metrics && !host.logs)
      this.#ctx.log.warn(
        'no pipeline takes what this receiver gets: nothing it receives goes anywhere',
      );
    // Loaded here, not at import: the decoders, the servers and (only for gRPC) @grpc/grpc-js,
    // which takes a while to load, cost nothing to an app that configures no otlp receiver.
    (await import('./protos.js')).loadProtos();
    const listening: Promise<void>[] = [];
    if (http) {
      const { OtlpHttpServer: HttpServer } = await import('./http-server.js');
      this.#http = new HttpServer({ ...common, config: http, ...listenOn(http.endpoint) });
      listening.push(this.#http.listen());
    }
    if (grpc) {
      const { OtlpGrpcServer: GrpcServer } = await import('./grpc-server.js');
      this.#grpc = new GrpcServer({ ...common, config: grpc, ...listenOn(grpc.endpoint) });
      listening.push(this.#grpc.listen());
    }
    await Promise.all(listening);
    const where = [
      this.#http ? `OTLP/HTTP on ${this.#http.address}` : undefined,
      this.#grpc ? `OTLP/gRPC on ${this.#grpc.address}` : undefined,
    ].filter(Boolean);
    this.#ctx.log.info(`listening: ${where.join(', ')}`);
  }

  /**
   * Stops listening and lets requests under way finish for up to `DRAIN_MS` (inside the sdk's
   * default 5 s shutdown bound, leaving the pipelines time to flush what they took), then closes
   * the servers under what remains and says what was refused.
   */
  shutdown(): Promise<void> {
    this.#stopped ??= (async () => {
      await Promise.allSettled([this.#http?.close(DRAIN_MS), this.#grpc?.close(DRAIN_MS)]);
      const line = this.#stats?.summary();
      if (line) this.#ctx.log.warn(line);
    })();
    return this.#stopped;
  }
}

/** How long shutdown waits for requests under way. */
export const DRAIN_MS = 2_000;

/** `localhost` as the loopback address the collector binds for it (its IPv4 one). */
function listenOn(endpoint: string): { host: string; port: number } {
  const parsed = parseEndpoint(endpoint);
  if (!parsed) throw new Error(`bad endpoint ${JSON.stringify(endpoint)}`);
  return { host: parsed.host === 'localhost' ? '127.0.0.1' : parsed.host, port: parsed.port };
}
