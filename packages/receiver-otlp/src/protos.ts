// The protobufjs static code generated from the official opentelemetry-proto files, as shipped by
// @opentelemetry/otlp-transformer up to 0.216.0 (aliased `otlp-transformer-protos`, as
// @genai-otel/test-utils does; later versions replaced it with an encoder that cannot decode).
// 0.214.0 is the last release whose generated code has all three signals (0.215 dropped logs).
// Loaded on first use: an app that configures no otlp receiver pays nothing for it at start-up.
import { createRequire } from 'node:module';
import type protobufType from 'protobufjs/minimal.js';

const require = createRequire(import.meta.url);

/** The signals this receiver decodes. */
export type Signal = 'traces' | 'metrics' | 'logs';

/** The static methods of one protobufjs-generated message class. */
interface MessageType {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: object): object;
}

interface Versioned<Req extends string, Res extends string> {
  v1: Record<Req | Res, MessageType>;
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      collector: {
        trace: Versioned<'ExportTraceServiceRequest', 'ExportTraceServiceResponse'>;
        metrics: Versioned<'ExportMetricsServiceRequest', 'ExportMetricsServiceResponse'>;
        logs: Versioned<'ExportLogsServiceRequest', 'ExportLogsServiceResponse'>;
      };
    };
  };
}

interface Messages {
  request: Record<Signal, MessageType>;
  response: Record<Signal, MessageType>;
}
let messages: Messages | undefined;

function load(): Messages {
  if (messages) return messages;
  const root = require('otlp-transformer-protos/build/src/generated/root.js') as GeneratedRoot;
  const c = root.opentelemetry.proto.collector;
  messages = {
    request: {
      traces: c.trace.v1.ExportTraceServiceRequest,
      metrics: c.metrics.v1.ExportMetricsServiceRequest,
      logs: c.logs.v1.ExportLogsServiceRequest,
    },
    response: {
      traces: c.trace.v1.ExportTraceServiceResponse,
      metrics: c.metrics.v1.ExportMetricsServiceResponse,
      logs: c.logs.v1.ExportLogsServiceResponse,
    },
  };
  return messages;
}

/** Loads the generated code now (the receiver does at start, not on its first request). */
export function loadProtos(): void {
  load();
}

function writer(): protobufType.Writer {
  return (require('protobufjs/minimal.js') as typeof protobufType).Writer.create();
}

/** The gRPC service of each signal and its one method's path. */
export const GRPC_SERVICE: Record<Signal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
};

/** Decodes an Export…ServiceRequest; throws on a malformed payload. */
export function decodeRequest(signal: Signal, bytes: Uint8Array): object {
  return load().request[signal].decode(bytes);
}

const REJECTED_FIELD: Record<Signal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
  logs: 'rejectedLogRecords',
};

/** What the pipeline refused of one request (partial success), or nothing. */
export interface Rejection {
  count: number;
  message: string;
}

/** The Export…ServiceResponse as protobuf: empty on full success, `partial_success` otherwise. */
export function encodeResponse(signal: Signal, rejected?: Rejection): Uint8Array {
  const type = load().response[signal];
  return type.encode(type.fromObject(responseObject(signal, rejected, String))).finish();
}

/** The same as OTLP/JSON (int64 as a decimal string, lowerCamelCase keys). */
export function jsonResponse(signal: Signal, rejected?: Rejection): string {
  return JSON.stringify(responseObject(signal, rejected, String));
}

function responseObject(
  signal: Signal,
  rejected: Rejection | undefined,
  int64: (n: number) => string,
): object {
  if (!rejected) return {};
  return {
    partialSuccess: {
      [REJECTED_FIELD[signal]]: int64(rejected.count),
      errorMessage: rejected.message,
    },
  };
}

/** gRPC status codes used here. */
export const GRPC = {
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * A `google.rpc.Status` (code 1, message 2, details 3), the error body of OTLP/HTTP and the
 * `grpc-status-details-bin` of gRPC; with `retryAfterSeconds`, one `google.rpc.RetryInfo`
 * detail (retry_delay 1: Duration{seconds 1}) that tells a client when to retry.
 */
export function encodeStatus(
  code: number,
  message: string,
  retryAfterSeconds?: number,
): Uint8Array {
  const w = writer();
  w.uint32(8).int32(code);
  w.uint32(18).string(message);
  if (retryAfterSeconds !== undefined) {
    const duration = writer().uint32(8).int64(retryAfterSeconds).finish();
    const retryInfo = writer().uint32(10).bytes(duration).finish();
    const any = writer().uint32(10).string(RETRY_INFO_TYPE).uint32(18).bytes(retryInfo).finish();
    w.uint32(26).bytes(any);
  }
  return w.finish();
}

/** The same Status as OTLP/JSON. */
export function jsonStatus(code: number, message: string, retryAfterSeconds?: number): string {
  return JSON.stringify({
    code,
    message,
    ...(retryAfterSeconds === undefined
      ? {}
      : { details: [{ '@type': RETRY_INFO_TYPE, retryDelay: `${retryAfterSeconds}s` }] }),
  });
}
