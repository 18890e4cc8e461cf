// The protobufjs static code generated from the official opentelemetry-proto files, as shipped by
// @opentelemetry/otlp-transformer up to 0.216.0 (aliased `otlp-transformer-protos`, as
// @genai-otel/test-utils does; later versions replaced it with an encoder that cannot decode).
import generatedRoot from 'otlp-transformer-protos/build/src/generated/root.js';
import protobuf from 'protobufjs/minimal.js';

/** The signals this receiver decodes (0.216.0's generated code has no logs service). */
export type Signal = 'traces' | 'metrics';

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
      };
    };
  };
}

const collector = (generatedRoot as unknown as GeneratedRoot).opentelemetry.proto.collector;

const REQUEST: Record<Signal, MessageType> = {
  traces: collector.trace.v1.ExportTraceServiceRequest,
  metrics: collector.metrics.v1.ExportMetricsServiceRequest,
};
const RESPONSE: Record<Signal, MessageType> = {
  traces: collector.trace.v1.ExportTraceServiceResponse,
  metrics: collector.metrics.v1.ExportMetricsServiceResponse,
};

/** The gRPC service of each signal and its one method's path. */
export const GRPC_SERVICE: Record<Signal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

/** Decodes an Export…ServiceRequest; throws on a malformed payload. */
export function decodeRequest(signal: Signal, bytes: Uint8Array): object {
  return REQUEST[signal].decode(bytes);
}

const REJECTED_FIELD: Record<Signal, string> = {
  traces: 'rejectedSpans',
  metrics: 'rejectedDataPoints',
};

/** What the pipeline refused of one request (partial success), or nothing. */
export interface Rejection {
  count: number;
  message: string;
}

/** The Export…ServiceResponse as protobuf: empty on full success, `partial_success` otherwise. */
export function encodeResponse(signal: Signal, rejected?: Rejection): Uint8Array {
  const type = RESPONSE[signal];
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
  const w = protobuf.Writer.create();
  w.uint32(8).int32(code);
  w.uint32(18).string(message);
  if (retryAfterSeconds !== undefined) {
    const duration = protobuf.Writer.create().uint32(8).int64(retryAfterSeconds).finish();
    const retryInfo = protobuf.Writer.create().uint32(10).bytes(duration).finish();
    const any = protobuf.Writer.create()
      .uint32(10)
      .string(RETRY_INFO_TYPE)
      .uint32(18)
      .bytes(retryInfo)
      .finish();
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
